/**
 * `x-correlation-id`: the caller's GUID for a request. When a request carries a valid one, it is attached to
 * every log line (`correlationId`) and span (`correlation.id`) of the request, and echoed on the response.
 * `/api` routes require it (a missing or malformed one is a 400 from the API's header schema); other routes
 * (`/health`, `/docs`, `/openapi.json`) take it when given.
 */
import { Effect, Option } from "effect"
import { HttpMiddleware, HttpServerRequest, HttpServerResponse } from "effect/http"

/** The header's name. */
export const header = "x-correlation-id"

const guid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

/** The request's correlation id, when it carries a valid one. */
export const fromHeaders = (headers: Readonly<Record<string, string | undefined>>): Option.Option<string> =>
  Option.filter(Option.fromNullishOr(headers[header]), (value) => guid.test(value))

/**
 * The server's outermost middleware: logs each response (Effect's HTTP logger: method, path without query,
 * status) with the correlation id annotated on every log line and span below it.
 */
export const withLogging = <E, R>(
  httpApp: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | HttpServerRequest.HttpServerRequest> =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
    Option.match(fromHeaders(request.headers), {
      onNone: () => HttpMiddleware.logger(httpApp),
      onSome: (correlationId) =>
        HttpMiddleware.logger(httpApp).pipe(
          Effect.tap(() => Effect.annotateCurrentSpan("correlation.id", correlationId)),
          Effect.annotateSpans("correlation.id", correlationId),
          Effect.annotateLogs("correlationId", correlationId)
        )
    })
  )

/** Echoes a valid correlation id of the request on the response. */
export const echo = (
  request: HttpServerRequest.HttpServerRequest,
  response: HttpServerResponse.HttpServerResponse
): HttpServerResponse.HttpServerResponse =>
  Option.match(fromHeaders(request.headers), {
    onNone: () => response,
    onSome: (correlationId) => HttpServerResponse.setHeader(response, header, correlationId)
  })
