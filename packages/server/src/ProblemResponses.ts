/**
 * Every error response is a problem. Handlers already answer with typed problems; this router-wide middleware
 * turns what remains into one: an unknown route (404), a wrong method or media type, a body too large, and
 * failures that escaped a handler (500, logged, no internals shown). It also echoes the correlation id and
 * sets `Retry-After` on 429 and 503 problems that carry `retryAfterSeconds`.
 */

import { STATUS_CODES } from "node:http"
import { ApiProblem } from "@konto/api"
import { Cause, Effect, Option, type Types } from "effect"
import {
  HttpRouter,
  HttpServerError,
  HttpServerRequest,
  HttpServerRespondable,
  HttpServerResponse,
  ProblemDetails
} from "effect/http"
import * as CorrelationId from "./CorrelationId.ts"

const problemContentType = ProblemDetails.contentType

const isProblem = (response: HttpServerResponse.HttpServerResponse): boolean =>
  (response.headers["content-type"] ?? bodyContentType(response) ?? "").startsWith(problemContentType)

const bodyContentType = (response: HttpServerResponse.HttpServerResponse): string | undefined =>
  "contentType" in response.body ? response.body.contentType : undefined

const bodyText = (response: HttpServerResponse.HttpServerResponse): Option.Option<string> =>
  response.body._tag === "Uint8Array" && (response.body.contentType ?? "").startsWith("text/")
    ? Option.some(new TextDecoder().decode(response.body.body).slice(0, 300))
    : Option.none()

/** The problem version of a non-problem error response (same status and headers). */
export const toProblem = (
  request: HttpServerRequest.HttpServerRequest,
  response: HttpServerResponse.HttpServerResponse
): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
  if (response.status < 400 || isProblem(response)) return Effect.succeed(response)
  const problem =
    response.status === 404
      ? HttpServerRespondable.toResponse(
          new ApiProblem.NotFound({ detail: `No route for ${request.method} ${pathOf(request.url)}` })
        )
      : response.status >= 500
        ? HttpServerRespondable.toResponse(new ApiProblem.InternalError({}))
        : Effect.succeed(
            ProblemDetails.toResponse({
              type: ProblemDetails.blankType,
              status: response.status,
              title: STATUS_CODES[response.status] ?? "Error",
              ...Option.match(bodyText(response), { onNone: () => ({}), onSome: (detail) => ({ detail }) })
            })
          )
  return Effect.map(problem, (converted) =>
    HttpServerResponse.setHeaders(
      converted,
      Object.fromEntries(
        Object.entries(response.headers).filter(([name]) => name !== "content-type" && name !== "content-length")
      )
    )
  )
}

// Not `new URL`: a request target such as `//` is not a URL relative to any base.
const pathOf = (url: string): string => url.split(/[?#]/, 1)[0] ?? url

const retryAfter = (response: HttpServerResponse.HttpServerResponse): Option.Option<number> => {
  if ((response.status !== 429 && response.status !== 503) || response.headers["retry-after"] !== undefined) {
    return Option.none()
  }
  if (response.body._tag !== "Uint8Array") return Option.none()
  const text = new TextDecoder().decode(response.body.body)
  const body: unknown = Option.getOrUndefined(Option.liftThrowable(JSON.parse)(text))
  const seconds =
    typeof body === "object" && body !== null ? (body as Record<string, unknown>)["retryAfterSeconds"] : undefined
  return typeof seconds === "number" && Number.isInteger(seconds) && seconds > 0 ? Option.some(seconds) : Option.none()
}

/** The answer for a failure that escaped the handlers: its own response when it has one, else a logged 500. */
const fromCause = (cause: Cause.Cause<unknown>) =>
  Effect.flatMap(HttpServerError.causeResponse(cause), ([response, remaining]) =>
    (response.status >= 500 && Cause.hasFails(remaining)) || Cause.hasDies(remaining)
      ? Effect.as(Effect.logError("request failed", remaining), response)
      : Effect.succeed(response)
  )

/** The middleware, applied to every route of the router. */
export const layer = HttpRouter.middleware<{ handles: unknown }>()(
  (
    httpApp
  ): Effect.Effect<HttpServerResponse.HttpServerResponse, Types.unhandled, HttpServerRequest.HttpServerRequest> =>
    Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const response = yield* httpApp.pipe(Effect.catchCause(fromCause))
      const problem = yield* toProblem(request, response)
      const withRetryAfter = Option.match(retryAfter(problem), {
        onNone: () => problem,
        onSome: (seconds) => HttpServerResponse.setHeader(problem, "retry-after", String(seconds))
      })
      return CorrelationId.echo(request, withRetryAfter)
    }),
  { global: true }
)
