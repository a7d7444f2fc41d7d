/**
 * Xero's capability row, as data.
 *
 * A status filter is native where Xero's `Statuses` parameter and `where` clause select exactly the invoices
 * konto's `deriveStatus` gives that status from the mapped facts (so the vendor's answer and konto's agree),
 * on both streams konto reads: /Invoices (`Type=="ACCREC"`) and /CreditNotes (`Type=="ACCRECCREDIT"`).
 * Unsent is emulated: `SentToContact` is not always present and a `where` on it is not documented.
 */
import { Capabilities, SystemId } from "@konto/core"

/** Xero's system id. */
export const system: SystemId.SystemId = SystemId.make("xero")

/** Xero's display name (used in messages such as "Filtering by status Sold is not supported by Xero"). */
export const displayName = "Xero"

/** Xero's largest page: `pageSize` up to 1,000 (the spec states no maximum; see the README). */
export const maxPageSize = 1000

/** Per-tenant call limits Xero documents (developer.xero.com/faq/limits). */
export const rateLimits = {
  perMinute: 60,
  perDay: 5000,
  concurrent: 5,
  appPerMinute: 10_000
} as const

/** The row konto declares for Xero. */
export const capabilities: Capabilities.Capabilities = {
  operations: {
    list: Capabilities.supported,
    get: Capabilities.supported,
    create: Capabilities.supported
  },
  statusFilters: {
    Paid: {
      mode: "native",
      detail: "Statuses=SUBMITTED,AUTHORISED,PAID and AmountDue<=0 (RemainingCredit for credit notes)"
    },
    Unpaid: {
      mode: "native",
      detail: "Statuses=SUBMITTED,AUTHORISED,PAID and AmountDue>0 (RemainingCredit for credit notes)"
    },
    Overdue: { mode: "native", detail: "as Unpaid, and DueDate<DateTime(today)" },
    Cancelled: { mode: "native", detail: "Statuses=VOIDED,DELETED" },
    Unbooked: { mode: "native", detail: "Statuses=DRAFT,SUBMITTED,DELETED (never posted to the ledger)" },
    Unsent: Capabilities.emulated("from SentToContact; Xero documents no filter on it and omits it on some invoices"),
    Draft: {
      mode: "native",
      detail: "Statuses=DRAFT (SUBMITTED, awaiting approval, is unbooked but no longer a draft)"
    },
    Sold: Capabilities.vendorCannot("Xero has no factoring: it cannot say whether an invoice was sold")
  },
  invoiceDateRange: { mode: "native", detail: "where Date>=DateTime(..) AND Date<=DateTime(..)" },
  createdSince: Capabilities.vendorCannot(
    "Xero exposes no creation time for invoices; If-Modified-Since covers created or modified"
  ),
  modifiedSince: { mode: "native", detail: "If-Modified-Since header (compared with UpdatedDateUTC)" },
  orderByDate: { mode: "native", detail: "order=Date ASC|DESC on each stream; konto merges the two ordered streams" },
  includes: {
    paymentStatus: Capabilities.supported,
    paymentTerms: Capabilities.operationVendorCannot("Xero invoices carry a due date, not payment terms")
  },
  fields: [
    "id",
    "reference",
    "buyerReference",
    "bookedInvoiceIndicator",
    "cancelledInvoiceIndicator",
    "issueDate",
    "dueDate",
    "modifiedDateTime",
    "creditInvoice",
    "documentCurrencyCode",
    "accountingCustomerParty",
    "taxTotals",
    "totalBalanceAmount",
    "legalMonetaryTotal",
    "paymentStatus",
    "isSent",
    "invoiceLines"
  ],
  paging: { maxPageSize, totals: "none" },
  rateLimits: [
    {
      requests: rateLimits.perMinute,
      perMillis: 60_000,
      scope: "tenant",
      detail: "at most 5 calls in flight per tenant"
    },
    { requests: rateLimits.perDay, perMillis: 86_400_000, scope: "tenant" },
    { requests: rateLimits.appPerMinute, perMillis: 60_000, scope: "app", detail: "across every tenant of the app" }
  ]
}
