import * as H from "./HttpBench.ts"
import { systemById } from "./Systems.ts"

const f = await H.run(systemById(process.argv[2]!), {
  ...H.defaultOptions,
  rounds: Number(process.argv[3] ?? 2),
  durationSeconds: 3
})
console.log(
  JSON.stringify({ ...f, konto: { ...f.konto, runs: undefined }, bare: { ...f.bare, runs: undefined } }, null, 1)
)
console.log(f.konto.runs, f.bare.runs)
