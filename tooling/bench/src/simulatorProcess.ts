/**
 * Child entry: serves one vendor simulator on loopback until told to stop, and reports what it counted.
 */
import { SimulatorServer } from "@konto/simulator-kit"
import { Effect } from "effect"
import * as ForkedProcess from "./ForkedProcess.ts"
import type { SimulatorArguments, SimulatorCommand, SimulatorMessage, SimulatorReport } from "./SimulatorProtocol.ts"
import { systemById } from "./Systems.ts"

const options = ForkedProcess.argument<SimulatorArguments>()
const system = systemById(options.system)

const program = Effect.gen(function* () {
  const started = performance.now()
  const simulator = yield* system.simulator.make({
    invoiceCount: options.invoiceCount,
    seed: options.seed,
    rateLimitScale: options.rateLimitScale ?? Infinity
  })
  let lastRequest: SimulatorReport["lastRequest"] = null
  const served = yield* SimulatorServer.serve({
    ...simulator,
    handle: (incoming) => {
      lastRequest = { path: `${incoming.url.pathname}${incoming.url.search}`, headers: incoming.headers }
      return simulator.handle(incoming)
    }
  })
  yield* Effect.promise(() =>
    ForkedProcess.reply<SimulatorMessage>({
      type: "ready",
      origin: served.baseUrl,
      startMillis: performance.now() - started
    })
  )
  yield* Effect.callback<void>((resume) => {
    process.on("message", (command: SimulatorCommand) => {
      if (command.type === "stop") {
        resume(Effect.void)
        return
      }
      void ForkedProcess.reply<SimulatorMessage>({
        type: "report",
        requests: simulator.requests.total(),
        byRoute: simulator.requests.byRoute(),
        byStatus: simulator.requests.byStatus(),
        rateLimited: simulator.rateLimiter.rejected(),
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        lastRequest
      })
    })
  })
})

Effect.runPromise(Effect.scoped(program)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`simulator ${options.system}:`, error)
    process.exit(1)
  }
)
