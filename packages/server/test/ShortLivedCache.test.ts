import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import * as ShortLivedCache from "../src/ShortLivedCache.ts"

/** A lookup that counts its calls per key and fails for keys starting with "missing". */
const countingLookup = () => {
  const calls: Array<string> = []
  const lookup = (key: string) =>
    Effect.suspend(() => {
      calls.push(key)
      return key.startsWith("missing") ? Effect.fail(`no ${key}`) : Effect.succeed(`${key}#${calls.length}`)
    })
  return { calls, lookup }
}

describe("ShortLivedCache", () => {
  it.effect("reuses a value for its time to live, then looks it up again", () =>
    Effect.gen(function* () {
      const { calls, lookup } = countingLookup()
      const cache = yield* ShortLivedCache.make(lookup, { timeToLive: "5 seconds" })
      assert.strictEqual(yield* cache.get("a"), "a#1")
      yield* TestClock.adjust("4999 millis")
      assert.strictEqual(yield* cache.get("a"), "a#1")
      yield* TestClock.adjust("1 milli")
      assert.strictEqual(yield* cache.get("a"), "a#2")
      assert.deepStrictEqual(calls, ["a", "a"])
    })
  )

  it.effect("defaults to 5 seconds", () =>
    Effect.gen(function* () {
      const { calls, lookup } = countingLookup()
      const cache = yield* ShortLivedCache.make(lookup)
      yield* cache.get("a")
      yield* TestClock.adjust("4 seconds")
      yield* cache.get("a")
      yield* TestClock.adjust("1 second")
      yield* cache.get("a")
      assert.deepStrictEqual(calls, ["a", "a"])
    })
  )

  it.effect("never keeps a failure: the next get asks again", () =>
    Effect.gen(function* () {
      const { calls, lookup } = countingLookup()
      const cache = yield* ShortLivedCache.make(lookup, { timeToLive: "1 hour" })
      assert.strictEqual(yield* Effect.flip(cache.get("missing")), "no missing")
      assert.strictEqual(yield* Effect.flip(cache.get("missing")), "no missing")
      assert.deepStrictEqual(calls, ["missing", "missing"])
    })
  )

  it.effect("holds at most `capacity` entries, dropping the least recently used", () =>
    Effect.gen(function* () {
      const { calls, lookup } = countingLookup()
      const cache = yield* ShortLivedCache.make(lookup, { timeToLive: "1 hour", capacity: 2 })
      yield* cache.get("a")
      yield* cache.get("b")
      yield* cache.get("a") // a is now the most recently used
      yield* cache.get("c") // evicts b
      yield* cache.get("a")
      yield* cache.get("c")
      assert.deepStrictEqual(calls, ["a", "b", "c"])
      yield* cache.get("b")
      assert.deepStrictEqual(calls, ["a", "b", "c", "b"])
    })
  )

  it.effect("concurrent misses of one key share one lookup", () =>
    Effect.gen(function* () {
      const gate = yield* Deferred.make<void>()
      let lookups = 0
      const cache = yield* ShortLivedCache.make(
        (key: string) =>
          Effect.suspend(() => {
            lookups += 1
            return Effect.as(Deferred.await(gate), key)
          }),
        { timeToLive: "1 hour" }
      )
      const fibers = yield* Effect.forEach([1, 2, 3, 4], () => Effect.forkChild(cache.get("k")))
      yield* Deferred.succeed(gate, undefined)
      const values = yield* Effect.forEach(fibers, Fiber.join)
      assert.deepStrictEqual(values, ["k", "k", "k", "k"])
      assert.strictEqual(lookups, 1)
    })
  )

  it.effect("invalidate, invalidateWhere and invalidateAll drop exactly what they name", () =>
    Effect.gen(function* () {
      const { calls, lookup } = countingLookup()
      const cache = yield* ShortLivedCache.make(lookup, { timeToLive: "1 hour" })
      const all = ["k1:a", "k1:b", "k2:a"]
      yield* Effect.forEach(all, cache.get)
      yield* cache.invalidate("k1:a")
      yield* Effect.forEach(all, cache.get)
      assert.deepStrictEqual(calls.slice(3), ["k1:a"])
      yield* cache.invalidateWhere((key) => key.startsWith("k1:"))
      yield* Effect.forEach(all, cache.get)
      assert.deepStrictEqual(calls.slice(4), ["k1:a", "k1:b"])
      yield* cache.invalidateAll
      yield* Effect.forEach(all, cache.get)
      assert.deepStrictEqual(calls.slice(6), all)
    })
  )

  it.effect("a time to live of zero turns caching off", () =>
    Effect.gen(function* () {
      const { calls, lookup } = countingLookup()
      const cache = yield* ShortLivedCache.make(lookup, { timeToLive: 0 })
      yield* cache.get("a")
      yield* cache.get("a")
      yield* cache.get("a")
      assert.deepStrictEqual(calls, ["a", "a", "a"])
    })
  )
})
