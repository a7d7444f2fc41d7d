/**
 * The Fortnox payloads under `test/fixtures/` (see its README for where each comes from), read exactly.
 */

import { readFileSync } from "node:fs"
import { ExactJson } from "@konto/core"
import { Schema } from "effect"
import * as Wire from "../src/wire.ts"

/** A fixture's text, verbatim. */
export const fixtureText = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8")

/** A fixture parsed as konto parses Fortnox bodies (`ExactJson.parse`). */
export const fixtureJson = (name: string): unknown => ExactJson.parse(fixtureText(name))

/** A list fixture decoded. */
export const invoiceList = (name: string): Wire.InvoiceList =>
  Schema.decodeUnknownSync(Wire.InvoiceList)(fixtureJson(name))

/** A full-invoice fixture decoded. */
export const invoice = (name: string): Wire.Invoice =>
  Schema.decodeUnknownSync(Wire.InvoiceWrap)(fixtureJson(name)).Invoice

/** The documented list example (NOTES-nordic.md, Fortnox's invoices page). */
export const documentedList = (): Wire.InvoiceList => invoiceList("invoices.documented.json")

/** The documented example's only invoice (DocumentNumber 1). */
export const documentedItem = (): Wire.InvoiceListItem => {
  const item = documentedList().Invoices[0]
  if (item === undefined) throw new Error("the documented example has an invoice")
  return item
}
