/**
 * `MoneybirdSending`: sending an invoice, an explicit operation beside core's `SalesInvoices` (DESIGN §5).
 * konto creates Moneybird invoices as drafts and never sends one implicitly; this service is the only place that
 * calls `PATCH /sales_invoices/{id}/send_invoice`. Sending is not retried after a lost answer (it could e-mail the
 * customer twice): the caller reads the invoice to learn whether it went out.
 */
import { CalendarDate, type ConnectorError, type SalesInvoice } from "@konto/core"
import { Context, DateTime, Effect, Layer } from "effect"
import { MoneybirdClient } from "./client.ts"
import * as Mapping from "./mapping.ts"
import type * as Wire from "./wire.ts"

/** How to send. Without options Moneybird uses the contact's and workflow's defaults. */
export interface SendOptions {
  readonly deliveryMethod?: Wire.DeliveryMethod
  /** Overrides the contact's address (e-mail delivery only). */
  readonly emailAddress?: string
  /** Overrides the workflow's message (e-mail delivery only). */
  readonly emailMessage?: string
  /** Attach a UBL file to the e-mail. */
  readonly deliverUbl?: boolean
  /** Schedules sending for this date instead of sending now (the invoice becomes `scheduled`). */
  readonly scheduledFor?: CalendarDate.CalendarDate
}

/** Sends Moneybird invoices of the current connection. */
export class MoneybirdSending extends Context.Service<
  MoneybirdSending,
  {
    /** Sends (or schedules) the invoice and returns it as it is afterwards. */
    readonly send: (id: string, options?: SendOptions) => Effect.Effect<SalesInvoice.SalesInvoice, ConnectorError>
  }
>()("@konto/adapter-moneybird/MoneybirdSending") {}

/** What the sending service needs besides the client: the connection's time zone ("today" for statuses). */
export interface MoneybirdSendingOptions {
  readonly timeZone: string
}

/** Moneybird's `sales_invoice_sending` for the options. */
export const sendingOf = (options: SendOptions = {}): Wire.SalesInvoiceSending => ({
  ...(options.deliveryMethod === undefined ? {} : { delivery_method: options.deliveryMethod }),
  ...(options.emailAddress === undefined ? {} : { email_address: options.emailAddress }),
  ...(options.emailMessage === undefined ? {} : { email_message: options.emailMessage }),
  ...(options.deliverUbl === undefined ? {} : { deliver_ubl: options.deliverUbl }),
  ...(options.scheduledFor === undefined ? {} : { sending_scheduled: true, invoice_date: options.scheduledFor })
})

/** Builds the sending service on a `MoneybirdClient`. */
export const make = (
  options: MoneybirdSendingOptions
): Effect.Effect<MoneybirdSending["Service"], never, MoneybirdClient> =>
  Effect.gen(function* () {
    const client = yield* MoneybirdClient
    const send = (id: string, sendOptions?: SendOptions) =>
      Effect.gen(function* () {
        const sent = yield* client.sendSalesInvoice(id, sendingOf(sendOptions))
        const asOf = CalendarDate.ofInstant(yield* DateTime.now, options.timeZone)
        return Mapping.invoiceFromWire(sent, { asOf, include: { paymentStatus: true, paymentTerms: true } })
      })
    return MoneybirdSending.of({ send })
  })

/** `make` as a layer over a `MoneybirdClient`. */
export const layer = (options: MoneybirdSendingOptions): Layer.Layer<MoneybirdSending, never, MoneybirdClient> =>
  Layer.effect(MoneybirdSending, make(options))
