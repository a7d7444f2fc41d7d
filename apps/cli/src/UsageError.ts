/**
 * The command was used wrongly in a way the flag parser cannot see (exit code 2).
 */
import { Schema } from "effect"

/** A usage mistake, with the sentence that explains it. */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  message: Schema.String
}) {}
