/**
 * Accounting-system ids: an open, branded string. Each connector declares its own id, so a third-party adapter
 * adds a system without touching core. First-party ids follow API.1's `source` values where API.1 has one.
 */
import { Schema } from "effect"

/** An accounting system's id, e.g. `fortnox`: lower-case letters, digits and dashes. */
export const SystemId = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[a-z][a-z0-9-]{1,39}$/, { description: "a lower-case system id such as fortnox" })),
  Schema.brand("konto/SystemId")
)
export type SystemId = typeof SystemId.Type

/** Makes a system id from a literal; throws on an invalid id (for connector declarations). */
export const make = (id: string): SystemId => Schema.decodeUnknownSync(SystemId)(id)

/** The ids of konto's first-party systems (API.1's `source` values where it has one). */
export const FirstParty = {
  fortnox: "fortnox",
  bjornlunden: "bjornlunden",
  vismaeaccounting: "vismaeaccounting",
  tripletex: "tripletex",
  vismaeconomic: "vismaeconomic",
  billy: "billy",
  vismadinero: "vismadinero",
  procountor: "procountor",
  vismanetvisor: "vismanetvisor",
  businesscentral: "businesscentral",
  exactonline: "exactonline",
  quickbooks: "quickbooks",
  xero: "xero",
  bokio: "bokio",
  fileone: "fileone",
  moneybird: "moneybird",
  quiddly: "quiddly"
} as const
