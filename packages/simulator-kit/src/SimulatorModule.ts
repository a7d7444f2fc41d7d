/**
 * `SimulatorModule`: what every adapter's `src/simulator.ts` exports as `simulator`, so the demo server, the
 * CLI's `--demo`, benchmarks and the conformance suite treat every system alike.
 */
import { type Connection, type SystemId, TokenStore } from "@konto/core"
import { Effect, Option, Record, Redacted } from "effect"
import type { FaultOptions } from "./Faults.ts"
import * as InvoiceSeed from "./InvoiceSeed.ts"
import type { Simulator } from "./Simulator.ts"

/** How to build a simulator instance. */
export interface SimulatorOptions {
  /** The invoices to hold. When absent, `invoiceCount` seeds are generated from `seed` and the module's profile. */
  readonly seeds?: Iterable<InvoiceSeed.InvoiceSeed>
  /** How many invoices to generate when `seeds` is absent (default 25). */
  readonly invoiceCount?: number
  /** Generator seed when `seeds` is absent (default 1). */
  readonly seed?: number
  /** "Today" for generated seeds (default `InvoiceSeed.defaultAsOf`). */
  readonly asOf?: InvoiceSeed.GeneratorOptions["asOf"]
  readonly faults?: FaultOptions
  /** Rate-limit windows are shortened by this factor (default 1: the vendor's limits; `Infinity`: none). */
  readonly rateLimitScale?: number
}

/** OAuth tokens a demo connection starts with (the caller stores them in its `TokenStore`). */
export interface DemoTokens {
  readonly accessToken: string
  readonly refreshToken: string
  readonly expiresAtMillis: number
}

/** A connection to a simulator, as plain strings (the caller wraps secrets in `Redacted`). */
export interface DemoConnection {
  /** The base URL the connector should use (the simulator's origin plus any vendor path prefix). */
  readonly baseUrl: string
  readonly settings: Readonly<Record<string, string>>
  readonly secrets: Readonly<Record<string, string>>
  /** For OAuth vendors: the tokens the simulator accepts from the start. */
  readonly tokens?: DemoTokens
}

/** What an adapter's `simulator` export is. */
export interface SimulatorModule {
  readonly system: SystemId.SystemId
  readonly displayName: string
  /** The vendor's documented largest page size (what a connector should ask for). */
  readonly documentedMaxPageSize: number
  /** What the vendor can represent: generated seeds stay within it. */
  readonly seedProfile: InvoiceSeed.SeedProfile
  /** A fresh simulator holding the given (or generated) invoices. */
  readonly make: (options: SimulatorOptions) => Effect.Effect<Simulator>
  /** The connection that reaches a simulator at `origin` (its `baseUrl`, or a served `http://127.0.0.1:port`). */
  readonly demoConnection: (origin: string) => DemoConnection
}

/** Declares a simulator module (identity; gives literal types a home). */
export const make = (module: SimulatorModule): SimulatorModule => module

/** The seeds a simulator should hold for `options`: the given ones, or generated within `profile`. */
export const seedsOf = (
  options: SimulatorOptions,
  profile: InvoiceSeed.SeedProfile
): Iterable<InvoiceSeed.InvoiceSeed> => options.seeds ?? InvoiceSeed.generate(generatorOptionsOf(options, profile))

/** The generator options `seedsOf` uses when no seeds are given (for lazy stores: `InvoiceSeed.at`). */
export const generatorOptionsOf = (
  options: SimulatorOptions,
  profile: InvoiceSeed.SeedProfile
): InvoiceSeed.GeneratorOptions => ({
  seed: options.seed ?? 1,
  count: options.invoiceCount ?? 25,
  profile,
  ...(options.asOf === undefined ? {} : { asOf: options.asOf })
})

/** A demo connection as konto uses it: core's `Connection`, and a token store holding its starting tokens. */
export interface DemoContext {
  readonly connection: Connection
  /** An in-memory `TokenStore`, primed with the demo's OAuth tokens when it has any. */
  readonly tokenStore: TokenStore.TokenStore["Service"]
}

/**
 * The connection that reaches a running simulator at `origin`, with secrets as `Redacted` and an in-memory token
 * store primed with the simulator's demo tokens — what tests, the CLI's `--demo` and benchmarks connect with.
 */
export const demoContext = (
  module: SimulatorModule,
  origin: string,
  options: { readonly connectionId: string; readonly timeZone: string }
): Effect.Effect<DemoContext> =>
  Effect.gen(function* () {
    const demo = module.demoConnection(origin)
    const connection: Connection = {
      connectionId: options.connectionId,
      system: module.system,
      timeZone: options.timeZone,
      baseUrl: Option.some(demo.baseUrl),
      settings: demo.settings,
      secrets: Record.map(demo.secrets, (secret, name) => Redacted.make(secret, { label: name }))
    }
    const tokenStore = yield* TokenStore.makeMemory
    if (demo.tokens !== undefined) {
      yield* tokenStore
        .compareAndSet(connection.connectionId, null, {
          accessToken: Redacted.make(demo.tokens.accessToken, { label: "accessToken" }),
          refreshToken: Redacted.make(demo.tokens.refreshToken, { label: "refreshToken" }),
          expiresAtMillis: demo.tokens.expiresAtMillis
        })
        // A fresh in-memory store cannot refuse the first write.
        .pipe(Effect.orDie)
    }
    return { connection, tokenStore }
  })
