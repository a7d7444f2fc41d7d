/**
 * @konto/core — the canonical sales-invoice domain, status derivation, capability matrix and connector
 * contract. Pure: no I/O, no vendor logic.
 */
export * as CalendarDate from "./CalendarDate.ts"
export * as Capabilities from "./Capabilities.ts"
export * as CapabilityMatrix from "./CapabilityMatrix.ts"
export type { Connection, ConnectionField } from "./Connection.ts"
export * as Connector from "./Connector.ts"
export * from "./ConnectorError.ts"
export * as ConnectorRegistry from "./ConnectorRegistry.ts"
export * from "./deriveStatus.ts"
export * as Emulation from "./Emulation.ts"
/** The raw JSON number type, exported by name so schemas built on `Money.Decimal` have a nameable type. */
export type { RawJsonNumber } from "./ExactJson.ts"
export * as ExactJson from "./ExactJson.ts"
export type { InvoiceFacts } from "./InvoiceFacts.ts"
export * from "./InvoiceStatus.ts"
export * as ListQuery from "./ListQuery.ts"
export * as Money from "./Money.ts"
export * as SalesInvoice from "./SalesInvoice.ts"
export * as SalesInvoiceInput from "./SalesInvoiceInput.ts"
export * as SalesInvoices from "./SalesInvoices.ts"
export * as SchemeId from "./SchemeId.ts"
export * as SystemId from "./SystemId.ts"
export * as TokenStore from "./TokenStore.ts"
