/**
 * @konto/adapter-xero — konto's connector for Xero: sales invoices (`ACCREC`) and sales credit notes
 * (`ACCRECCREDIT`) listed, read and created through Xero's Accounting API, mapped to konto's canonical invoice.
 * The Xero simulator is exported separately (`@konto/adapter-xero/simulator`).
 */
import {
  CalendarDate,
  Connector,
  type ConnectorError,
  type ListQuery,
  type SalesInvoice,
  type SalesInvoiceInput,
  SalesInvoices
} from "@konto/core"
import { DateTime, Effect, Layer, Result, Stream } from "effect"
import { capabilities, displayName, system } from "./capabilities.ts"
import * as Client from "./client.ts"
import * as Mapping from "./mapping.ts"

export { capabilities } from "./capabilities.ts"
/** Xero's HTTP client (`XeroClient`, `make`, `layer`, `layerConfig`), for calls beyond sales invoices. */
export * as XeroClient from "./client.ts"
/** Xero's wire format (the payloads `XeroClient` speaks). */
export * as XeroWire from "./wire.ts"

/** What the sales-invoice service needs besides the client: the connection's time zone ("today" for Overdue). */
export interface XeroSalesInvoicesOptions {
  readonly timeZone: string
}

/**
 * Xero's sales invoices on a `XeroClient`: core's `SalesInvoices` with Xero's capability row, so unsupported
 * queries fail before any request and what Xero cannot filter (Unsent) is emulated by core.
 */
export const makeSalesInvoices = (
  options: XeroSalesInvoicesOptions
): Effect.Effect<SalesInvoices.SalesInvoicesShape, never, Client.XeroClient> =>
  Effect.gen(function* () {
    const client = yield* Client.XeroClient
    const today = Effect.map(DateTime.now, (now) => CalendarDate.ofInstant(now, options.timeZone))

    const list = (query: ListQuery.ListQuery): Stream.Stream<SalesInvoice.SalesInvoiceSummary, ConnectorError> =>
      Stream.unwrap(
        Effect.map(today, (asOf) =>
          client
            .documents(Mapping.toDocumentQuery(query, asOf))
            .pipe(
              Stream.map((document) =>
                Mapping.toSalesInvoiceSummary(document, { asOf, includePaymentStatus: query.include.paymentStatus })
              )
            )
        )
      )

    const page = (query: ListQuery.ListQuery, request: ListQuery.PageRequest) =>
      Effect.gen(function* () {
        const asOf = yield* today
        const window = yield* client.documentPage(Mapping.toDocumentQuery(query, asOf), request)
        return {
          ...window,
          items: window.items.map((document) =>
            Mapping.toSalesInvoiceSummary(document, { asOf, includePaymentStatus: query.include.paymentStatus })
          )
        }
      })

    const get = (id: string, getOptions: SalesInvoices.GetOptions) =>
      Effect.gen(function* () {
        const document = yield* client.document(id)
        const asOf = yield* today
        return Mapping.toSalesInvoice(document, { asOf, includePaymentStatus: getOptions.include.paymentStatus })
      })

    // Idempotent by key: Xero's own `Idempotency-Key` header carries konto's key, so a create repeated after a
    // lost answer (by the client's retries or by the caller) returns the first result instead of a duplicate.
    const create = (input: SalesInvoiceInput.SalesInvoiceInput, createOptions: SalesInvoices.CreateOptions) =>
      Effect.gen(function* () {
        const document = Mapping.toDocumentInput(input)
        if (Result.isFailure(document)) return yield* document.failure
        const created = yield* client.create(document.success, createOptions.idempotencyKey)
        const asOf = yield* today
        return Mapping.toSalesInvoice(created, { asOf, includePaymentStatus: true })
      })

    return SalesInvoices.make({ system, displayName, capabilities, vendor: { list, page, get, create } })
  })

/** `makeSalesInvoices` as a layer over a `XeroClient`. */
export const layerSalesInvoices = (
  options: XeroSalesInvoicesOptions
): Layer.Layer<SalesInvoices.SalesInvoices, never, Client.XeroClient> =>
  Layer.effect(SalesInvoices.SalesInvoices, makeSalesInvoices(options))

/** The Xero connector: system `xero`, its capability row, and the layer serving one connection (one tenant). */
export const XeroConnector: Connector.Connector = Connector.make({
  id: system,
  displayName,
  capabilities,
  connectionFields: Client.connectionFields,
  layer: (connection) =>
    layerSalesInvoices({ timeZone: connection.timeZone }).pipe(
      Layer.provide(Layer.unwrap(Effect.map(Client.optionsFromConnection(connection), Client.layer)))
    )
})
