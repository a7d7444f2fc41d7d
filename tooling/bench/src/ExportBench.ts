/**
 * Export: every invoice of a simulator served over real loopback HTTP, listed through the connector in a fresh
 * process per size (so each size's peak RSS is its own), with the simulator in a process of its own.
 *
 * Figures per system and N: the exporter's peak RSS (goal: 1M within +64 MiB of 10k); upstream requests against
 * ⌈N / the vendor's documented max page size⌉ (goal: equal); wall time against the rate-limit bound
 * N / (page size × allowed rate), the vendor's limit scaled by a stated factor (goal ≤ 1.05× the bound).
 */
import type * as ExportProtocol from "./ExportProtocol.ts"
import * as ForkedProcess from "./ForkedProcess.ts"
import { median } from "./measure.ts"
import * as RateLimitBound from "./RateLimitBound.ts"
import * as SimulatorProtocol from "./SimulatorProtocol.ts"
import type { BenchSystem } from "./Systems.ts"

/** Goals of the export figures. */
export const goals = { rssGrowthBytes: 64 * 2 ** 20, requestsOverFewest: 0, wallOverBound: 1.05 } as const

/** One export run. */
export interface ExportFigure {
  readonly system: string
  /** The N asked of the simulator. */
  readonly invoices: number
  /**
   * What the listing returned. Equal to N unless the simulator holds fewer: the Xero simulator derives invoice ids
   * from a 32-bit hash, so a million seeds collide 7 times and it holds 999,993 (the soak checks konto loses none).
   */
  readonly listed: number
  readonly rateLimitScale: number
  readonly maxPageSize: number
  readonly fewestRequests: number
  /** Every request the simulator answered, token refreshes included. */
  readonly requests: number
  readonly requestsByRoute: Readonly<Record<string, number>>
  /** 429s the simulator's rate limiter answered (the client should pace itself so this stays 0). */
  readonly rateLimited: number
  readonly wallMillis: number
  readonly bound: RateLimitBound.RateLimitBound
  /** `wallMillis ÷ bound.millis`; `null` when no window binds (the run fits in the vendor's burst). */
  readonly wallOverBound: number | null
  readonly invoicesPerSecond: number
  readonly peakRssBytes: number
  readonly startRssBytes: number
  readonly peakHeapUsedBytes: number
  readonly peakLiveHeapBytes: number
  readonly simulatorStartMillis: number
  /**
   * The runs this figure summarises, each a fresh exporter and simulator process. Present on a summary
   * (`summarise`), absent on a single run.
   */
  readonly runs?: ReadonlyArray<ExportRunSample>
}

/** What one run of a summarised figure measured. */
export interface ExportRunSample {
  readonly listed: number
  readonly requests: number
  readonly rateLimited: number
  readonly wallMillis: number
  readonly peakRssBytes: number
  readonly peakLiveHeapBytes: number
}

/**
 * One figure from several runs of the same system and size: the median of every time and memory figure, and the
 * worst of the counts (the most requests, the most 429s, the fewest invoices listed), so a run that made one
 * request too many is never hidden by a median.
 */
export const summarise = (runs: ReadonlyArray<ExportFigure>): ExportFigure => {
  const first = runs[0]
  if (first === undefined) throw new Error("summarise needs at least one run")
  const of = (measure: (run: ExportFigure) => number) => median(runs.map(measure))
  const wallMillis = of((run) => run.wallMillis)
  const requests = Math.max(...runs.map((run) => run.requests))
  return {
    ...first,
    listed: Math.min(...runs.map((run) => run.listed)),
    requests,
    requestsByRoute: runs.find((run) => run.requests === requests)?.requestsByRoute ?? first.requestsByRoute,
    rateLimited: Math.max(...runs.map((run) => run.rateLimited)),
    wallMillis,
    wallOverBound: first.bound.millis > 0 ? wallMillis / first.bound.millis : null,
    invoicesPerSecond: (first.invoices / wallMillis) * 1000,
    peakRssBytes: of((run) => run.peakRssBytes),
    startRssBytes: of((run) => run.startRssBytes),
    peakHeapUsedBytes: of((run) => run.peakHeapUsedBytes),
    peakLiveHeapBytes: of((run) => run.peakLiveHeapBytes),
    simulatorStartMillis: of((run) => run.simulatorStartMillis),
    runs: runs.map((run) => ({
      listed: run.listed,
      requests: run.requests,
      rateLimited: run.rateLimited,
      wallMillis: run.wallMillis,
      peakRssBytes: run.peakRssBytes,
      peakLiveHeapBytes: run.peakLiveHeapBytes
    }))
  }
}

/** Runs one export of `invoices` from `system`'s simulator. */
export const run = async (
  system: BenchSystem,
  invoices: number,
  rateLimitScale: number,
  seed = 11
): Promise<ExportFigure> => {
  const simulator = ForkedProcess.start<SimulatorProtocol.SimulatorCommand, SimulatorProtocol.SimulatorMessage>(
    ForkedProcess.entry("simulatorProcess"),
    {
      system: system.id,
      invoiceCount: invoices,
      seed,
      rateLimitScale: Number.isFinite(rateLimitScale) ? rateLimitScale : null
    } satisfies SimulatorProtocol.SimulatorArguments,
    SimulatorProtocol.execArgv
  )
  try {
    const ready = await simulator.next("ready")
    const exporter = ForkedProcess.start<never, ExportProtocol.ExportMessage>(
      ForkedProcess.entry("exportProcess"),
      {
        system: system.id,
        origin: ready.origin,
        rateLimitScale: Number.isFinite(rateLimitScale) ? rateLimitScale : null
      } satisfies ExportProtocol.ExportArguments,
      (process.env["KONTO_BENCH_EXPORT_NODE_OPTIONS"] ?? "").split(" ").filter((flag) => flag !== "")
    )
    const done = exporter.next("done")
    const failed = exporter.next("failed")
    // The message that does not come is rejected when the exporter exits; nothing waits for it.
    done.catch(() => undefined)
    failed.catch(() => undefined)
    const outcome = await Promise.race([done, failed])
    await exporter.exited
    if (outcome.type === "failed") throw new Error(`export of ${invoices} from ${system.id} failed: ${outcome.error}`)
    simulator.send({ type: "report" })
    const report = await simulator.next("report")
    const measurement = outcome.measurement
    const maxPageSize = system.simulator.documentedMaxPageSize
    const fewestRequests = RateLimitBound.fewestRequests(invoices, maxPageSize)
    const bound = RateLimitBound.bound(fewestRequests, system.connector.capabilities.rateLimits, rateLimitScale)
    return {
      system: system.id,
      invoices,
      listed: measurement.invoices,
      rateLimitScale,
      maxPageSize,
      fewestRequests,
      requests: report.requests,
      requestsByRoute: report.byRoute,
      rateLimited: report.rateLimited,
      wallMillis: measurement.wallMillis,
      bound,
      wallOverBound: bound.millis > 0 ? measurement.wallMillis / bound.millis : null,
      invoicesPerSecond: (invoices / measurement.wallMillis) * 1000,
      peakRssBytes: measurement.peakRssBytes,
      startRssBytes: measurement.startRssBytes,
      peakHeapUsedBytes: measurement.peakHeapUsedBytes,
      peakLiveHeapBytes: measurement.peakLiveHeapBytes,
      simulatorStartMillis: ready.startMillis
    }
  } finally {
    simulator.send({ type: "stop" })
    await Promise.race([simulator.exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())])
    simulator.kill()
  }
}
