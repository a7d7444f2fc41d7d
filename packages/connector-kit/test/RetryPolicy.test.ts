import { assert, describe, it } from "@effect/vitest"
import { JsonBody, RetryPolicy } from "@konto/connector-kit"
import { RateLimited, Unauthorized, UnexpectedPayload, UpstreamRejected, UpstreamUnavailable } from "@konto/core"
import { Clock, Effect, Fiber, Random } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"

const system = "xero"
const unavailable = new UpstreamUnavailable({ system, operation: "list", status: 503, detail: "HTTP 503" })
const limited = (retryAfterMillis: number | null) => new RateLimited({ system, operation: "create", retryAfterMillis })
const rejected = new UpstreamRejected({ system, operation: "create", status: 400, detail: "bad", vendorCode: null })
const unauthorized = new Unauthorized({ system, operation: "list", detail: "HTTP 401" })
const truncated = new UnexpectedPayload({
  system,
  operation: "list",
  path: JsonBody.unparsableBodyPath,
  detail: "not JSON"
})
const mismatch = new UnexpectedPayload({
  system,
  operation: "list",
  path: "Invoices[0].Total",
  detail: "Expected a decimal"
})

type Failure = UpstreamUnavailable | RateLimited | UpstreamRejected | Unauthorized | UnexpectedPayload

/** An effect that fails with the given errors in turn, then succeeds; it records the Clock time of each attempt. */
const scripted = (failures: ReadonlyArray<Failure>) => {
  const attempts: Array<number> = []
  const effect = Effect.gen(function* () {
    attempts.push(yield* Clock.currentTimeMillis)
    const failure = failures[attempts.length - 1]
    if (failure !== undefined) return yield* Effect.fail(failure)
    return "done" as const
  })
  return { attempts, effect }
}

const policy = RetryPolicy.make({
  maxAttempts: 4,
  baseDelayMillis: 1_000,
  maxDelayMillis: 3_000,
  maxRetryAfterMillis: 60_000
})

describe("RetryPolicy.isRetryable", () => {
  it("retries RateLimited always, transient failures only when idempotent, nothing else", () => {
    assert.isTrue(RetryPolicy.isRetryable(limited(null), false))
    assert.isTrue(RetryPolicy.isRetryable(limited(5), true))
    assert.isTrue(RetryPolicy.isRetryable(unavailable, true))
    assert.isFalse(RetryPolicy.isRetryable(unavailable, false))
    assert.isTrue(RetryPolicy.isRetryable(truncated, true))
    assert.isFalse(RetryPolicy.isRetryable(truncated, false))
    for (const error of [rejected, unauthorized, mismatch, new Error("boom"), "text"]) {
      assert.isFalse(RetryPolicy.isRetryable(error, true))
    }
  })
})

describe("RetryPolicy.delayMillis", () => {
  it("full jitter stays within [0, min(cap, base·2^(n-1))] (law)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        (retry, random01, base, cap) => {
          const p = RetryPolicy.make({ maxAttempts: 100, baseDelayMillis: base, maxDelayMillis: cap })
          const delay = RetryPolicy.delayMillis(p, retry, unavailable, true, random01)
          return delay !== null && delay >= 0 && delay <= Math.min(cap, base * 2 ** (retry - 1))
        }
      ),
      { numRuns: 500 }
    )
  })

  it("waits at least Retry-After (law), and gives up beyond maxRetryAfterMillis", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 1, max: 3 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retryAfter, retry, random01) => {
          const delay = RetryPolicy.delayMillis(policy, retry, limited(retryAfter), false, random01)
          return delay !== null && delay >= retryAfter
        }
      ),
      { numRuns: 300 }
    )
    assert.isNull(RetryPolicy.delayMillis(policy, 1, limited(60_001), true, 0.5))
  })

  it("stops after maxAttempts", () => {
    assert.isNotNull(RetryPolicy.delayMillis(policy, 3, unavailable, true, 0.5))
    assert.isNull(RetryPolicy.delayMillis(policy, 4, unavailable, true, 0.5))
    assert.isNull(RetryPolicy.delayMillis(RetryPolicy.none, 1, limited(0), true, 0.5))
  })
})

describe("RetryPolicy.retry", () => {
  it.effect("retries an idempotent call through transient failures, sleeping on the Clock", () =>
    Effect.gen(function* () {
      const { attempts, effect } = scripted([unavailable, truncated, unavailable])
      const fiber = yield* Effect.forkChild(effect.pipe(RetryPolicy.retry(policy, { idempotent: true })))
      yield* TestClock.adjust(10_000)
      assert.strictEqual(yield* Fiber.join(fiber), "done")
      assert.strictEqual(attempts.length, 4)
      attempts.slice(1).forEach((time, index) => {
        const gap = time - attempts[index]!
        assert.isAtLeast(gap, 0)
        assert.isAtMost(gap, Math.min(3_000, 1_000 * 2 ** index))
      })
    })
  )

  it.effect("does not retry a non-idempotent call after a 5xx", () =>
    Effect.gen(function* () {
      const { attempts, effect } = scripted([unavailable])
      const error = yield* Effect.flip(effect.pipe(RetryPolicy.retry(policy, { idempotent: false })))
      assert.strictEqual(error, unavailable)
      assert.strictEqual(attempts.length, 1)
    })
  )

  it.effect("retries a non-idempotent call after a 429, not before Retry-After", () =>
    Effect.gen(function* () {
      const { attempts, effect } = scripted([limited(7_000)])
      const fiber = yield* Effect.forkChild(effect.pipe(RetryPolicy.retry(policy, { idempotent: false })))
      yield* TestClock.adjust(6_999)
      assert.strictEqual(attempts.length, 1)
      yield* TestClock.adjust(1)
      assert.strictEqual(yield* Fiber.join(fiber), "done")
      assert.deepStrictEqual(attempts, [0, 7_000])
    })
  )

  it.effect("returns a 429 at once when Retry-After exceeds maxRetryAfterMillis", () =>
    Effect.gen(function* () {
      const { attempts, effect } = scripted([limited(86_400_000)])
      const error = yield* Effect.flip(effect.pipe(RetryPolicy.retry(policy, { idempotent: true })))
      assert.strictEqual(error._tag, "RateLimited")
      assert.strictEqual(attempts.length, 1)
    })
  )

  it.effect("never retries what cannot succeed", () =>
    Effect.gen(function* () {
      for (const failure of [rejected, unauthorized, mismatch]) {
        const { attempts, effect } = scripted([failure])
        const error = yield* Effect.flip(effect.pipe(RetryPolicy.retry(policy, { idempotent: true })))
        assert.strictEqual(error, failure)
        assert.strictEqual(attempts.length, 1)
      }
    })
  )

  it.effect("gives up after maxAttempts with the last error", () =>
    Effect.gen(function* () {
      const { attempts, effect } = scripted([unavailable, unavailable, unavailable, unavailable, unavailable])
      const fiber = yield* Effect.forkChild(Effect.flip(effect.pipe(RetryPolicy.retry(policy, { idempotent: true }))))
      yield* TestClock.adjust(60_000)
      assert.strictEqual(yield* Fiber.join(fiber), unavailable)
      assert.strictEqual(attempts.length, 4)
    })
  )

  it.effect("jitter is reproducible with a seeded Random", () =>
    Effect.gen(function* () {
      const run = Effect.gen(function* () {
        const { attempts, effect } = scripted([unavailable, unavailable, unavailable])
        const fiber = yield* Effect.forkChild(effect.pipe(RetryPolicy.retry(policy, { idempotent: true })))
        yield* TestClock.adjust(60_000)
        yield* Fiber.join(fiber)
        return attempts.map((time) => time - attempts[0]!)
      })
      const first = yield* run.pipe(Random.withSeed("konto"))
      const second = yield* run.pipe(Random.withSeed("konto"))
      const other = yield* run.pipe(Random.withSeed("another seed"))
      assert.deepStrictEqual(first, second)
      assert.strictEqual(first.length, 4)
      assert.notDeepEqual(first, other)
    })
  )
})
