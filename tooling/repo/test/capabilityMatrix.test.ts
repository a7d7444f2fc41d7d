import { readFile } from "node:fs/promises"
import { assert, describe, it } from "@effect/vitest"
import { capabilityMatrixPath, renderCapabilityMatrix } from "../src/capabilityMatrix.ts"

describe("docs/capability-matrix.md", () => {
  it("is current with the connectors' capability rows (regenerate with ./run capability-matrix)", async () => {
    const committed = await readFile(capabilityMatrixPath, "utf8")
    assert.strictEqual(committed, await renderCapabilityMatrix())
  })
})
