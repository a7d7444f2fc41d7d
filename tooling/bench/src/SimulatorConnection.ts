/**
 * A connector's `SalesInvoices` for a connection to a simulator, as konto's server would build it: the
 * simulator's demo connection, an in-memory `TokenStore` primed with its demo tokens, the given `HttpClient`,
 * and client rate limits scaled like the simulator's.
 */
import { type Connection, type ConnectorError, SalesInvoices, TokenStore } from "@konto/core"
import { Context, Effect, Layer, Option, Redacted, type Scope } from "effect"
import type { HttpClient } from "effect/http"
import * as ScaledRateLimits from "./ScaledRateLimits.ts"
import type { BenchSystem } from "./Systems.ts"

/** What a connection to a simulator needs. */
export interface SimulatorConnectionOptions {
  /** The simulator's origin: `http://127.0.0.1:<port>`, or an in-process simulator's `baseUrl`. */
  readonly origin: string
  /** The factor the simulator's rate-limit windows are shortened by (`Infinity`: no limits). */
  readonly rateLimitScale: number
  readonly timeZone?: string
}

/** Builds the `SalesInvoices` service of a connection to the simulator at `origin` (scoped). */
export const make = (
  system: BenchSystem,
  options: SimulatorConnectionOptions
): Effect.Effect<SalesInvoices.SalesInvoicesShape, ConnectorError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function* () {
    const demo = system.simulator.demoConnection(options.origin)
    const connection: Connection = {
      connectionId: `bench-${system.id}`,
      system: system.connector.id,
      timeZone: options.timeZone ?? "Europe/Stockholm",
      baseUrl: Option.some(demo.baseUrl),
      settings: demo.settings,
      secrets: Object.fromEntries(Object.entries(demo.secrets).map(([name, value]) => [name, Redacted.make(value)]))
    }
    const tokenStore = yield* TokenStore.makeMemory
    if (demo.tokens !== undefined) {
      yield* Effect.orDie(
        tokenStore.compareAndSet(connection.connectionId, null, {
          accessToken: Redacted.make(demo.tokens.accessToken),
          refreshToken: Redacted.make(demo.tokens.refreshToken),
          expiresAtMillis: demo.tokens.expiresAtMillis
        })
      )
    }
    const context = yield* Layer.build(
      system.connector
        .layer(connection)
        .pipe(
          Layer.provide(
            Layer.merge(
              Layer.succeed(TokenStore.TokenStore, tokenStore),
              ScaledRateLimits.layerRegistry(options.rateLimitScale)
            )
          )
        )
    )
    return Context.get(context, SalesInvoices.SalesInvoices)
  })
