/**
 * An OAuth 2.0 token endpoint for simulators of OAuth vendors (Fortnox, Xero): the `refresh_token` grant
 * with single-use refresh tokens that rotate on every refresh (Fortnox's behaviour; a reused refresh token
 * is refused with `invalid_grant`), access tokens that expire on the effect `Clock`, and a bearer check for
 * the API routes.
 */
import { Effect } from "effect"
import * as Prng from "./Prng.ts"
import * as Route from "./Route.ts"
import * as SimulatorRequest from "./SimulatorRequest.ts"
import * as SimulatorResponse from "./SimulatorResponse.ts"

/** Why a bearer token was refused. */
export type BearerRefusal = "missing" | "unknown" | "expired"

/** How the token endpoint behaves. */
export interface OAuthServerOptions {
  readonly clientId: string
  readonly clientSecret: string
  /** Lifetime of an access token (default 1 hour). */
  readonly accessTokenTtlMillis?: number
  /** Lifetime of a refresh token (default 45 days, Fortnox's). */
  readonly refreshTokenTtlMillis?: number
  /** Each refresh token works once and a new one is issued (default `true`). */
  readonly rotateRefreshTokens?: boolean
  /** Tokens valid from the start (what a simulator's demo connection hands out). */
  readonly initial: {
    readonly accessToken: string
    readonly refreshToken: string
    /** When the initial access token expires (default: never). */
    readonly accessTokenExpiresAtMillis?: number
  }
  /** Seed for issued token strings (default 0). */
  readonly seed?: number
  /** Extra fields of the token response (e.g. `scope`). */
  readonly tokenResponseFields?: Readonly<Record<string, unknown>>
  /** The API's answer to a refused bearer token (default 401 JSON). */
  readonly unauthorized?: (
    request: SimulatorRequest.SimulatorRequest,
    refusal: BearerRefusal
  ) => SimulatorResponse.SimulatorResponse
}

/** A token endpoint and the bearer check that goes with it. */
export interface OAuthServer {
  /** The token endpoint route (`POST`, form-encoded; client credentials by Basic auth or in the form). */
  readonly tokenRoute: (path: string) => Route.Route
  /** Succeeds for a valid, unexpired bearer token; fails with the vendor's 401 otherwise. */
  readonly authenticate: (
    request: SimulatorRequest.SimulatorRequest
  ) => Effect.Effect<void, SimulatorResponse.SimulatorResponse>
  /** How many refreshes succeeded. */
  readonly refreshes: () => number
  /** Expires every access token now (forces a refresh). */
  readonly expireAccessTokens: () => void
  /** The refresh token that works now (the latest issued). */
  readonly currentRefreshToken: () => string
}

const tokenError = (status: number, error: string, description: string): SimulatorResponse.SimulatorResponse =>
  SimulatorResponse.json(status, { error, error_description: description })

const defaultUnauthorized = (
  _request: SimulatorRequest.SimulatorRequest,
  refusal: BearerRefusal
): SimulatorResponse.SimulatorResponse =>
  SimulatorResponse.json(401, { message: `Unauthorized: ${refusal} access token` }, { "www-authenticate": "Bearer" })

/** Makes a token endpoint with the given clients and initial tokens. */
export const make = (options: OAuthServerOptions): OAuthServer => {
  const accessTtl = options.accessTokenTtlMillis ?? 3_600_000
  const refreshTtl = options.refreshTokenTtlMillis ?? 45 * 86_400_000
  const rotate = options.rotateRefreshTokens ?? true
  const prng = Prng.make(options.seed ?? 0)
  const unauthorized = options.unauthorized ?? defaultUnauthorized
  const accessTokens = new Map<string, number>([
    [options.initial.accessToken, options.initial.accessTokenExpiresAtMillis ?? Number.POSITIVE_INFINITY]
  ])
  const refreshTokens = new Map<string, { readonly expiresAtMillis: number; used: boolean }>([
    [options.initial.refreshToken, { expiresAtMillis: Number.POSITIVE_INFINITY, used: false }]
  ])
  let latestRefreshToken = options.initial.refreshToken
  let refreshes = 0
  let issued = 0
  const mint = (kind: string): string => {
    issued += 1
    return `${kind}-${issued}-${prng.hex(24)}`
  }

  const clientOf = (request: SimulatorRequest.SimulatorRequest) => {
    const basic = SimulatorRequest.basicCredentials(request)
    if (basic !== undefined) return { id: basic.user, secret: basic.password }
    return { id: request.form.get("client_id") ?? "", secret: request.form.get("client_secret") ?? "" }
  }

  const tokenRoute = (path: string) =>
    Route.post(path, (request) =>
      Effect.suspend(() => {
        const client = clientOf(request)
        if (client.id !== options.clientId || client.secret !== options.clientSecret) {
          return Effect.fail(tokenError(401, "invalid_client", "Invalid client credentials"))
        }
        const grantType = request.form.get("grant_type")
        if (grantType !== "refresh_token") {
          return Effect.fail(
            tokenError(400, "unsupported_grant_type", `Grant type ${grantType ?? "(none)"} is not supported`)
          )
        }
        const presented = request.form.get("refresh_token") ?? ""
        const known = refreshTokens.get(presented)
        if (known === undefined || known.used || known.expiresAtMillis <= request.nowMillis) {
          return Effect.fail(tokenError(400, "invalid_grant", "Invalid refresh token"))
        }
        const accessToken = mint("access")
        accessTokens.set(accessToken, request.nowMillis + accessTtl)
        let refreshToken = presented
        if (rotate) {
          known.used = true
          refreshToken = mint("refresh")
          refreshTokens.set(refreshToken, { expiresAtMillis: request.nowMillis + refreshTtl, used: false })
          latestRefreshToken = refreshToken
        }
        refreshes += 1
        return Effect.succeed(
          SimulatorResponse.json(200, {
            access_token: accessToken,
            token_type: "bearer",
            expires_in: Math.floor(accessTtl / 1000),
            refresh_token: refreshToken,
            ...options.tokenResponseFields
          })
        )
      })
    )

  const authenticate = (request: SimulatorRequest.SimulatorRequest) =>
    Effect.suspend(() => {
      const token = SimulatorRequest.bearerToken(request)
      if (token === undefined) return Effect.fail(unauthorized(request, "missing"))
      const expiresAt = accessTokens.get(token)
      if (expiresAt === undefined) return Effect.fail(unauthorized(request, "unknown"))
      if (expiresAt <= request.nowMillis) return Effect.fail(unauthorized(request, "expired"))
      return Effect.void
    })

  return {
    tokenRoute,
    authenticate,
    refreshes: () => refreshes,
    expireAccessTokens: () => {
      for (const token of accessTokens.keys()) accessTokens.set(token, Number.NEGATIVE_INFINITY)
    },
    currentRefreshToken: () => latestRefreshToken
  }
}
