/**
 * Vendor HTTP failures as core's tagged errors, in one place for every adapter.
 *
 * The mapping reads only the response status, its body and its `Retry-After` header. Request headers (tokens,
 * API keys) and query strings never reach an error: the request side contributes nothing but the path when a
 * `NotFound` needs an id and the adapter gave none.
 */

import {
  type ConnectorError,
  NotFound,
  type Operation,
  RateLimited,
  Unauthorized,
  UpstreamRejected,
  UpstreamUnavailable
} from "@konto/core"
import { Clock, Duration, Effect, Option, Predicate, Result, Schema } from "effect"
import { Headers, type HttpClientError, type HttpClientResponse } from "effect/http"

/** Where an error happened: the system and the connector operation. Every mapped error carries both. */
export interface ErrorContext {
  readonly system: string
  readonly operation: Operation
}

/** The vendor's own explanation of a failure, read from its error body. */
export interface VendorMessage {
  readonly detail: string
  /** The vendor's error code (`ErrorInformation.code`, `symbolic`, …) when it gives one. */
  readonly vendorCode: Option.Option<string>
}

/**
 * Reads the vendor's message from a parsed error body (`undefined` when the body was empty or not JSON).
 * Each adapter supplies one for its vendor's error shape; return `none` when the body does not have it.
 */
export type ErrorBodyReader = (body: unknown, status: number) => Option.Option<VendorMessage>

/** The parts of a failed response the mapping reads. */
export interface FailedResponse {
  readonly status: number
  readonly headers: Headers.Headers
  /** The body text as received (may be empty). */
  readonly text: string
}

/** What a 404 is about; without it the error names the request path. */
export interface NotFoundTarget {
  readonly resource: string
  readonly id: string
}

/** Options of the mapping. */
export interface MappingOptions {
  /** The adapter's reader for its vendor's error bodies; `readCommonErrorBody` is tried after it. */
  readonly errorBody?: ErrorBodyReader | undefined
  /** The resource a 404 means (e.g. `{ resource: "SalesInvoice", id }`). */
  readonly notFound?: NotFoundTarget | undefined
  /** The request path (no query string): the fallback id of a `NotFound`. */
  readonly path?: string | undefined
}

const maxDetailLength = 300

const shorten = (text: string, length = maxDetailLength): string => {
  const line = text.replace(/\s+/g, " ").trim()
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`
}

const nonEmptyString = (value: unknown): Option.Option<string> =>
  Predicate.isString(value) && value.trim() !== "" ? Option.some(value.trim()) : Option.none()

const codeOf = (value: unknown): Option.Option<string> =>
  Predicate.isString(value) && value.trim() !== ""
    ? Option.some(value.trim())
    : Predicate.isNumber(value)
      ? Option.some(String(value))
      : Option.none()

/**
 * Reads the error shapes most JSON APIs use: `{message}`, `{Message}`, `{error: "…", error_description}`
 * (OAuth), `{error: {message, code}}`, `{detail, title}` (RFC 9457 problem details), `{errors: [{message}]}`.
 */
export const readCommonErrorBody: ErrorBodyReader = (body) => {
  if (!Predicate.isObject(body)) return Option.none()
  const record = body as Record<string, unknown>
  const error = record["error"]
  if (Predicate.isString(error)) {
    // OAuth token endpoints: {error: "invalid_grant", error_description: "…"}.
    const description = nonEmptyString(record["error_description"])
    return Option.some({
      detail: Option.getOrElse(description, () => error),
      vendorCode: Option.some(error)
    })
  }
  if (Predicate.isObject(error)) {
    const nested = readCommonErrorBody(error, 0)
    if (Option.isSome(nested)) return nested
  }
  for (const key of ["message", "Message", "detail", "title", "error_description"]) {
    const message = nonEmptyString(record[key])
    if (Option.isSome(message)) {
      return Option.some({ detail: message.value, vendorCode: codeOf(record["code"] ?? record["Code"]) })
    }
  }
  const errors = record["errors"] ?? record["Errors"]
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0]
    const message = Predicate.isString(first)
      ? Option.some({ detail: first, vendorCode: Option.none() })
      : readCommonErrorBody(first, 0)
    if (Option.isSome(message)) return message
  }
  return Option.none()
}

/**
 * An error-body reader from a schema of the vendor's error shape and a function picking the message out of it;
 * a body that does not match reads as `none`.
 */
export const errorBodyReader = <S extends Schema.Decoder<unknown>>(
  schema: S,
  pick: (body: S["Type"], status: number) => Option.Option<VendorMessage>
): ErrorBodyReader => {
  const decode = Schema.decodeUnknownOption(schema)
  return (body, status) => Option.flatMap(decode(body), (decoded) => pick(decoded, status))
}

const parseBody = (text: string): unknown => {
  if (text.trim() === "") return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const vendorMessage = (response: FailedResponse, reader: ErrorBodyReader | undefined): Option.Option<VendorMessage> => {
  const body = parseBody(response.text)
  const fromAdapter = reader === undefined ? Option.none<VendorMessage>() : safeRead(reader, body, response.status)
  return Option.isSome(fromAdapter) ? fromAdapter : safeRead(readCommonErrorBody, body, response.status)
}

// A reader is vendor code run on untrusted input: a throw there must not turn a vendor error into a defect.
const safeRead = (reader: ErrorBodyReader, body: unknown, status: number): Option.Option<VendorMessage> => {
  try {
    const message = reader(body, status)
    return Option.isSome(message) && message.value.detail.trim() !== ""
      ? Option.some({ detail: shorten(message.value.detail), vendorCode: message.value.vendorCode })
      : Option.none()
  } catch {
    return Option.none()
  }
}

const fallbackDetail = (response: FailedResponse): string => {
  const snippet = shorten(response.text, 160)
  return snippet === "" ? `HTTP ${response.status}` : `HTTP ${response.status}: ${snippet}`
}

/**
 * How long a `Retry-After` header asks to wait, in milliseconds from `nowMillis`: delay-seconds or an HTTP date
 * (a date in the past is 0). `null` when the header is absent or unreadable.
 */
export const retryAfterMillis = (headers: Headers.Headers, nowMillis: number): number | null => {
  const value = Headers.get(headers, "retry-after")
  if (Option.isNone(value)) return null
  const parsed = Headers.parseRetryAfter(value.value)
  if (Result.isFailure(parsed)) return null
  const millis = Duration.toMillis(Headers.retryAfterDelay(parsed.success, nowMillis))
  return Number.isFinite(millis) ? Math.max(0, millis) : null
}

/**
 * Maps a failed (non-2xx) response to a tagged error — pure; `nowMillis` reads HTTP-date `Retry-After` values.
 *
 * 401/403 → `Unauthorized`; 404/410 → `NotFound`; 429 → `RateLimited` (with `Retry-After`); 408 and 5xx →
 * `UpstreamUnavailable`; any other 4xx (400, 409, 412, 422, …) → `UpstreamRejected` with the vendor's message;
 * anything else (1xx, 3xx) → `UpstreamRejected` naming the status.
 */
export const fromFailedResponse = (
  context: ErrorContext,
  response: FailedResponse,
  nowMillis: number,
  options: MappingOptions = {}
): ConnectorError => {
  const { status } = response
  const { operation, system } = context
  const message = vendorMessage(response, options.errorBody)
  const detail = Option.match(message, { onNone: () => fallbackDetail(response), onSome: (found) => found.detail })
  if (status === 401 || status === 403) {
    return new Unauthorized({
      system,
      operation,
      detail: status === 401 ? `HTTP 401: ${detail}` : `HTTP 403 (missing permission or scope): ${detail}`
    })
  }
  if (status === 404 || status === 410) {
    return new NotFound({
      system,
      operation,
      resource: options.notFound?.resource ?? "resource",
      id: options.notFound?.id ?? options.path ?? "(unknown)"
    })
  }
  if (status === 429) {
    return new RateLimited({ system, operation, retryAfterMillis: retryAfterMillis(response.headers, nowMillis) })
  }
  if (status === 408 || status >= 500) {
    return new UpstreamUnavailable({ system, operation, status, detail })
  }
  return new UpstreamRejected({
    system,
    operation,
    status,
    detail: status >= 400 && status < 500 ? detail : `unexpected HTTP ${status}: ${detail}`,
    vendorCode: Option.getOrNull(Option.flatMap(message, (found) => found.vendorCode))
  })
}

/** Maps a failed response, reading the `Clock` for HTTP-date `Retry-After` values. */
export const fromFailedResponseEffect = (
  context: ErrorContext,
  response: FailedResponse,
  options: MappingOptions = {}
): Effect.Effect<ConnectorError> =>
  Effect.map(Clock.currentTimeMillis, (now) => fromFailedResponse(context, response, now, options))

/**
 * Maps a non-2xx `HttpClientResponse` (for adapters calling the `HttpClient` themselves): reads its body text and
 * fails with the mapped error. A body that cannot be read counts as empty.
 */
export const fromResponse = (
  context: ErrorContext,
  response: HttpClientResponse.HttpClientResponse,
  options: MappingOptions = {}
): Effect.Effect<never, ConnectorError> =>
  response.text.pipe(
    Effect.orElseSucceed(() => ""),
    Effect.flatMap((text) =>
      fromFailedResponseEffect(context, { status: response.status, headers: response.headers, text }, options)
    ),
    Effect.flatMap(Effect.fail)
  )

/**
 * Maps a transport failure (connection refused, reset, unreadable body, invalid URL) to `UpstreamUnavailable`
 * with status `null`. The detail names the failure kind and the request method and path only.
 */
export const fromHttpClientError = (
  context: ErrorContext,
  error: HttpClientError.HttpClientError
): UpstreamUnavailable => {
  const reason = error.reason
  const path = safePath(reason.request.url)
  const description =
    "description" in reason && Predicate.isString(reason.description) ? `: ${shorten(reason.description, 160)}` : ""
  return new UpstreamUnavailable({
    system: context.system,
    operation: context.operation,
    status: null,
    detail: `${reason._tag} on ${reason.request.method} ${path}${description}`
  })
}

/** A request that did not finish in time, as `UpstreamUnavailable` with status `null`. */
export const timedOut = (context: ErrorContext, timeoutMillis: number): UpstreamUnavailable =>
  new UpstreamUnavailable({
    system: context.system,
    operation: context.operation,
    status: null,
    detail: `no response within ${timeoutMillis} ms`
  })

// Only the path: a query string may carry a token or an API key.
const safePath = (url: string): string => {
  try {
    return new URL(url).pathname
  } catch {
    return url.split("?")[0] ?? ""
  }
}
