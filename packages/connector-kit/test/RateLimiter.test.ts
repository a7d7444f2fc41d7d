import { assert, describe, it } from "@effect/vitest"
import { RateLimiter } from "@konto/connector-kit"
import { Cause, Clock, Effect, Exit, Fiber } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"

/** Runs `count` requests through a limiter, each arriving at `arrival(i)` and lasting `duration(i)`; records starts. */
const simulate = (
  options: RateLimiter.RateLimiterOptions,
  requests: ReadonlyArray<{ readonly arrival: number; readonly duration: number }>,
  horizon: number
) =>
  Effect.gen(function* () {
    const limiter = yield* RateLimiter.make(options)
    const starts: Array<number> = requests.map(() => Number.NaN)
    const fibers = yield* Effect.forEach(requests, (request, index) =>
      Effect.forkChild(
        Effect.sleep(request.arrival).pipe(
          Effect.andThen(
            limiter.run(
              Effect.gen(function* () {
                starts[index] = yield* Clock.currentTimeMillis
                yield* Effect.sleep(request.duration)
              })
            )
          )
        )
      )
    )
    yield* TestClock.adjust(horizon)
    yield* Fiber.joinAll(fibers)
    return starts
  })

/** For every window: no interval of `windowMillis` holds more than `limit` starts. */
const respectsWindows = (options: RateLimiter.RateLimiterOptions, starts: ReadonlyArray<number>): boolean => {
  const sorted = [...starts].sort((a, b) => a - b)
  return options.windows.every((window) =>
    sorted.every(
      (start, index) =>
        index + window.limit >= sorted.length || sorted[index + window.limit]! - start >= window.windowMillis
    )
  )
}

/** The most requests in flight at once. */
const peakInFlight = (starts: ReadonlyArray<number>, durations: ReadonlyArray<number>): number => {
  const events = starts.flatMap(
    (start, index) =>
      [
        [start, 1],
        [start + durations[index]!, -1]
      ] as const
  )
  // Ends before starts at the same instant: a finished request frees its slot for one starting then.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let current = 0
  let peak = 0
  for (const [, delta] of events) {
    current += delta
    peak = Math.max(peak, current)
  }
  return peak
}

describe("RateLimiter", () => {
  it.effect("25 per 5 s: 100 concurrent requests start in four bursts of 25", () =>
    Effect.gen(function* () {
      const options = { windows: [{ limit: 25, windowMillis: 5_000 }] }
      const starts = yield* simulate(
        options,
        Array.from({ length: 100 }, () => ({ arrival: 0, duration: 10 })),
        30_000
      )
      const bursts = new Map<number, number>()
      for (const start of starts) bursts.set(start, (bursts.get(start) ?? 0) + 1)
      assert.deepStrictEqual(
        [...bursts.entries()].sort((a, b) => a[0] - b[0]),
        [
          [0, 25],
          [5_000, 25],
          [10_000, 25],
          [15_000, 25]
        ]
      )
      assert.isTrue(respectsWindows(options, starts))
    })
  )

  it.effect("several windows apply at once (3 / s and 5 / 10 s)", () =>
    Effect.gen(function* () {
      const options = {
        windows: [
          { limit: 3, windowMillis: 1_000 },
          { limit: 5, windowMillis: 10_000 }
        ]
      }
      const starts = yield* simulate(
        options,
        Array.from({ length: 10 }, () => ({ arrival: 0, duration: 0 })),
        60_000
      )
      assert.deepStrictEqual(
        [...starts].sort((a, b) => a - b),
        [0, 0, 0, 1_000, 1_000, 10_000, 10_000, 10_000, 11_000, 11_000]
      )
    })
  )

  it.effect("a request waits, never fails, and a window frees exactly one window length after a start", () =>
    Effect.gen(function* () {
      const options = { windows: [{ limit: 2, windowMillis: 1_000 }] }
      const starts = yield* simulate(
        options,
        [
          { arrival: 0, duration: 0 },
          { arrival: 400, duration: 0 },
          { arrival: 500, duration: 0 },
          { arrival: 2_000, duration: 0 }
        ],
        5_000
      )
      assert.deepStrictEqual(starts, [0, 400, 1_000, 2_000])
    })
  )

  it.effect("maxConcurrent bounds requests in flight (Xero: 5)", () =>
    Effect.gen(function* () {
      const durations = Array.from({ length: 20 }, () => 1_000)
      const starts = yield* simulate(
        { windows: [], maxConcurrent: 5 },
        durations.map((duration) => ({ arrival: 0, duration })),
        10_000
      )
      assert.strictEqual(peakInFlight(starts, durations), 5)
      assert.strictEqual(Math.max(...starts), 3_000)
    })
  )

  it.effect("Xero's limits together: 60 / minute, 5,000 / day, 5 concurrent", () =>
    Effect.gen(function* () {
      const options = {
        windows: [
          { limit: 60, windowMillis: 60_000 },
          { limit: 5_000, windowMillis: 86_400_000 }
        ],
        maxConcurrent: 5
      }
      const requests = Array.from({ length: 150 }, (_, index) => ({ arrival: index * 100, duration: 700 }))
      const starts = yield* simulate(options, requests, 600_000)
      assert.isTrue(respectsWindows(options, starts))
      assert.isAtMost(
        peakInFlight(
          starts,
          requests.map((request) => request.duration)
        ),
        5
      )
      assert.strictEqual([...starts].sort((a, b) => a - b)[60], 60_000)
    })
  )

  it.effect("serves waiters first come, first served", () =>
    Effect.gen(function* () {
      const options = { windows: [{ limit: 1, windowMillis: 1_000 }] }
      const requests = Array.from({ length: 8 }, (_, index) => ({ arrival: index * 10, duration: 0 }))
      const starts = yield* simulate(options, requests, 20_000)
      assert.deepStrictEqual(starts, [0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000])
    })
  )

  it.effect("unlimited and no-window limiters never wait", () =>
    Effect.gen(function* () {
      const starts = yield* simulate(
        { windows: [] },
        Array.from({ length: 10 }, () => ({ arrival: 0, duration: 5 })),
        100
      )
      assert.isTrue(starts.every((start) => start === 0))
      assert.strictEqual(yield* RateLimiter.unlimited.run(Effect.succeed(1)), 1)
    })
  )

  it("rejects a limit below 1 or a non-positive window", () => {
    assert.throws(() => RateLimiter.makeUnsafe({ windows: [{ limit: 0, windowMillis: 1_000 }] }), RangeError)
    assert.throws(() => RateLimiter.makeUnsafe({ windows: [{ limit: 1, windowMillis: 0 }] }), RangeError)
    assert.throws(() => RateLimiter.makeUnsafe({ windows: [], maxConcurrent: 0 }), RangeError)
  })

  it.effect("shared: one limiter per key when a Registry is provided, a fresh one otherwise", () =>
    Effect.gen(function* () {
      const options = { windows: [{ limit: 1, windowMillis: 1_000 }] }
      const withoutRegistry = [
        yield* RateLimiter.shared("xero:c1", options),
        yield* RateLimiter.shared("xero:c1", options)
      ]
      assert.notStrictEqual(withoutRegistry[0], withoutRegistry[1])
      const withRegistry = yield* Effect.all([
        RateLimiter.shared("xero:c1", options),
        RateLimiter.shared("xero:c1", options),
        RateLimiter.shared("xero:c2", options)
      ]).pipe(Effect.provide(RateLimiter.layerRegistry))
      assert.strictEqual(withRegistry[0], withRegistry[1])
      assert.notStrictEqual(withRegistry[0], withRegistry[2])
    })
  )
})

describe("RateLimiter usage: grantedSince and charge", () => {
  it.effect("charge(n) makes the next run wait exactly until the charged grants age out of the window", () =>
    Effect.gen(function* () {
      const limiter = yield* RateLimiter.make({ windows: [{ limit: 3, windowMillis: 1_000 }] })
      yield* TestClock.adjust(100)
      yield* limiter.charge(3)
      const fiber = yield* Effect.forkChild(limiter.run(Clock.currentTimeMillis))
      yield* TestClock.adjust(999)
      assert.isUndefined(fiber.pollUnsafe())
      yield* TestClock.adjust(1)
      assert.strictEqual(yield* Fiber.join(fiber), 1_100)
    })
  )

  it.effect("a charge leaves the rest of the window to runs, and counts in every window", () =>
    Effect.gen(function* () {
      const limiter = yield* RateLimiter.make({
        windows: [
          { limit: 3, windowMillis: 1_000 },
          { limit: 4, windowMillis: 10_000 }
        ]
      })
      yield* limiter.charge(2)
      const fiber = yield* Effect.forkChild(
        Effect.all([
          limiter.run(Clock.currentTimeMillis),
          limiter.run(Clock.currentTimeMillis),
          limiter.run(Clock.currentTimeMillis)
        ])
      )
      yield* TestClock.adjust(20_000)
      // One run fits beside the charge in the 1 s window; the next waits for the charge to age out of it; the
      // third finds the 10 s window full (2 charged, 2 run) until the charge ages out of that one too.
      assert.deepStrictEqual(yield* Fiber.join(fiber), [0, 1_000, 10_000])
    })
  )

  it.effect("a charge wakes no one early: a waiter asleep before it also waits for it", () =>
    Effect.gen(function* () {
      const limiter = yield* RateLimiter.make({ windows: [{ limit: 1, windowMillis: 1_000 }] })
      yield* limiter.run(Effect.void)
      const fiber = yield* Effect.forkChild(limiter.run(Clock.currentTimeMillis))
      yield* TestClock.adjust(500)
      yield* limiter.charge(1)
      yield* TestClock.adjust(5_000)
      assert.strictEqual(yield* Fiber.join(fiber), 1_500)
    })
  )

  it.effect("grantedSince counts runs and charges that started after a time, from the window keeping the most", () =>
    Effect.gen(function* () {
      const limiter = yield* RateLimiter.make({
        windows: [
          { limit: 2, windowMillis: 100 },
          { limit: 10, windowMillis: 60_000 }
        ]
      })
      yield* limiter.run(Effect.void)
      yield* TestClock.adjust(300)
      yield* limiter.run(Effect.void)
      yield* TestClock.adjust(300)
      yield* limiter.run(Effect.void)
      yield* limiter.charge(2)
      // Five grants: 0, 300, 600 ×3 — more than the first window's log keeps.
      assert.deepStrictEqual(
        yield* Effect.forEach([-1, 0, 299, 300, 599, 600], (from) => limiter.grantedSince(from)),
        [5, 4, 4, 3, 3, 0]
      )
      yield* limiter.charge(20)
      assert.strictEqual(yield* limiter.grantedSince(-1), 10)
    })
  )

  it.effect("charging 0 is a no-op; limiters without windows count nothing", () =>
    Effect.gen(function* () {
      const limiter = yield* RateLimiter.make({ windows: [{ limit: 1, windowMillis: 1_000 }] })
      yield* limiter.charge(0)
      assert.strictEqual(yield* limiter.grantedSince(-1), 0)
      assert.strictEqual(yield* limiter.run(Clock.currentTimeMillis), 0)
      assert.strictEqual(yield* limiter.grantedSince(-1), 1)
      for (const windowless of [RateLimiter.unlimited, yield* RateLimiter.make({ windows: [], maxConcurrent: 2 })]) {
        yield* windowless.charge(5)
        yield* windowless.run(Effect.void)
        assert.strictEqual(yield* windowless.grantedSince(-1), 0)
      }
    })
  )

  it.effect("refuses a count that is negative, fractional or not finite (a RangeError defect)", () =>
    Effect.gen(function* () {
      const limiter = yield* RateLimiter.make({ windows: [{ limit: 1, windowMillis: 1_000 }] })
      for (const count of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        for (const target of [limiter, RateLimiter.unlimited]) {
          const exit = yield* Effect.exit(target.charge(count))
          assert.isTrue(Exit.isFailure(exit) && Cause.hasDies(exit.cause))
          assert.instanceOf(Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined, RangeError)
        }
      }
      // Nothing was recorded: a run still starts at once.
      assert.strictEqual(yield* limiter.run(Clock.currentTimeMillis), 0)
    })
  )
})

describe("RateLimiter.layerRegistryScaled", () => {
  it.effect("runs the vendor's windows `scale` times faster, and Infinity lifts them (concurrency kept)", () =>
    Effect.gen(function* () {
      const options = { windows: [{ limit: 1, windowMillis: 1_000 }], maxConcurrent: 2 }
      const limiter = yield* RateLimiter.shared("fortnox:c1", options).pipe(
        Effect.provide(RateLimiter.layerRegistryScaled(10))
      )
      const fiber = yield* Effect.forkChild(
        Effect.all([limiter.run(Clock.currentTimeMillis), limiter.run(Clock.currentTimeMillis)])
      )
      yield* TestClock.adjust(100)
      assert.deepStrictEqual(yield* Fiber.join(fiber), [0, 100])
      assert.deepStrictEqual(RateLimiter.scaleOptions(options, Number.POSITIVE_INFINITY), {
        windows: [],
        maxConcurrent: 2
      })
      assert.deepStrictEqual(RateLimiter.scaleOptions(options, 4).windows, [{ limit: 1, windowMillis: 250 }])
    })
  )
})

describe("RateLimiter over random arrival schedules (law)", () => {
  const schedule = fc.record({
    windows: fc.array(
      fc.record({ limit: fc.integer({ min: 1, max: 6 }), windowMillis: fc.integer({ min: 1, max: 2_000 }) }),
      { minLength: 0, maxLength: 3 }
    ),
    maxConcurrent: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    requests: fc.array(
      fc.record({ arrival: fc.integer({ min: 0, max: 3_000 }), duration: fc.integer({ min: 0, max: 400 }) }),
      { minLength: 1, maxLength: 40 }
    )
  })

  it("never exceeds any window or the concurrency, starts every request, and never idles needlessly", async () => {
    await fc.assert(
      fc.asyncProperty(schedule, async ({ maxConcurrent, requests, windows }) => {
        const options: RateLimiter.RateLimiterOptions = { windows, maxConcurrent }
        const horizon = 3_000 + requests.length * (Math.max(0, ...windows.map((w) => w.windowMillis)) + 400) + 1
        const starts = await Effect.runPromise(
          simulate(options, requests, horizon).pipe(Effect.provide(TestClock.layer()))
        )
        const durations = requests.map((request) => request.duration)
        const started = starts.every((start, index) => Number.isFinite(start) && start >= requests[index]!.arrival)
        const concurrent = maxConcurrent === undefined || peakInFlight(starts, durations) <= maxConcurrent
        // Work conserving: every start is an arrival, a window freeing (a start + the window's length) or a
        // slot freeing (an end). Requests queued behind one another start at the same such instant.
        const instants = new Set<number>(requests.map((request) => request.arrival))
        starts.forEach((start, index) => {
          instants.add(start + durations[index]!)
          for (const window of windows) instants.add(start + window.windowMillis)
        })
        const explained = starts.every((start) => instants.has(start))
        return started && respectsWindows(options, starts) && concurrent && explained
      }),
      { numRuns: 250 }
    )
  })
})
