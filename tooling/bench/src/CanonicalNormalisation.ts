/**
 * The foundation figure: canonical (API.1) JSON generated from the testkit's arbitraries, normalised the way
 * konto reads its own format — `ExactJson.parse`, decode `SalesInvoice`, `deriveStatus` from the decoded facts —
 * against `JSON.parse` alone on the same bytes.
 */
import { CalendarDate, deriveStatus, ExactJson, type InvoiceFacts, SalesInvoice } from "@konto/core"
import { Arbitraries } from "@konto/testkit"
import { Option, Schema } from "effect"
import * as fc from "fast-check"
import * as Normalisation from "./Normalisation.ts"

/** How much canonical JSON to normalise. */
export interface CanonicalOptions {
  readonly invoices: number
  /** Invoices per JSON document (a page). */
  readonly pageSize: number
  readonly seed: number
}

export const defaultOptions: CanonicalOptions = { invoices: 4_000, pageSize: 500, seed: 42 }

const asOf = CalendarDate.make("2025-06-15")

/** The facts a canonical invoice states about itself. */
export const factsOf = (invoice: SalesInvoice.SalesInvoice): InvoiceFacts => ({
  total: Option.flatMap(invoice.legalMonetaryTotal, (totals) =>
    Option.map(totals.taxInclusiveAmount, (money) => money.amount)
  ),
  balance: Option.map(invoice.totalBalanceAmount, (money) => money.amount),
  isCreditNote: Option.flatMap(invoice.creditInvoice, (credit) => credit.creditInvoiceIndicator),
  booked: invoice.bookedInvoiceIndicator,
  cancelled: invoice.cancelledInvoiceIndicator,
  // API.1 has no draft indicator on an invoice; a draft shows as unbooked.
  draft: Option.none(),
  sent: invoice.isSent,
  sold: invoice.isSold,
  dueDate: invoice.dueDate
})

/** Pages of canonical JSON, as konto's API writes them. */
export const documents = (options: CanonicalOptions): ReadonlyArray<string> => {
  const encode = Schema.encodeSync(SalesInvoice.SalesInvoice)
  const invoices = fc.sample(Arbitraries.salesInvoice, { seed: options.seed, numRuns: options.invoices })
  const pages: Array<string> = []
  for (let start = 0; start < invoices.length; start += options.pageSize) {
    pages.push(ExactJson.stringify(invoices.slice(start, start + options.pageSize).map((invoice) => encode(invoice))))
  }
  return pages
}

/** Measures the canonical figure. */
export const run = async (options: CanonicalOptions = defaultOptions): Promise<Normalisation.NormalisationFigure> => {
  const pages = documents(options)
  const decode = Schema.decodeUnknownSync(Schema.Array(SalesInvoice.SalesInvoice))
  const parseExact = () => pages.map((page) => ExactJson.parse(page))
  const decodeAll = () => pages.map((page) => decode(ExactJson.parse(page)))
  const decodeParsed = () => pages.map((page) => decode(JSON.parse(page)))
  const normalise = () => {
    let statuses = 0
    for (const page of pages) {
      for (const invoice of decode(ExactJson.parse(page))) {
        const derived = deriveStatus(factsOf(invoice), asOf)
        const normalised: SalesInvoice.SalesInvoice = {
          ...invoice,
          statuses: derived.statuses,
          paymentStatus: Option.map(invoice.paymentStatus, (status) => ({ ...status, status: derived.payment }))
        }
        statuses += normalised.statuses.length
      }
    }
    return statuses
  }
  return Normalisation.compare({
    subject: "canonical",
    path: "documents",
    pipeline: "ExactJson.parse → decode SalesInvoice → deriveStatus",
    invoices: options.invoices,
    documents: pages,
    normalise,
    stages: [
      { stage: "ExactJson.parse only", run: parseExact },
      { stage: "ExactJson.parse → decode SalesInvoice (no deriveStatus)", run: decodeAll },
      // Not exact for the arbitraries' 16–22-digit amounts: only shows what the decode costs on its own.
      { stage: "what-if: JSON.parse → decode SalesInvoice (inexact; not konto's path)", run: decodeParsed }
    ]
  })
}
