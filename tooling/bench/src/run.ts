/**
 * `./run bench`: normalisation, export and HTTP benchmarks; writes `results/<name>.json` and the tables of
 * `docs/performance.md`.
 *
 * Arguments: any of `normalise`, `export`, `http` (default: all three); `--full` exports a million invoices
 * from every simulator (by default only from the ones whose simulators hold a million invoices lazily; see
 * `exportPlan`); `--runs=N` runs every export size N times (default 5; the figure is the median).
 */

import * as AdapterNormalisation from "./AdapterNormalisation.ts"
import * as CanonicalNormalisation from "./CanonicalNormalisation.ts"
import * as ExportBench from "./ExportBench.ts"
import { environment } from "./environment.ts"
import * as HttpBench from "./HttpBench.ts"
import * as NodeVersion from "./NodeVersion.ts"
import type * as Normalisation from "./Normalisation.ts"
import * as PerformanceReport from "./PerformanceReport.ts"
import * as Results from "./Results.ts"
import { systemById, systems } from "./Systems.ts"

NodeVersion.check()

/**
 * Export sizes and rate-limit scale factors per system. A factor shortens every window of the vendor's limit, on
 * the simulator and in konto's client alike. Each is chosen so the scaled rate stays below what konto sustains
 * against that simulator on these machines (so the run measures pacing, not CPU), and states it.
 *
 * - fortnox: 25 requests / 5 s, 500 per page → 2,500 invoices/s; ×3 → 7,500/s (konto unlimited: ~12–19k/s).
 * - moneybird: 150 requests / 5 min, 100 per page → 50 invoices/s; ×50 → 2,500/s (konto unlimited: ~3.5k/s).
 * - xero: 60 requests / min, 1,000 per page → 1,000 invoices/s; ×2 → 2,000/s (konto unlimited: ~3.8k/s at
 *   100k; its simulator holds every invoice eagerly and filters them all per page, so 1M is `--full` only).
 */
export const exportPlan: ReadonlyArray<{
  readonly system: string
  readonly rateLimitScale: number
  readonly sizes: ReadonlyArray<number>
  readonly fullSizes: ReadonlyArray<number>
}> = [
  {
    system: "fortnox",
    rateLimitScale: 3,
    sizes: [10_000, 100_000, 1_000_000],
    fullSizes: [10_000, 100_000, 1_000_000]
  },
  { system: "moneybird", rateLimitScale: 50, sizes: [10_000, 100_000], fullSizes: [10_000, 100_000, 1_000_000] },
  { system: "xero", rateLimitScale: 2, sizes: [10_000, 100_000], fullSizes: [10_000, 100_000, 1_000_000] }
]

const argumentsGiven = process.argv.slice(2)
const full = argumentsGiven.includes("--full")
const runsArgument = argumentsGiven.find((argument) => argument.startsWith("--runs="))
const exportRuns = runsArgument === undefined ? 5 : Number(runsArgument.slice("--runs=".length))
if (!Number.isInteger(exportRuns) || exportRuns < 1) {
  console.error(`bench: --runs takes a whole number of runs, at least 1 (got ${runsArgument})`)
  process.exit(2)
}
const named = argumentsGiven.filter((argument) => !argument.startsWith("--"))
const chosen = (name: string) => named.length === 0 || named.includes(name)
const log = (line: string) => console.log(`bench: ${line}`)
const started = performance.now()

if (chosen("normalise")) {
  log("normalisation: canonical JSON …")
  const figures: Array<Normalisation.NormalisationFigure> = [await CanonicalNormalisation.run()]
  for (const system of systems) {
    log(`normalisation: ${system.id} …`)
    figures.push(...(await AdapterNormalisation.run(system)))
  }
  for (const figure of figures) {
    log(
      `  ${figure.subject} ${figure.path}: ${figure.ratio.toFixed(3)}× JSON.parse (goal ≥ ${figure.goal}) ` +
        `${figure.met ? "met" : "missed"}`
    )
  }
  Results.write({
    name: "normalise",
    title: "Normalisation throughput",
    environment: environment(),
    method: {
      runs: 7,
      warmups: 2,
      canonical: CanonicalNormalisation.defaultOptions,
      adapters: AdapterNormalisation.defaultOptions
    },
    figures
  })
  PerformanceReport.update()
}

function writeExport(figures: ReadonlyArray<ExportBench.ExportFigure>): void {
  Results.write({
    name: "export",
    title: "Export over loopback HTTP",
    environment: environment(),
    method: {
      full,
      runs: exportRuns,
      scales: Object.fromEntries(exportPlan.map((plan) => [plan.system, plan.rateLimitScale])),
      client: "NodeHttpClient.layerUndici",
      seed: 11
    },
    figures
  })
}

if (chosen("export")) {
  const figures: Array<ExportBench.ExportFigure> = []
  for (const plan of exportPlan) {
    for (const size of full ? plan.fullSizes : plan.sizes) {
      const runs: Array<ExportBench.ExportFigure> = []
      for (let index = 1; index <= exportRuns; index++) {
        log(
          `export: ${plan.system}, ${size.toLocaleString("en")} invoices, rate limits ×${plan.rateLimitScale}, run ${index} of ${exportRuns} …`
        )
        const run = await ExportBench.run(systemById(plan.system), size, plan.rateLimitScale)
        runs.push(run)
        log(
          `  listed ${run.listed.toLocaleString("en")}, ${(run.wallMillis / 1000).toFixed(1)} s (bound ${(run.bound.millis / 1000).toFixed(1)} s), ` +
            `${run.requests} requests (fewest ${run.fewestRequests}), peak RSS ${(run.peakRssBytes / 2 ** 20).toFixed(0)} MiB`
        )
      }
      figures.push(ExportBench.summarise(runs))
      // Written after every size: a long `--full` run keeps what it measured if a later size fails.
      writeExport(figures)
    }
  }
  PerformanceReport.update()
}

if (chosen("http")) {
  const figures: Array<HttpBench.HttpFigure> = []
  for (const system of systems) {
    log(`http: ${system.id} list endpoint vs bare node:http …`)
    const figure = await HttpBench.run(system)
    figures.push(figure)
    log(
      `  konto p50 ${figure.konto.p50Millis} ms, p99 ${figure.konto.p99Millis} ms, ${Math.round(figure.konto.requestsPerSecond)} req/s; ` +
        `bare p50 ${figure.bare.p50Millis} ms, p99 ${figure.bare.p99Millis} ms, ${Math.round(figure.bare.requestsPerSecond)} req/s`
    )
  }
  Results.write({
    name: "http",
    title: "HTTP list endpoint under load",
    environment: environment(),
    method: { ...HttpBench.defaultOptions, rateLimits: "off on the simulator and in konto's client", logLevel: "Warn" },
    figures
  })
  PerformanceReport.update()
}

log(`done in ${((performance.now() - started) / 1000 / 60).toFixed(1)} min; results in ${Results.directory}`)
