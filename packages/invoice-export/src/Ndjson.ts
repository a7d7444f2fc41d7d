/**
 * NDJSON: one canonical invoice per line, as konto's wire JSON (API.1 field names, `null` for unknown facts, plus
 * `source` and `statuses`). Amounts are JSON number literals written from the exact decimal (`ExactJson`), so
 * `12345678901234567.89` stays `12345678901234567.89`.
 */
import { ExactJson, SalesInvoice } from "@konto/core"
import { Schema } from "effect"

const encodeSummary = Schema.encodeSync(SalesInvoice.SalesInvoiceSummary)
const encodeInvoice = Schema.encodeSync(SalesInvoice.SalesInvoice)

/** A listing entry as its wire JSON value (amounts as raw JSON numbers). */
export const summaryJson = (summary: SalesInvoice.SalesInvoiceSummary): unknown => encodeSummary(summary)

/** A full invoice as its wire JSON value (amounts as raw JSON numbers). */
export const invoiceJson = (invoice: SalesInvoice.SalesInvoice): unknown => encodeInvoice(invoice)

/** A listing entry as one NDJSON line (ends in `\n`). */
export const line = (summary: SalesInvoice.SalesInvoiceSummary): string =>
  ExactJson.stringify(summaryJson(summary)) + "\n"

/** A full invoice as one NDJSON line (ends in `\n`). */
export const invoiceLine = (invoice: SalesInvoice.SalesInvoice): string =>
  ExactJson.stringify(invoiceJson(invoice)) + "\n"
