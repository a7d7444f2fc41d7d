/**
 * `konto serve`: konto's HTTP API (`@konto/server`) on this machine's store, with the CLI's connectors. `--demo`
 * also serves every system's simulator on loopback with a demo API key and one connected consent per system.
 */

import { createServer } from "node:http"
import { join, resolve } from "node:path"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { ConnectorRegistry } from "@konto/core"
import { Demo, KontoServer } from "@konto/server"
import { SimulatorServer } from "@konto/simulator-kit"
import { Store } from "@konto/store"
import { Effect, Layer, Option, Redacted } from "effect"
import { Command, Flag } from "effect/cli"
import { HttpServer } from "effect/http"
import * as CommandFailure from "../CommandFailure.ts"
import { connectors, simulators } from "../Connectors.ts"
import * as Output from "../Output.ts"
import * as StoreAccess from "../StoreAccess.ts"

const dataDirectory = (): string => resolve(process.env["KONTO_DATA_DIR"]?.trim() || Store.defaultDataDirectory())

/** Every simulator on its own loopback port, and the demo key and consents for them. */
const startDemo = (invoiceCount: number) =>
  Effect.gen(function* () {
    const systems = yield* Effect.forEach(simulators, (module) =>
      Effect.gen(function* () {
        const instance = yield* module.make({ invoiceCount })
        const served = yield* SimulatorServer.serve(instance, { host: "127.0.0.1", port: 0 })
        return {
          system: module.system,
          displayName: module.displayName,
          connection: module.demoConnection(served.baseUrl)
        }
      })
    )
    return yield* Demo.ensure({ apiKey: Option.none(), keyFile: join(dataDirectory(), "demo-api-key"), systems })
  })

const announce = (demo: Option.Option<Demo.DemoSetup>) =>
  Effect.gen(function* () {
    const server = yield* HttpServer.HttpServer
    const baseUrl = HttpServer.formatAddress(server.address)
    const lines = [`konto is listening on ${baseUrl} (docs: ${baseUrl}/docs)`]
    if (Option.isSome(demo)) {
      lines.push(`demo API key: ${Redacted.value(demo.value.apiKey)}`)
      for (const consent of demo.value.consents) {
        const check = Option.match(consent.check, {
          onNone: () => "ok",
          onSome: (problem) => `not answering: ${problem}`
        })
        lines.push(`demo consent ${consent.consentId}  ${consent.displayName} (${check})`)
      }
    }
    lines.push("Ctrl-C stops it.")
    yield* Output.note(lines.join("\n"))
  })

/** The command. */
export const serve = Command.make(
  "serve",
  {
    host: Flag.String("host").pipe(Flag.withDescription("Interface to listen on"), Flag.withDefault("127.0.0.1")),
    port: Flag.Int("port").pipe(Flag.withDescription("Port to listen on (0: any free port)"), Flag.withDefault(3000)),
    demo: Flag.Boolean("demo").pipe(
      Flag.withDescription("Also serve every system's simulator, with a demo API key and one consent per system"),
      Flag.withDefault(false)
    ),
    demoInvoices: Flag.Int("demo-invoices").pipe(
      Flag.withDescription("Invoices per simulator (with --demo)"),
      Flag.withDefault(25)
    )
  },
  (input) => {
    const app = Layer.unwrap(
      Effect.gen(function* () {
        const demo = input.demo ? Option.some(yield* startDemo(input.demoInvoices)) : Option.none<Demo.DemoSetup>()
        const server = KontoServer.layer({
          aliases: Option.match(demo, { onNone: () => [], onSome: (setup) => setup.aliases })
        }).pipe(Layer.provideMerge(NodeHttpServer.layer(createServer, { host: input.host, port: input.port })))
        return Layer.effectDiscard(announce(demo)).pipe(Layer.provide(server))
      })
    )
    return CommandFailure.handle(
      Layer.launch(app).pipe(
        Effect.provide(
          Layer.mergeAll(StoreAccess.layer, ConnectorRegistry.layer(connectors), NodeHttpClient.layerUndici)
        )
      )
    )
  }
).pipe(
  Command.withDescription("Serve konto's HTTP API on this machine's store (Ctrl-C stops it)"),
  Command.withExamples([
    { command: "konto serve --port 8080", description: "The API on http://127.0.0.1:8080" },
    { command: "konto serve --demo", description: "With every simulator, a demo API key and demo consents" }
  ])
)
