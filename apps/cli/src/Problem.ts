/**
 * The one-line detail of a failure: for an API problem its ProblemDetails `detail`; for a connector error the
 * detail the API would answer with; otherwise the error's message.
 */
import { Predicate } from "effect"

/** The detail to show for a failure. */
export const detailOf = (error: unknown): string => {
  if (Predicate.hasProperty(error, "detail") && Predicate.isString(error.detail) && Predicate.hasProperty(error, "status")) {
    return error.detail
  }
  if (Predicate.hasProperty(error, "title") && Predicate.isString(error.title) && Predicate.hasProperty(error, "status")) {
    return error.title
  }
  if (error instanceof Error && error.message.length > 0) return error.message
  if (Predicate.hasProperty(error, "message") && Predicate.isString(error.message)) return error.message
  return String(error)
}
