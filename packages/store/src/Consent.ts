/**
 * A consent, modelled on API.1's Consents API (`ConsentDto`): the link between a customer in the caller's system
 * and that customer's accounting system, plus what konto needs to reach it — the attached system, time zone,
 * optional base-URL override, non-secret settings and (encrypted, never listed) secrets.
 */
import type { Connection, SystemId, TokenStore } from "@konto/core"
import type { DateTime, Option, Redacted } from "effect"
import { Schema } from "effect"
import type { ApiKeyId } from "./ApiKeys.ts"

/** A consent id: a UUID. */
export const ConsentId = Schema.String.pipe(Schema.check(Schema.isUUID()), Schema.brand("konto/ConsentId"))
export type ConsentId = typeof ConsentId.Type

/**
 * API.1's consent statuses: `Created` when made, `Accepted` once an accounting system is connected, `Revoked`
 * when the caller (or the customer) withdraws it, `Inactive` when the connection no longer works.
 */
export const ConsentStatus = Schema.Literals(["Created", "Accepted", "Revoked", "Inactive"])
export type ConsentStatus = typeof ConsentStatus.Type

/** API.1's integer codes for the statuses (`ConsentStatus` enum 0–3). */
export const statusCodes: { readonly [S in ConsentStatus]: 0 | 1 | 2 | 3 } = {
  Created: 0,
  Accepted: 1,
  Revoked: 2,
  Inactive: 3
}

/** The status for an API.1 integer code; `undefined` for an unknown code. */
export const statusFromCode = (code: number): ConsentStatus | undefined =>
  ConsentStatus.literals.find((status) => statusCodes[status] === code)

/** The time zone a consent's dates live in unless it says otherwise. */
export const defaultTimeZone = "Europe/Stockholm"

/** A stored consent. Secrets are not part of it: only their names. */
export interface Consent {
  readonly id: ConsentId
  /** The API key that owns it; every read and write is scoped by it. */
  readonly apiKeyId: ApiKeyId
  readonly name: string
  readonly status: ConsentStatus
  /** The connected accounting system (API.1's `source`), once connected. */
  readonly source: Option.Option<SystemId.SystemId>
  readonly systemSettingsId: Option.Option<string>
  readonly isTest: boolean
  /** IANA time zone; "today" for overdue checks is taken there. */
  readonly timeZone: string
  /** Overrides the system's base URL (sandboxes, proxies, simulators). */
  readonly baseUrl: Option.Option<string>
  /** Non-secret settings, e.g. `tenantId`, `administrationId`. */
  readonly settings: Readonly<Record<string, string>>
  /** The names of the stored secrets (their values are encrypted and only read into a `Connection`). */
  readonly secretNames: ReadonlyArray<string>
  readonly createdOn: DateTime.Utc
  readonly updatedOn: Option.Option<DateTime.Utc>
  /** Grows by one with every change; an ETag for `If-Match`. */
  readonly version: number
}

/** What connecting a consent to an accounting system takes. */
export interface ConnectionInput {
  readonly system: SystemId.SystemId
  /** Defaults to the consent's current time zone. */
  readonly timeZone?: string | undefined
  readonly baseUrl?: string | undefined
  readonly settings?: Readonly<Record<string, string>> | undefined
  readonly secrets?: Readonly<Record<string, Redacted.Redacted<string>>> | undefined
  /** OAuth tokens the connection starts with (stored through the token store, sealed). */
  readonly oauth?: TokenStore.OAuthTokens | undefined
}

/** What creating a consent takes (API.1's `CreateConsentDto` plus konto's connection). */
export interface ConsentInput {
  readonly name: string
  readonly systemSettingsId?: string | undefined
  readonly isTest?: boolean | undefined
  /** Defaults to `Europe/Stockholm`. */
  readonly timeZone?: string | undefined
  /** Connects it at once (status `Accepted`); otherwise it starts `Created`. */
  readonly connection?: ConnectionInput | undefined
}

/** A change to a consent (API.1's `UpdateConsentDto`). */
export interface ConsentPatch {
  readonly name?: string | undefined
  readonly status?: ConsentStatus | undefined
  readonly timeZone?: string | undefined
}

/** The order of a consent listing. */
export interface ConsentOrder {
  readonly field: "createdOn" | "updatedOn" | "name"
  readonly direction: "asc" | "desc"
}

/** A consent listing's filters and page (API.1's `GET /consents` query). */
export interface ConsentQuery {
  /** Page size, 1–100; default 50. */
  readonly count?: number | undefined
  /** 1-based; default 1. */
  readonly currentPage?: number | undefined
  readonly status?: ConsentStatus | undefined
  readonly source?: string | undefined
  readonly name?: string | undefined
  readonly isTest?: boolean | undefined
  readonly systemSettingsId?: string | undefined
  /** Consents created on this UTC day, `yyyy-MM-dd`. */
  readonly createdOn?: string | undefined
  /** Consents last updated on this UTC day, `yyyy-MM-dd`. */
  readonly updatedOn?: string | undefined
  /** Default: oldest first. */
  readonly orderBy?: ConsentOrder | undefined
}

/** One page of consents, with API.1's paging metadata. */
export interface ConsentPage {
  readonly consents: ReadonlyArray<Consent>
  readonly totalResources: number
  readonly totalPages: number
  readonly currentPage: number
}

/** A consent with its decrypted connection, ready for a connector's layer. */
export interface ConnectedConsent {
  readonly consent: Consent
  readonly connection: Connection
}

/** A one-time code for a consent (API.1's `OtcDto`): single use, short-lived. */
export interface OneTimeCode {
  readonly code: Redacted.Redacted<string>
  readonly expiresAt: DateTime.Utc
}

/** The access token a one-time code is exchanged for (API.1's `AccessTokenDto`): it acts for one consent. */
export interface ConsentAccessToken {
  readonly consentId: ConsentId
  readonly token: Redacted.Redacted<string>
  /** Seconds until it expires. */
  readonly expiresIn: number
}
