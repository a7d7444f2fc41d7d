// Invoices for the tests, written in konto's wire form (the field notes' example listing entry, extended).
import { Capabilities, ExactJson, SalesInvoice } from "@konto/core"
import { Schema } from "effect"

/** The field notes' example listing entry, with a 17-digit gross total no float can hold. */
export const documentedWire = {
  id: "5050d6f7-d16a-4376-b00d-a20390c77bde",
  reference: "INV001",
  dueDate: "2025-02-28",
  issueDate: "2025-01-29",
  createdDateTime: "2025-01-29T10:15:00Z",
  modifiedDateTime: null,
  isSent: null,
  accountingCustomerParty: {
    supplierAssignedAccountId: { id: "CUST001", schemeId: null },
    party: {
      partyIdentification: [{ id: "559079-0100", schemeId: "SE:ORGNR" }],
      partyName: { name: 'Kund, "Nord" AB', languageId: null },
      postalAddress: null,
      partyLegalEntity: { registrationName: null, companyId: { id: "559079-0100", schemeId: "SE:ORGNR" } },
      contact: null
    }
  },
  paymentTerms: null,
  notes: [],
  totalBalanceAmount: { amount: 800.5, currencyId: "SEK" },
  legalMonetaryTotal: {
    lineExtensionAmount: null,
    taxExclusiveAmount: null,
    taxInclusiveAmount: { amount: ExactJson.rawNumber("12345678901234567.89"), currencyId: "SEK" },
    prepaidAmount: null,
    payableRoundingAmount: null,
    payableAmount: { amount: 800.5, currencyId: "SEK" }
  },
  paymentStatus: { status: "PARTLY_PAID", settlementDate: null },
  source: { system: "fortnox", id: "1001", status: null },
  statuses: ["Unpaid", "Overdue"]
}

/** The documented entry, decoded. */
export const documented: SalesInvoice.SalesInvoiceSummary = Schema.decodeUnknownSync(SalesInvoice.SalesInvoiceSummary)(
  documentedWire
)

/** `count` distinct entries (`reference` INV1, INV2, …). */
export const numbered = (count: number, from = 1): ReadonlyArray<SalesInvoice.SalesInvoiceSummary> =>
  Array.from({ length: count }, (_, index) => withReference(`INV${from + index}`))

/** The documented entry under another invoice number. */
export const withReference = (reference: string): SalesInvoice.SalesInvoiceSummary =>
  Schema.decodeUnknownSync(SalesInvoice.SalesInvoiceSummary)({ ...documentedWire, reference })

/** A capability row with every kind of cell: native, emulated, vendor-cannot and not-built. */
export const capabilities: Capabilities.Capabilities = {
  operations: {
    list: Capabilities.supported,
    get: Capabilities.supported,
    create: Capabilities.operationVendorCannot("read-only API")
  },
  statusFilters: {
    Paid: Capabilities.native,
    Unpaid: Capabilities.native,
    Overdue: Capabilities.emulated("from the due date"),
    Cancelled: Capabilities.vendorCannot("no cancelled state"),
    Unbooked: Capabilities.notBuilt("later"),
    Unsent: Capabilities.emulated("from the sent flag"),
    Draft: Capabilities.vendorCannot("no drafts"),
    Sold: Capabilities.vendorCannot("no factoring")
  },
  invoiceDateRange: Capabilities.native,
  createdSince: Capabilities.emulated("from the creation time"),
  modifiedSince: Capabilities.native,
  orderByDate: Capabilities.emulated("konto sorts"),
  includes: { paymentStatus: Capabilities.supported, paymentTerms: Capabilities.supported },
  fields: [],
  paging: { maxPageSize: 500, totals: "exact" },
  rateLimits: []
}
