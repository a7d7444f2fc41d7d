/**
 * The implementation of `@konto/api`'s `RequestValidation`: a request whose path, query, headers or body does not
 * decode answers 400 `InvalidParameter` naming the first offending parameter (`Count`, `x-correlation-id`,
 * `invoiceLines[0].price.priceAmount`, …) and saying what was expected. Body values are never echoed (a connect
 * body carries credentials). A response that fails to encode is a konto bug: logged, and answered with a 500
 * problem that says nothing about the internals.
 */
import { ApiProblem, RequestValidation } from "@konto/api"
import { Effect, type Layer, type Schema, SchemaIssue } from "effect"
import { HttpServerRespondable } from "effect/http"
import { type HttpApiError, HttpApiMiddleware } from "effect/http-api"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const slotNames = {
  Params: "path parameter",
  Query: "query parameter",
  Headers: "header",
  Payload: "body field"
} as const

/** A path as API.1's names show it: `invoiceLines[0].item.name`. */
export const formatPath = (path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>): string =>
  path.reduce<string>((text, segment) => {
    const key = typeof segment === "object" ? segment.key : segment
    if (typeof key === "number") return `${text}[${key}]`
    return text === "" ? String(key) : `${text}.${String(key)}`
  }, "")

// A body may carry credentials: its messages lose the "got <value>" part the formatter adds.
const withoutInput = (message: string): string =>
  message
    .replace(/, got [\s\S]*$/, "")
    .replace(/^Invalid data [\s\S]*$/, "Invalid value")
    .replace(/^Unexpected key with value [\s\S]*$/, "Unexpected key")
    .replace(/^Expected exactly one member to match the input [\s\S]*$/, "Expected exactly one member to match")

/** The `InvalidParameter` problem for a request decoding failure. */
export const toInvalidParameter = (error: {
  readonly kind: HttpApiError.HttpApiSchemaError["kind"]
  readonly cause: Schema.SchemaError
}): ApiProblem.InvalidParameter => {
  const slot = error.kind === "Params" || error.kind === "Query" || error.kind === "Headers" ? error.kind : "Payload"
  const issues = formatter(error.cause.issue).issues
  const first = issues[0]
  const path = first === undefined ? "" : formatPath(first.path ?? [])
  const message =
    first === undefined ? "Invalid value" : slot === "Payload" ? withoutInput(first.message) : first.message
  if (slot === "Payload" && path === "") {
    return new ApiProblem.InvalidParameter({ parameter: "body", detail: `Invalid request body: ${message}` })
  }
  const parameter = path === "" ? slot.toLowerCase() : path
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""
  return new ApiProblem.InvalidParameter({
    parameter,
    detail: `Invalid ${slotNames[slot]} ${parameter}: ${message}${more}`
  })
}

/** `RequestValidation` as a layer. */
export const layer: Layer.Layer<RequestValidation> = HttpApiMiddleware.layerSchemaErrorTransform(
  RequestValidation,
  (error) => {
    if (error.kind === "Body" || error.kind === "ResponseHeaders") {
      return Effect.logError("a response failed to encode", error.cause).pipe(
        Effect.andThen(HttpServerRespondable.toResponse(new ApiProblem.InternalError({})))
      )
    }
    return Effect.fail(toInvalidParameter(error))
  }
)
