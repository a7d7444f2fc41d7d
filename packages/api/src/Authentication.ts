/**
 * Who is calling. Every `/api` route takes an API key in `x-api-key` (API.1's `ApiKey` scheme); the connect
 * step also takes the short-lived consent token that `POST /api/v1/consents/auth/token` hands out for a
 * one-time code, so an end customer's onboarding flow can attach credentials without the API key.
 * The implementations live in `@konto/server`; clients only need the declarations.
 */
import { Context } from "effect"
import { HttpApiMiddleware, HttpApiSecurity } from "effect/http-api"
import { ServiceUnavailable, Unauthorized } from "./ApiProblem.ts"

/** The authenticated caller: the API key (by id, never the key) and, for a consent token, its consent. */
export interface CallerShape {
  readonly apiKeyId: string
  /** Set when the caller holds a consent token: it may touch this consent only. */
  readonly consentScope: string | undefined
}

/** The authenticated caller of the current request. */
export class Caller extends Context.Service<Caller, CallerShape>()("@konto/api/Caller") {}

/** The API key header (API.1's `ApiKey` security scheme). */
export const apiKeySecurity = HttpApiSecurity.apiKey({ key: "x-api-key", in: "header" })

/** The consent token from the one-time-code exchange, as `Authorization: Bearer <token>`. */
export const consentTokenSecurity = HttpApiSecurity.bearer

/** Requires a valid `x-api-key`; provides the `Caller`. Fails with 401 `Unauthorized` (503 when the store is down). */
export class ApiKeyAuth extends HttpApiMiddleware.Service<ApiKeyAuth, { provides: Caller }>()("@konto/api/ApiKeyAuth", {
  security: { ApiKey: apiKeySecurity },
  error: [Unauthorized, ServiceUnavailable],
  requiredForClient: true
}) {}

/** Requires a valid `x-api-key` or a consent token; provides the `Caller`. Fails with 401 `Unauthorized`. */
export class ConnectAuth extends HttpApiMiddleware.Service<ConnectAuth, { provides: Caller }>()(
  "@konto/api/ConnectAuth",
  {
    security: { ApiKey: apiKeySecurity, ConsentToken: consentTokenSecurity },
    error: [Unauthorized, ServiceUnavailable],
    requiredForClient: true
  }
) {}
