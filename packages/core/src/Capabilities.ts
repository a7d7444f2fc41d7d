/**
 * What a connector can do, declared as data: operations, every query dimension, includes, the canonical
 * fields it provides, paging and rate limits. Rendered to docs/capability-matrix.md, served by the API and
 * proven by the conformance suite.
 */
import { Schema } from "effect"
import { NotSupportedReason } from "./ConnectorError.ts"
import { InvoiceStatus } from "./InvoiceStatus.ts"

/** How an operation is supported. */
export const OperationSupport = Schema.Union([
  Schema.Struct({ support: Schema.Literals(["supported", "beta"]) }),
  Schema.Struct({ support: Schema.Literal("not-supported"), reason: NotSupportedReason, detail: Schema.String })
])
export type OperationSupport = typeof OperationSupport.Type

/** How a query dimension is served: by the vendor, by konto over the vendor's pages, or not at all. */
export const DimensionSupport = Schema.Union([
  Schema.Struct({ mode: Schema.Literal("native"), detail: Schema.optionalKey(Schema.String) }),
  Schema.Struct({ mode: Schema.Literal("emulated"), detail: Schema.String }),
  Schema.Struct({ mode: Schema.Literal("not-supported"), reason: NotSupportedReason, detail: Schema.String })
])
export type DimensionSupport = typeof DimensionSupport.Type

/** A vendor rate limit, e.g. 25 requests per 5 seconds per access token. */
export const RateLimit = Schema.Struct({
  requests: Schema.Int,
  perMillis: Schema.Int,
  scope: Schema.String,
  detail: Schema.optionalKey(Schema.String)
})
export type RateLimit = typeof RateLimit.Type

/** Canonical field paths (`SalesInvoice` keys) a connector fills from the vendor's data. */
export const CanonicalField = Schema.String

/** A connector's capability row. */
export const Capabilities = Schema.Struct({
  operations: Schema.Struct({
    list: OperationSupport,
    get: OperationSupport,
    create: OperationSupport
  }),
  statusFilters: Schema.Struct({
    Paid: DimensionSupport,
    Unpaid: DimensionSupport,
    Overdue: DimensionSupport,
    Cancelled: DimensionSupport,
    Unbooked: DimensionSupport,
    Unsent: DimensionSupport,
    Draft: DimensionSupport,
    Sold: DimensionSupport
  }),
  invoiceDateRange: DimensionSupport,
  createdSince: DimensionSupport,
  modifiedSince: DimensionSupport,
  orderByDate: DimensionSupport,
  includes: Schema.Struct({
    paymentStatus: OperationSupport,
    paymentTerms: OperationSupport
  }),
  fields: Schema.Array(CanonicalField),
  paging: Schema.Struct({
    maxPageSize: Schema.Int,
    totals: Schema.Literals(["exact", "none"])
  }),
  rateLimits: Schema.Array(RateLimit)
})
export type Capabilities = typeof Capabilities.Type

/** The query dimensions other than status filters. */
export type QueryDimension = "invoiceDateRange" | "createdSince" | "modifiedSince" | "orderByDate"

/** Shorthands for declaring capability rows. */
export const supported: OperationSupport = { support: "supported" }
export const beta: OperationSupport = { support: "beta" }
export const native: DimensionSupport = { mode: "native" }
export const emulated = (detail: string): DimensionSupport => ({ mode: "emulated", detail })
export const vendorCannot = (detail: string): DimensionSupport => ({
  mode: "not-supported",
  reason: "vendor-cannot",
  detail
})
export const notBuilt = (detail: string): DimensionSupport => ({ mode: "not-supported", reason: "not-built", detail })
export const operationVendorCannot = (detail: string): OperationSupport => ({
  support: "not-supported",
  reason: "vendor-cannot",
  detail
})
export const operationNotBuilt = (detail: string): OperationSupport => ({
  support: "not-supported",
  reason: "not-built",
  detail
})

/** Whether a status filter can be served (natively or by emulation). */
export const canFilter = (capabilities: Capabilities, status: InvoiceStatus): boolean =>
  capabilities.statusFilters[status].mode !== "not-supported"

/** The status schema, re-exported for capability consumers. */
export { InvoiceStatus }
