/**
 * A request as a simulator's route handler sees it, the same whether it came through the in-memory
 * `HttpClient` or the real HTTP server.
 */
import { ExactJson } from "@konto/core"

/** What a route handler receives. */
export interface SimulatorRequest {
  /** Upper-case HTTP method. */
  readonly method: string
  /** The URL path, e.g. `/3/invoices/1001` (percent-encoding kept; `params` are decoded). */
  readonly path: string
  /** The path parameters of the matched route pattern (`:DocumentNumber` → `params.DocumentNumber`). */
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  /** The raw body text (`""` when there is none). */
  readonly text: string
  /** The body parsed with `ExactJson.parse` (numbers exact); `undefined` when empty or not JSON. */
  readonly json: unknown
  /** The body as form fields (`application/x-www-form-urlencoded`, e.g. OAuth token requests). */
  readonly form: URLSearchParams
  /** When the request arrived, epoch milliseconds on the effect `Clock` (so `TestClock` governs it). */
  readonly nowMillis: number
  /** The matched route's key, `"GET /3/invoices/:DocumentNumber"`, or `"unmatched"`. */
  readonly route: string
}

/** What a simulator needs to build a request: the transport-independent parts. */
export interface IncomingRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

const parseJson = (text: string): unknown => {
  if (text.trim() === "") return undefined
  try {
    return ExactJson.parse(text)
  } catch {
    return undefined
  }
}

/** Builds the handler's view of an incoming request. */
export const make = (
  incoming: IncomingRequest,
  match: { readonly route: string; readonly params: Readonly<Record<string, string>> },
  nowMillis: number
): SimulatorRequest => {
  const contentType = incoming.headers["content-type"] ?? ""
  return {
    method: incoming.method.toUpperCase(),
    path: incoming.url.pathname,
    params: match.params,
    query: incoming.url.searchParams,
    headers: incoming.headers,
    text: incoming.text,
    json: parseJson(incoming.text),
    form: contentType.includes("application/x-www-form-urlencoded")
      ? new URLSearchParams(incoming.text)
      : new URLSearchParams(),
    nowMillis,
    route: match.route
  }
}

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export const bearerToken = (request: SimulatorRequest): string | undefined => {
  const header = request.headers["authorization"]
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header.trim())
  return match?.[1]
}

/** The user and password of an `Authorization: Basic …` header, if any. */
export const basicCredentials = (
  request: SimulatorRequest
): { readonly user: string; readonly password: string } | undefined => {
  const header = request.headers["authorization"]
  const match = header === undefined ? null : /^Basic\s+(.+)$/i.exec(header.trim())
  if (match?.[1] === undefined) return undefined
  const decoded = Buffer.from(match[1], "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}
