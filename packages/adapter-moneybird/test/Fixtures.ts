/**
 * Moneybird's documented example invoices (from the official OpenAPI document), read as konto reads Moneybird
 * bodies: serialised, parsed with `ExactJson.parse`, decoded with the wire schema.
 */
import { ExactJson } from "@konto/core"
import { Schema } from "effect"
import * as Wire from "../src/wire.ts"
import { example } from "./MoneybirdOpenApi.ts"

const decodeInvoice = Schema.decodeUnknownSync(Wire.SalesInvoice)

/** A documented body as Moneybird's JSON text would arrive (numbers kept exactly). */
export const asReceived = (value: unknown): unknown => ExactJson.parse(JSON.stringify(value))

/** A documented invoice decoded. */
export const invoice = (value: unknown): Wire.SalesInvoice => decodeInvoice(asReceived(value))

/** A documented invoice with some of its documented fields set to other documented values (a variation, no new field). */
export const variation = (value: unknown, fields: Record<string, unknown>): unknown => ({
  ...(value as object),
  ...fields
})

const salesInvoices = "/{administration_id}/sales_invoices"

/** `GET /sales_invoices/{id}` "ReturnsInvoiceByGivenId": an open invoice, sent, unpaid, due 2026-09-04. */
export const openInvoice = (): unknown =>
  example(`${salesInvoices}/{id}{format}`, "get", "200", "ReturnsInvoiceByGivenId")

/** `POST /sales_invoices` "CreateABasicSalesInvoice": a new draft without invoice number or invoice date. */
export const draftInvoice = (): unknown =>
  example(`${salesInvoices}{format}`, "post", "201", "CreateABasicSalesInvoice")

/** `POST /sales_invoices` "CreateASalesInvoiceInAForeignCurrency": a draft in USD. */
export const foreignCurrencyDraft = (): unknown =>
  example(`${salesInvoices}{format}`, "post", "201", "CreateASalesInvoiceInAForeignCurrency")

/** `PATCH …/send_invoice` "ScheduleSending": an invoice scheduled to be sent on 2026-08-22. */
export const scheduledInvoice = (): unknown =>
  example(`${salesInvoices}/{id}/send_invoice{format}`, "patch", "200", "ScheduleSending")

/** `PATCH …/mark_as_uncollectible`: an invoice written off. */
export const uncollectibleInvoice = (): unknown =>
  example(
    `${salesInvoices}/{id}/mark_as_uncollectible{format}`,
    "patch",
    "200",
    "MarksTheSalesInvoiceAsUncollectibleUsingTheUncollectibleRevenue"
  )

/** `PATCH …/register_payment_creditinvoice`: a credit invoice, settled (paid, negative totals). */
export const paidCreditInvoice = (): unknown =>
  example(
    `${salesInvoices}/{id}/register_payment_creditinvoice{format}`,
    "patch",
    "200",
    "RegistersPaymentsForACreditInvoice"
  )

/** `PATCH …/duplicate_creditinvoice`: a new credit invoice draft for an original invoice. */
export const creditInvoiceDraft = (): unknown =>
  example(
    `${salesInvoices}/{id}/duplicate_creditinvoice{format}`,
    "patch",
    "200",
    "CreatesACreditInvoiceForASalesInvoice"
  )

/** `POST …/pause`: an open invoice whose workflow is paused. */
export const pausedInvoice = (): unknown =>
  example(`${salesInvoices}/{id}/pause{format}`, "post", "201", "PausesTheSalesInvoice")
