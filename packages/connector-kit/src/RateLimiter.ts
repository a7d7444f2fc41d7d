/**
 * A client-side rate limiter for one connection, on the effect `Clock`.
 *
 * Windows are sliding and exact: for every window `{ limit, windowMillis }`, no interval of `windowMillis`
 * contains more than `limit` request starts. A request waits (never fails) until every window has room and,
 * when `maxConcurrent` is set, until fewer than that many requests are in flight. Waiters are served first
 * come, first served. A request takes its concurrency slot before its window permit, so the moment it is
 * counted is the moment it is sent.
 *
 * Vendors count on their side of the network; leave a margin in `limit` when their clock matters. When a vendor
 * tells how much of the allowance is left (a remaining-count header), `grantedSince` says how much of it this
 * limiter spent and `charge` books the rest — calls someone else made — so the next requests wait for them too.
 */
import { Clock, Context, Effect, Layer, Option, Ref, Semaphore } from "effect"

/** At most `limit` requests in any interval of `windowMillis` milliseconds. */
export interface RateWindow {
  readonly limit: number
  readonly windowMillis: number
}

/** What a limiter enforces. */
export interface RateLimiterOptions {
  /** Every window applies at once (e.g. 60 / minute and 5,000 / day). */
  readonly windows: ReadonlyArray<RateWindow>
  /** Requests in flight at most (Xero: 5); unlimited when absent. */
  readonly maxConcurrent?: number | undefined
}

/** A limiter: wrap each vendor request in `run`. */
export interface RateLimiter {
  /** Runs the effect once a permit is free; the effect's duration counts against `maxConcurrent`. */
  readonly run: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /**
   * How many grants (`run` starts and `charge`d grants) started after `fromMillis` (strictly). Every window logs
   * the same grants but keeps only its last `limit`; the count is read from the window that keeps the most (the
   * largest `limit`), so it is exact up to that limit and that limit beyond — enough to count within any one
   * window, which no window's requests exceed. A limiter without windows keeps no log and answers 0.
   */
  readonly grantedSince: (fromMillis: number) => Effect.Effect<number>
  /**
   * Records `count` grants now in every window, without waiting and without running anything: calls someone else
   * made against the same allowance (as a vendor's remaining-count header reveals). The next `run`s wait until
   * they age out of the windows. `count` is a non-negative integer (0 does nothing); anything else is a
   * `RangeError` defect. A limiter without windows has nothing to charge.
   */
  readonly charge: (count: number) => Effect.Effect<void>
}

// A charge is a count of calls: a bad one is a programming error, like a bad limit.
const validateCount = (count: number): Effect.Effect<void> =>
  Number.isInteger(count) && count >= 0 ? Effect.void : Effect.die(new RangeError(`invalid charge: ${count} grants`))

/** A limiter that never waits (it logs nothing: `grantedSince` is 0, `charge` does nothing). */
export const unlimited: RateLimiter = {
  run: (effect) => effect,
  grantedSince: () => Effect.succeed(0),
  charge: validateCount
}

const validate = (options: RateLimiterOptions): void => {
  for (const window of options.windows) {
    if (!Number.isInteger(window.limit) || window.limit < 1 || !(window.windowMillis > 0)) {
      throw new RangeError(`invalid rate window: ${window.limit} per ${window.windowMillis} ms`)
    }
  }
  if (options.maxConcurrent !== undefined && (!Number.isInteger(options.maxConcurrent) || options.maxConcurrent < 1)) {
    throw new RangeError(`invalid maxConcurrent: ${options.maxConcurrent}`)
  }
}

/**
 * Makes a limiter. Throws a `RangeError` (a defect) for a limit below 1 or a non-positive window: limits are
 * constants in an adapter, so a bad one is a programming error.
 */
export const make = (options: RateLimiterOptions): Effect.Effect<RateLimiter> => Effect.sync(() => makeUnsafe(options))

/** Makes a limiter outside an effect (same rules as `make`). */
export const makeUnsafe = (options: RateLimiterOptions): RateLimiter => {
  validate(options)
  if (options.windows.length === 0 && options.maxConcurrent === undefined) return unlimited
  // The start times of the last `limit` grants, oldest first, per window.
  const grants: Array<Array<number>> = options.windows.map(() => [])
  const turn = Semaphore.makeUnsafe(1)
  const inFlight = options.maxConcurrent === undefined ? undefined : Semaphore.makeUnsafe(options.maxConcurrent)

  // Milliseconds until every window has room at `now` (0: a permit is free now).
  const waitMillis = (now: number): number => {
    let wait = 0
    options.windows.forEach((window, index) => {
      const log = grants[index]!
      if (log.length >= window.limit) {
        // The limit-th most recent start must be at least a full window ago.
        const oldest = log[log.length - window.limit]!
        wait = Math.max(wait, oldest + window.windowMillis - now)
      }
    })
    return wait
  }

  const record = (now: number, count: number): void => {
    options.windows.forEach((window, index) => {
      const log = grants[index]!
      // More than `limit` grants at once: only the last `limit` are kept anyway.
      for (let added = 0; added < Math.min(count, window.limit); added++) log.push(now)
      if (log.length > window.limit) log.splice(0, log.length - window.limit)
    })
  }

  // Every log is the tail of the same grants, oldest first: count back from the newest.
  const countSince = (fromMillis: number): number => {
    let most = 0
    for (const log of grants) {
      let count = 0
      for (let index = log.length - 1; index >= 0 && log[index]! > fromMillis; index--) count++
      most = Math.max(most, count)
    }
    return most
  }

  // Holding `turn` while sleeping keeps the queue first come, first served.
  const permit: Effect.Effect<void> = turn.withPermit(
    Effect.gen(function* () {
      while (true) {
        const now = yield* Clock.currentTimeMillis
        const wait = waitMillis(now)
        if (wait <= 0) {
          record(now, 1)
          return
        }
        yield* Effect.sleep(wait)
      }
    })
  )

  const windowed = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    options.windows.length === 0 ? effect : Effect.andThen(permit, effect)

  return {
    run: (effect) => (inFlight === undefined ? windowed(effect) : inFlight.withPermit(windowed(effect))),
    grantedSince: (fromMillis) => Effect.sync(() => countSince(fromMillis)),
    // A waiter asleep in `permit` looks at the windows again when it wakes, so it waits for these too.
    charge: (count) =>
      Effect.andThen(
        validateCount(count),
        count === 0
          ? Effect.void
          : Effect.flatMap(Clock.currentTimeMillis, (now) => Effect.sync(() => record(now, count)))
      )
  }
}

/**
 * Limiters shared by key across layer builds in one process, so a connection keeps one limiter however often
 * its connector layer is built (e.g. once per server request). Optional: without it, `shared` makes a fresh one.
 */
export class Registry extends Context.Service<
  Registry,
  {
    /** The limiter for `key`, made with `options` the first time the key is seen. */
    readonly get: (key: string, options: RateLimiterOptions) => Effect.Effect<RateLimiter>
  }
>()("@konto/connector-kit/RateLimiter/Registry") {}

/** An in-process registry. */
export const makeRegistry: Effect.Effect<Registry["Service"]> = Effect.map(
  Ref.make(new Map<string, RateLimiter>()),
  (limiters) =>
    Registry.of({
      get: (key, options) =>
        Ref.modify(limiters, (map): [RateLimiter, Map<string, RateLimiter>] => {
          const existing = map.get(key)
          if (existing !== undefined) return [existing, map]
          const created = makeUnsafe(options)
          return [created, new Map(map).set(key, created)]
        })
    })
)

/** A layer of an in-process registry (the server and the CLI provide it once per process). */
export const layerRegistry: Layer.Layer<Registry> = Layer.effect(Registry, makeRegistry)

/** Windows shortened by `scale` (`Infinity`: no windows); concurrency limits are kept. */
export const scaleOptions = (options: RateLimiterOptions, scale: number): RateLimiterOptions => ({
  ...options,
  windows: Number.isFinite(scale)
    ? options.windows.map((window) => ({ ...window, windowMillis: Math.max(1, window.windowMillis / scale) }))
    : []
})

/**
 * A registry whose limiters run the vendor's limits `scale` times faster (`Infinity`: no rate windows). For
 * simulators whose own limits are scaled by the same factor (simulator-kit's `rateLimitScale`): demos and
 * benchmarks keep the client pacing itself, at the scaled rate.
 */
export const layerRegistryScaled = (scale: number): Layer.Layer<Registry> =>
  Layer.effect(
    Registry,
    Effect.map(makeRegistry, (registry) =>
      Registry.of({ get: (key, options) => registry.get(key, scaleOptions(options, scale)) })
    )
  )

/**
 * The limiter for `key` (use `${system}:${connectionId}`): from the `Registry` when one is provided, else a
 * fresh limiter.
 */
export const shared = (key: string, options: RateLimiterOptions): Effect.Effect<RateLimiter> =>
  Effect.flatMap(Effect.serviceOption(Registry), (registry) =>
    Option.isSome(registry) ? registry.value.get(key, options) : make(options)
  )
