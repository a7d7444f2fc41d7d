/**
 * Moneybird's identity and capability row, as data. Every query dimension says whether Moneybird does it
 * (`native`), konto does it over Moneybird's pages from facts each listed invoice carries (`emulated`), or nobody
 * can (`not-supported`, with the reason).
 *
 * "Native" status filters are Moneybird's `state:` filter; konto then checks each returned invoice against its
 * derived statuses, so a state Moneybird has not moved yet (an `open` invoice past its due date before Moneybird's
 * daily run marks it `late`) never makes a listing disagree with the statuses konto reports.
 */
import { Capabilities, SystemId } from "@konto/core"

/** Moneybird's system id. */
export const system: SystemId.SystemId = SystemId.make("moneybird")

/** Moneybird's display name (used in messages such as "Filtering by status Sold is not supported by Moneybird"). */
export const displayName = "Moneybird"

/** The largest `per_page` Moneybird accepts on a list (1–100). */
export const maxPageSize = 100

/** Moneybird's published rate limit: 150 requests per 5 minutes. */
export const rateLimit: Capabilities.RateLimit = {
  requests: 150,
  perMillis: 5 * 60_000,
  scope: "API token",
  detail:
    "Moneybird's published limit; over it Moneybird answers 429 with Retry-After. konto keeps under it " +
    "client-side, honours 429, and lists changes through the synchronization endpoints (100 invoices per request)"
}

/** Moneybird's capability row. */
export const capabilities: Capabilities.Capabilities = {
  operations: {
    list: Capabilities.supported,
    get: Capabilities.supported,
    create: Capabilities.supported
  },
  statusFilters: {
    Paid: { mode: "native", detail: "state:paid" },
    Unpaid: { mode: "native", detail: "state:open|pending_payment|reminded|late (partly paid invoices included)" },
    Overdue: {
      mode: "native",
      detail:
        "state:open|pending_payment|reminded|late, kept when due before today in the connection's time " +
        "zone (Moneybird marks open invoices late once a day)"
    },
    Cancelled: { mode: "native", detail: "state:uncollectible (written off); Moneybird has no cancelled state" },
    Unbooked: { mode: "native", detail: "state:draft|scheduled (not in the ledger until sent)" },
    Unsent: { mode: "native", detail: "state:draft|scheduled" },
    Draft: {
      mode: "native",
      detail: "state:draft|scheduled (a scheduled invoice is a finished draft waiting for its date)"
    },
    Sold: Capabilities.vendorCannot("Moneybird has no factoring: an invoice is never sold")
  },
  invoiceDateRange: {
    mode: "native",
    detail: "period:YYYYMMDD..YYYYMMDD (invoice date, inclusive); drafts without an invoice date are left out"
  },
  createdSince: { mode: "native", detail: "created_after (exclusive, to the second; konto keeps the inclusive bound)" },
  modifiedSince: {
    mode: "native",
    detail: "synchronization endpoints with updated_after: ids and versions, then up to 100 invoices per request"
  },
  orderByDate: Capabilities.emulated(
    "Moneybird's list takes no sort order: konto sorts the listing by invoice date (it buffers the listing)"
  ),
  includes: {
    paymentStatus: Capabilities.supported,
    paymentTerms: Capabilities.supported
  },
  fields: [
    "id",
    "reference",
    "sellerReference",
    "bookedInvoiceIndicator",
    "cancelledInvoiceIndicator",
    "issueDate",
    "dueDate",
    "createdDateTime",
    "modifiedDateTime",
    "creditInvoice",
    "documentCurrencyCode",
    "accountingCustomerParty",
    "paymentTerms",
    "taxTotals",
    "totalBalanceAmount",
    "legalMonetaryTotal",
    "paymentStatus",
    "isSent",
    "reminder",
    "invoiceLines"
  ],
  paging: { maxPageSize, totals: "none" },
  rateLimits: [rateLimit]
}
