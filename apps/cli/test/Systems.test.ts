import { assert, beforeAll, describe, it } from "@effect/vitest"
import { Capabilities } from "@konto/core"
import { Schema } from "effect"
import { buildTimeout, ensureBuilt, run } from "./CliProcess.ts"

beforeAll(ensureBuilt, buildTimeout)

describe("konto systems", () => {
  it("prints the capability matrix as a table, one row per system", async () => {
    const result = await run(["systems"])
    assert.strictEqual(result.code, 0)
    const rows = result.stdout.split("\n")
    assert.match(rows[0] ?? "", /^SYSTEM +NAME +LIST +GET +CREATE +PAGE +NATIVE +EMULATED +NOT SUPPORTED$/)
    assert.isTrue(rows.some((row) => /^fortnox +Fortnox +supported/.test(row)))
    assert.isTrue(rows.some((row) => /^moneybird +Moneybird +supported/.test(row)))
    assert.isTrue(rows.some((row) => /^xero +Xero +supported/.test(row)))
  })

  it("--format json gives each system's capability row as data", async () => {
    const result = await run(["systems", "--format", "json"])
    assert.strictEqual(result.code, 0)
    const rows = JSON.parse(result.stdout) as ReadonlyArray<{ readonly system: string; readonly capabilities: unknown }>
    assert.includeMembers(
      rows.map((row) => row.system),
      ["fortnox", "moneybird", "xero"]
    )
    for (const row of rows)
      assert.isTrue(Schema.is(Schema.toEncoded(Capabilities.Capabilities))(row.capabilities), row.system)
  })

  it("--format markdown gives the matrix with its reasons (as docs/capability-matrix.md)", async () => {
    const result = await run(["systems", "--format", "markdown"])
    assert.strictEqual(result.code, 0)
    assert.match(result.stdout, /^# Capability matrix\n/)
    assert.include(result.stdout, "| Fortnox | `fortnox` |")
    assert.include(result.stdout, "## Reasons")
  })
})
