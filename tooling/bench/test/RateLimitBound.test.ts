import { assert, describe, it } from "@effect/vitest"
import * as RateLimitBound from "../src/RateLimitBound.ts"

const fortnox = [{ requests: 25, perMillis: 5_000, scope: "access token" }]
const xero = [
  { requests: 60, perMillis: 60_000, scope: "tenant" },
  { requests: 5_000, perMillis: 86_400_000, scope: "tenant" }
]

describe("RateLimitBound", () => {
  it("fewestRequests is ⌈N / max page⌉", () => {
    assert.strictEqual(RateLimitBound.fewestRequests(1_000_000, 500), 2_000)
    assert.strictEqual(RateLimitBound.fewestRequests(10_001, 100), 101)
    assert.strictEqual(RateLimitBound.fewestRequests(0, 100), 0)
  })

  it("the bound is N / (page size × rate), shortened by the scale", () => {
    // 1M invoices at 500 per page and 25 requests per 5 s: 2,000 requests, 400 s; at ×4, 100 s.
    assert.deepStrictEqual(RateLimitBound.bound(2_000, fortnox, 1), {
      millis: 400_000,
      window: "25 per 5000 ms (access token)"
    })
    assert.strictEqual(RateLimitBound.bound(2_000, fortnox, 4).millis, 100_000)
  })

  it("a window the run does not exceed does not bind", () => {
    assert.deepStrictEqual(RateLimitBound.bound(20, fortnox, 1), { millis: 0, window: "none" })
    // 1,001 requests exceed Xero's minute but not its day: the minute window sets the bound.
    const bound = RateLimitBound.bound(1_001, xero, 2)
    assert.strictEqual(bound.millis, (1_001 * 1_000) / 2)
    assert.strictEqual(bound.window, "60 per 60000 ms (tenant)")
  })

  it("the slowest binding window wins", () => {
    const bound = RateLimitBound.bound(10_000, xero, 1)
    assert.strictEqual(bound.millis, (10_000 * 86_400_000) / 5_000)
  })
})
