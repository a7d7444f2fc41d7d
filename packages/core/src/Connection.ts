/**
 * A connection: one consent's link to one accounting system, as a connector's layer receives it.
 */
import type { Option, Redacted } from "effect"
import type { SystemId } from "./SystemId.ts"

/** What a connector needs to reach one company's books. */
export interface Connection {
  /** Stable id (the consent id); token stores and rate limiters are keyed by it. */
  readonly connectionId: string
  readonly system: SystemId
  /** IANA time zone the invoice dates live in; "today" for overdue checks is taken there. */
  readonly timeZone: string
  /** Overrides the vendor's base URL (sandboxes, proxies, simulators). */
  readonly baseUrl: Option.Option<string>
  /** Non-secret settings, e.g. `administrationId`, `tenantId`. */
  readonly settings: Readonly<Record<string, string>>
  /** Secrets, e.g. `clientSecret`, `apiToken`. Never logged. */
  readonly secrets: Readonly<Record<string, Redacted.Redacted<string>>>
}

/** One setting or secret a connector asks for when connecting. */
export interface ConnectionField {
  readonly name: string
  readonly secret: boolean
  readonly required: boolean
  readonly description: string
}
