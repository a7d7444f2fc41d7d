/**
 * The README's usage example, compiled (and run against the simulator by `readmeExample.test.ts`).
 */
import { FortnoxConnector } from "@konto/adapter-fortnox"
import {
  type Connection,
  type ConnectorError,
  ListQuery,
  type SalesInvoice,
  SalesInvoices,
  type TokenStore
} from "@konto/core"
import { Effect, Option, Redacted, Stream } from "effect"
import type { HttpClient } from "effect/http"

// One company's Fortnox: your integration's client id and secret; the OAuth tokens live in a TokenStore.
export const connection: Connection = {
  connectionId: "acme-fortnox",
  system: FortnoxConnector.id,
  timeZone: "Europe/Stockholm",
  baseUrl: Option.none(),
  settings: { clientId: "your-integration-client-id" },
  secrets: { clientSecret: Redacted.make("your-integration-client-secret") }
}

// Every overdue invoice, pages walked for you.
export const overdue = Effect.gen(function* () {
  const invoices = yield* SalesInvoices.SalesInvoices
  return yield* Stream.runCollect(invoices.list(ListQuery.make({ status: Option.some("Overdue") })))
})

// Provide the connection's layer, an HttpClient (FetchHttpClient.layer in production) and a TokenStore.
export const program = (
  forConnection: Connection
): Effect.Effect<
  ReadonlyArray<SalesInvoice.SalesInvoiceSummary>,
  ConnectorError,
  HttpClient.HttpClient | TokenStore.TokenStore
> => overdue.pipe(Effect.provide(FortnoxConnector.layer(forConnection)))
