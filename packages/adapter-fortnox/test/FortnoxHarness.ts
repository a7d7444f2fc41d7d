/**
 * A Fortnox connection to a Fortnox simulator, for tests: the simulator's demo connection, its tokens in an
 * in-memory `TokenStore`, the connector's layer on the simulator's `HttpClient` — no sockets, `TestClock` time.
 */
import { type Connection, SalesInvoices, SystemId, TokenStore } from "@konto/core"
import { Effect, Layer, Option, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { TestClock } from "effect/testing"
import { FortnoxConnector } from "../src/index.ts"
import { type FortnoxSimulator, type FortnoxSimulatorOptions, makeSimulator, simulator } from "../src/simulator.ts"

/** "Today" of generated seeds at noon UTC: tests set the `TestClock` here so Overdue means something. */
export const seedTodayMillis = Date.parse("2025-06-15T10:00:00Z")

/** The connection konto would hold for the simulator's demo account. */
export const connectionFor = (sim: FortnoxSimulator, connectionId = "fortnox-test"): Connection => {
  const demo = simulator.demoConnection(sim.baseUrl)
  return {
    connectionId,
    system: SystemId.make("fortnox"),
    timeZone: "Europe/Stockholm",
    baseUrl: Option.some(demo.baseUrl),
    settings: demo.settings,
    secrets: Object.fromEntries(Object.entries(demo.secrets).map(([name, value]) => [name, Redacted.make(value)]))
  }
}

/** Stores the demo account's tokens for a connection. */
export const storeDemoTokens = (sim: FortnoxSimulator, connectionId: string, expiresAtMillis?: number) =>
  Effect.gen(function* () {
    const store = yield* TokenStore.TokenStore
    const tokens = simulator.demoConnection(sim.baseUrl).tokens
    if (tokens === undefined) return yield* Effect.die("the Fortnox demo connection has tokens")
    yield* store.compareAndSet(connectionId, null, {
      accessToken: Redacted.make(tokens.accessToken),
      refreshToken: Redacted.make(tokens.refreshToken),
      expiresAtMillis: expiresAtMillis ?? tokens.expiresAtMillis
    })
  })

/** The `SalesInvoices` service of a connection, over the given `HttpClient` (default: the simulator's). */
export const salesInvoicesFor = (
  sim: FortnoxSimulator,
  connection: Connection,
  http: HttpClient.HttpClient = sim.client
) =>
  Effect.provide(
    Effect.gen(function* () {
      return yield* SalesInvoices.SalesInvoices
    }),
    FortnoxConnector.layer(connection).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, http)))
  )

/** A simulator and the `SalesInvoices` service of a connection to it (clock set to the seeds' "today"). */
export const withFortnox = <A, E>(
  options: FortnoxSimulatorOptions,
  use: (service: SalesInvoices.SalesInvoicesShape, sim: FortnoxSimulator) => Effect.Effect<A, E, TokenStore.TokenStore>
) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(seedTodayMillis)
    const sim = yield* makeSimulator(options)
    const connection = connectionFor(sim)
    yield* storeDemoTokens(sim, connection.connectionId)
    return yield* use(yield* salesInvoicesFor(sim, connection), sim)
  }).pipe(Effect.provide(TokenStore.layerMemory))
