// The root README's library example (test/readmeExample.test.ts runs it and keeps the README's copy identical).
import { FortnoxConnector } from "@konto/adapter-fortnox"
import { simulator } from "@konto/adapter-fortnox/simulator"
import { ListQuery, SalesInvoices, TokenStore } from "@konto/core"
import { SimulatorModule } from "@konto/simulator-kit"
import { BigDecimal, Effect, Layer, Option, Stream } from "effect"

export const overdueTotal = Effect.gen(function* () {
  // A Fortnox simulator in this process; against Fortnox itself, use FortnoxConnector.layer(connection) with
  // @effect/platform-node's HTTP client and @konto/store's TokenStore.
  const fortnox = yield* simulator.make({ invoiceCount: 200 })
  const demo = yield* SimulatorModule.demoContext(simulator, fortnox.baseUrl, {
    connectionId: "readme",
    timeZone: "Europe/Stockholm"
  })
  const invoices = FortnoxConnector.layer(demo.connection).pipe(
    Layer.provide(Layer.merge(fortnox.layer, Layer.succeed(TokenStore.TokenStore, demo.tokenStore)))
  )

  return yield* Effect.gen(function* () {
    const salesInvoices = yield* SalesInvoices.SalesInvoices
    // What overdue invoices leave to pay (credit notes count negative): pages walked for you, exact decimals.
    return yield* salesInvoices.list(ListQuery.make({ status: Option.some("Overdue") })).pipe(
      Stream.map((invoice) =>
        Option.match(invoice.totalBalanceAmount, { onNone: () => BigDecimal.fromBigInt(0n), onSome: (m) => m.amount })
      ),
      Stream.runFold(() => BigDecimal.fromBigInt(0n), BigDecimal.sum)
    )
  }).pipe(Effect.provide(invoices))
})
