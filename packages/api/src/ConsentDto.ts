/**
 * The consents contract (API.1's Consents API): a consent is the link between one of the API client's
 * customers and that customer's accounting system. konto adds the connect step (`ConnectConsentDto`): attach a
 * system and its credentials, validated by the system's connector.
 */
import { Schema } from "effect"

/** A consent id (API.1 uses GUIDs). */
export const ConsentId = Schema.String.check(Schema.isGUID()).annotate({
  description: "The id of the consent (a GUID)."
})

/**
 * `ConsentStatus`: 0 CREATED (just created), 1 ACCEPTED (a system is connected), 2 REVOKED (revoked through
 * an update), 3 INACTIVE (the system no longer accepts the connection's credentials).
 */
export const ConsentStatus = Schema.Literals([0, 1, 2, 3]).annotate({
  identifier: "ConsentStatus",
  description: "0 CREATED, 1 ACCEPTED (connected), 2 REVOKED, 3 INACTIVE (credentials no longer accepted)."
})
export type ConsentStatus = typeof ConsentStatus.Type

/** The statuses by name. */
export const consentStatus = { created: 0, accepted: 1, revoked: 2, inactive: 3 } as const satisfies Record<
  string,
  ConsentStatus
>

/** `ConsentDto`. `source` is the connected system's id (`fortnox`, …), `null` until connected. */
export const ConsentDto = Schema.Struct({
  id: ConsentId,
  name: Schema.NullOr(Schema.String),
  status: ConsentStatus,
  source: Schema.NullOr(Schema.String),
  systemSettingsId: Schema.NullOr(Schema.String),
  createdOn: Schema.DateTimeUtcFromString,
  updatedOn: Schema.NullOr(Schema.DateTimeUtcFromString)
}).annotate({ identifier: "ConsentDto" })
export type ConsentDto = typeof ConsentDto.Type

/** `CreateConsentDto`. `systemsSettings` is accepted for compatibility and not used by konto. */
export const CreateConsentDto = Schema.Struct({
  name: Schema.String.check(Schema.isMinLength(1)),
  systemsSettings: Schema.optionalKey(Schema.NullOr(Schema.Record(Schema.String, Schema.String)))
}).annotate({ identifier: "CreateConsentDto" })
export type CreateConsentDto = typeof CreateConsentDto.Type

/** `UpdateConsentDto`: rename, or revoke (status 2). A consent becomes ACCEPTED by connecting it. */
export const UpdateConsentDto = Schema.Struct({
  status: Schema.optionalKey(ConsentStatus),
  name: Schema.optionalKey(Schema.NullOr(Schema.String))
}).annotate({ identifier: "UpdateConsentDto" })
export type UpdateConsentDto = typeof UpdateConsentDto.Type

/** `OtcDto`: a one-time code for the consent's onboarding flow. */
export const OtcDto = Schema.Struct({
  code: Schema.NullOr(Schema.String)
}).annotate({ identifier: "OtcDto" })

/** `ExchangeOtcDto`: trade a one-time code for a consent token. `grantType`, when given, is `otc`. */
export const ExchangeOtcDto = Schema.Struct({
  grantType: Schema.optionalKey(Schema.NullOr(Schema.String)),
  consentId: ConsentId,
  code: Schema.NullOr(Schema.String)
}).annotate({ identifier: "ExchangeOtcDto" })
export type ExchangeOtcDto = typeof ExchangeOtcDto.Type

/** `AccessTokenDto`: a consent token (a bearer token for that consent's connect step), valid `expiresIn` seconds. */
export const AccessTokenDto = Schema.Struct({
  token: Schema.NullOr(Schema.String),
  expiresIn: Schema.Int
}).annotate({ identifier: "AccessTokenDto" })

/** OAuth tokens a connection starts with; konto refreshes them from then on. */
export const OAuthTokensDto = Schema.Struct({
  accessToken: Schema.String.check(Schema.isMinLength(1)),
  refreshToken: Schema.String.check(Schema.isMinLength(1)),
  /** When the access token expires; absent means "treat as expired" (refreshed before first use). */
  expiresAt: Schema.optionalKey(Schema.DateTimeUtcFromString)
}).annotate({ identifier: "OAuthTokensDto" })
export type OAuthTokensDto = typeof OAuthTokensDto.Type

/**
 * konto's connect step: which system, and the connection's settings and secrets (see
 * `GET /api/v1/systems/{system}` for the fields each system asks for). Secrets are stored encrypted and never
 * returned; the connector checks them with one cheap call before the consent becomes ACCEPTED.
 */
export const ConnectConsentDto = Schema.Struct({
  system: Schema.String.check(Schema.isMinLength(1)),
  /** IANA time zone the invoice dates live in (default `Europe/Stockholm`). */
  timeZone: Schema.optionalKey(Schema.String),
  /** Overrides the vendor's base URL (sandboxes, proxies). */
  baseUrl: Schema.optionalKey(Schema.String),
  /** Non-secret settings such as `tenantId` or `administrationId`. */
  settings: Schema.optionalKey(Schema.Record(Schema.String, Schema.String)),
  /** Secrets such as API tokens or client secrets. */
  secrets: Schema.optionalKey(Schema.Record(Schema.String, Schema.String)),
  /** OAuth tokens, for systems connected through OAuth. */
  oauth: Schema.optionalKey(OAuthTokensDto)
}).annotate({ identifier: "ConnectConsentDto" })
export type ConnectConsentDto = typeof ConnectConsentDto.Type
