/**
 * Capability rows for core's tests.
 */
import { Capabilities } from "@konto/core"

/** A capability row with every query dimension served the same way; tests override what they are about. */
export const capabilitiesWith = (
  dimension: Capabilities.DimensionSupport,
  overrides: Partial<Capabilities.Capabilities> = {}
): Capabilities.Capabilities => ({
  operations: { list: Capabilities.supported, get: Capabilities.supported, create: Capabilities.supported },
  statusFilters: {
    Paid: dimension,
    Unpaid: dimension,
    Overdue: dimension,
    Cancelled: dimension,
    Unbooked: dimension,
    Unsent: dimension,
    Draft: dimension,
    Sold: dimension
  },
  invoiceDateRange: dimension,
  createdSince: dimension,
  modifiedSince: dimension,
  orderByDate: dimension,
  includes: { paymentStatus: Capabilities.supported, paymentTerms: Capabilities.supported },
  fields: ["id", "reference"],
  paging: { maxPageSize: 100, totals: "exact" },
  rateLimits: [],
  ...overrides
})
