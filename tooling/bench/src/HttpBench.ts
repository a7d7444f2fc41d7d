/**
 * HTTP: konto's list endpoint under concurrent load on loopback (autocannon), against a bare `node:http` server
 * answering the very bytes konto answered, measured in the same run, interleaved round by round.
 *
 * konto's side is everything a list request costs: API-key check and consent lookup in the embedded store, the
 * connector's call to the vendor simulator (served in its own process, rate limits off on both sides), mapping
 * and the JSON response. Ratios are konto ÷ bare for latency and bare ÷ konto for throughput, so each reads
 * "how many times the bare server's cost" (goal ≤ 1.5×). The vendor request konto makes, sent straight to the
 * simulator under the same load, is measured too: the part of konto's figure that is the vendor's.
 */
import autocannon from "autocannon"
import * as ForkedProcess from "./ForkedProcess.ts"
import type { ServerArguments, ServerCommand, ServerMessage } from "./HttpProtocol.ts"
import { median } from "./measure.ts"
import type * as SimulatorProtocol from "./SimulatorProtocol.ts"
import type { BenchSystem } from "./Systems.ts"

/** The goal for every HTTP ratio. */
export const goal = 1.5

/** What the load looks like. */
export interface HttpOptions {
  readonly connections: number
  readonly durationSeconds: number
  readonly rounds: number
  /** API.1's `Count`: invoices per response. */
  readonly count: number
  readonly invoices: number
}

export const defaultOptions: HttpOptions = {
  connections: 16,
  durationSeconds: 4,
  rounds: 5,
  count: 100,
  invoices: 1000
}

/** One autocannon run. */
export interface LoadRun {
  readonly p50Millis: number
  readonly p99Millis: number
  readonly requestsPerSecond: number
  readonly errors: number
  readonly non2xx: number
}

/** Medians over the rounds. */
export interface LoadSummary {
  readonly p50Millis: number
  readonly p99Millis: number
  readonly requestsPerSecond: number
  readonly runs: ReadonlyArray<LoadRun>
}

/** The HTTP figure of one system. */
export interface HttpFigure {
  readonly system: string
  readonly path: string
  readonly responseBytes: number
  readonly connections: number
  readonly durationSeconds: number
  readonly konto: LoadSummary
  readonly bare: LoadSummary
  /** The one vendor request konto makes for this listing, sent straight to the simulator (not a goal). */
  readonly upstream?: LoadSummary & { readonly path: string; readonly responseBytes: number }
  readonly p50Ratio: number
  readonly p99Ratio: number
  readonly throughputRatio: number
  readonly goal: number
  readonly met: boolean
}

/**
 * autocannon records whole milliseconds, so a bare server's latency often reads 0: ratios divide by at least
 * this, which makes them lower bounds whenever the bare figure is below it.
 */
export const resolutionMillis = 1

const correlationId = "6f0b8f8e-2f0c-4a8e-9d43-5b7c1d2e3f40"

const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "date"])

const load = async (url: string, headers: Record<string, string>, options: HttpOptions, seconds: number) => {
  const result = await autocannon({
    url,
    headers,
    connections: options.connections,
    duration: seconds,
    timeout: 30
  })
  return {
    p50Millis: result.latency.p50,
    p99Millis: result.latency.p99,
    requestsPerSecond: result.requests.average,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx
  } satisfies LoadRun
}

const summarise = (runs: ReadonlyArray<LoadRun>): LoadSummary => ({
  p50Millis: median(runs.map((run) => run.p50Millis)),
  p99Millis: median(runs.map((run) => run.p99Millis)),
  requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
  runs
})

// `KONTO_BENCH_SERVER_NODE_OPTIONS` (e.g. `--cpu-prof`) goes to konto's server process only, for profiling.
const startServer = (argument: ServerArguments) =>
  ForkedProcess.start<ServerCommand, ServerMessage>(
    ForkedProcess.entry("serverProcess"),
    argument,
    argument.kind === "konto"
      ? (process.env["KONTO_BENCH_SERVER_NODE_OPTIONS"] ?? "").split(" ").filter((flag) => flag !== "")
      : []
  )

const stop = async (child: ForkedProcess.ForkedProcess<{ readonly type: "stop" }, { readonly type: string }>) => {
  child.send({ type: "stop" })
  await Promise.race([child.exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())])
  child.kill()
}

/** Measures one system's list endpoint against the bare server. */
export const run = async (system: BenchSystem, options: HttpOptions = defaultOptions): Promise<HttpFigure> => {
  const simulator = ForkedProcess.start<SimulatorProtocol.SimulatorCommand, SimulatorProtocol.SimulatorMessage>(
    ForkedProcess.entry("simulatorProcess"),
    {
      system: system.id,
      invoiceCount: options.invoices,
      seed: 5,
      rateLimitScale: null
    } satisfies SimulatorProtocol.SimulatorArguments
  )
  const servers: Array<ForkedProcess.ForkedProcess<ServerCommand, ServerMessage>> = []
  try {
    const served = await simulator.next("ready")
    const konto = startServer({ kind: "konto", system: system.id, simulatorOrigin: served.origin })
    servers.push(konto)
    const kontoReady = await konto.next("ready")
    const path = `/api/v1/consents/${kontoReady.consentId}/salesinvoices?Count=${options.count}&CurrentPage=1`
    const headers = { "x-api-key": kontoReady.apiKey, "x-correlation-id": correlationId }
    const sample = await fetch(`${kontoReady.origin}${path}`, { headers })
    const body = Buffer.from(await sample.arrayBuffer())
    if (sample.status !== 200) {
      throw new Error(`konto answered ${sample.status} for ${system.id}'s listing: ${body.toString("utf8")}`)
    }
    const answerHeaders: Record<string, string> = {}
    sample.headers.forEach((value, name) => {
      if (!hopByHop.has(name)) answerHeaders[name] = value
    })
    simulator.send({ type: "report" })
    const vendorRequest = (await simulator.next("report")).lastRequest
    if (vendorRequest === null) throw new Error(`${system.id}: konto answered without asking the simulator`)
    const upstreamUrl = `${served.origin}${vendorRequest.path}`
    const upstreamHeaders = Object.fromEntries(
      Object.entries(vendorRequest.headers).filter(([name]) => !hopByHop.has(name) && name !== "host")
    )
    const upstreamBytes = Buffer.from(
      await (await fetch(upstreamUrl, { headers: upstreamHeaders })).arrayBuffer()
    ).length
    const bare = startServer({
      kind: "bare",
      status: sample.status,
      headers: answerHeaders,
      body: body.toString("base64")
    })
    servers.push(bare)
    const bareReady = await bare.next("ready")

    const kontoUrl = `${kontoReady.origin}${path}`
    const bareUrl = `${bareReady.origin}${path}`
    await load(kontoUrl, headers, options, 3)
    await load(upstreamUrl, upstreamHeaders, options, 1)
    await load(bareUrl, headers, options, 1)
    const kontoRuns: Array<LoadRun> = []
    const upstreamRuns: Array<LoadRun> = []
    const bareRuns: Array<LoadRun> = []
    for (let round = 0; round < options.rounds; round++) {
      kontoRuns.push(await load(kontoUrl, headers, options, options.durationSeconds))
      upstreamRuns.push(await load(upstreamUrl, upstreamHeaders, options, options.durationSeconds))
      bareRuns.push(await load(bareUrl, headers, options, options.durationSeconds))
    }
    const failed = [...kontoRuns, ...upstreamRuns, ...bareRuns].find((entry) => entry.errors > 0 || entry.non2xx > 0)
    if (failed !== undefined) {
      throw new Error(`${system.id}: requests failed under load (${failed.errors} errors, ${failed.non2xx} non-2xx)`)
    }
    const kontoSummary = summarise(kontoRuns)
    const bareSummary = summarise(bareRuns)
    const p50Ratio = kontoSummary.p50Millis / Math.max(bareSummary.p50Millis, resolutionMillis)
    const p99Ratio = kontoSummary.p99Millis / Math.max(bareSummary.p99Millis, resolutionMillis)
    const throughputRatio = bareSummary.requestsPerSecond / kontoSummary.requestsPerSecond
    return {
      system: system.id,
      path: "GET /api/v1/consents/{consentId}/salesinvoices?Count=" + options.count + "&CurrentPage=1",
      responseBytes: body.length,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      konto: kontoSummary,
      bare: bareSummary,
      upstream: { ...summarise(upstreamRuns), path: vendorRequest.path, responseBytes: upstreamBytes },
      p50Ratio,
      p99Ratio,
      throughputRatio,
      goal,
      met: p50Ratio <= goal && p99Ratio <= goal && throughputRatio <= goal
    }
  } finally {
    for (const server of servers) await stop(server)
    await stop(simulator)
  }
}
