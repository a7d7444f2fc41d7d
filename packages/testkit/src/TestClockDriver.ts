/**
 * Runs an effect that waits on the effect `Clock` (rate limiters, retry backoff, timeouts, token expiry) under
 * `TestClock`, advancing virtual time until it completes — so a whole listing with retries and rate-limit waits
 * runs in milliseconds, deterministically.
 *
 * Time moves in small steps while the effect makes progress (`progress` reports a changing number, e.g. a
 * simulator's request count) and in growing steps while it waits, up to `maxMillis` of virtual time.
 */
import { Effect, type Exit, Fiber, Schema } from "effect"
import { TestClock } from "effect/testing"

/** The effect did not complete within the virtual time allowed. */
export class StuckOnTestClock extends Schema.TaggedError<StuckOnTestClock>()("StuckOnTestClock", {
  virtualMillis: Schema.Number
}) {
  override get message(): string {
    return `did not complete within ${Math.round(this.virtualMillis / 60_000)} minutes of virtual time`
  }
}

/** How the driver advances time. */
export interface DriveOptions {
  /** The smallest step (default 100 ms). */
  readonly stepMillis?: number
  /** The largest step while nothing progresses (default 10 s). */
  readonly maxStepMillis?: number
  /** Give up after this much virtual time (default 6 hours). */
  readonly maxMillis?: number
  /** A number that changes when the effect makes progress (resets the step to `stepMillis`). */
  readonly progress?: () => number
}

/** Runs `effect` under `TestClock`, advancing time until it completes. Needs a `TestClock` (as in `it.effect`). */
export const drive = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  options?: DriveOptions
): Effect.Effect<A, E | StuckOnTestClock, R> =>
  Effect.gen(function* () {
    const baseStep = options?.stepMillis ?? 100
    const maxStep = options?.maxStepMillis ?? 10_000
    const maxMillis = options?.maxMillis ?? 6 * 3_600_000
    const fiber = yield* Effect.forkChild(effect)
    let elapsed = 0
    let step = baseStep
    let lastProgress = options?.progress?.()
    while (true) {
      // Let the fiber run whatever does not wait on the clock (promises, other fibers) before time moves.
      for (let turn = 0; turn < 3; turn++) {
        yield* Effect.yieldNow
        const exit = fiber.pollUnsafe()
        if (exit !== undefined) return yield* exit as Exit.Exit<A, E>
      }
      if (elapsed >= maxMillis) {
        yield* Fiber.interrupt(fiber)
        return yield* new StuckOnTestClock({ virtualMillis: elapsed })
      }
      const progress = options?.progress?.()
      step = progress !== lastProgress ? baseStep : Math.min(maxStep, Math.ceil(step * 1.5))
      lastProgress = progress
      yield* TestClock.adjust(step)
      elapsed += step
    }
  })
