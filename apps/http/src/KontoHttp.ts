/**
 * The HTTP app's composition: configuration → connectors → store, registry and HTTP client → (demo
 * simulators and consents) → `@konto/server` on a Node HTTP server. Nothing here decides anything a package
 * could: it only wires.
 */

import { createServer } from "node:http"
import { join, resolve } from "node:path"
import { NodeHttpServer } from "@effect/platform-node"
import { ConnectorRegistry } from "@konto/core"
import { Demo, KontoServer } from "@konto/server"
import type { SimulatorServer } from "@konto/simulator-kit"
import { ApiKeys, type DataDirectoryLocked, Store, type StoreError } from "@konto/store"
import { type Config, Console, Effect, Layer, Option, Redacted } from "effect"
import { FetchHttpClient, HttpServer, type HttpServerError } from "effect/http"
import * as ConnectorModules from "./ConnectorModules.ts"
import * as DemoSimulators from "./DemoSimulators.ts"
import * as HttpConfig from "./HttpConfig.ts"

/** Registers the keys of `KONTO_API_KEYS` (the bootstrap admin path). */
const registerBootstrapKeys = (keys: ReadonlyArray<Redacted.Redacted<string>>) =>
  Effect.gen(function* () {
    const apiKeys = yield* ApiKeys.ApiKeys
    for (const key of keys) {
      yield* apiKeys
        .register({ label: "bootstrap", key })
        .pipe(
          Effect.catchTag("ApiKeyInvalid", () =>
            Effect.logWarning(
              "a KONTO_API_KEYS entry is not a konto key (konto_<16 hex>_<43 base64url>) or its id is taken; skipped"
            )
          )
        )
    }
  })

const dataDirectory = (): string => resolve(process.env["KONTO_DATA_DIR"]?.trim() || Store.defaultDataDirectory())

/** The first request to try, for the banner. */
const curl = (baseUrl: string, apiKey: string, consentId: string): string =>
  `curl -s -H 'x-api-key: ${apiKey}' -H 'x-correlation-id: ${crypto.randomUUID()}' ` +
  `'${baseUrl}/api/v1/consents/${consentId}/salesinvoices?Count=5&Include=paymentStatus'`

const announce = (demo: Option.Option<Demo.DemoSetup>) =>
  Effect.gen(function* () {
    const server = yield* HttpServer.HttpServer
    const baseUrl = HttpServer.formatAddress(server.address)
    const lines = [
      `konto is listening on ${baseUrl}`,
      `  docs:    ${baseUrl}/docs`,
      `  openapi: ${baseUrl}/openapi.json`
    ]
    if (Option.isSome(demo)) {
      const setup = demo.value
      const apiKey = Redacted.value(setup.apiKey)
      lines.push(`  API key: ${apiKey}`, "", "demo consents (each system served by its simulator):")
      if (setup.consents.length === 0) lines.push("  none: no registered connector ships a simulator")
      for (const consent of setup.consents) {
        const check = Option.match(consent.check, {
          onNone: () => "ok",
          onSome: (problem) => `not answering: ${problem}`
        })
        lines.push(`  ${consent.displayName.padEnd(12)} ${consent.system.padEnd(10)} ${consent.consentId}  ${check}`)
      }
      const first = setup.consents[0]
      if (first !== undefined) lines.push("", "try:", `  ${curl(baseUrl, apiKey, first.consentId)}`)
    }
    lines.push("", "Ctrl-C stops konto.")
    yield* Console.log(lines.join("\n"))
    yield* Effect.addFinalizer(() => Console.log("konto stopped"))
  })

/** Starts the simulators and sets up the demo key and consents. */
const startDemo = (settings: HttpConfig.HttpConfig, modules: ReadonlyArray<ConnectorModules.ConnectorModule>) =>
  Effect.gen(function* () {
    const systems = yield* DemoSimulators.start(modules, { invoiceCount: settings.demoInvoices })
    return yield* Demo.ensure({
      apiKey: settings.demoApiKey,
      keyFile: join(dataDirectory(), "demo-api-key"),
      systems
    })
  })

/** Why the server could not start. */
export type StartupError =
  | Config.ConfigError
  | DataDirectoryLocked
  | Demo.DemoSetupFailed
  | ConnectorRegistry.DuplicateConnector
  | HttpServerError.ServeError
  | SimulatorServer.SimulatorServerError
  | StoreError

/** The whole server process as a layer. */
export const layer: Layer.Layer<never, StartupError> = Layer.unwrap(
  Effect.gen(function* () {
    const settings = yield* HttpConfig.config
    const modules = yield* ConnectorModules.load(settings.connectors)
    const services = Layer.mergeAll(
      Store.layerConfig(),
      ConnectorRegistry.layer(modules.map((module) => module.connector)),
      FetchHttpClient.layer
    )
    const app = Layer.unwrap(
      Effect.gen(function* () {
        yield* registerBootstrapKeys(settings.apiKeys)
        const demo = settings.demo ? Option.some(yield* startDemo(settings, modules)) : Option.none<Demo.DemoSetup>()
        const server = KontoServer.layer({
          aliases: Option.match(demo, { onNone: () => [], onSome: (setup) => setup.aliases }),
          accessCache: { timeToLive: settings.accessCacheTimeToLive }
        }).pipe(Layer.provideMerge(NodeHttpServer.layer(createServer, { host: settings.host, port: settings.port })))
        return Layer.effectDiscard(announce(demo)).pipe(Layer.provide(server))
      })
    )
    return app.pipe(Layer.provide(services))
  })
)

/** The admin path for API keys: creates one and prints it (the only time it is shown). */
export const createApiKey = (label: string) =>
  Effect.gen(function* () {
    const apiKeys = yield* ApiKeys.ApiKeys
    const issued = yield* apiKeys.create({ label })
    yield* Console.log(`API key "${label}" (${issued.apiKey.prefix}): ${Redacted.value(issued.key)}`)
    yield* Console.log("It is shown only now; konto keeps only its hash.")
  }).pipe(Effect.provide(Store.layerConfig()))
