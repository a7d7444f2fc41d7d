/**
 * Fortnox's identity and capability row, as data. Every query dimension says whether Fortnox does it (`native`),
 * konto does it over Fortnox's pages from facts each listed invoice carries (`emulated`), or nobody can
 * (`not-supported`, with the reason).
 */
import { Capabilities, SystemId } from "@konto/core"

/** Fortnox's system id (API.1's `source` value). */
export const system: SystemId.SystemId = SystemId.make("fortnox")

/** Fortnox's display name (used in messages such as "Filtering by status Draft is not supported by Fortnox"). */
export const displayName = "Fortnox"

/** The largest `limit` Fortnox accepts on a list (`limit` defaults to 100). */
export const maxPageSize = 500

/** Fortnox's published rate limit: 25 requests per 5 seconds per access token. */
export const rateLimit: Capabilities.RateLimit = {
  requests: 25,
  perMillis: 5_000,
  scope: "access token",
  detail: "Fortnox's published limit (about 300 per minute); konto keeps under it client-side and honours 429"
}

/** Fortnox's capability row. */
export const capabilities: Capabilities.Capabilities = {
  operations: {
    list: Capabilities.supported,
    get: Capabilities.supported,
    create: Capabilities.supported
  },
  statusFilters: {
    Paid: { mode: "native", detail: "filter=fullypaid" },
    Unpaid: { mode: "native", detail: "filter=unpaid (partly paid invoices included)" },
    Overdue: { mode: "native", detail: "filter=unpaidoverdue (overdue on Fortnox's date, Swedish time)" },
    Cancelled: { mode: "native", detail: "filter=cancelled" },
    Unbooked: Capabilities.emulated(
      "from Booked on each listed invoice: Fortnox's filter=unbooked leaves out cancelled invoices, " +
        "which are never booked and which konto lists as Unbooked"
    ),
    Unsent: Capabilities.emulated("from Sent on each listed invoice"),
    Draft: Capabilities.vendorCannot(
      "Fortnox has no draft state: an invoice is numbered when saved; unsaved work never reaches the API. " +
        "Unbooked invoices are listed under Unbooked"
    ),
    Sold: Capabilities.emulated("from NoxFinans (sold to Fortnox Finans) on each listed invoice")
  },
  invoiceDateRange: { mode: "native", detail: "fromdate and todate (invoice date, inclusive)" },
  createdSince: Capabilities.vendorCannot("Fortnox invoices carry no creation timestamp"),
  modifiedSince: {
    mode: "native",
    detail:
      "lastmodified, to the minute in Swedish time; invoices carry no modification timestamp, so " +
      "modifiedDateTime stays null"
  },
  orderByDate: { mode: "native", detail: "sortby=invoicedate with sortorder" },
  includes: {
    paymentStatus: Capabilities.supported,
    paymentTerms: Capabilities.supported
  },
  fields: [
    "id",
    "reference",
    "buyerReference",
    "sellerReference",
    "bookedInvoiceIndicator",
    "cancelledInvoiceIndicator",
    "issueDate",
    "dueDate",
    "creditInvoice",
    "notes",
    "orderReference",
    "documentCurrencyCode",
    "accountingCustomerParty",
    "paymentTerms",
    "taxTotals",
    "totalBalanceAmount",
    "legalMonetaryTotal",
    "paymentStatus",
    "isSent",
    "isSold",
    "reminder",
    "invoiceLines"
  ],
  paging: { maxPageSize, totals: "exact" },
  rateLimits: [rateLimit]
}
