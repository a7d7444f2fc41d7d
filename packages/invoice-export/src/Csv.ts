/**
 * CSV per RFC 4180: records end in CRLF; a field holding a comma, a double quote, CR or LF is enclosed in double
 * quotes with inner quotes doubled; every other field is written as it is. The header names `InvoiceColumns`.
 */
import type { SalesInvoice } from "@konto/core"
import * as InvoiceColumns from "./InvoiceColumns.ts"

const needsQuotes = /[",\r\n]/

/** One field, quoted when RFC 4180 requires it. */
export const field = (value: string): string => (needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value)

/** One record: the fields joined by commas, ended by CRLF. */
export const record = (fields: ReadonlyArray<string>): string => fields.map(field).join(",") + "\r\n"

/** The header record (the column names of `InvoiceColumns`). */
export const header: string = record(InvoiceColumns.names)

/** An invoice as one record in `InvoiceColumns` order. */
export const line = (invoice: SalesInvoice.SalesInvoiceSummary): string => record(InvoiceColumns.values(invoice))
