/**
 * A vendor simulator: routes, rate limits, fault injection and a request count, mountable as an
 * `HttpClient` (no sockets; handlers run in the caller's fiber, so `TestClock` governs rate limits and
 * timeouts) or on a real HTTP server (`SimulatorServer.serve`) from the same definition.
 */
import { Cause, Clock, Effect, Layer, Stream } from "effect"
import type { HttpClientRequest } from "effect/http"
import { HttpClient, HttpClientError, HttpClientResponse } from "effect/http"
import * as Faults from "./Faults.ts"
import * as RateLimit from "./RateLimit.ts"
import * as RequestCounter from "./RequestCounter.ts"
import type { Route } from "./Route.ts"
import * as SimulatorRequest from "./SimulatorRequest.ts"
import * as SimulatorResponse from "./SimulatorResponse.ts"

/** Everything a simulator is made of. Only `name` and `routes` are required. */
export interface SimulatorDefinition {
  /** The system id (appears in messages and the in-memory base URL). */
  readonly name: string
  /** Routes, matched in this order (list a literal path before a pattern that would also match it). */
  readonly routes: ReadonlyArray<Route>
  /** The answer to a request no route matches (default: 404 `{ "message": "Not Found" }`). */
  readonly notFound?: (request: SimulatorRequest.SimulatorRequest) => SimulatorResponse.SimulatorResponse
  readonly rateLimits?: ReadonlyArray<RateLimit.RateLimitRule>
  /** Windows are shortened by this factor (default 1; `Infinity`: no limits). */
  readonly rateLimitScale?: number
  /** The answer to a request over a limit (default: 429 with `Retry-After` and a JSON message). */
  readonly rateLimitResponse?: (
    request: SimulatorRequest.SimulatorRequest,
    rejection: RateLimit.RateLimitRejection
  ) => SimulatorResponse.SimulatorResponse
  /** The answer to an injected server error (default: the status with a JSON message). */
  readonly serverErrorResponse?: (
    request: SimulatorRequest.SimulatorRequest,
    status: number
  ) => SimulatorResponse.SimulatorResponse
  /** Faults from the start (they can be changed later through `faults`). */
  readonly faults?: Faults.FaultOptions
}

/** What a simulator did with a request, before it goes on the wire. */
export type Outcome =
  | { readonly _tag: "Respond"; readonly response: SimulatorResponse.RenderedResponse }
  /** Send the status, headers and the first half of the body, then break the connection. */
  | { readonly _tag: "Truncate"; readonly response: SimulatorResponse.RenderedResponse }
  /** Break the connection without answering (the handler ran). */
  | { readonly _tag: "Drop" }

/** A running simulator. */
export interface Simulator {
  readonly name: string
  /** The origin the in-memory client answers for (`http://<name>.simulator.invalid`); any host works. */
  readonly baseUrl: string
  /** Handles one request (both mounts use this). */
  readonly handle: (incoming: SimulatorRequest.IncomingRequest) => Effect.Effect<Outcome>
  /** An `HttpClient` served by this simulator, no sockets. */
  readonly client: HttpClient.HttpClient
  /** `client` as a layer. */
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  readonly requests: RequestCounter.RequestCounter
  readonly faults: Faults.FaultInjector
  readonly rateLimiter: RateLimit.RateLimiter
}

const defaultNotFound = (request: SimulatorRequest.SimulatorRequest): SimulatorResponse.SimulatorResponse =>
  SimulatorResponse.json(404, { message: `Not Found: ${request.method} ${request.path}` })

const defaultServerError = (
  _request: SimulatorRequest.SimulatorRequest,
  status: number
): SimulatorResponse.SimulatorResponse => SimulatorResponse.json(status, { message: `Injected server error ${status}` })

const routeFor = (routes: ReadonlyArray<Route>, method: string, path: string) => {
  for (const route of routes) {
    if (route.method !== method && !(method === "HEAD" && route.method === "GET")) continue
    const params = route.match(path)
    if (params !== undefined) return { route, params }
  }
  return undefined
}

/** Builds a simulator from its definition. */
export const make = (definition: SimulatorDefinition): Effect.Effect<Simulator> =>
  Effect.sync(() => {
    const requests = RequestCounter.make()
    const faults = Faults.make(definition.faults)
    const rateLimiter = RateLimit.make(definition.rateLimits ?? [], definition.rateLimitScale ?? 1)
    const notFound = definition.notFound ?? defaultNotFound
    const rateLimitResponse = definition.rateLimitResponse ?? RateLimit.defaultResponse
    const serverErrorResponse = definition.serverErrorResponse ?? defaultServerError

    const runHandler = (route: Route, request: SimulatorRequest.SimulatorRequest) =>
      route.handler(request).pipe(
        Effect.catch((response) => Effect.succeed(response)),
        // A handler bug must be visible, not retried into silence: answer 500 with the defect's text.
        Effect.catchCause((cause) =>
          Effect.succeed(
            SimulatorResponse.json(500, {
              message: `simulator ${definition.name} handler failed`,
              cause: Cause.pretty(cause)
            })
          )
        )
      )

    const answer = (incoming: SimulatorRequest.IncomingRequest): Effect.Effect<Outcome> =>
      Effect.gen(function* () {
        const nowMillis = yield* Clock.currentTimeMillis
        const method = incoming.method.toUpperCase()
        const matched = routeFor(definition.routes, method, incoming.url.pathname)
        const request = SimulatorRequest.make(
          incoming,
          { route: matched?.route.key ?? "unmatched", params: matched?.params ?? {} },
          nowMillis
        )
        requests.record(request.route)
        const respond = (response: SimulatorResponse.SimulatorResponse): Outcome => ({
          _tag: "Respond",
          response: SimulatorResponse.render(response)
        })
        const rejection = rateLimiter.admit(request)
        if (rejection !== undefined) return respond(rateLimitResponse(request, rejection))
        const decision = faults.decide(request)
        switch (decision._tag) {
          case "RateLimit":
            return respond(
              SimulatorResponse.setHeader(
                rateLimitResponse(request, {
                  rule: { name: "injected fault", requests: 0, perMillis: 0, window: "fixed", key: () => undefined },
                  retryAfterMillis: decision.retryAfterSeconds * 1000
                }),
                "retry-after",
                String(decision.retryAfterSeconds)
              )
            )
          case "ServerError":
            return respond(serverErrorResponse(request, decision.status))
          case "Timeout":
            yield* Effect.sleep(decision.hangMillis)
            return respond(SimulatorResponse.json(504, { message: "Gateway Timeout (injected)" }))
          default:
            break
        }
        const response = matched === undefined ? notFound(request) : yield* runHandler(matched.route, request)
        if (decision._tag === "Drop") return { _tag: "Drop" } as const
        if (decision._tag === "Truncate")
          return { _tag: "Truncate", response: SimulatorResponse.render(response) } as const
        return respond(response)
      })

    const handle = (incoming: SimulatorRequest.IncomingRequest): Effect.Effect<Outcome> =>
      answer(incoming).pipe(
        Effect.tap((outcome) =>
          Effect.sync(() => requests.recordStatus(outcome._tag === "Drop" ? 0 : outcome.response.status))
        )
      )

    const client = HttpClient.make((request, url) =>
      Effect.gen(function* () {
        const text = yield* requestText(request)
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value
        const contentType = request.body._tag === "Empty" ? undefined : request.body.contentType
        if (contentType !== undefined && headers["content-type"] === undefined) headers["content-type"] = contentType
        const outcome = yield* handle({ method: request.method, url, headers, text })
        return yield* toClientResponse(request, outcome)
      })
    )

    return {
      name: definition.name,
      baseUrl: `http://${definition.name}.simulator.invalid`,
      handle,
      client,
      layer: Layer.succeed(HttpClient.HttpClient, client),
      requests,
      faults,
      rateLimiter
    }
  })

const decoder = new TextDecoder()

const requestText = (
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<string, HttpClientError.HttpClientError> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Effect.succeed("")
    case "Uint8Array":
      return Effect.succeed(body.text ?? decoder.decode(body.body))
    case "Raw":
      return Effect.succeed(
        typeof body.body === "string"
          ? body.body
          : body.body instanceof Uint8Array
            ? decoder.decode(body.body)
            : String(body.body)
      )
    case "FormData": {
      const form = new URLSearchParams()
      for (const [name, value] of body.formData.entries())
        form.append(name, typeof value === "string" ? value : value.name)
      return Effect.succeed(form.toString())
    }
    case "Stream":
      return Stream.runCollect(body.stream).pipe(
        Effect.map((chunks) => decoder.decode(Buffer.concat(chunks.map((chunk) => Buffer.from(chunk))))),
        Effect.mapError(
          (cause) =>
            new HttpClientError.HttpClientError({
              reason: new HttpClientError.EncodeError({ request, cause, description: "the request body stream failed" })
            })
        )
      )
  }
}

const bodyless = (status: number): boolean => status === 204 || status === 205 || status === 304

const toClientResponse = (
  request: HttpClientRequest.HttpClientRequest,
  outcome: Outcome
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
  switch (outcome._tag) {
    case "Drop":
      return Effect.fail(
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.TransportError({
            request,
            description: "the simulator dropped the connection after handling the request (lost response)"
          })
        })
      )
    case "Respond": {
      const { headers, status, text } = outcome.response
      return Effect.succeed(
        HttpClientResponse.fromWeb(
          request,
          new Response(bodyless(status) || request.method === "HEAD" ? null : text, { status, headers })
        )
      )
    }
    case "Truncate": {
      const { headers, status, text } = outcome.response
      const bytes = new TextEncoder().encode(text)
      const prefix = bytes.slice(0, Math.floor(bytes.length / 2))
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          if (prefix.length > 0) controller.enqueue(prefix)
          controller.error(new Error("connection reset: response body truncated by the simulator"))
        }
      })
      return Effect.succeed(
        HttpClientResponse.fromWeb(
          request,
          new Response(bodyless(status) ? null : body, {
            status,
            headers: { ...headers, "content-length": String(bytes.length) }
          })
        )
      )
    }
  }
}
