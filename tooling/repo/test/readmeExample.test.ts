import { assert, describe, it } from "@effect/vitest"
import { simulator } from "@konto/adapter-fortnox/simulator"
import { SimulatorModule, InvoiceSeed } from "@konto/simulator-kit"
import { BigDecimal, Effect } from "effect"
import { TestClock } from "effect/testing"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { overdueTotal } from "./ReadmeExample.ts"

const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8")
const example = readFileSync(fileURLToPath(new URL("./ReadmeExample.ts", import.meta.url)), "utf8")

describe("the root README's library example", () => {
  it("is the code in test/ReadmeExample.ts", () => {
    const body = example.slice(example.indexOf("import "))
    assert.include(readme, body.trim())
  })

  it.effect("sums exactly the open balances of the invoices due before today", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.parse("2025-06-15T10:00:00Z"))
      const total = yield* overdueTotal
      // The same 200 invoices, straight from the generator: live (not cancelled), open, due before today. A credit
      // note is a mirrored invoice: open while its (negative) balance is below zero, and it counts negative.
      const seeds = InvoiceSeed.generate(
        SimulatorModule.generatorOptionsOf({ invoiceCount: 200 }, simulator.seedProfile)
      )
      let expected = BigDecimal.fromBigInt(0n)
      for (const seed of seeds) {
        const open = BigDecimal.isNegative(seed.gross) ? BigDecimal.negate(seed.balance) : seed.balance
        if (!seed.cancelled && !seed.draft && BigDecimal.isPositive(open) && seed.dueDate < "2025-06-15") {
          expected = BigDecimal.sum(expected, seed.balance)
        }
      }
      assert.isTrue(BigDecimal.isPositive(total))
      assert.isTrue(BigDecimal.equals(total, expected), `${BigDecimal.format(total)} ≠ ${BigDecimal.format(expected)}`)
    })
  )
})
