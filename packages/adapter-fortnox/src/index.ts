/**
 * @konto/adapter-fortnox — konto's connector for Fortnox (Sweden): sales invoices listed, read and created
 * through Fortnox's API v3, mapped to konto's canonical invoice. The Fortnox simulator is exported separately
 * (`@konto/adapter-fortnox/simulator`).
 */

import { JsonBody } from "@konto/connector-kit"
import {
  CalendarDate,
  Connector,
  type ConnectorError,
  Emulation,
  type InvoiceStatus,
  type ListQuery,
  type SalesInvoice,
  type SalesInvoiceInput,
  SalesInvoices
} from "@konto/core"
import { DateTime, Effect, Layer, Option, Result, Stream } from "effect"
import { capabilities, displayName, system } from "./capabilities.ts"
import * as Client from "./client.ts"
import * as Mapping from "./mapping.ts"

/** Fortnox's capability row (data), as `FortnoxConnector.capabilities`. */
export { capabilities } from "./capabilities.ts"
/** Fortnox's HTTP client (`FortnoxClient`, `make`, `layer`, `layerConfig`), for calls beyond sales invoices. */
export * as FortnoxClient from "./client.ts"
/** Fortnox's wire format (the payloads `FortnoxClient` speaks). */
export * as FortnoxWire from "./wire.ts"

/** What the sales-invoice service needs besides the client: the connection's time zone ("today" for Overdue). */
export interface FortnoxSalesInvoicesOptions {
  readonly timeZone: string
}

/**
 * Fortnox's sales invoices on a `FortnoxClient`: core's `SalesInvoices` with Fortnox's capability row, so
 * unsupported queries fail before any request and what Fortnox cannot filter is emulated by core.
 */
export const makeSalesInvoices = (
  options: FortnoxSalesInvoicesOptions
): Effect.Effect<SalesInvoices.SalesInvoicesShape, never, Client.FortnoxClient> =>
  Effect.gen(function* () {
    const client = yield* Client.FortnoxClient
    const today = Effect.map(DateTime.now, (now) => CalendarDate.ofInstant(now, options.timeZone))

    // Core removes emulated dimensions before calling `list`; a status Fortnox cannot filter is still checked
    // here, so the operation is correct on its own.
    const unfiltered = (query: ListQuery.ListQuery): Option.Option<InvoiceStatus> =>
      Option.filter(query.status, (status) => Option.isNone(Mapping.statusFilter(status)))

    const list = (query: ListQuery.ListQuery): Stream.Stream<SalesInvoice.SalesInvoiceSummary, ConnectorError> =>
      Stream.unwrap(
        Effect.map(today, (asOf) => {
          const summaries = client
            .invoices(Mapping.listParameters(query))
            .pipe(Stream.map((item) => Mapping.summaryFromListItem(item, { asOf, include: query.include })))
          return Option.match(unfiltered(query), {
            onNone: () => summaries,
            onSome: (status) => Stream.filter(summaries, (summary) => summary.statuses.includes(status))
          })
        })
      )

    const page = (query: ListQuery.ListQuery, request: ListQuery.PageRequest) =>
      Option.isSome(unfiltered(query))
        ? Emulation.pageFromStream(list(query), request)
        : Effect.gen(function* () {
            const asOf = yield* today
            const window = yield* client.invoicePage(Mapping.listParameters(query), request)
            return {
              ...window,
              items: window.items.map((item) => Mapping.summaryFromListItem(item, { asOf, include: query.include }))
            }
          })

    const get = (id: string, getOptions: SalesInvoices.GetOptions) =>
      Effect.gen(function* () {
        const invoice = yield* client.invoice(id)
        const asOf = yield* today
        return Mapping.invoiceFromWire(invoice, {
          asOf,
          include: { paymentStatus: getOptions.include.paymentStatus, paymentTerms: true }
        })
      })

    // A create whose answer was lost (timeout, dropped connection, 5xx, a body cut off) may have happened.
    const isLost = (error: ConnectorError): boolean =>
      error._tag === "UpstreamUnavailable" || JsonBody.isTransient(error)
    const recoverLostCreate = (idempotencyKey: string, lost: ConnectorError) =>
      client.findByExternalInvoiceReference1(idempotencyKey).pipe(
        Effect.mapError(() => lost),
        Effect.flatMap(
          Option.match({
            onNone: () => Effect.fail(lost),
            onSome: (found) => client.invoice(found.DocumentNumber)
          })
        )
      )

    // Idempotent by key: the key is written to ExternalInvoiceReference1, looked up before creating, and looked
    // up again when the create's answer is lost, so a retry never duplicates.
    const create = (input: SalesInvoiceInput.SalesInvoiceInput, createOptions: SalesInvoices.CreateOptions) =>
      Effect.gen(function* () {
        const key = createOptions.idempotencyKey
        const payload = Mapping.payloadFromInput(input, key)
        if (Result.isFailure(payload)) return yield* payload.failure
        const existing = yield* client.findByExternalInvoiceReference1(key)
        const created = Option.isSome(existing)
          ? yield* client.invoice(existing.value.DocumentNumber)
          : yield* client
              .createInvoice(payload.success)
              .pipe(Effect.catchIf(isLost, (lost) => recoverLostCreate(key, lost)))
        const asOf = yield* today
        return Mapping.invoiceFromWire(created, { asOf, include: { paymentStatus: true, paymentTerms: true } })
      })

    return SalesInvoices.make({ system, displayName, capabilities, vendor: { list, page, get, create } })
  })

/** `makeSalesInvoices` as a layer over a `FortnoxClient`. */
export const layerSalesInvoices = (
  options: FortnoxSalesInvoicesOptions
): Layer.Layer<SalesInvoices.SalesInvoices, never, Client.FortnoxClient> =>
  Layer.effect(SalesInvoices.SalesInvoices, makeSalesInvoices(options))

/** The Fortnox connector: system `fortnox`, its capability row, and the layer serving one connection. */
export const FortnoxConnector: Connector.Connector = Connector.make({
  id: system,
  displayName,
  capabilities,
  connectionFields: Client.connectionFields,
  layer: (connection) =>
    layerSalesInvoices({ timeZone: connection.timeZone }).pipe(
      Layer.provide(Layer.unwrap(Effect.map(Client.optionsFromConnection(connection), Client.layer)))
    )
})
