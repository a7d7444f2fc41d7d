/**
 * The export bounds: the fewest upstream requests a listing can take, and the least wall time the vendor's
 * rate limit allows for them — `requests ÷ allowed rate`, i.e. N / (page size × rate), with every window shortened
 * by the benchmark's scale factor.
 */
import type { Capabilities } from "@konto/core"

/** ⌈N / the vendor's documented largest page⌉. */
export const fewestRequests = (invoices: number, maxPageSize: number): number => Math.ceil(invoices / maxPageSize)

/** The bound of one run, and the window that sets it. */
export interface RateLimitBound {
  /** Least wall time in milliseconds; 0 when every window admits all requests at once. */
  readonly millis: number
  /** The binding window, e.g. "25 per 5000 ms (access token)"; `none` when no window binds. */
  readonly window: string
}

/**
 * The rate-limit bound of `requests` under the vendor's limits scaled by `scale`. A window binds only when the
 * run needs more requests than it admits at once (a day's 5,000 does not slow 1,001 requests); of those, the
 * slowest rate is the bound.
 */
export const bound = (
  requests: number,
  rateLimits: ReadonlyArray<Capabilities.RateLimit>,
  scale: number
): RateLimitBound => {
  let result: RateLimitBound = { millis: 0, window: "none" }
  for (const limit of rateLimits) {
    if (requests <= limit.requests) continue
    const millis = (requests * limit.perMillis) / limit.requests / scale
    if (millis > result.millis) {
      result = { millis, window: `${limit.requests} per ${limit.perMillis} ms (${limit.scope})` }
    }
  }
  return result
}
