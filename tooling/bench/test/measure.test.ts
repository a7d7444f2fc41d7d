import { assert, describe, it } from "@effect/vitest"
import { measure, measurePair, median } from "../src/measure.ts"

describe("measure", () => {
  it("median of odd and even counts", () => {
    assert.strictEqual(median([3, 1, 2]), 2)
    assert.strictEqual(median([4, 1, 3, 2]), 2.5)
  })

  it("measures at least five runs after the warm-ups", async () => {
    let calls = 0
    const result = await measure(() => calls++, { runs: 3, warmups: 1 })
    assert.strictEqual(result.runsMillis.length, 5)
    assert.strictEqual(calls, 6)
    assert.strictEqual(result.medianMillis, median(result.runsMillis))
  })

  it("interleaves baseline and subject run by run", async () => {
    const order: Array<string> = []
    const pair = await measurePair(
      () => order.push("b"),
      () => order.push("s"),
      { runs: 5, warmups: 0 }
    )
    assert.deepStrictEqual(order, ["b", "s", "b", "s", "b", "s", "b", "s", "b", "s"])
    assert.strictEqual(pair.baseline.runsMillis.length, 5)
    assert.strictEqual(pair.subject.runsMillis.length, 5)
  })
})
