/**
 * The one-line detail of a failure: for a connector error the ProblemDetails `detail` the HTTP API answers with
 * (`@konto/server`'s `ProblemMapping`); for an API problem its `detail`; otherwise the error's message (the
 * store's messages are written to be safe to show).
 */
import { ConnectorError } from "@konto/core"
import { ProblemMapping } from "@konto/server"
import { Predicate, Schema } from "effect"

const isConnectorError = Schema.is(ConnectorError)

/** The detail to show for a failure. */
export const detailOf = (error: unknown): string => {
  if (isConnectorError(error)) {
    const problem = ProblemMapping.fromConnectorError(error, "query")
    return problem.detail ?? error.message
  }
  if (Predicate.hasProperty(error, "status") && Predicate.isNumber(error.status)) {
    if (Predicate.hasProperty(error, "detail") && Predicate.isString(error.detail)) return error.detail
    if (Predicate.hasProperty(error, "title") && Predicate.isString(error.title)) return error.title
  }
  if (error instanceof Error && error.message.length > 0) return error.message
  if (Predicate.hasProperty(error, "message") && Predicate.isString(error.message)) return error.message
  return String(error)
}
