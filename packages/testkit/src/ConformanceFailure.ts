/**
 * A conformance check failed: which check, and what it found.
 */
import { Schema } from "effect"

/** A failed conformance check. */
export class ConformanceFailure extends Schema.TaggedError<ConformanceFailure>()("ConformanceFailure", {
  check: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.check}: ${this.detail}`
  }
}
