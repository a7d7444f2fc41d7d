/**
 * One conformance run's world: a fresh simulator seeded with the subject's invoices, the connector's
 * `SalesInvoices` service for a connection to it (through the simulator's `HttpClient`, with an in-memory
 * `TokenStore` primed with the simulator's demo tokens), and a `TestClock` set to the morning of `asOf`.
 */
import { CalendarDate, type Connection, SalesInvoices, TokenStore } from "@konto/core"
import { type InvoiceSeed, type Simulator, SimulatorModule } from "@konto/simulator-kit"
import { Context, DateTime, Effect, Layer, type Scope } from "effect"
import { TestClock } from "effect/testing"
import { ConformanceFailure } from "./ConformanceFailure.ts"
import type { ResolvedSubject } from "./ConformanceSubject.ts"
import { drive, StuckOnTestClock } from "./TestClockDriver.ts"

/** A running harness. */
export interface Harness {
  readonly resolved: ResolvedSubject
  readonly simulator: Simulator.Simulator
  readonly invoices: SalesInvoices.SalesInvoicesShape
  readonly connection: Connection
  /** Runs a connector effect to completion, advancing the TestClock; any failure becomes a `ConformanceFailure`. */
  readonly run: <A, E>(check: string, what: string, effect: Effect.Effect<A, E>) => Effect.Effect<A, ConformanceFailure>
  /** Like `run`, but hands back the connector's failure (for checks that expect one). */
  readonly attempt: <A, E>(
    check: string,
    what: string,
    effect: Effect.Effect<A, E>
  ) => Effect.Effect<A, E | ConformanceFailure>
}

const localHour = (millis: number, timeZone: string): number =>
  Number(new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", hourCycle: "h23" }).format(millis))

/** 06:00 on `asOf` in the time zone: a whole working day of virtual time before the date changes. */
export const morningOf = (asOf: CalendarDate.CalendarDate, timeZone: string): number => {
  const sixUtc = Date.parse(`${asOf}T06:00:00Z`)
  for (let offsetHours = -14; offsetHours <= 14; offsetHours++) {
    const candidate = sixUtc - offsetHours * 3_600_000
    if (
      localHour(candidate, timeZone) === 6 &&
      CalendarDate.ofInstant(DateTime.makeUnsafe(candidate), timeZone) === asOf
    ) {
      return candidate
    }
  }
  return sixUtc
}

const describeError = (error: unknown): string => {
  if (typeof error === "object" && error !== null) {
    const tag = "_tag" in error ? String((error as { readonly _tag: unknown })._tag) : "Error"
    const message = "message" in error ? String((error as { readonly message: unknown }).message) : String(error)
    return `${tag}: ${message}`
  }
  return String(error)
}

/** Builds a harness for the subject (in a scope: the connector's layer is released with it). */
export const make = (
  resolved: ResolvedSubject,
  options?: { readonly seeds?: ReadonlyArray<InvoiceSeed.InvoiceSeed> }
): Effect.Effect<Harness, ConformanceFailure, Scope.Scope> =>
  Effect.gen(function* () {
    yield* TestClock.setTime(morningOf(resolved.asOf, resolved.timeZone))
    const simulator = yield* resolved.simulator.make({ seeds: options?.seeds ?? resolved.seeds, rateLimitScale: 1 })
    const { connection, tokenStore } = yield* SimulatorModule.demoContext(resolved.simulator, simulator.baseUrl, {
      connectionId: `conformance-${resolved.connector.id}`,
      timeZone: resolved.timeZone
    })
    const context = yield* Layer.build(
      resolved.connector
        .layer(connection)
        .pipe(Layer.provide(Layer.merge(simulator.layer, Layer.succeed(TokenStore.TokenStore, tokenStore))))
    ).pipe(
      Effect.mapError(
        (error) =>
          new ConformanceFailure({
            check: "setup",
            detail: `the connector's layer failed for the demo connection: ${describeError(error)}`
          })
      )
    )
    const invoices = Context.get(context, SalesInvoices.SalesInvoices)
    const attempt = <A, E>(check: string, what: string, effect: Effect.Effect<A, E>) =>
      drive(effect, { progress: () => simulator.requests.total() }).pipe(
        Effect.mapError((error) =>
          error instanceof StuckOnTestClock
            ? new ConformanceFailure({ check, detail: `${what} ${error.message}` })
            : error
        ),
        Effect.catchDefect((defect) =>
          Effect.fail(new ConformanceFailure({ check, detail: `${what} died: ${describeError(defect)}` }))
        )
      )
    const run = <A, E>(check: string, what: string, effect: Effect.Effect<A, E>) =>
      attempt(check, what, effect).pipe(
        Effect.mapError((error) =>
          error instanceof ConformanceFailure
            ? error
            : new ConformanceFailure({ check, detail: `${what} failed: ${describeError(error)}` })
        )
      )
    return { resolved, simulator, invoices, connection, run, attempt }
  })
