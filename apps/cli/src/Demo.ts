/**
 * `--demo`: a connection backed by a vendor simulator running in this process (mounted as the connector's
 * `HttpClient`, no sockets), with an in-memory token store primed with the simulator's demo tokens — everything
 * can be tried without vendor credentials. Rate limits — the simulator's and konto's client-side limiter alike —
 * are the vendor's unless `rateLimitScale` shortens their windows (Infinity: none).
 */
import { RateLimiter } from "@konto/connector-kit"
import { CalendarDate, type Connection, type ConnectorError, type SalesInvoices, TokenStore } from "@konto/core"
import { Effect, Layer, Option, Record, Redacted } from "effect"
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

/** konto's client-side limiters with their windows divided by `scale`, one per connection as usual. */
const scaledRateLimiters = (scale: number): Layer.Layer<RateLimiter.Registry> =>
  Layer.sync(RateLimiter.Registry, () => {
    const limiters = new Map<string, RateLimiter.RateLimiter>()
    return RateLimiter.Registry.of({
      get: (key, options) =>
        Effect.sync(() => {
          const existing = limiters.get(key)
          if (existing !== undefined) return existing
          const limiter =
            scale === Number.POSITIVE_INFINITY
              ? RateLimiter.unlimited
              : RateLimiter.makeUnsafe({
                  ...options,
                  windows: options.windows.map((window) => ({
                    ...window,
                    windowMillis: Math.max(1, window.windowMillis / scale)
                  }))
                })
          limiters.set(key, limiter)
          return limiter
        })
    })
  })

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
      const demo = module.demoConnection(simulator.baseUrl)
      const connection: Connection = {
        connectionId: `demo-${module.system}`,
        system: module.system,
        timeZone: CalendarDate.defaultTimeZone,
        baseUrl: Option.some(demo.baseUrl),
        settings: demo.settings,
        secrets: Record.map(demo.secrets, (secret) => Redacted.make(secret))
      }
      const tokenStore = yield* TokenStore.makeMemory
      if (demo.tokens !== undefined) {
        yield* tokenStore
          .compareAndSet(connection.connectionId, null, {
            accessToken: Redacted.make(demo.tokens.accessToken),
            refreshToken: Redacted.make(demo.tokens.refreshToken),
            expiresAtMillis: demo.tokens.expiresAtMillis
          })
          .pipe(Effect.orDie)
      }
      return connector
        .layer(connection)
        .pipe(
          Layer.provide(
            Layer.mergeAll(
              simulator.layer,
              Layer.succeed(TokenStore.TokenStore, tokenStore),
              scaledRateLimiters(options.rateLimitScale)
            )
          )
        )
    })
  )
