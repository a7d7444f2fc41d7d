/**
 * Child entry: serves konto's HTTP API (an embedded store in a temporary directory, one demo consent connected
 * to a served simulator, client rate limits off like the simulator's) or a bare `node:http` server answering
 * fixed bytes, on loopback, until told to stop.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeHttpServer } from "@effect/platform-node"
import { ConnectorRegistry } from "@konto/core"
import { Demo, KontoServer } from "@konto/server"
import { Store } from "@konto/store"
import { Context, Effect, Layer, Option, Redacted, References } from "effect"
import { FetchHttpClient, HttpServer } from "effect/http"
import * as ForkedProcess from "./ForkedProcess.ts"
import type { ServerArguments, ServerCommand, ServerMessage } from "./HttpProtocol.ts"
import * as ScaledRateLimits from "./ScaledRateLimits.ts"
import { systemById, systems } from "./Systems.ts"

const options = ForkedProcess.argument<ServerArguments>()

const stopped = Effect.callback<void>((resume) => {
  process.on("message", (command: ServerCommand) => {
    if (command.type === "stop") resume(Effect.void)
  })
})

const bare = (settings: Extract<ServerArguments, { readonly kind: "bare" }>) =>
  Effect.gen(function* () {
    const body = Buffer.from(settings.body, "base64")
    const headers = { ...settings.headers, "content-length": String(body.length) }
    const server = createServer((_request, response) => {
      response.writeHead(settings.status, headers)
      response.end(body)
    })
    const port = yield* Effect.acquireRelease(
      Effect.callback<number>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as AddressInfo).port)))
      }),
      () =>
        Effect.callback<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    yield* Effect.promise(() =>
      ForkedProcess.reply<ServerMessage>({
        type: "ready",
        origin: `http://127.0.0.1:${port}`,
        apiKey: "",
        consentId: ""
      })
    )
    yield* stopped
  })

const konto = (settings: Extract<ServerArguments, { readonly kind: "konto" }>) =>
  Effect.gen(function* () {
    const dataDirectory = yield* Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(join(tmpdir(), "konto-bench-"))),
      (directory) => Effect.sync(() => rmSync(directory, { recursive: true, force: true }))
    )
    const system = systemById(settings.system)
    const services = Layer.mergeAll(
      Store.layer({ dataDirectory }),
      ConnectorRegistry.layer(systems.map((candidate) => candidate.connector)),
      FetchHttpClient.layer,
      // The simulator runs without rate limits here, and so does the client: the figure is konto's HTTP path.
      ScaledRateLimits.layerRegistry(Infinity)
    )
    const context = yield* Layer.build(services)
    const demo = yield* Demo.ensure({
      apiKey: Option.none(),
      keyFile: join(dataDirectory, "demo-api-key"),
      systems: [
        {
          system: system.connector.id,
          displayName: system.connector.displayName,
          connection: system.simulator.demoConnection(settings.simulatorOrigin)
        }
      ]
    }).pipe(Effect.provide(context))
    const consent = demo.consents[0]
    if (consent === undefined || Option.isSome(consent.check)) {
      return yield* Effect.die(
        new Error(
          `the ${system.id} demo consent does not answer: ${Option.getOrElse(consent?.check ?? Option.none(), () => "none made")}`
        )
      )
    }
    const server = yield* Layer.build(
      KontoServer.layer({ aliases: demo.aliases }).pipe(
        Layer.provideMerge(NodeHttpServer.layer(createServer, { host: "127.0.0.1", port: 0 })),
        Layer.provide(Layer.succeedContext(context))
      )
    )
    const address = Context.get(server, HttpServer.HttpServer).address
    yield* Effect.promise(() =>
      ForkedProcess.reply<ServerMessage>({
        type: "ready",
        origin: HttpServer.formatAddress(address),
        apiKey: Redacted.value(demo.apiKey),
        consentId: consent.consentId
      })
    )
    yield* stopped
  })

// No logs: a request log line per request would flood the bench's output, and autocannon stopping mid-request
// is logged as an error (499). Failed requests still count: autocannon reports them and the bench fails.
Effect.runPromise(
  Effect.scoped(options.kind === "bare" ? bare(options) : konto(options)).pipe(
    Effect.provideService(References.MinimumLogLevel, "None")
  )
).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`server (${options.kind}):`, error)
    process.exit(1)
  }
)
