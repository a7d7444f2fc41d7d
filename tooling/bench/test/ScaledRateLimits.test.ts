import { assert, describe, it } from "@effect/vitest"
import { RateLimiter } from "@konto/connector-kit"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import * as ScaledRateLimits from "../src/ScaledRateLimits.ts"

const fortnoxWindow = { windows: [{ limit: 2, windowMillis: 5_000 }] }

const thirdPermitAfter = (scale: number) =>
  Effect.gen(function* () {
    const limiter = yield* RateLimiter.shared("fortnox:bench", fortnoxWindow)
    yield* limiter.run(Effect.void)
    yield* limiter.run(Effect.void)
    const third = yield* Effect.forkChild(limiter.run(Effect.void))
    yield* TestClock.adjust(5_000 / scale - 1)
    const early = third.pollUnsafe()
    yield* TestClock.adjust(1)
    const onTime = third.pollUnsafe()
    yield* Fiber.join(third)
    return early === undefined && onTime !== undefined
  }).pipe(Effect.provide(ScaledRateLimits.layerRegistry(scale)))

describe("ScaledRateLimits", () => {
  it.effect("shortens every window by the scale", () =>
    Effect.gen(function* () {
      // ×4: the third request waits 1.25 s instead of 5 s, and not a millisecond less.
      assert.isTrue(yield* thirdPermitAfter(4))
    })
  )

  it.effect("Infinity drops the windows", () =>
    Effect.gen(function* () {
      const limiter = yield* RateLimiter.shared("fortnox:bench", fortnoxWindow).pipe(
        Effect.provide(ScaledRateLimits.layerRegistry(Infinity))
      )
      const ten = yield* Effect.forkChild(Effect.forEach(Array.from({ length: 10 }), () => limiter.run(Effect.void)))
      // Without windows nothing waits: the ten permits are granted while no virtual time passes.
      yield* TestClock.adjust(0)
      assert.isDefined(ten.pollUnsafe())
    })
  )
})
