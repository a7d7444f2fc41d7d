/**
 * @konto/adapter-moneybird — konto's connector for Moneybird (the Netherlands): sales invoices listed, read and
 * created through Moneybird's API v2, mapped to konto's canonical invoice; incremental sync and sending as extra
 * services. The Moneybird simulator is exported separately (`@konto/adapter-moneybird/simulator`).
 */
import {
  CalendarDate,
  type Capabilities,
  type Connection,
  Connector,
  type ConnectorError,
  Emulation,
  type ListQuery,
  type SalesInvoice,
  type SalesInvoiceInput,
  SalesInvoices,
  type UpstreamUnavailable
} from "@konto/core"
import { BigDecimal, DateTime, Effect, Layer, Option, Result, Stream } from "effect"
import type { HttpClient } from "effect/http"
import { capabilities, displayName, system } from "./capabilities.ts"
import * as Client from "./client.ts"
import * as Mapping from "./mapping.ts"
import * as Sending from "./sending.ts"
import * as Sync from "./sync.ts"
import type * as Wire from "./wire.ts"

export { capabilities } from "./capabilities.ts"
/** Moneybird's HTTP client (`MoneybirdClient`, `make`, `layer`, `layerConfig`), for calls beyond sales invoices. */
export * as MoneybirdClient from "./client.ts"
/** Sending an invoice: `MoneybirdSending` (never implicit). */
export * as MoneybirdSending from "./sending.ts"
/** Incremental sync: `MoneybirdSync` (ids and versions, then only what changed). */
export * as MoneybirdSync from "./sync.ts"
/** Moneybird's wire format (the payloads `MoneybirdClient` speaks). */
export * as MoneybirdWire from "./wire.ts"

/** What the sales-invoice service needs besides the client: the connection's time zone ("today" for Overdue). */
export interface MoneybirdSalesInvoicesOptions {
  readonly timeZone: string
}

// konto's own check of Moneybird's answers: every dimension emulated, so `Emulation.plan` yields the predicate
// that states `ListQuery`'s meaning (the same one core applies to what it emulates).
const checkedByKonto: Capabilities.Capabilities = {
  ...capabilities,
  statusFilters: {
    Paid: { mode: "emulated", detail: "" },
    Unpaid: { mode: "emulated", detail: "" },
    Overdue: { mode: "emulated", detail: "" },
    Cancelled: { mode: "emulated", detail: "" },
    Unbooked: { mode: "emulated", detail: "" },
    Unsent: { mode: "emulated", detail: "" },
    Draft: { mode: "emulated", detail: "" },
    Sold: { mode: "emulated", detail: "" }
  },
  invoiceDateRange: { mode: "emulated", detail: "" },
  createdSince: { mode: "emulated", detail: "" },
  modifiedSince: { mode: "emulated", detail: "" },
  orderByDate: { mode: "native" }
}

/** Whether an invoice answers a query as `ListQuery` defines it. */
const matchesQuery = (
  query: ListQuery.ListQuery
): Option.Option<(summary: SalesInvoice.SalesInvoiceSummary) => boolean> =>
  Emulation.plan(checkedByKonto, query).residual

/**
 * Moneybird's sales invoices on a `MoneybirdClient`: core's `SalesInvoices` with Moneybird's capability row.
 *
 * A listing sends Moneybird's filter (state, a period that always covers the query, created_after) and checks
 * each invoice against the query where Moneybird's answer is not exact by itself (`Mapping.isExact`); a
 * modified-since listing goes through the synchronization endpoints. `create` is idempotent by key: the key is
 * Moneybird's `reference`, looked up before creating and again when the create's answer is lost.
 */
export const makeSalesInvoices = (
  options: MoneybirdSalesInvoicesOptions
): Effect.Effect<SalesInvoices.SalesInvoicesShape, never, Client.MoneybirdClient> =>
  Effect.gen(function* () {
    const client = yield* Client.MoneybirdClient
    const today = Effect.map(DateTime.now, (now) => CalendarDate.ofInstant(now, options.timeZone))

    const vendorInvoices = (query: ListQuery.ListQuery): Stream.Stream<Wire.SalesInvoice, ConnectorError> => {
      const filter = Mapping.filterTerms(query)
      return Option.isSome(query.modifiedSince)
        ? Stream.unwrap(
            Effect.map(client.versions(filter), (entries) =>
              client.salesInvoicesByIds(entries.map((entry) => entry.id))
            )
          )
        : client.salesInvoices(filter)
    }

    const list = (query: ListQuery.ListQuery): Stream.Stream<SalesInvoice.SalesInvoiceSummary, ConnectorError> =>
      Stream.unwrap(
        Effect.map(today, (asOf) => {
          const summaries = Stream.map(vendorInvoices(query), (invoice) =>
            Mapping.summaryFromWire(invoice, { asOf, include: query.include })
          )
          const check = matchesQuery(query)
          return Mapping.isExact(query) || Option.isNone(check) ? summaries : Stream.filter(summaries, check.value)
        })
      )

    const page = (query: ListQuery.ListQuery, request: ListQuery.PageRequest) =>
      Mapping.isExact(query)
        ? Effect.gen(function* () {
            const window = yield* client.salesInvoiceWindow(Mapping.filterTerms(query), request)
            const asOf = yield* today
            return {
              ...window,
              items: window.items.map((invoice) => Mapping.summaryFromWire(invoice, { asOf, include: query.include }))
            }
          })
        : Emulation.pageFromStream(list(query), request)

    // Moneybird's ids are digits; anything else is taken for an invoice number ("2026-0001").
    const get = (id: string, getOptions: SalesInvoices.GetOptions) =>
      Effect.gen(function* () {
        const invoice = yield* /^\d+$/.test(id) ? client.salesInvoice(id) : client.findByInvoiceId(id)
        const asOf = yield* today
        return Mapping.invoiceFromWire(invoice, {
          asOf,
          include: { paymentStatus: getOptions.include.paymentStatus, paymentTerms: true }
        })
      })

    const taxRateLookup = (input: SalesInvoiceInput.SalesInvoiceInput) =>
      Mapping.taxPercentages(input).length === 0
        ? Effect.succeed((_percent: BigDecimal.BigDecimal) => Option.none<string>())
        : Effect.map(client.salesTaxRates, (rates) => (percent: BigDecimal.BigDecimal) => {
            const candidates = rates.filter(
              (rate) =>
                rate.active !== false &&
                (rate.tax_rate_type ?? "sales_invoice") === "sales_invoice" &&
                rate.percentage !== null &&
                rate.percentage !== undefined &&
                BigDecimal.equals(rate.percentage, percent)
            )
            // A domestic rate (no country) before a foreign one of the same percentage.
            const chosen =
              candidates.find((rate) => rate.country === null || rate.country === undefined) ?? candidates[0]
            return Option.map(Option.fromNullishOr(chosen), (rate) => rate.id)
          })

    // A create whose answer was lost (timeout, dropped connection, 5xx) may have happened: look for the key.
    const recoverLostCreate = (idempotencyKey: string, lost: UpstreamUnavailable) =>
      client.findByReference(idempotencyKey).pipe(
        Effect.mapError(() => lost),
        Effect.flatMap(Option.match({ onNone: () => Effect.fail(lost), onSome: Effect.succeed }))
      )

    const create = (input: SalesInvoiceInput.SalesInvoiceInput, createOptions: SalesInvoices.CreateOptions) =>
      Effect.gen(function* () {
        const key = createOptions.idempotencyKey
        // Everything that does not need Moneybird's answers is checked before any request.
        const checked = Mapping.createRequest(input, {
          idempotencyKey: key,
          contactId: "0",
          taxRateId: () => Option.some("0")
        })
        if (Result.isFailure(checked)) return yield* checked.failure
        const customerNumber = Mapping.customerNumber(input)
        if (Result.isFailure(customerNumber)) return yield* customerNumber.failure
        const existing = yield* client.findByReference(key)
        const created = Option.isSome(existing)
          ? existing.value
          : yield* Effect.gen(function* () {
              const contact = yield* client.contactByCustomerId(customerNumber.success)
              if (Option.isNone(contact)) {
                return yield* Mapping.invalidCreate(
                  "accountingCustomerParty.supplierAssignedAccountId.id",
                  `no Moneybird contact has customer_id ${customerNumber.success}`
                )
              }
              const taxRateId = yield* taxRateLookup(input)
              const request = Mapping.createRequest(input, {
                idempotencyKey: key,
                contactId: contact.value.id,
                taxRateId
              })
              if (Result.isFailure(request)) return yield* request.failure
              return yield* client
                .createSalesInvoice(request.success)
                .pipe(Effect.catchTag("UpstreamUnavailable", (lost) => recoverLostCreate(key, lost)))
            })
        const asOf = yield* today
        return Mapping.invoiceFromWire(created, { asOf, include: { paymentStatus: true, paymentTerms: true } })
      })

    return SalesInvoices.make({ system, displayName, capabilities, vendor: { list, page, get, create } })
  })

/** `makeSalesInvoices` as a layer over a `MoneybirdClient`. */
export const layerSalesInvoices = (
  options: MoneybirdSalesInvoicesOptions
): Layer.Layer<SalesInvoices.SalesInvoices, never, Client.MoneybirdClient> =>
  Layer.effect(SalesInvoices.SalesInvoices, makeSalesInvoices(options))

/** Every service of one connection: core's `SalesInvoices`, `MoneybirdSync` and `MoneybirdSending`. */
export const layer = (
  connection: Connection
): Layer.Layer<
  SalesInvoices.SalesInvoices | Sync.MoneybirdSync | Sending.MoneybirdSending,
  ConnectorError,
  HttpClient.HttpClient
> => {
  const options = { timeZone: connection.timeZone }
  return Layer.mergeAll(layerSalesInvoices(options), Sync.layer(options), Sending.layer(options)).pipe(
    Layer.provide(Layer.unwrap(Effect.map(Client.optionsFromConnection(connection), Client.layer)))
  )
}

/** The Moneybird connector: system `moneybird`, its capability row, and the layer serving one connection. */
export const MoneybirdConnector: Connector.Connector = Connector.make({
  id: system,
  displayName,
  capabilities,
  connectionFields: Client.connectionFields,
  layer
})
