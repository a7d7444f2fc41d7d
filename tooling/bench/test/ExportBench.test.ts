import { assert, describe, it } from "@effect/vitest"
import * as ExportBench from "../src/ExportBench.ts"

const run = (overrides: Partial<ExportBench.ExportFigure>): ExportBench.ExportFigure => ({
  system: "fortnox",
  invoices: 100_000,
  listed: 100_000,
  rateLimitScale: 3,
  maxPageSize: 500,
  fewestRequests: 200,
  requests: 200,
  requestsByRoute: { "GET /3/invoices": 200 },
  rateLimited: 0,
  wallMillis: 13_000,
  bound: { millis: 13_000, window: "25 per 5000 ms" },
  wallOverBound: 1,
  invoicesPerSecond: 0,
  peakRssBytes: 200,
  startRssBytes: 100,
  peakHeapUsedBytes: 80,
  peakLiveHeapBytes: 40,
  simulatorStartMillis: 20,
  ...overrides
})

describe("ExportBench.summarise", () => {
  it("takes the median of times and memory, and the worst of the counts", () => {
    const figure = ExportBench.summarise([
      run({ wallMillis: 14_000, peakRssBytes: 300, requests: 200 }),
      run({ wallMillis: 12_000, peakRssBytes: 100, requests: 201, requestsByRoute: { "GET /3/invoices": 201 } }),
      run({ wallMillis: 13_000, peakRssBytes: 200, rateLimited: 2, listed: 99_999 })
    ])
    assert.strictEqual(figure.wallMillis, 13_000)
    assert.strictEqual(figure.wallOverBound, 1)
    assert.strictEqual(figure.invoicesPerSecond, (100_000 / 13_000) * 1000)
    assert.strictEqual(figure.peakRssBytes, 200)
    // One run made a request too many: the summary shows it rather than the median's 200.
    assert.strictEqual(figure.requests, 201)
    assert.deepStrictEqual(figure.requestsByRoute, { "GET /3/invoices": 201 })
    assert.strictEqual(figure.rateLimited, 2)
    assert.strictEqual(figure.listed, 99_999)
    assert.deepStrictEqual(
      figure.runs?.map((sample) => sample.wallMillis),
      [14_000, 12_000, 13_000]
    )
  })

  it("has no bound ratio when no window binds", () => {
    const figure = ExportBench.summarise([run({ bound: { millis: 0, window: "none" }, wallOverBound: null })])
    assert.isNull(figure.wallOverBound)
  })

  it("refuses to summarise nothing", () => {
    assert.throws(() => ExportBench.summarise([]), /at least one run/)
  })
})
