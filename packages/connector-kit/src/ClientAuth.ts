/**
 * How a vendor client authenticates its requests: nothing, a static bearer token (API keys, personal tokens),
 * an OAuth session (refreshed tokens), or fixed secret headers (legacy key headers, Basic auth).
 * Secrets stay `Redacted` until the moment a request is built.
 */
import { Redacted } from "effect"
import { Base64 } from "effect/encoding"
import type { OAuthSession } from "./OAuthSession.ts"

/** No authentication. */
export interface None {
  readonly _tag: "None"
}

/** `Authorization: Bearer <token>` with a token that never changes. */
export interface Bearer {
  readonly _tag: "Bearer"
  readonly token: Redacted.Redacted<string>
}

/** `Authorization: Bearer <access token>` from an OAuth session; a 401 refreshes once and retries. */
export interface OAuth {
  readonly _tag: "OAuth"
  readonly session: OAuthSession
}

/** Fixed headers carrying secrets, e.g. `{ "Access-Token": token }` or a Basic `Authorization`. */
export interface SecretHeaders {
  readonly _tag: "SecretHeaders"
  readonly headers: Readonly<Record<string, Redacted.Redacted<string>>>
}

/** How a vendor client authenticates. */
export type ClientAuth = None | Bearer | OAuth | SecretHeaders

/** No authentication. */
export const none: ClientAuth = { _tag: "None" }

/** A static bearer token. */
export const bearer = (token: Redacted.Redacted<string>): ClientAuth => ({ _tag: "Bearer", token })

/** An OAuth session's access token. */
export const oauth = (session: OAuthSession): ClientAuth => ({ _tag: "OAuth", session })

/** Fixed secret headers. */
export const secretHeaders = (headers: Readonly<Record<string, Redacted.Redacted<string>>>): ClientAuth => ({
  _tag: "SecretHeaders",
  headers
})

/** HTTP Basic authentication (`Authorization: Basic base64(user:password)`). */
export const basic = (user: string, password: Redacted.Redacted<string>): ClientAuth =>
  secretHeaders({
    Authorization: Redacted.make(`Basic ${Base64.encode(`${user}:${Redacted.value(password)}`)}`)
  })
