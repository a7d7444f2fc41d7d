/**
 * `./run soak`: every simulator with 20% injected faults; prints the figures, writes `results/soak.json` and
 * the soak table of `docs/performance.md`, and exits non-zero on any difference.
 *
 * Options: `--pages=<n>` (vendor pages of invoices per system, default 50), `--seed=<n>` (fault seed),
 * `--systems=fortnox,xero`.
 */

import { environment } from "./environment.ts"
import * as FaultSoak from "./FaultSoak.ts"
import * as NodeVersion from "./NodeVersion.ts"
import * as PerformanceReport from "./PerformanceReport.ts"
import * as Results from "./Results.ts"
import { systems } from "./Systems.ts"

NodeVersion.check()

const flag = (name: string): string | undefined =>
  process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3)

const options: FaultSoak.SoakOptions = {
  ...FaultSoak.defaultOptions,
  pages: Number(flag("pages") ?? FaultSoak.defaultOptions.pages),
  faultSeed: Number(flag("seed") ?? FaultSoak.defaultOptions.faultSeed)
}
const chosen = flag("systems")?.split(",") ?? systems.map((system) => system.id)

const figures: Array<FaultSoak.SoakFigure> = []
for (const [index, system] of systems.entries()) {
  if (!chosen.includes(system.id)) continue
  console.log(
    `soak: ${system.id}, ${options.pages} pages of ${system.simulator.documentedMaxPageSize}, ` +
      `${options.faultRate * 100}% faults …`
  )
  // Each system its own fault sequence: the PRNG gives the same faults to the same request sequence.
  const figure = await FaultSoak.run(system, { ...options, faultSeed: options.faultSeed + index })
  figures.push(figure)
  const injected = Object.entries(figure.injected)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(", ")
  console.log(
    `  listed ${figure.listed} of ${figure.invoices}: lost ${figure.lost}, duplicated ${figure.duplicated}, ` +
      `changed ${figure.changed}${figure.listingError === null ? "" : `; listing failed: ${figure.listingError}`}`
  )
  console.log(`  ${figure.requests} requests, faults injected: ${injected}`)
  console.log(
    `  creates: ${figure.creates.attempted} keys, ${figure.creates.lostResponses} lost responses, ` +
      `${figure.creates.failed} failed, ${figure.creates.duplicated} duplicated, ${figure.creates.inconsistent} inconsistent`
  )
  console.log(`  ${figure.passed ? "passed" : "FAILED"} in ${(figure.wallMillis / 1000).toFixed(1)} s`)
}

Results.write({
  name: "soak",
  title: "Fault soak",
  environment: environment(),
  method: { ...options, transport: "loopback HTTP (undici)", clock: "real" },
  figures
})
PerformanceReport.update()
const failed = figures.filter((figure) => !figure.passed)
console.log(failed.length === 0 ? "soak passed" : `soak FAILED for ${failed.map((figure) => figure.system).join(", ")}`)
process.exitCode = failed.length === 0 ? 0 : 1
