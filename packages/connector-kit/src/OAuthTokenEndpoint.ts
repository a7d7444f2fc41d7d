/**
 * A vendor's OAuth 2.0 token endpoint (RFC 6749 §4.1.3, §6): exchanges an authorization code or a refresh
 * token for tokens. Use its `refresh` as an `OAuthSession`'s `refresh`.
 *
 * `invalid_grant` (the refresh token or code is expired, revoked or already used) and `invalid_client` become
 * `Unauthorized` telling the user to reconnect. A token request is never retried except after a 429: with
 * rotating refresh tokens a repeated request could spend a token whose answer was lost.
 */

import { type ConnectorError, type TokenStore, Unauthorized } from "@konto/core"
import { Clock, Effect, Option, Redacted, Schema } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import * as HttpErrors from "./HttpErrors.ts"
import { exchange, isSuccess } from "./HttpExchange.ts"
import * as JsonBody from "./JsonBody.ts"
import { reconnectRequired } from "./OAuthSession.ts"
import * as RetryPolicy from "./RetryPolicy.ts"

/** How to reach a token endpoint. */
export interface TokenEndpointOptions {
  readonly system: string
  /** e.g. `https://apps.fortnox.se/oauth-v1/token`, `https://identity.xero.com/connect/token`. */
  readonly url: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** `basic`: `Authorization: Basic` (Fortnox, Xero); `body`: `client_id`/`client_secret` form fields (Moneybird). */
  readonly clientAuthentication: "basic" | "body"
  /** 30 s when absent. */
  readonly timeoutMillis?: number | undefined
  /** Extra form fields some vendors want. */
  readonly extraFields?: Readonly<Record<string, string>> | undefined
}

/** The standard token response; extra fields are ignored. */
export const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  refresh_token: Schema.optional(Schema.NullOr(Schema.String)),
  expires_in: Schema.optional(Schema.NullOr(JsonBody.NumberFromJson)),
  token_type: Schema.optional(Schema.NullOr(Schema.String))
})
export type TokenResponse = typeof TokenResponse.Type

/** A token endpoint bound to its client credentials. */
export interface OAuthTokenEndpoint {
  /** New tokens for a refresh token. A response without a new refresh token keeps the old one. */
  readonly refresh: (refreshToken: Redacted.Redacted<string>) => Effect.Effect<TokenStore.OAuthTokens, ConnectorError>
  /** Tokens for an authorization code (the end of the consent flow). */
  readonly exchangeCode: (
    code: Redacted.Redacted<string>,
    redirectUri: string
  ) => Effect.Effect<TokenStore.OAuthTokens, ConnectorError>
}

/** The lifetime assumed when a vendor omits `expires_in`: 1 hour. */
export const defaultLifetimeMillis = 3_600_000

/** Builds the endpoint on the `HttpClient` of the context. */
export const make = (options: TokenEndpointOptions): Effect.Effect<OAuthTokenEndpoint, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    return makeWith(http, options)
  })

/** Builds the endpoint on a given `HttpClient`. */
export const makeWith = (http: HttpClient.HttpClient, options: TokenEndpointOptions): OAuthTokenEndpoint => {
  const context: HttpErrors.ErrorContext = { system: options.system, operation: "refresh-token" }
  const timeoutMillis = options.timeoutMillis ?? 30_000

  const post = (
    fields: Record<string, string>,
    previousRefreshToken: Option.Option<Redacted.Redacted<string>>
  ): Effect.Effect<TokenStore.OAuthTokens, ConnectorError> =>
    Effect.gen(function* () {
      const form: Record<string, string> = { ...options.extraFields, ...fields }
      let request = HttpClientRequest.post(options.url, { acceptJson: true })
      if (options.clientAuthentication === "basic") {
        request = HttpClientRequest.basicAuth(request, options.clientId, options.clientSecret)
      } else {
        form["client_id"] = options.clientId
        form["client_secret"] = Redacted.value(options.clientSecret)
      }
      request = HttpClientRequest.bodyUrlParams(request, form)
      const response = yield* exchange(http, context, request, timeoutMillis)
      if (!isSuccess(response.status)) {
        const error = yield* HttpErrors.fromFailedResponseEffect(context, response)
        return yield* Effect.fail(asReconnect(options.system, error))
      }
      const body = yield* JsonBody.decode(context, TokenResponse, response.text)
      const now = yield* Clock.currentTimeMillis
      const lifetime =
        body.expires_in === undefined || body.expires_in === null ? defaultLifetimeMillis : body.expires_in * 1000
      const rotated =
        body.refresh_token === undefined || body.refresh_token === null || body.refresh_token === ""
          ? previousRefreshToken
          : Option.some(Redacted.make(body.refresh_token))
      if (Option.isNone(rotated)) {
        return yield* new Unauthorized({
          system: options.system,
          operation: "refresh-token",
          detail: "the token endpoint returned no refresh token (is offline access / `offline_access` requested?)"
        })
      }
      return {
        accessToken: Redacted.make(body.access_token),
        refreshToken: rotated.value,
        expiresAtMillis: now + lifetime
      }
    }).pipe(RetryPolicy.retry(RetryPolicy.defaults, { idempotent: false }))

  return {
    refresh: (refreshToken) =>
      post({ grant_type: "refresh_token", refresh_token: Redacted.value(refreshToken) }, Option.some(refreshToken)),
    exchangeCode: (code, redirectUri) =>
      post({ grant_type: "authorization_code", code: Redacted.value(code), redirect_uri: redirectUri }, Option.none())
  }
}

// OAuth errors (RFC 6749 §5.2) that only a new consent can fix.
const reconnectCodes: ReadonlySet<string> = new Set(["invalid_grant", "invalid_client", "unauthorized_client"])

const asReconnect = (system: string, error: ConnectorError): ConnectorError => {
  if (error._tag === "UpstreamRejected" && error.vendorCode !== null && reconnectCodes.has(error.vendorCode)) {
    return reconnectRequired(system, `the token endpoint refused the grant (${error.vendorCode}: ${error.detail})`)
  }
  if (error._tag === "Unauthorized") {
    return reconnectRequired(system, `the token endpoint refused the client credentials (${error.detail})`)
  }
  return error
}
