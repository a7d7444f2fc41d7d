/**
 * `MoneybirdSync`: incremental synchronisation on Moneybird's synchronization endpoints — an extra service beside
 * core's `SalesInvoices` (DESIGN §5). Given the versions a caller already holds, it asks Moneybird once for every
 * invoice's id and version, then fetches only the new and changed invoices, 100 per request, and names the ids
 * that are gone.
 */
import { CalendarDate, type ConnectorError, ListQuery, type SalesInvoice } from "@konto/core"
import { Context, DateTime, Effect, Layer, Stream } from "effect"
import { MoneybirdClient } from "./client.ts"
import * as Mapping from "./mapping.ts"

/** One difference between what a caller holds and what Moneybird holds. */
export type SyncChange =
  /** A new invoice, or one whose version changed: the invoice as konto maps it, and its new version. */
  | {
      readonly _tag: "Changed"
      readonly id: string
      readonly version: string
      readonly invoice: SalesInvoice.SalesInvoice
    }
  /** An invoice the caller holds that Moneybird no longer has (deleted). */
  | { readonly _tag: "Removed"; readonly id: string }

/** Moneybird's incremental sync for the current connection. */
export class MoneybirdSync extends Context.Service<
  MoneybirdSync,
  {
    /** The version of every invoice matching the query's filter (default: every invoice), by id. One request. */
    readonly versions: (query?: ListQuery.ListQuery) => Effect.Effect<ReadonlyMap<string, string>, ConnectorError>
    /**
     * What changed since `known` (id → version, as `versions` or an earlier `changes` gave them): the changed and
     * new invoices first, fetched 100 per request, then the removed ids. Unchanged invoices are not fetched.
     */
    readonly changes: (known: ReadonlyMap<string, string>) => Stream.Stream<SyncChange, ConnectorError>
  }
>()("@konto/adapter-moneybird/MoneybirdSync") {}

/** What the sync service needs besides the client: the connection's time zone ("today" for statuses). */
export interface MoneybirdSyncOptions {
  readonly timeZone: string
}

/** Builds the sync service on a `MoneybirdClient`. */
export const make = (options: MoneybirdSyncOptions): Effect.Effect<MoneybirdSync["Service"], never, MoneybirdClient> =>
  Effect.gen(function* () {
    const client = yield* MoneybirdClient
    const today = Effect.map(DateTime.now, (now) => CalendarDate.ofInstant(now, options.timeZone))

    const versions = (query: ListQuery.ListQuery = ListQuery.all) =>
      Effect.map(
        client.versions(Mapping.filterTerms(query)),
        (entries) => new Map(entries.map((entry) => [entry.id, entry.version]))
      )

    const changes = (known: ReadonlyMap<string, string>): Stream.Stream<SyncChange, ConnectorError> =>
      Stream.unwrap(
        Effect.gen(function* () {
          const current = yield* versions()
          const asOf = yield* today
          const changed = [...current].filter(([id, version]) => known.get(id) !== version).map(([id]) => id)
          const removed = [...known.keys()].filter((id) => !current.has(id))
          const fetched = client.salesInvoicesByIds(changed).pipe(
            Stream.map(
              (invoice): SyncChange => ({
                _tag: "Changed",
                id: invoice.id,
                version: current.get(invoice.id) ?? String(invoice.version ?? ""),
                invoice: Mapping.invoiceFromWire(invoice, {
                  asOf,
                  include: { paymentStatus: true, paymentTerms: true }
                })
              })
            )
          )
          return Stream.concat(fetched, Stream.fromIterable(removed.map((id): SyncChange => ({ _tag: "Removed", id }))))
        })
      )

    return MoneybirdSync.of({ versions, changes })
  })

/** `make` as a layer over a `MoneybirdClient`. */
export const layer = (options: MoneybirdSyncOptions): Layer.Layer<MoneybirdSync, never, MoneybirdClient> =>
  Layer.effect(MoneybirdSync, make(options))
