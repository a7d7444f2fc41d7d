import { assert, describe, it } from "@effect/vitest"
import { TokenStore } from "@konto/core"
import { Effect, Option, Redacted } from "effect"
import * as fc from "fast-check"

const tokens = (name: string): TokenStore.OAuthTokens => ({
  accessToken: Redacted.make(`access-${name}`),
  refreshToken: Redacted.make(`refresh-${name}`),
  expiresAtMillis: 1_700_000_000_000
})

const accessOf = (stored: TokenStore.StoredTokens) => Redacted.value(stored.tokens.accessToken)

describe("TokenStore.makeMemory", () => {
  it.effect("stores the first tokens at version 1 and loads them", () =>
    Effect.gen(function* () {
      const store = yield* TokenStore.makeMemory
      assert.isTrue(Option.isNone(yield* store.load("c1")))
      const result = yield* store.compareAndSet("c1", null, tokens("one"))
      assert.isTrue(result._tag === "Updated" && result.stored.version === 1)
      const loaded = Option.getOrThrow(yield* store.load("c1"))
      assert.strictEqual(loaded.version, 1)
      assert.strictEqual(accessOf(loaded), "access-one")
      assert.isTrue(Option.isNone(yield* store.load("c2")), "connections do not share tokens")
    })
  )

  it.effect("a stale version is a Conflict carrying the current tokens, and changes nothing", () =>
    Effect.gen(function* () {
      const store = yield* TokenStore.makeMemory
      yield* store.compareAndSet("c1", null, tokens("one"))
      yield* store.compareAndSet("c1", 1, tokens("two"))
      const stale = yield* store.compareAndSet("c1", 1, tokens("three"))
      assert.strictEqual(stale._tag, "Conflict")
      if (stale._tag !== "Conflict") return
      const current = Option.getOrThrow(stale.current)
      assert.strictEqual(current.version, 2)
      assert.strictEqual(accessOf(current), "access-two")
      const again = yield* store.compareAndSet("c1", null, tokens("four"))
      assert.strictEqual(again._tag, "Conflict", "expecting nothing stored when something is conflicts too")
      assert.strictEqual(accessOf(Option.getOrThrow(yield* store.load("c1"))), "access-two")
    })
  )

  it.effect("expecting a version when nothing is stored is a Conflict with no current tokens", () =>
    Effect.gen(function* () {
      const store = yield* TokenStore.makeMemory
      const result = yield* store.compareAndSet("c1", 3, tokens("one"))
      assert.isTrue(result._tag === "Conflict" && Option.isNone(result.current))
    })
  )

  it.effect("concurrent compare-and-set from N fibers: exactly one Updated, the rest see the winner", () =>
    Effect.gen(function* () {
      const store = yield* TokenStore.makeMemory
      yield* store.compareAndSet("c1", null, tokens("initial"))
      const results = yield* Effect.forEach(
        Array.from({ length: 50 }, (_, index) => index),
        (index) => Effect.yieldNow.pipe(Effect.andThen(store.compareAndSet("c1", 1, tokens(`fiber-${index}`)))),
        { concurrency: "unbounded" }
      )
      const updated = results.filter((result) => result._tag === "Updated")
      assert.strictEqual(updated.length, 1)
      const winner = updated[0]
      if (winner?._tag !== "Updated") return
      assert.strictEqual(winner.stored.version, 2)
      for (const result of results) {
        if (result._tag === "Conflict")
          assert.strictEqual(accessOf(Option.getOrThrow(result.current)), accessOf(winner.stored))
      }
      assert.strictEqual(accessOf(Option.getOrThrow(yield* store.load("c1"))), accessOf(winner.stored))
    })
  )

  it("any sequence of compare-and-sets behaves like a versioned register per connection", () => {
    const operation = fc.record({
      connectionId: fc.constantFrom("a", "b"),
      expectedVersion: fc.constantFrom(null, 1, 2, 3),
      name: fc.string({ maxLength: 4 })
    })
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 20 }), (operations) => {
        const model = new Map<string, { version: number; name: string }>()
        Effect.runSync(
          Effect.gen(function* () {
            const store = yield* TokenStore.makeMemory
            for (const { connectionId, expectedVersion, name } of operations) {
              const current = model.get(connectionId)
              const result = yield* store.compareAndSet(connectionId, expectedVersion, tokens(name))
              if ((current?.version ?? null) === expectedVersion) {
                const next = { version: (current?.version ?? 0) + 1, name }
                model.set(connectionId, next)
                assert.isTrue(result._tag === "Updated" && result.stored.version === next.version)
              } else {
                assert.strictEqual(result._tag, "Conflict")
              }
            }
            for (const connectionId of ["a", "b"]) {
              const loaded = yield* store.load(connectionId)
              const expected = model.get(connectionId)
              assert.strictEqual(Option.isSome(loaded), expected !== undefined)
              if (Option.isSome(loaded) && expected !== undefined) {
                assert.strictEqual(loaded.value.version, expected.version)
                assert.strictEqual(accessOf(loaded.value), `access-${expected.name}`)
              }
            }
          })
        )
      }),
      { numRuns: 200 }
    )
  })

  it.effect("tokens stay redacted when a result is printed", () =>
    Effect.gen(function* () {
      const store = yield* TokenStore.makeMemory
      const result = yield* store.compareAndSet("c1", null, tokens("secret"))
      assert.notInclude(JSON.stringify(result), "access-secret")
      assert.notInclude(String(result._tag === "Updated" ? result.stored.tokens.refreshToken : ""), "refresh-secret")
    })
  )

  it.effect("layerMemory provides the service", () =>
    Effect.gen(function* () {
      const store = yield* TokenStore.TokenStore
      const result = yield* store.compareAndSet("c1", null, tokens("one"))
      assert.strictEqual(result._tag, "Updated")
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )
})
