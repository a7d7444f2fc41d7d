/**
 * The README's usage example, compiled (and run against the simulator by `readmeExample.test.ts`).
 */
import { layer, MoneybirdConnector, MoneybirdSending, MoneybirdSync } from "@konto/adapter-moneybird"
import { type Connection, ListQuery, SalesInvoices } from "@konto/core"
import { Effect, Option, Redacted, Stream } from "effect"

// One Moneybird administration: its id and an API token with the sales_invoices scope.
export const connection: Connection = {
  connectionId: "acme-moneybird",
  system: MoneybirdConnector.id,
  timeZone: "Europe/Amsterdam",
  baseUrl: Option.none(),
  settings: { administrationId: "123456789" },
  secrets: { apiToken: Redacted.make("your-moneybird-api-token") }
}

// Every overdue invoice (pages walked for you), what changed since your last sync, and a draft sent.
export const program = Effect.gen(function* () {
  const invoices = yield* SalesInvoices.SalesInvoices
  const overdue = yield* Stream.runCollect(invoices.list(ListQuery.make({ status: Option.some("Overdue") })))

  const sync = yield* MoneybirdSync.MoneybirdSync
  const known = new Map<string, string>() // id → version, as you stored them at your last sync
  const changes = yield* Stream.runCollect(sync.changes(known))

  const sending = yield* MoneybirdSending.MoneybirdSending
  const drafts = yield* Stream.runCollect(invoices.list(ListQuery.make({ status: Option.some("Draft") })))
  const sent = drafts[0] === undefined ? Option.none() : Option.some(yield* sending.send(drafts[0].source.id))
  return { overdue, changes, sent }
})

// `layer` serves all three services (MoneybirdConnector.layer serves SalesInvoices alone, for a registry).
// Provide it and an HttpClient (FetchHttpClient.layer in production).
export const run = (forConnection: Connection) => program.pipe(Effect.provide(layer(forConnection)))
