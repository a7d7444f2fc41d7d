/**
 * Demo mode: a demo API key and one connected consent per system, each system reached through its simulator.
 * Idempotent across restarts: the same key (from `KONTO_DEMO_API_KEY`, or generated once and kept in the data
 * directory) owns the same consents (found by name), which are connected again to the freshly started
 * simulators. Each connection is then checked with its connector, so the demo says which systems answer.
 *
 * The simulators themselves are the app's business (`@konto/simulator-kit`); this module only needs what a
 * simulator's `demoConnection` returns.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { type ConnectorError, ConnectorRegistry, SalesInvoices, SystemId, type TokenStore } from "@konto/core"
import { ApiKeys, Consents, type StoreError } from "@konto/store"
import { Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import type { HttpClient } from "effect/http"
import type { ApiKeyAlias } from "./Authentication.ts"

/** How a demo consent reaches a system's simulator (what `SimulatorModule.demoConnection` returns). */
export interface DemoConnection {
  readonly baseUrl: string
  readonly settings: Readonly<Record<string, string>>
  readonly secrets: Readonly<Record<string, string>>
  readonly tokens?:
    | { readonly accessToken: string; readonly refreshToken: string; readonly expiresAtMillis: number }
    | undefined
}

/** A system the demo connects. */
export interface DemoSystem {
  readonly system: string
  readonly displayName: string
  readonly connection: DemoConnection
}

/** Options of `ensure`. */
export interface DemoOptions {
  /** `KONTO_DEMO_API_KEY`, when set: a konto key is registered as is; any other text becomes an alias. */
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  /** Where a generated demo key is kept across restarts (inside the data directory). */
  readonly keyFile: string
  readonly systems: ReadonlyArray<DemoSystem>
}

/** One demo consent and whether its system answered. */
export interface DemoConsent {
  readonly system: string
  readonly displayName: string
  readonly consentId: string
  readonly check: Option.Option<string>
}

/** What the demo set up. */
export interface DemoSetup {
  readonly apiKey: Redacted.Redacted<string>
  /** For a `KONTO_DEMO_API_KEY` that is not a konto key: the alias the server must accept. */
  readonly aliases: ReadonlyArray<ApiKeyAlias>
  readonly consents: ReadonlyArray<DemoConsent>
}

/** The demo could not be set up. */
export class DemoSetupFailed extends Schema.TaggedError<DemoSetupFailed>()("DemoSetupFailed", {
  detail: Schema.String
}) {
  override get message(): string {
    return `the demo could not be set up: ${this.detail}`
  }
}

const label = "konto demo"

/** The consent name of a system's demo consent. */
export const consentName = (displayName: string): string => `Demo: ${displayName}`

const isKontoKey = (text: string): boolean => Option.isSome(ApiKeys.parseKeyId(text))

const storeFailed = (
  error:
    | StoreError
    | ApiKeys.ApiKeyInvalid
    | Consents.ConsentInputInvalid
    | Consents.ConsentNotFound
    | Consents.ConsentVersionMismatch
) => new DemoSetupFailed({ detail: error.message })

const readKeyFile = (file: string): Option.Option<string> =>
  existsSync(file) ? Option.filter(Option.some(readFileSync(file, "utf8").trim()), isKontoKey) : Option.none()

const writeKeyFile = (file: string, key: string) =>
  Effect.try({
    try: () => {
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, key + "\n", { mode: 0o600 })
    },
    catch: () => new DemoSetupFailed({ detail: `cannot write the demo key to ${file}` })
  })

/** The demo key and the store key it acts as. */
const resolveKey = (options: DemoOptions) =>
  Effect.gen(function* () {
    const apiKeys = yield* ApiKeys.ApiKeys
    if (Option.isSome(options.apiKey)) {
      const text = Redacted.value(options.apiKey.value)
      if (isKontoKey(text)) {
        const registered = yield* apiKeys
          .register({ label, key: options.apiKey.value })
          .pipe(Effect.mapError(storeFailed))
        return { apiKey: options.apiKey.value, apiKeyId: registered.id, aliases: [] }
      }
      // Any other text: the store cannot hold it, so it becomes an alias of the demo's own store key.
      const owner = yield* ownerKey(options.keyFile)
      return {
        apiKey: options.apiKey.value,
        apiKeyId: owner.id,
        aliases: [{ key: options.apiKey.value, apiKeyId: owner.id }]
      }
    }
    const owner = yield* ownerKey(options.keyFile)
    return { apiKey: owner.key, apiKeyId: owner.id, aliases: [] }
  })

/** The demo's store key: the one kept in the key file (registered again if the store was reset), or a new one. */
const ownerKey = (keyFile: string) =>
  Effect.gen(function* () {
    const apiKeys = yield* ApiKeys.ApiKeys
    const kept = readKeyFile(keyFile)
    if (Option.isSome(kept)) {
      const key = Redacted.make(kept.value, { label: "ApiKey" })
      const registered = yield* apiKeys.register({ label, key }).pipe(Effect.mapError(storeFailed))
      return { id: registered.id, key }
    }
    const issued = yield* apiKeys.create({ label }).pipe(Effect.mapError(storeFailed))
    yield* writeKeyFile(keyFile, Redacted.value(issued.key))
    return { id: issued.apiKey.id, key: issued.key }
  })

const checkConnection = (consentId: string, apiKeyId: ApiKeys.ApiKeyId) =>
  Effect.gen(function* () {
    const consents = yield* Consents.Consents
    const registry = yield* ConnectorRegistry.ConnectorRegistry
    const requirements = yield* Effect.context<HttpClient.HttpClient | TokenStore.TokenStore>()
    const connected = yield* consents.connection(apiKeyId, consentId).pipe(Effect.mapError((error) => error.message))
    const connector = yield* registry.get(connected.connection.system).pipe(Effect.mapError((error) => error.message))
    const services = yield* Layer.build(
      connector.layer(connected.connection).pipe(Layer.provide(Layer.succeedContext(requirements)))
    ).pipe(Effect.mapError((error: ConnectorError) => error.message))
    yield* Context.get(services, SalesInvoices.SalesInvoices).verify.pipe(Effect.mapError((error) => error.message))
  }).pipe(Effect.scoped, Effect.match({ onFailure: Option.some, onSuccess: () => Option.none<string>() }))

/** Sets up (or refreshes) the demo key and consents. */
export const ensure = (options: DemoOptions) =>
  Effect.gen(function* () {
    const consents = yield* Consents.Consents
    const key = yield* resolveKey(options)
    const existing = yield* consents.list(key.apiKeyId, { count: 100 }).pipe(Effect.mapError(storeFailed))
    const demoConsents: Array<DemoConsent> = []
    for (const demo of options.systems) {
      const connection = {
        system: SystemId.make(demo.system),
        baseUrl: demo.connection.baseUrl,
        settings: demo.connection.settings,
        secrets: Object.fromEntries(
          Object.entries(demo.connection.secrets).map(([name, value]) => [name, Redacted.make(value, { label: name })])
        ),
        ...(demo.connection.tokens === undefined
          ? {}
          : {
              oauth: {
                accessToken: Redacted.make(demo.connection.tokens.accessToken, { label: "accessToken" }),
                refreshToken: Redacted.make(demo.connection.tokens.refreshToken, { label: "refreshToken" }),
                expiresAtMillis: demo.connection.tokens.expiresAtMillis
              }
            })
      }
      const name = consentName(demo.displayName)
      const found = existing.consents.find((consent) => consent.name === name)
      const consent =
        found === undefined
          ? yield* consents.create(key.apiKeyId, { name, isTest: true, connection }).pipe(Effect.mapError(storeFailed))
          : yield* consents.connect(key.apiKeyId, found.id, connection).pipe(Effect.mapError(storeFailed))
      const check = yield* checkConnection(consent.id, key.apiKeyId)
      demoConsents.push({ system: demo.system, displayName: demo.displayName, consentId: consent.id, check })
    }
    return { apiKey: key.apiKey, aliases: key.aliases, consents: demoConsents } satisfies DemoSetup
  })
