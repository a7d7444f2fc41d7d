/**
 * Invoices as terminal tables: a listing streamed row by row at fixed widths, and one invoice as labelled lines.
 * Amounts are exact and shown with at least two decimals; an unknown fact shows as `—`.
 */
import { Money, type SalesInvoice } from "@konto/core"
import { type BigDecimal, DateTime, Option } from "effect"
import * as InvoiceColumns from "./InvoiceColumns.ts"
import * as Table from "./Table.ts"

/** Shown for a fact the system does not expose. */
export const unknown = "—"

/** An exact amount with at least two decimals (`1250.5` → `1250.50`; more decimals are kept). */
export const amountText = (amount: BigDecimal.BigDecimal): string => {
  const plain = Money.formatDecimal(amount)
  if (plain.includes("e")) return plain
  const [whole, fraction = ""] = plain.split(".")
  return `${whole}.${fraction.padEnd(2, "0")}`
}

const orUnknown = (value: Option.Option<string>): string => Option.getOrElse(value, () => unknown)
const money = (value: Option.Option<Money.Money>): string => orUnknown(Option.map(value, (m) => amountText(m.amount)))
const gross = (invoice: SalesInvoice.SalesInvoiceSummary) =>
  Option.flatMap(invoice.legalMonetaryTotal, (total) => total.taxInclusiveAmount)
const customerName = (invoice: SalesInvoice.SalesInvoiceSummary) =>
  Option.flatMap(invoice.accountingCustomerParty, (party) => Option.flatMap(party.party.partyName, (name) => name.name))

/** The listing's columns. */
export const columns: ReadonlyArray<Table.Column<SalesInvoice.SalesInvoiceSummary>> = [
  { header: "NUMBER", width: 10, value: (invoice) => orUnknown(invoice.reference) },
  { header: "ISSUED", width: 10, value: (invoice) => orUnknown(invoice.issueDate) },
  { header: "DUE", width: 10, value: (invoice) => orUnknown(invoice.dueDate) },
  { header: "CUSTOMER", width: 24, value: (invoice) => orUnknown(customerName(invoice)) },
  { header: "TOTAL", width: 13, align: "right", value: (invoice) => money(gross(invoice)) },
  { header: "BALANCE", width: 13, align: "right", value: (invoice) => money(invoice.totalBalanceAmount) },
  { header: "CUR", width: 3, value: (invoice) => orUnknown(InvoiceColumns.currencyOf(invoice)) },
  { header: "STATUS", width: 24, value: (invoice) => invoice.statuses.join(", ") }
]

/** The streamed listing table. */
export const listing: Table.FixedTable<SalesInvoice.SalesInvoiceSummary> = Table.fixed(columns)

/** One invoice as labelled lines, then its invoice lines. */
export const details = (invoice: SalesInvoice.SalesInvoice): string => {
  const summary = InvoiceColumns.values(invoice)
  const byName = new Map(InvoiceColumns.names.map((name, index) => [name, summary[index]!] as const))
  const value = (name: string) => (byName.get(name) === "" ? unknown : (byName.get(name) ?? unknown))
  const fields: ReadonlyArray<readonly [string, string]> = [
    ["Number", value("reference")],
    ["Id", value("id")],
    ["Issue date", value("issueDate")],
    ["Due date", value("dueDate")],
    ["Customer", value("customerName")],
    ["Customer number", value("customerNumber")],
    ["Company id", value("customerCompanyId")],
    ["Currency", value("currency")],
    ["Net", money(Option.flatMap(invoice.legalMonetaryTotal, (total) => total.taxExclusiveAmount))],
    ["Gross", money(gross(invoice))],
    ["Balance", money(invoice.totalBalanceAmount)],
    ["Payment status", value("paymentStatus")],
    ["Statuses", invoice.statuses.length === 0 ? unknown : invoice.statuses.join(", ")],
    ["Sent", value("isSent")],
    ["Booked", orUnknown(Option.map(invoice.bookedInvoiceIndicator, String))],
    ["Modified", orUnknown(Option.map(invoice.modifiedDateTime, DateTime.formatIso))],
    [
      "Source",
      `${invoice.source.system} ${invoice.source.id}${Option.match(invoice.source.status, { onNone: () => "", onSome: (status) => ` (${status})` })}`
    ]
  ]
  const labelWidth = Math.max(...fields.map(([label]) => label.length))
  const head = fields.map(([label, text]) => `${label.padEnd(labelWidth)}  ${Table.cell(text)}\n`).join("")
  if (invoice.invoiceLines.length === 0) return head
  const lines = Table.render<SalesInvoice.InvoiceLine>(
    [
      { header: "LINE", value: (line) => orUnknown(line.id) },
      { header: "DESCRIPTION", value: (line) => orUnknown(Option.orElse(line.item.name, () => line.item.description)) },
      {
        header: "QUANTITY",
        align: "right",
        value: (line) =>
          orUnknown(
            Option.flatMap(line.invoicedQuantity, (quantity) => Option.map(quantity.quantity, Money.formatDecimal))
          )
      },
      {
        header: "PRICE",
        align: "right",
        value: (line) => money(Option.map(line.price, (price) => price.priceAmount))
      },
      { header: "AMOUNT", align: "right", value: (line) => money(line.lineExtensionAmount) }
    ],
    invoice.invoiceLines
  )
  return `${head}\n${lines}`
}
