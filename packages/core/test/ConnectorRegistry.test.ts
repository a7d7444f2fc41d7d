import { assert, describe, it } from "@effect/vitest"
import { CalendarDate, ConnectorRegistry, ListQuery, NotFound, SalesInvoices, TokenStore } from "@konto/core"
import { Effect, Layer, Option, Stream } from "effect"
import { HttpClient } from "effect/http"
import { acme, connector, ledger } from "./connectors.ts"

describe("ConnectorRegistry", () => {
  it.effect("finds registered connectors by id, in registration order", () =>
    Effect.gen(function* () {
      const registry = yield* ConnectorRegistry.make([acme, ledger])
      assert.deepStrictEqual(
        registry.connectors.map((entry) => entry.id),
        ["acme", "ledger-one"]
      )
      assert.strictEqual(yield* registry.get("ledger-one"), ledger)
    })
  )

  it.effect("duplicate ids fail", () =>
    Effect.gen(function* () {
      const error = yield* ConnectorRegistry.make([
        acme,
        ledger,
        connector("acme", "Acme again", acme.capabilities)
      ]).pipe(Effect.flip)
      assert.strictEqual(error._tag, "DuplicateConnector")
      assert.strictEqual(error.system, "acme")
      const layerError = yield* Effect.flip(Layer.build(ConnectorRegistry.layer([acme, acme])).pipe(Effect.scoped))
      assert.strictEqual(layerError._tag, "DuplicateConnector")
    })
  )

  it.effect("an unknown system fails, listing the known ones", () =>
    Effect.gen(function* () {
      const registry = yield* ConnectorRegistry.make([acme, ledger])
      const error = yield* registry.get("fortnox").pipe(Effect.flip)
      assert.strictEqual(error._tag, "UnknownSystem")
      assert.deepStrictEqual(error.known, ["acme", "ledger-one"])
      assert.strictEqual(error.message, `unknown system "fortnox"; registered: acme, ledger-one`)
    })
  )

  it.effect("the layer provides the registry service", () =>
    Effect.gen(function* () {
      const registry = yield* ConnectorRegistry.ConnectorRegistry
      assert.strictEqual((yield* registry.get("acme")).displayName, "Acme Books")
    }).pipe(Effect.provide(ConnectorRegistry.layer([acme, ledger])))
  )
})

/** Connectors may require an HTTP client; core's tests never reach the network. */
const offline = Layer.succeed(HttpClient.HttpClient)(
  HttpClient.make((request) => Effect.die(`no network in core tests: ${request.url}`))
)

describe("Connector", () => {
  it.effect("a connector's layer serves the SalesInvoices service of a connection", () =>
    Effect.gen(function* () {
      const invoices = yield* SalesInvoices.SalesInvoices
      assert.strictEqual(invoices.system, "acme")
      assert.deepStrictEqual(yield* Stream.runCollect(invoices.list(ListQuery.all)), [])
      assert.instanceOf(yield* invoices.get("1").pipe(Effect.flip), NotFound)
    }).pipe(
      Effect.provide(
        acme
          .layer({
            connectionId: "consent-1",
            system: acme.id,
            timeZone: CalendarDate.defaultTimeZone,
            baseUrl: Option.none(),
            settings: {},
            secrets: {}
          })
          .pipe(Layer.provide([TokenStore.layerMemory, offline]))
      )
    )
  )
})
