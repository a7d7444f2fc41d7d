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
  Effect.gen(function*() {
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
export const salesInvoicesFor = (sim: FortnoxSimulator, connection: Connection, http: HttpClient.HttpClient = sim.client) =>
  Effect.provide(
    Effect.gen(function*() {
      return yield* SalesInvoices.SalesInvoices
    }),
    FortnoxConnector.layer(connection).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, http)))
  )

/** A simulator and the `SalesInvoices` service of a connection to it (clock set to the seeds' "today"). */
export const withFortnox = <A, E>(
  options: FortnoxSimulatorOptions,
  use: (service: SalesInvoices.SalesInvoicesShape, sim: FortnoxSimulator) => Effect.Effect<A, E, TokenStore.TokenStore>
) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(seedTodayMillis)
    const sim = yield* makeSimulator(options)
    const connection = connectionFor(sim)
    yield* storeDemoTokens(sim, connection.connectionId)
    return yield* use(yield* salesInvoicesFor(sim, connection), sim)
  }).pipe(Effect.provide(TokenStore.layerMemory))

/**
 * Runs an effect that waits on the `Clock` (rate limits, retry backoff, timeouts) to completion under `TestClock`,
 * moving virtual time in small steps; fails the test after `maxMillis` of virtual time.
 */
export const runOnTestClock = <A, E, R>(effect: Effect.Effect<A, E, R>, options: { readonly stepMillis?: number; readonly maxMillis?: number } = {}) =>
  Effect.gen(function*() {
    const step = options.stepMillis ?? 50
    const maxMillis = options.maxMillis ?? 3_600_000
    const fiber = yield* Effect.forkChild(effect)
    for (let elapsed = 0; elapsed <= maxMillis; elapsed += step) {
      for (let turn = 0; turn < 3; turn++) {
        yield* Effect.yieldNow
        const exit = fiber.pollUnsafe()
        if (exit !== undefined) return yield* exit
      }
      yield* TestClock.adjust(step)
    }
    return yield* Effect.die(`still running after ${maxMillis} ms of virtual time`)
  })
