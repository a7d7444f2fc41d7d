import { assert, describe, it } from "@effect/vitest"
import { Option } from "effect"
import { ExportProgress, ProgressBar } from "../src/index.ts"

describe("ExportProgress.make", () => {
  it("computes the rate, the fraction and the time left from the count, total and elapsed time", () => {
    const progress = ExportProgress.make({ count: 2_500, total: Option.some(10_000), elapsedMillis: 500, done: false })
    assert.strictEqual(progress.perSecond, 5_000)
    assert.deepStrictEqual(progress.fraction, Option.some(0.25))
    assert.deepStrictEqual(progress.etaMillis, Option.some(1_500))
  })

  it("has no ETA without a total, and none before any time has passed", () => {
    assert.isTrue(
      Option.isNone(ExportProgress.make({ count: 10, total: Option.none(), elapsedMillis: 100, done: false }).etaMillis)
    )
    const atStart = ExportProgress.make({ count: 0, total: Option.some(10), elapsedMillis: 0, done: false })
    assert.strictEqual(atStart.perSecond, 0)
    assert.isTrue(Option.isNone(atStart.etaMillis))
  })

  it("drops a total the export outgrew (invoices created meanwhile)", () => {
    const progress = ExportProgress.make({ count: 11, total: Option.some(10), elapsedMillis: 100, done: false })
    assert.isTrue(Option.isNone(progress.total))
    assert.isTrue(Option.isNone(progress.etaMillis))
  })

  it("an empty total is complete", () => {
    const progress = ExportProgress.make({ count: 0, total: Option.some(0), elapsedMillis: 10, done: true })
    assert.deepStrictEqual(progress.fraction, Option.some(1))
  })
})

describe("ProgressBar.render", () => {
  it("with a total: bar, percentage, count of total, rate, ETA", () => {
    const line = ProgressBar.render(
      ExportProgress.make({ count: 25_000, total: Option.some(100_000), elapsedMillis: 2_000, done: false }),
      { barWidth: 8 }
    )
    assert.strictEqual(line, "[##------]  25%  25,000/100,000  12,500/s  ETA 0:06")
  })

  it("without a total: count, rate and elapsed time", () => {
    const line = ProgressBar.render(
      ExportProgress.make({ count: 1_234, total: Option.none(), elapsedMillis: 61_000, done: false })
    )
    assert.strictEqual(line, "1,234 invoices  20/s  1:01 elapsed")
  })

  it("the final line says how many, how long and how fast", () => {
    const line = ProgressBar.render(
      ExportProgress.make({ count: 10_000, total: Option.some(10_000), elapsedMillis: 4_000, done: true })
    )
    assert.strictEqual(line, "exported 10,000 invoices in 0:04 (2,500/s)")
  })

  it("durations round up to the second and grow hours", () => {
    assert.strictEqual(ProgressBar.duration(1), "0:01")
    assert.strictEqual(ProgressBar.duration(3_600_000 + 61_000), "1:01:01")
  })
})
