/** Writes docs/capability-matrix.md (`./run capability-matrix`). */
import { writeFile } from "node:fs/promises"
import { capabilityMatrixPath, renderCapabilityMatrix } from "./capabilityMatrix.ts"

await writeFile(capabilityMatrixPath, await renderCapabilityMatrix())
process.stdout.write(`wrote ${capabilityMatrixPath}\n`)
