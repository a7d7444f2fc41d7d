/**
 * Child entry: lists every invoice of a served simulator through its connector over real loopback HTTP, and
 * reports the count, the wall time and the process's peak memory.
 */
import { constants, type PerformanceEntry, PerformanceObserver } from "node:perf_hooks"
import { NodeHttpClient } from "@effect/platform-node"
import { ListQuery } from "@konto/core"
import { Effect, Stream } from "effect"
import type { ExportArguments, ExportMeasurement, ExportMessage } from "./ExportProtocol.ts"
import * as ForkedProcess from "./ForkedProcess.ts"
import * as SimulatorConnection from "./SimulatorConnection.ts"
import { systemById } from "./Systems.ts"

const options = ForkedProcess.argument<ExportArguments>()
const system = systemById(options.system)

const program = Effect.gen(function* () {
  const invoices = yield* SimulatorConnection.make(system, {
    origin: options.origin,
    rateLimitScale: options.rateLimitScale ?? Infinity
  })
  let peakHeapUsedBytes = process.memoryUsage().heapUsed
  const sampler = setInterval(() => {
    peakHeapUsedBytes = Math.max(peakHeapUsedBytes, process.memoryUsage().heapUsed)
  }, 50)
  // What survives a full collection is what the export retains; garbage between collections is V8's headroom.
  let peakLiveHeapBytes = 0
  const collections = new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) {
      if (
        (entry as PerformanceEntry & { readonly detail?: { readonly kind?: number } }).detail?.kind ===
        constants.NODE_PERFORMANCE_GC_MAJOR
      ) {
        peakLiveHeapBytes = Math.max(peakLiveHeapBytes, process.memoryUsage().heapUsed)
      }
    }
  })
  collections.observe({ entryTypes: ["gc"] })
  const startRssBytes = process.memoryUsage().rss
  const started = performance.now()
  const count = yield* Stream.runCount(invoices.list(ListQuery.all))
  const wallMillis = performance.now() - started
  clearInterval(sampler)
  collections.disconnect()
  const measurement: ExportMeasurement = {
    invoices: count,
    wallMillis,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    startRssBytes,
    peakHeapUsedBytes,
    peakLiveHeapBytes
  }
  return measurement
}).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))

Effect.runPromise(program).then(
  async (measurement) => {
    await ForkedProcess.reply<ExportMessage>({ type: "done", measurement })
    process.exit(0)
  },
  async (error: unknown) => {
    await ForkedProcess.reply<ExportMessage>({ type: "failed", error: String(error) })
    process.exit(1)
  }
)
