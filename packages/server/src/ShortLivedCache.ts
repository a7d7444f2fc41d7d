/**
 * A short-lived, bounded cache of successful store reads (effect's `Cache`), for what every request asks the store:
 * whether its API key is valid (`Authentication`) and the consent it names (`Connections`). Failures are never
 * kept, so a key or consent created a moment ago works at once. Whoever holds one drops entries when the store
 * announces a change (`@konto/store`'s `Changes`), so writes made in this process are seen by the very next request;
 * writes made by other processes on the same database are seen once an entry expires.
 */

import { Cache, Duration, Effect, Exit } from "effect"

/** How the caches of verified API keys and consents behave. */
export interface AccessCacheOptions {
  /** How long a read is reused (default 5 seconds; `0` turns the caches off). */
  readonly timeToLive?: Duration.Input | undefined
  /** Entries per cache (default 10,000); the least recently used go first. */
  readonly capacity?: number | undefined
}

/** Where the options live in the server's options. */
export interface AccessCacheSettings {
  /** The short-lived caches of verified API keys and consent reads. */
  readonly accessCache?: AccessCacheOptions | undefined
}

/** The default time to live: how stale another process's write may be seen here. */
export const defaultTimeToLive: Duration.Duration = Duration.seconds(5)

/** The default number of entries per cache. */
export const defaultCapacity = 10_000

/** A cache of `lookup`'s successes. */
export interface ShortLivedCache<Key, A, E> {
  /** The cached value, or `lookup`'s answer (concurrent misses of one key share one lookup). */
  readonly get: (key: Key) => Effect.Effect<A, E>
  readonly invalidate: (key: Key) => Effect.Effect<void>
  /** Drops the entries `predicate` picks. */
  readonly invalidateWhere: (predicate: (key: Key) => boolean) => Effect.Effect<void>
  readonly invalidateAll: Effect.Effect<void>
}

/**
 * A cache over `lookup` with `options`; with a time to live of zero, `lookup` itself. Keys are compared with
 * effect's `Equal` (strings by value; a class may implement `Equal` and `Hash`).
 */
export const make = <Key, A, E>(
  lookup: (key: Key) => Effect.Effect<A, E>,
  options: AccessCacheOptions = {}
): Effect.Effect<ShortLivedCache<Key, A, E>> => {
  const timeToLive = Duration.fromInputUnsafe(options.timeToLive ?? defaultTimeToLive)
  if (Duration.isZero(timeToLive)) {
    return Effect.succeed({
      get: lookup,
      invalidate: () => Effect.void,
      invalidateWhere: () => Effect.void,
      invalidateAll: Effect.void
    })
  }
  return Cache.makeWith(lookup, {
    capacity: Math.max(1, Math.floor(options.capacity ?? defaultCapacity)),
    timeToLive: (exit) => (Exit.isSuccess(exit) ? timeToLive : Duration.zero)
  }).pipe(
    Effect.map((cache) => ({
      get: (key: Key) => Cache.get(cache, key),
      invalidate: (key: Key) => Cache.invalidate(cache, key),
      invalidateWhere: (predicate: (key: Key) => boolean) =>
        Effect.flatMap(Cache.keys(cache), (keys) =>
          Effect.forEach(Array.from(keys).filter(predicate), (key) => Cache.invalidate(cache, key), { discard: true })
        ),
      invalidateAll: Cache.invalidateAll(cache)
    }))
  )
}
