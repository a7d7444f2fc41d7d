/**
 * Vendor rate limits, enforced on the effect `Clock` (each request carries its arrival time), so tests run
 * them on `TestClock`. A rule counts requests per key — an access token, a tenant, an administration — in a
 * sliding or a fixed window, as the vendor documents. A scale factor shortens every window: benchmarks state
 * the factor they run at, the demo relaxes limits, `Infinity` turns them off.
 */

import type { SimulatorRequest } from "./SimulatorRequest.ts"
import * as SimulatorResponse from "./SimulatorResponse.ts"

/** One documented limit, e.g. 25 requests per 5 seconds per access token. */
export interface RateLimitRule {
  /** How the vendor states it; appears in the default 429 body. */
  readonly name: string
  readonly requests: number
  readonly perMillis: number
  /** `sliding`: any `perMillis` span; `fixed`: windows aligned to multiples of `perMillis` since the epoch. */
  readonly window: "sliding" | "fixed"
  /** The bucket a request counts against; `undefined`: this rule does not apply to the request. */
  readonly key: (request: SimulatorRequest) => string | undefined
}

/** A request the limiter refused. */
export interface RateLimitRejection {
  readonly rule: RateLimitRule
  /** How long until the request would be accepted. */
  readonly retryAfterMillis: number
}

/** The limiter of one simulator. */
export interface RateLimiter {
  /** Accepts the request (recording it against every rule) or says which rule refused it. */
  readonly admit: (request: SimulatorRequest) => RateLimitRejection | undefined
  /** How many requests were refused since the last reset. */
  readonly rejected: () => number
  /** Forgets every window and the rejection count. */
  readonly reset: () => void
  /** The factor windows are shortened by. */
  readonly scale: number
}

interface Bucket {
  /** Sliding: arrival times of accepted requests within the window, oldest first. */
  readonly times: Array<number>
  /** Fixed: the current window's start and count. */
  windowStart: number
  count: number
}

/** A limiter over the rules; `scale` > 1 shortens windows by that factor (`Infinity`: no limits). */
export const make = (rules: ReadonlyArray<RateLimitRule>, scale = 1): RateLimiter => {
  if (!(scale > 0)) throw new Error(`RateLimit.make: scale must be positive, got ${scale}`)
  const buckets = rules.map(() => new Map<string, Bucket>())
  let rejected = 0
  const windowOf = (rule: RateLimitRule): number => rule.perMillis / scale
  const bucketOf = (ruleIndex: number, key: string): Bucket => {
    const map = buckets[ruleIndex] as Map<string, Bucket>
    let bucket = map.get(key)
    if (bucket === undefined) {
      bucket = { times: [], windowStart: 0, count: 0 }
      map.set(key, bucket)
    }
    return bucket
  }
  const admit = (request: SimulatorRequest): RateLimitRejection | undefined => {
    if (scale === Infinity) return undefined
    const now = request.nowMillis
    const applicable: Array<{ readonly rule: RateLimitRule; readonly bucket: Bucket }> = []
    let refusal: RateLimitRejection | undefined
    rules.forEach((rule, index) => {
      const key = rule.key(request)
      if (key === undefined) return
      const bucket = bucketOf(index, key)
      const window = windowOf(rule)
      let retryAfterMillis = 0
      if (rule.window === "sliding") {
        while (bucket.times.length > 0 && (bucket.times[0] as number) <= now - window) bucket.times.shift()
        if (bucket.times.length >= rule.requests) retryAfterMillis = (bucket.times[0] as number) + window - now
      } else {
        const windowStart = Math.floor(now / window) * window
        if (windowStart !== bucket.windowStart) {
          bucket.windowStart = windowStart
          bucket.count = 0
        }
        if (bucket.count >= rule.requests) retryAfterMillis = windowStart + window - now
      }
      if (retryAfterMillis > 0) {
        if (refusal === undefined || retryAfterMillis > refusal.retryAfterMillis) refusal = { rule, retryAfterMillis }
      } else {
        applicable.push({ rule, bucket })
      }
    })
    if (refusal !== undefined) {
      rejected += 1
      return refusal
    }
    for (const { bucket, rule } of applicable) {
      if (rule.window === "sliding") bucket.times.push(now)
      else bucket.count += 1
    }
    return undefined
  }
  return {
    admit,
    rejected: () => rejected,
    reset: () => {
      rejected = 0
      for (const map of buckets) map.clear()
    },
    scale
  }
}

/** `Retry-After` in whole seconds, rounded up (at least 1). */
export const retryAfterSeconds = (millis: number): number => Math.max(1, Math.ceil(millis / 1000))

/** The default answer to a refused request: 429 with `Retry-After` and a JSON message. */
export const defaultResponse = (
  _request: SimulatorRequest,
  rejection: RateLimitRejection
): SimulatorResponse.SimulatorResponse =>
  SimulatorResponse.json(
    429,
    { message: `Too Many Requests: ${rejection.rule.name}` },
    { "retry-after": String(retryAfterSeconds(rejection.retryAfterMillis)) }
  )
