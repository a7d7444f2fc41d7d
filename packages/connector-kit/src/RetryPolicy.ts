/**
 * When and how long to retry a vendor call: exponential backoff with full jitter, honouring `Retry-After`.
 *
 * What is retried, and why it is safe:
 * - `RateLimited` — always, also for a non-idempotent call: a 429 means the vendor did not process it.
 *   The wait is at least the vendor's `retryAfterMillis`; a wait longer than `maxRetryAfterMillis` (e.g. a
 *   daily limit) is not slept through: the error is returned at once.
 * - `UpstreamUnavailable` (5xx, 408, transport errors, timeouts) and an unparsable body (`JsonBody.isTransient`)
 *   — only for idempotent calls: a POST that timed out may have been processed.
 * - Nothing else (`Unauthorized`, `NotFound`, `UpstreamRejected`, a schema mismatch, …): retrying cannot help.
 *
 * Sleeps on the effect `Clock` (tests use `TestClock`) and draws jitter from the effect `Random` service
 * (`Random.withSeed` makes it reproducible).
 */

import type { RateLimited } from "@konto/core"
import { Effect, Predicate, Random } from "effect"
import * as JsonBody from "./JsonBody.ts"

/** A retry policy. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = never retry). */
  readonly maxAttempts: number
  /** The backoff before the first retry is drawn from [0, base]; it doubles per retry. */
  readonly baseDelayMillis: number
  /** The backoff never exceeds this (before honouring `Retry-After`). */
  readonly maxDelayMillis: number
  /** A vendor `Retry-After` longer than this is not waited for; the `RateLimited` error is returned. */
  readonly maxRetryAfterMillis: number
}

/** 4 attempts, 500 ms base, 30 s cap, waits up to 2 minutes for a `Retry-After`. */
export const defaults: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMillis: 500,
  maxDelayMillis: 30_000,
  maxRetryAfterMillis: 120_000
}

/** Never retries. */
export const none: RetryPolicy = { ...defaults, maxAttempts: 1 }

/** The defaults with some values replaced. */
export const make = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({ ...defaults, ...overrides })

/** Whether an error may be retried; `idempotent` says whether repeating the call cannot duplicate its effect. */
export const isRetryable = (error: unknown, idempotent: boolean): boolean => {
  if (
    !Predicate.isTagged(error, "RateLimited") &&
    !Predicate.isTagged(error, "UpstreamUnavailable") &&
    !Predicate.isTagged(error, "UnexpectedPayload")
  ) {
    return false
  }
  switch (error._tag) {
    case "RateLimited":
      return true
    case "UpstreamUnavailable":
      return idempotent
    default:
      return idempotent && JsonBody.isTransient(error as { readonly _tag: string })
  }
}

/** The full-jitter backoff before retry number `retry` (1-based): `random01 × min(cap, base × 2^(retry-1))`. */
export const backoffMillis = (policy: RetryPolicy, retry: number, random01: number): number => {
  const ceiling = Math.min(policy.maxDelayMillis, policy.baseDelayMillis * 2 ** Math.max(0, retry - 1))
  return Math.floor(random01 * ceiling)
}

/**
 * The wait before retry number `retry` (1-based) after `error`, or `null` to give up: not retryable, attempts
 * used up, or a `Retry-After` beyond `maxRetryAfterMillis`. Pure; `random01` is a draw from [0, 1).
 */
export const delayMillis = (
  policy: RetryPolicy,
  retry: number,
  error: unknown,
  idempotent: boolean,
  random01: number
): number | null => {
  if (retry >= policy.maxAttempts || !isRetryable(error, idempotent)) return null
  const backoff = backoffMillis(policy, retry, random01)
  if (Predicate.isTagged(error, "RateLimited")) {
    const retryAfter = (error as RateLimited).retryAfterMillis
    if (retryAfter === null) return backoff
    if (retryAfter > policy.maxRetryAfterMillis) return null
    return Math.max(retryAfter, backoff)
  }
  return backoff
}

/** Options of `retry`. */
export interface RetryOptions {
  /** Whether repeating the call cannot duplicate its effect (GET, or a write carrying an idempotency key). */
  readonly idempotent: boolean
}

/** Retries an effect by the policy (see the module comment for what is retried). */
export const retry =
  (policy: RetryPolicy, options: RetryOptions) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
    const attempt = (retryNumber: number): Effect.Effect<A, E, R> =>
      Effect.catch(self, (error: E) =>
        Effect.flatMap(Random.next, (random01) => {
          const wait = delayMillis(policy, retryNumber, error, options.idempotent, random01)
          if (wait === null) return Effect.fail(error)
          return Effect.logDebug(`retry ${retryNumber} in ${wait} ms`).pipe(
            Effect.annotateLogs({ error: Predicate.hasProperty(error, "_tag") ? String(error._tag) : "unknown" }),
            Effect.andThen(Effect.sleep(wait)),
            Effect.andThen(attempt(retryNumber + 1))
          )
        })
      )
    return attempt(1)
  }
