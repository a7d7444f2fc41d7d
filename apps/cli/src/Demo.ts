/**
 * `--demo`: a connection backed by a vendor simulator running in this process (mounted as the connector's
 * `HttpClient`, no sockets), with an in-memory token store primed with the simulator's demo tokens — everything
 * can be tried without vendor credentials. Rate limits — the simulator's and konto's client-side limiter alike —
 * are the vendor's unless `rateLimitScale` shortens their windows (Infinity: none).
 */
import { RateLimiter } from "@konto/connector-kit"
import { CalendarDate, type ConnectorError, type SalesInvoices, TokenStore } from "@konto/core"
import { SimulatorModule } from "@konto/simulator-kit"
import { Effect, Layer } from "effect"
import { connectors, simulators } from "./Connectors.ts"
import { UsageError } from "./UsageError.ts"

/** What a demo connection holds. */
export interface DemoOptions {
  readonly system: string
  readonly invoiceCount: number
  /** Rate-limit windows are divided by this (1: the vendor's limits; Infinity: none). */
  readonly rateLimitScale: number
}

/** The systems `--demo` can simulate. */
export const systems: ReadonlyArray<string> = simulators.map((module) => module.system)

/** The demo connection's sales invoices. */
export const layer = (options: DemoOptions): Layer.Layer<SalesInvoices.SalesInvoices, UsageError | ConnectorError> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const module = simulators.find((candidate) => candidate.system === options.system)
      const connector = connectors.find((candidate) => candidate.id === options.system)
      if (module === undefined || connector === undefined) {
        return yield* new UsageError({
          message: `--demo: no simulator for "${options.system}" (try ${systems.join(", ")})`
        })
      }
      const simulator = yield* module.make({
        invoiceCount: options.invoiceCount,
        rateLimitScale: options.rateLimitScale
      })
      const { connection, tokenStore } = yield* SimulatorModule.demoContext(module, simulator.baseUrl, {
        connectionId: `demo-${module.system}`,
        timeZone: CalendarDate.defaultTimeZone
      })
      return connector
        .layer(connection)
        .pipe(
          Layer.provide(
            Layer.mergeAll(
              simulator.layer,
              Layer.succeed(TokenStore.TokenStore, tokenStore),
              RateLimiter.layerRegistryScaled(options.rateLimitScale)
            )
          )
        )
    })
  )
