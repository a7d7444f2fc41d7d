/**
 * The vendor HTTP client every adapter's `<System>Client` is built on, so they all look alike: base URL (with
 * the connection's override), default headers, authentication, the connection's rate limiter, the retry
 * policy, a per-request timeout, and the adapter's reader for vendor error bodies.
 *
 * Each call: waits for a rate-limit permit → sends (under the timeout) → maps a non-2xx status to core's tagged
 * errors (`HttpErrors`) → parses the body exactly and decodes it (`JsonBody`). With OAuth, a 401 refreshes the
 * token once and repeats the request. The whole is retried by the policy (`RetryPolicy`), which only repeats
 * idempotent calls — GET/HEAD/OPTIONS, any request carrying an `Idempotency-Key` header, or one flagged
 * `idempotent: true` — except after a 429, which the vendor did not process.
 *
 * The `HttpClient` comes from the context, so tests and simulators inject one and no network is touched.
 */

import { type ConnectorError, ExactJson, InvalidInput, type Operation } from "@konto/core"
import { type DateTime, Effect, Option, Redacted, type Schema } from "effect"
import { Headers, HttpClient, HttpClientRequest, type HttpMethod } from "effect/http"
import type { ClientAuth } from "./ClientAuth.ts"
import * as HttpErrors from "./HttpErrors.ts"
import { exchange, isSuccess, type VendorResponse } from "./HttpExchange.ts"
import * as JsonBody from "./JsonBody.ts"
import type { RateLimiter } from "./RateLimiter.ts"
import * as RetryPolicy from "./RetryPolicy.ts"

/** A 2xx vendor response with its body text (re-exported from the internal exchange). */
export type { VendorResponse } from "./HttpExchange.ts"

/** How to build a vendor client. */
export interface VendorClientOptions {
  readonly system: string
  /** The vendor's production base URL, e.g. `https://api.fortnox.se/3`. */
  readonly baseUrl: string
  /** `Connection.baseUrl`: replaces `baseUrl` when set (sandboxes, proxies, simulators). */
  readonly baseUrlOverride?: Option.Option<string> | undefined
  /** Headers sent on every request (e.g. `xero-tenant-id`). `Accept: application/json` is the default. */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** Authentication; none when absent. */
  readonly auth?: ClientAuth | undefined
  /** The connection's limiter (`RateLimiter.shared`); unlimited when absent. */
  readonly rateLimiter?: RateLimiter | undefined
  /** `RetryPolicy.defaults` when absent. */
  readonly retryPolicy?: RetryPolicy.RetryPolicy | undefined
  /** Per attempt, sending and reading the body; 30 s when absent. Exceeding it is `UpstreamUnavailable`. */
  readonly timeoutMillis?: number | undefined
  /** The adapter's reader for its vendor's error bodies (tried before `HttpErrors.readCommonErrorBody`). */
  readonly errorBody?: HttpErrors.ErrorBodyReader | undefined
}

/** A query parameter value; `undefined`/`null` leave the parameter out, arrays repeat it. */
export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>

/** Per-request options. */
export interface RequestOptions {
  /** The connector operation, carried by every error. */
  readonly operation: Operation
  readonly query?: Readonly<Record<string, QueryValue>> | undefined
  /** Extra headers (e.g. `If-Modified-Since`, `Idempotency-Key`); `undefined` values are left out. */
  readonly headers?: Readonly<Record<string, string | undefined>> | undefined
  /** Overrides the idempotency the method and headers imply (see the module comment). */
  readonly idempotent?: boolean | undefined
  /** What a 404 means (e.g. `{ resource: "SalesInvoice", id }`). */
  readonly notFound?: HttpErrors.NotFoundTarget | undefined
  /** Overrides the client's timeout for this request. */
  readonly timeoutMillis?: number | undefined
  /** Overrides the client's retry policy for this request. */
  readonly retryPolicy?: RetryPolicy.RetryPolicy | undefined
}

/** A decoded JSON response with its status and headers (for `Link`, rate-limit or `ETag` headers). */
export interface JsonResponse<A> {
  readonly status: number
  readonly headers: Headers.Headers
  readonly body: A
}

/** Methods that send a body. */
export type SendMethod = "POST" | "PUT" | "PATCH" | "DELETE"

/** A vendor client. */
export interface VendorClient {
  readonly system: string
  /** The effective base URL (the override when set). */
  readonly baseUrl: string
  /** `GET path` decoded with `schema`. */
  readonly getJson: <S extends Schema.Constraint>(
    path: string,
    options: RequestOptions,
    schema: S
  ) => Effect.Effect<S["Type"], ConnectorError, S["DecodingServices"]>
  /** `method path` with a JSON body (already in wire form; raw JSON numbers are written verbatim), decoded. */
  readonly sendJson: <S extends Schema.Constraint>(
    method: SendMethod,
    path: string,
    body: unknown,
    schema: S,
    options: RequestOptions
  ) => Effect.Effect<S["Type"], ConnectorError, S["DecodingServices"]>
  /** Any method, optional JSON body; the decoded body with the response status and headers. */
  readonly requestJson: <S extends Schema.Constraint>(
    method: HttpMethod.HttpMethod,
    path: string,
    options: RequestOptions & { readonly body?: unknown },
    schema: S
  ) => Effect.Effect<JsonResponse<S["Type"]>, ConnectorError, S["DecodingServices"]>
  /** Any method, optional JSON body; a 2xx response with its body text undecoded (204s, PDFs, XML). */
  readonly request: (
    method: HttpMethod.HttpMethod,
    path: string,
    options: RequestOptions & { readonly body?: unknown }
  ) => Effect.Effect<VendorResponse, ConnectorError>
}

/** The default per-attempt timeout: 30 s. */
export const defaultTimeoutMillis = 30_000

const idempotentMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "QUERY"])

/**
 * Whether a request may be repeated: the explicit flag, else GET/HEAD/OPTIONS/QUERY or an `Idempotency-Key`
 * header (the vendor deduplicates it, e.g. Xero's `PUT /Invoices`).
 */
export const isIdempotent = (
  method: string,
  headers: Readonly<Record<string, string | undefined>> | undefined,
  explicit: boolean | undefined
): boolean => {
  if (explicit !== undefined) return explicit
  if (idempotentMethods.has(method.toUpperCase())) return true
  return Object.entries(headers ?? {}).some(
    ([name, value]) => name.toLowerCase() === "idempotency-key" && value !== undefined && value !== ""
  )
}

/** A path with every interpolated value percent-encoded: ``path`/invoices/${id}` ``. */
export const path = (strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string =>
  strings.reduce(
    (out, text, index) => out + text + (index < values.length ? encodeURIComponent(String(values[index])) : ""),
    ""
  )

/**
 * Joins a base URL and a path. A path that is already an absolute URL is accepted only under the base URL
 * (e.g. a vendor's `next` link): credentials are never sent to another origin.
 */
export const joinUrl = (baseUrl: string, requestPath: string): string => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(requestPath)) {
    const base = new URL(baseUrl)
    const target = new URL(requestPath)
    if (target.origin !== base.origin) {
      throw new RangeError(`refusing to send a request for ${base.origin} to ${target.origin}`)
    }
    return requestPath
  }
  const base = baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl
  if (requestPath === "") return base
  return requestPath.startsWith("/") ? base + requestPath : `${base}/${requestPath}`
}

const queryParams = (query: Readonly<Record<string, QueryValue>> | undefined): Array<readonly [string, string]> => {
  const params: Array<readonly [string, string]> = []
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) {
      for (const item of value) params.push([name, String(item)])
    } else {
      params.push([name, String(value)])
    }
  }
  return params
}

const definedHeaders = (headers: Readonly<Record<string, string | undefined>> | undefined): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name] = value
  }
  return out
}

// Raised inside one attempt when the vendor refuses an OAuth access token; never leaves this module.
class TokenRejected {
  readonly _tag = "TokenRejected"
  constructor(
    readonly token: Redacted.Redacted<string>,
    readonly response: VendorResponse
  ) {}
}

/** Builds a vendor client on the `HttpClient` of the context. */
export const make = (options: VendorClientOptions): Effect.Effect<VendorClient, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    return makeWith(yield* HttpClient.HttpClient, options)
  })

/** Builds a vendor client on a given `HttpClient`. */
export const makeWith = (http: HttpClient.HttpClient, options: VendorClientOptions): VendorClient => {
  const system = options.system
  const baseUrl = Option.getOrElse(options.baseUrlOverride ?? Option.none(), () => options.baseUrl)
  const auth: ClientAuth = options.auth ?? { _tag: "None" }
  const defaultHeaders = { Accept: "application/json", ...options.headers }
  const clientPolicy = options.retryPolicy ?? RetryPolicy.defaults
  const clientTimeout = options.timeoutMillis ?? defaultTimeoutMillis
  const run = options.rateLimiter?.run ?? (<A, E, R>(effect: Effect.Effect<A, E, R>) => effect)

  // Secret header names join effect's redaction list, so an inspected or logged request never shows them.
  const secretHeaderNames =
    auth._tag === "SecretHeaders" ? Object.keys(auth.headers).map((name) => name.toLowerCase()) : []
  const redactingSecretHeaders = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    secretHeaderNames.length === 0
      ? effect
      : Effect.gen(function* () {
          const names = yield* Headers.CurrentRedactedNames
          return yield* Effect.provideService(effect, Headers.CurrentRedactedNames, [...names, ...secretHeaderNames])
        })

  const build = (
    method: HttpMethod.HttpMethod,
    requestPath: string,
    requestOptions: RequestOptions & { readonly body?: unknown },
    token: Option.Option<Redacted.Redacted<string>>
  ): HttpClientRequest.HttpClientRequest => {
    let request = HttpClientRequest.make(method)(joinUrl(baseUrl, requestPath), {
      urlParams: queryParams(requestOptions.query),
      headers: { ...defaultHeaders, ...definedHeaders(requestOptions.headers) }
    })
    if (auth._tag === "SecretHeaders") {
      for (const [name, value] of Object.entries(auth.headers)) {
        request = HttpClientRequest.setHeader(request, name, Redacted.value(value))
      }
    }
    if (Option.isSome(token)) request = HttpClientRequest.bearerToken(request, token.value)
    if (requestOptions.body !== undefined) {
      request = HttpClientRequest.bodyText(request, ExactJson.stringify(requestOptions.body), "application/json")
    }
    return request
  }

  // One attempt with a given token: rate limit, exchange, status mapping.
  const attempt = (
    method: HttpMethod.HttpMethod,
    requestPath: string,
    requestOptions: RequestOptions & { readonly body?: unknown },
    token: Option.Option<Redacted.Redacted<string>>
  ): Effect.Effect<VendorResponse, ConnectorError | TokenRejected> => {
    const context: HttpErrors.ErrorContext = { system, operation: requestOptions.operation }
    return Effect.try({
      try: () => build(method, requestPath, requestOptions, token),
      // A path outside the base URL (e.g. a vendor's `next` link to another host) or a body JSON cannot
      // express (a bigint) is refused before sending.
      catch: (cause) =>
        new InvalidInput({
          system,
          operation: requestOptions.operation,
          field: cause instanceof RangeError ? "path" : "body",
          detail: cause instanceof Error ? cause.message : String(cause)
        })
    }).pipe(
      Effect.flatMap((request) =>
        redactingSecretHeaders(run(exchange(http, context, request, requestOptions.timeoutMillis ?? clientTimeout)))
      ),
      Effect.flatMap((response): Effect.Effect<VendorResponse, ConnectorError | TokenRejected> => {
        if (isSuccess(response.status)) return Effect.succeed(response)
        if (response.status === 401 && auth._tag === "OAuth" && Option.isSome(token)) {
          return Effect.fail(new TokenRejected(token.value, response))
        }
        return Effect.flatMap(
          HttpErrors.fromFailedResponseEffect(context, response, {
            errorBody: options.errorBody,
            notFound: requestOptions.notFound,
            path: pathOnly(requestPath)
          }),
          Effect.fail
        )
      })
    )
  }

  // Authentication around an attempt: with OAuth, a 401 refreshes once and the request is sent again.
  const authenticated = (
    method: HttpMethod.HttpMethod,
    requestPath: string,
    requestOptions: RequestOptions & { readonly body?: unknown }
  ): Effect.Effect<VendorResponse, ConnectorError> => {
    const context: HttpErrors.ErrorContext = { system, operation: requestOptions.operation }
    const mapping = { errorBody: options.errorBody, notFound: requestOptions.notFound, path: pathOnly(requestPath) }
    const finalRejection = (rejected: TokenRejected) =>
      Effect.flatMap(HttpErrors.fromFailedResponseEffect(context, rejected.response, mapping), Effect.fail)
    switch (auth._tag) {
      case "Bearer":
        return narrow(attempt(method, requestPath, requestOptions, Option.some(auth.token)), finalRejection)
      case "OAuth":
        return Effect.flatMap(auth.session.accessToken, (token) =>
          attempt(method, requestPath, requestOptions, Option.some(token)).pipe(
            Effect.catchIf(isTokenRejected, (rejected) =>
              Effect.flatMap(auth.session.refreshAfterRejection(rejected.token), (fresh) =>
                narrow(attempt(method, requestPath, requestOptions, Option.some(fresh)), finalRejection)
              )
            )
          )
        )
      default:
        return narrow(attempt(method, requestPath, requestOptions, Option.none()), finalRejection)
    }
  }

  const withRetry = <A, E, R>(
    method: HttpMethod.HttpMethod,
    requestOptions: RequestOptions,
    effect: Effect.Effect<A, E, R>
  ): Effect.Effect<A, E, R> =>
    RetryPolicy.retry(requestOptions.retryPolicy ?? clientPolicy, {
      idempotent: isIdempotent(method, requestOptions.headers, requestOptions.idempotent)
    })(effect)

  const request: VendorClient["request"] = (method, requestPath, requestOptions) =>
    withRetry(method, requestOptions, authenticated(method, requestPath, requestOptions))

  const requestJson: VendorClient["requestJson"] = (method, requestPath, requestOptions, schema) =>
    withRetry(
      method,
      requestOptions,
      Effect.flatMap(authenticated(method, requestPath, requestOptions), (response) =>
        Effect.map(JsonBody.decode({ system, operation: requestOptions.operation }, schema, response.text), (body) => ({
          status: response.status,
          headers: response.headers,
          body
        }))
      )
    )

  const getJson: VendorClient["getJson"] = (requestPath, requestOptions, schema) =>
    Effect.map(requestJson("GET", requestPath, requestOptions, schema), (response) => response.body)

  const sendJson: VendorClient["sendJson"] = (method, requestPath, body, schema, requestOptions) =>
    Effect.map(requestJson(method, requestPath, { ...requestOptions, body }, schema), (response) => response.body)

  return { system, baseUrl, getJson, sendJson, requestJson, request }
}

const isTokenRejected = (error: unknown): error is TokenRejected => error instanceof TokenRejected

const narrow = <A>(
  effect: Effect.Effect<A, ConnectorError | TokenRejected>,
  onRejected: (rejected: TokenRejected) => Effect.Effect<never, ConnectorError>
): Effect.Effect<A, ConnectorError> => Effect.catchIf(effect, isTokenRejected, onRejected)

const pathOnly = (requestPath: string): string => requestPath.split("?")[0] ?? requestPath

/** An HTTP date (IMF-fixdate) for headers such as `If-Modified-Since`. */
export const httpDate = (instant: DateTime.DateTime): string => Headers.formatHttpDate(instant)
