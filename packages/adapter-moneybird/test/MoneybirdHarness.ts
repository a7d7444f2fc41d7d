/**
 * A Moneybird connection to a Moneybird simulator, for tests: the simulator's demo connection and the connector's
 * services (`SalesInvoices`, `MoneybirdSync`, `MoneybirdSending`) on the simulator's `HttpClient` — no sockets,
 * `TestClock` time. Requests can be recorded on the way out.
 */
import { CalendarDate, type Connection, SalesInvoices, SystemId } from "@konto/core"
import type { Simulator } from "@konto/simulator-kit"
import { Context, Effect, Layer, Option, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { TestClock } from "effect/testing"
import * as Moneybird from "../src/index.ts"
import { MoneybirdSending } from "../src/sending.ts"
import { type MoneybirdSimulatorOptions, make as makeSimulator, simulator } from "../src/simulator.ts"
import { MoneybirdSync } from "../src/sync.ts"

/** Morning of the seeds' "today" (2025-06-15) in Amsterdam: tests start the `TestClock` here. */
export const seedTodayMillis = Date.parse("2025-06-15T08:00:00Z")

/** The connection konto would hold for the simulator's demo administration. */
export const connectionFor = (sim: Simulator.Simulator, connectionId = "moneybird-test"): Connection => {
  const demo = simulator.demoConnection(sim.baseUrl)
  return {
    connectionId,
    system: SystemId.make("moneybird"),
    timeZone: "Europe/Amsterdam",
    baseUrl: Option.some(demo.baseUrl),
    settings: demo.settings,
    secrets: Object.fromEntries(Object.entries(demo.secrets).map(([name, value]) => [name, Redacted.make(value)]))
  }
}

/** One request as it left konto. */
export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
}

/** The simulator's client, recording every request into `requests`. */
export const recording = (sim: Simulator.Simulator, requests: Array<RecordedRequest>): HttpClient.HttpClient =>
  HttpClient.tapRequest(sim.client, (request) =>
    Effect.sync(() => {
      const url = new URL(request.url)
      const query = new URLSearchParams(url.search)
      for (const [name, value] of request.urlParams.params)
        query.append(name, typeof value === "string" ? value : Redacted.value(value))
      requests.push({ method: request.method, path: url.pathname, query })
    })
  )

/** The connector's services for a connection. */
export interface Services {
  readonly invoices: SalesInvoices.SalesInvoicesShape
  readonly sync: MoneybirdSync["Service"]
  readonly sending: MoneybirdSending["Service"]
}

/** The services of a connection over an `HttpClient` (default: the simulator's). */
export const servicesFor = (
  sim: Simulator.Simulator,
  connection: Connection,
  http: HttpClient.HttpClient = sim.client
) =>
  Effect.map(
    Layer.build(Moneybird.layer(connection).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, http)))),
    (context): Services => ({
      invoices: Context.get(context, SalesInvoices.SalesInvoices),
      sync: Context.get(context, MoneybirdSync),
      sending: Context.get(context, MoneybirdSending)
    })
  )

/** A simulator, its recorded requests and the services of a connection to it (clock at the seeds' "today"). */
export const withMoneybird = <A, E>(
  options: MoneybirdSimulatorOptions,
  use: (services: Services, sim: Simulator.Simulator, requests: ReadonlyArray<RecordedRequest>) => Effect.Effect<A, E>,
  startMillis = seedTodayMillis
) =>
  Effect.scoped(
    Effect.gen(function* () {
      yield* TestClock.setTime(startMillis)
      const sim = yield* makeSimulator(options)
      const requests: Array<RecordedRequest> = []
      const services = yield* servicesFor(sim, connectionFor(sim), recording(sim, requests))
      return yield* use(services, sim, requests)
    })
  )

/** A calendar date literal. */
export const day = CalendarDate.make
