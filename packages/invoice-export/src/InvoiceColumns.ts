/**
 * The flat column set konto exports a canonical invoice as (CSV, and the terminal table's source values).
 * Documented in the README; the order here is the order in a CSV file. An unknown fact is an empty value,
 * never `false` or `0`; amounts are exact decimal text; `statuses` are the derived statuses joined by `|`.
 */
import { Money, type SalesInvoice } from "@konto/core"
import { DateTime, Option } from "effect"

/** One exported column: its name (the CSV header), what it holds, and its value for an invoice. */
export interface InvoiceColumn {
  readonly name: string
  readonly description: string
  /** `none` for a fact the system does not expose. */
  readonly value: (invoice: SalesInvoice.SalesInvoiceSummary) => Option.Option<string>
}

const text = (value: Option.Option<string>): Option.Option<string> => value
const boolean = (value: Option.Option<boolean>): Option.Option<string> =>
  Option.map(value, (flag) => (flag ? "true" : "false"))
const timestamp = (value: Option.Option<DateTime.Utc>): Option.Option<string> => Option.map(value, DateTime.formatIso)
const amount = (value: Option.Option<Money.Money>): Option.Option<string> =>
  Option.map(value, (money) => Money.formatDecimal(money.amount))

const totals = (invoice: SalesInvoice.SalesInvoiceSummary) => invoice.legalMonetaryTotal
const customer = (invoice: SalesInvoice.SalesInvoiceSummary) => invoice.accountingCustomerParty

/** The invoice's currency: from the gross total, else the payable amount, else the balance. */
export const currencyOf = (invoice: SalesInvoice.SalesInvoiceSummary): Option.Option<string> => {
  const candidates: ReadonlyArray<Option.Option<Money.Money>> = [
    Option.flatMap(totals(invoice), (total) => total.taxInclusiveAmount),
    Option.flatMap(totals(invoice), (total) => total.payableAmount),
    invoice.totalBalanceAmount
  ]
  for (const candidate of candidates) {
    if (Option.isSome(candidate) && candidate.value.currencyId !== null) return Option.some(candidate.value.currencyId)
  }
  return Option.none()
}

/** The derived statuses as one value (`Unpaid|Overdue`); empty when none applies. */
export const statusesText = (invoice: SalesInvoice.SalesInvoiceSummary): string => invoice.statuses.join("|")

/** The exported columns, in order. */
export const columns: ReadonlyArray<InvoiceColumn> = [
  { name: "id", description: "konto's id of the invoice in its system", value: (invoice) => text(invoice.id) },
  { name: "reference", description: "the invoice number", value: (invoice) => text(invoice.reference) },
  { name: "issueDate", description: "invoice date, yyyy-MM-dd", value: (invoice) => text(invoice.issueDate) },
  { name: "dueDate", description: "due date, yyyy-MM-dd", value: (invoice) => text(invoice.dueDate) },
  {
    name: "customerNumber",
    description: "the customer's number in the seller's books (supplierAssignedAccountId)",
    value: (invoice) =>
      Option.flatMap(customer(invoice), (party) => Option.flatMap(party.supplierAssignedAccountId, (id) => id.id))
  },
  {
    name: "customerName",
    description: "the customer's name",
    value: (invoice) =>
      Option.flatMap(customer(invoice), (party) => Option.flatMap(party.party.partyName, (name) => name.name))
  },
  {
    name: "customerCompanyId",
    description: "the customer's company registration id (e.g. a Swedish organisation number)",
    value: (invoice) =>
      Option.flatMap(customer(invoice), (party) =>
        Option.flatMap(party.party.partyLegalEntity, (entity) => Option.flatMap(entity.companyId, (id) => id.id))
      )
  },
  { name: "currency", description: "ISO 4217 currency of the amounts", value: currencyOf },
  {
    name: "taxExclusiveAmount",
    description: "net total (legalMonetaryTotal.taxExclusiveAmount), exact",
    value: (invoice) => amount(Option.flatMap(totals(invoice), (total) => total.taxExclusiveAmount))
  },
  {
    name: "taxInclusiveAmount",
    description: "gross total (legalMonetaryTotal.taxInclusiveAmount), exact",
    value: (invoice) => amount(Option.flatMap(totals(invoice), (total) => total.taxInclusiveAmount))
  },
  {
    name: "payableAmount",
    description: "amount to pay (legalMonetaryTotal.payableAmount), exact",
    value: (invoice) => amount(Option.flatMap(totals(invoice), (total) => total.payableAmount))
  },
  {
    name: "totalBalanceAmount",
    description: "what is left to pay, exact (negative for an unsettled credit note)",
    value: (invoice) => amount(invoice.totalBalanceAmount)
  },
  {
    name: "paymentStatus",
    description: "UNPAID, PARTLY_PAID or FULLY_PAID, derived by konto from total and balance",
    value: (invoice) => Option.flatMap(invoice.paymentStatus, (payment) => payment.status)
  },
  {
    name: "statuses",
    description: "derived statuses joined by | (Paid, Unpaid, Overdue, Cancelled, Unbooked, Unsent, Draft, Sold)",
    value: (invoice) => Option.some(statusesText(invoice))
  },
  {
    name: "isSent",
    description: "whether the invoice was sent, true/false",
    value: (invoice) => boolean(invoice.isSent)
  },
  {
    name: "createdDateTime",
    description: "when the invoice was created, ISO 8601 UTC",
    value: (invoice) => timestamp(invoice.createdDateTime)
  },
  {
    name: "modifiedDateTime",
    description: "when the invoice last changed, ISO 8601 UTC",
    value: (invoice) => timestamp(invoice.modifiedDateTime)
  },
  {
    name: "sourceSystem",
    description: "the system's id (source.system)",
    value: (invoice) => Option.some(invoice.source.system)
  },
  {
    name: "sourceId",
    description: "the invoice's native id (source.id)",
    value: (invoice) => Option.some(invoice.source.id)
  },
  {
    name: "sourceStatus",
    description: "the system's own status value (source.status)",
    value: (invoice) => text(invoice.source.status)
  }
]

/** The column names, in order. */
export const names: ReadonlyArray<string> = columns.map((column) => column.name)

/** An invoice's values in column order; unknown facts are empty strings. */
export const values = (invoice: SalesInvoice.SalesInvoiceSummary): ReadonlyArray<string> =>
  columns.map((column) => Option.getOrElse(column.value(invoice), () => ""))
