/**
 * The formats konto writes invoice listings in, each as an encoder of whole pieces of text: what comes before the
 * first invoice, each invoice, and what comes after the last. In the line formats (table, NDJSON, CSV) every
 * piece ends at a line boundary, so a writer that writes whole pieces never leaves half a line; the JSON array
 * is one document and is complete only once `end` is written.
 */
import type { SalesInvoice } from "@konto/core"
import { ExactJson } from "@konto/core"
import { Option, Schema } from "effect"
import * as Csv from "./Csv.ts"
import * as InvoiceTable from "./InvoiceTable.ts"
import * as Ndjson from "./Ndjson.ts"

/** A listing format: a terminal table, a JSON array, NDJSON or CSV. */
export const InvoiceFormat = Schema.Literals(["table", "json", "ndjson", "csv"])
export type InvoiceFormat = typeof InvoiceFormat.Type

/** The file formats of an export (one invoice per line or record). */
export const ExportFormat = Schema.Literals(["ndjson", "csv"])
export type ExportFormat = typeof ExportFormat.Type

/** Turns a stream of invoices into text. */
export interface InvoiceEncoder {
  /** Written before the first invoice (a CSV header, a table header, `[`). */
  readonly begin: string
  /** One invoice; `index` counts from 0. */
  readonly item: (summary: SalesInvoice.SalesInvoiceSummary, index: number) => string
  /** Written after the last invoice; `count` is how many there were. */
  readonly end: (count: number) => string
}

const jsonArray: InvoiceEncoder = {
  begin: "[",
  item: (summary, index) => (index === 0 ? "\n  " : ",\n  ") + ExactJson.stringify(Ndjson.summaryJson(summary)),
  end: (count) => (count === 0 ? "]\n" : "\n]\n")
}

/** The encoder of a format. */
export const encoder = (format: InvoiceFormat): InvoiceEncoder => {
  switch (format) {
    case "table":
      return {
        begin: InvoiceTable.listing.header,
        item: InvoiceTable.listing.row,
        end: (count) => (count === 0 ? "(no invoices)\n" : "")
      }
    case "json":
      return jsonArray
    case "ndjson":
      return { begin: "", item: Ndjson.line, end: () => "" }
    case "csv":
      return { begin: Csv.header, item: Csv.line, end: () => "" }
  }
}

/** The export format a file name implies (`.ndjson`, `.jsonl`, `.csv`); `none` for anything else. */
export const exportFormatOfPath = (path: string): Option.Option<ExportFormat> => {
  const lower = path.toLowerCase()
  if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) return Option.some("ndjson")
  if (lower.endsWith(".csv")) return Option.some("csv")
  return Option.none()
}
