import { assert, describe, it } from "@effect/vitest"
import { OAuthSession } from "@konto/connector-kit"
import { type ConnectorError, TokenStore, Unauthorized, UpstreamRejected, UpstreamUnavailable } from "@konto/core"
import { Effect, Fiber, Layer, Option, Redacted } from "effect"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"

const connectionId = "consent-1"
const hour = 3_600_000

const tokens = (name: string, expiresAtMillis: number): TokenStore.OAuthTokens => ({
  accessToken: Redacted.make(`access-${name}`),
  refreshToken: Redacted.make(`refresh-${name}`),
  expiresAtMillis
})

/** A vendor token endpoint that rotates refresh tokens (single use), counts calls and may take time. */
const fakeVendor = (options: { readonly delayMillis?: number } = {}) => {
  const calls: Array<string> = []
  const used = new Set<string>()
  const refresh = (refreshToken: Redacted.Redacted<string>): Effect.Effect<TokenStore.OAuthTokens, ConnectorError> =>
    Effect.gen(function* () {
      const value = Redacted.value(refreshToken)
      calls.push(value)
      yield* Effect.sleep(options.delayMillis ?? 0)
      if (used.has(value)) {
        return yield* new UpstreamRejected({
          system: "fortnox",
          operation: "refresh-token",
          status: 400,
          detail: "invalid_grant",
          vendorCode: "invalid_grant"
        })
      }
      used.add(value)
      const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
      return tokens(`r${calls.length}`, now + hour)
    })
  return { calls, refresh }
}

const seed = (stored: TokenStore.OAuthTokens) =>
  Effect.gen(function* () {
    const store = yield* TokenStore.TokenStore
    yield* store.compareAndSet(connectionId, null, stored)
  })

const reveal = (token: Redacted.Redacted<string>) => Redacted.value(token)

describe("OAuthSession", () => {
  it.effect("hands out a fresh token without refreshing", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", hour))
      const vendor = fakeVendor()
      const session = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      assert.strictEqual(reveal(yield* session.accessToken), "access-a")
      assert.strictEqual(reveal(yield* session.accessToken), "access-a")
      assert.strictEqual(vendor.calls.length, 0)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("refreshes shortly before expiry (the skew), not earlier", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", 100_000))
      const vendor = fakeVendor()
      const session = yield* OAuthSession.make({
        system: "fortnox",
        connectionId,
        refresh: vendor.refresh,
        expirySkewMillis: 60_000
      })
      yield* TestClock.adjust(39_999)
      assert.strictEqual(reveal(yield* session.accessToken), "access-a")
      assert.strictEqual(vendor.calls.length, 0)
      yield* TestClock.adjust(1)
      assert.strictEqual(reveal(yield* session.accessToken), "access-r1")
      assert.deepStrictEqual(vendor.calls, ["refresh-a"])
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("stores a rotated refresh token before anyone gets the new access token", () =>
    Effect.gen(function* () {
      const events: Array<string> = []
      const memory = yield* TokenStore.makeMemory
      const recording = TokenStore.TokenStore.of({
        load: memory.load,
        compareAndSet: (id, expected, next) =>
          memory.compareAndSet(id, expected, next).pipe(
            Effect.tap((result) =>
              Effect.sync(() => {
                if (result._tag === "Updated") events.push(`stored ${reveal(next.refreshToken)}`)
              })
            )
          )
      })
      yield* memory.compareAndSet(connectionId, null, tokens("a", 0))
      const vendor = fakeVendor()
      const session = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh }).pipe(
        Effect.provideService(TokenStore.TokenStore, recording)
      )
      const token = yield* session.accessToken
      events.push(`returned ${reveal(token)}`)
      assert.deepStrictEqual(events, ["stored refresh-a", "stored refresh-r1", "returned access-r1"])
      const stored = yield* memory.load(connectionId)
      assert.strictEqual(Option.map(stored, (s) => reveal(s.tokens.refreshToken)).pipe(Option.getOrNull), "refresh-r1")
    })
  )

  it.effect("50 concurrent callers cause exactly one refresh", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", 0))
      const vendor = fakeVendor({ delayMillis: 1_000 })
      const session = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      const fiber = yield* Effect.forkChild(
        Effect.all(
          Array.from({ length: 50 }, () => session.accessToken),
          { concurrency: "unbounded" }
        )
      )
      yield* TestClock.adjust(2_000)
      const handedOut = yield* Fiber.join(fiber)
      assert.strictEqual(vendor.calls.length, 1)
      assert.isTrue(handedOut.every((token) => reveal(token) === "access-r1"))
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("two replicas sharing one store cause one vendor refresh; the loser uses the winner's tokens", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", 0))
      const vendor = fakeVendor({ delayMillis: 1_000 })
      const replicaA = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      const replicaB = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      const callers = [
        ...Array.from({ length: 25 }, () => replicaA.accessToken),
        ...Array.from({ length: 25 }, () => replicaB.accessToken)
      ]
      const fiber = yield* Effect.forkChild(Effect.all(callers, { concurrency: "unbounded" }))
      yield* TestClock.adjust(5_000)
      const handedOut = yield* Fiber.join(fiber)
      assert.deepStrictEqual(vendor.calls, ["refresh-a"])
      assert.isTrue(handedOut.every((token) => reveal(token) === "access-r1"))
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("a replica that starts after another refreshed reads the stored tokens", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", 0))
      const vendor = fakeVendor()
      const replicaA = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      assert.strictEqual(reveal(yield* replicaA.accessToken), "access-r1")
      const replicaB = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      assert.strictEqual(reveal(yield* replicaB.accessToken), "access-r1")
      assert.strictEqual(vendor.calls.length, 1)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("a claim whose owner never finishes is taken over after claimTimeoutMillis", () =>
    Effect.gen(function* () {
      const store = yield* TokenStore.TokenStore
      yield* seed(tokens("a", 0))
      // Another replica claimed at t = 0 and died before storing new tokens.
      yield* store.compareAndSet(connectionId, 1, { ...tokens("a", 0), expiresAtMillis: -1 })
      const stored = yield* store.load(connectionId)
      assert.isTrue(OAuthSession.isRefreshClaim(Option.getOrThrow(stored).tokens))
      const vendor = fakeVendor()
      const session = yield* OAuthSession.make({
        system: "fortnox",
        connectionId,
        refresh: vendor.refresh,
        claimTimeoutMillis: 30_000
      })
      const fiber = yield* Effect.forkChild(session.accessToken)
      yield* TestClock.adjust(29_000)
      assert.strictEqual(vendor.calls.length, 0)
      yield* TestClock.adjust(1_000)
      assert.strictEqual(reveal(yield* Fiber.join(fiber)), "access-r1")
      assert.deepStrictEqual(vendor.calls, ["refresh-a"])
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("a claimer whose refresh fails gives the claim back, so the other replica need not wait", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", 0))
      const vendor = fakeVendor()
      const failing = yield* OAuthSession.make({
        system: "fortnox",
        connectionId,
        refresh: () =>
          Effect.sleep(1_000).pipe(
            Effect.andThen(
              Effect.fail(
                new UpstreamUnavailable({
                  system: "fortnox",
                  operation: "refresh-token",
                  status: 502,
                  detail: "HTTP 502"
                })
              )
            )
          )
      })
      const healthy = yield* OAuthSession.make({
        system: "fortnox",
        connectionId,
        refresh: vendor.refresh,
        pollIntervalMillis: 100
      })
      const first = yield* Effect.forkChild(Effect.flip(failing.accessToken))
      yield* TestClock.adjust(10)
      const second = yield* Effect.forkChild(healthy.accessToken)
      yield* TestClock.adjust(1_200)
      assert.strictEqual((yield* Fiber.join(first))._tag, "UpstreamUnavailable")
      assert.strictEqual(reveal(yield* Fiber.join(second)), "access-r1")
      assert.deepStrictEqual(vendor.calls, ["refresh-a"])
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("a replica waits for a live claim and only takes it over after the claim timeout", () =>
    Effect.gen(function* () {
      const store = yield* TokenStore.TokenStore
      yield* seed(tokens("a", 0))
      const vendor = fakeVendor()
      // A store in which every claim by this replica loses once, as if another replica always got there first.
      let stolen = false
      const racing = TokenStore.TokenStore.of({
        load: store.load,
        compareAndSet: (id, expected, next) =>
          Effect.gen(function* () {
            if (!stolen) {
              stolen = true
              yield* store.compareAndSet(id, expected, next) // the other replica's claim
            }
            return yield* store.compareAndSet(id, expected, next)
          })
      })
      const session = yield* OAuthSession.make({
        system: "fortnox",
        connectionId,
        refresh: vendor.refresh,
        claimTimeoutMillis: 30_000,
        pollIntervalMillis: 1_000
      }).pipe(Effect.provideService(TokenStore.TokenStore, racing))
      const fiber = yield* Effect.forkChild(session.accessToken)
      yield* TestClock.adjust(29_000)
      assert.strictEqual(vendor.calls.length, 0)
      yield* TestClock.adjust(2_000)
      assert.strictEqual(reveal(yield* Fiber.join(fiber)), "access-r1")
      assert.strictEqual(vendor.calls.length, 1)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("invalid_grant becomes Unauthorized telling the user to reconnect", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", 0))
      const session = yield* OAuthSession.make({
        system: "fortnox",
        connectionId,
        refresh: () =>
          Effect.fail(
            new UpstreamRejected({
              system: "fortnox",
              operation: "refresh-token",
              status: 400,
              detail: "Invalid refresh token",
              vendorCode: "invalid_grant"
            })
          )
      })
      const error = yield* Effect.flip(session.accessToken)
      assert.strictEqual(error._tag, "Unauthorized")
      assert.include(error.message, "reconnect the fortnox account")
      assert.strictEqual(error.operation, "refresh-token")
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("after invalid_grant, tokens another replica stored meanwhile are used instead", () =>
    Effect.gen(function* () {
      const store = yield* TokenStore.TokenStore
      yield* seed(tokens("a", 0))
      const session = yield* OAuthSession.make({
        system: "fortnox",
        connectionId,
        refresh: () =>
          Effect.gen(function* () {
            const current = yield* Effect.orDie(store.load(connectionId))
            yield* Effect.orDie(
              store.compareAndSet(connectionId, Option.getOrThrow(current).version, tokens("other", hour))
            )
            return yield* new UpstreamRejected({
              system: "fortnox",
              operation: "refresh-token",
              status: 400,
              detail: "invalid_grant",
              vendorCode: "invalid_grant"
            })
          })
      })
      assert.strictEqual(reveal(yield* session.accessToken), "access-other")
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("other refresh failures pass through, and the next caller tries again", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", 0))
      let failures = 1
      const vendor = fakeVendor()
      const session = yield* OAuthSession.make({
        system: "fortnox",
        connectionId,
        refresh: (refreshToken) =>
          failures-- > 0
            ? Effect.fail(
                new UpstreamUnavailable({
                  system: "fortnox",
                  operation: "refresh-token",
                  status: 503,
                  detail: "HTTP 503"
                })
              )
            : vendor.refresh(refreshToken)
      })
      const error = yield* Effect.flip(session.accessToken)
      assert.strictEqual(error._tag, "UpstreamUnavailable")
      assert.strictEqual(reveal(yield* session.accessToken), "access-r1")
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("an interrupted caller still finishes and stores the refresh it started", () =>
    Effect.gen(function* () {
      const store = yield* TokenStore.TokenStore
      yield* seed(tokens("a", 0))
      const vendor = fakeVendor({ delayMillis: 1_000 })
      const session = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      const fiber = yield* Effect.forkChild(session.accessToken)
      yield* TestClock.adjust(500)
      const interrupting = yield* Effect.forkChild(Fiber.interrupt(fiber))
      yield* TestClock.adjust(1_000)
      yield* Fiber.join(interrupting)
      const stored = Option.getOrThrow(yield* store.load(connectionId))
      assert.strictEqual(reveal(stored.tokens.refreshToken), "refresh-r1")
      assert.isFalse(OAuthSession.isRefreshClaim(stored.tokens))
      assert.strictEqual(reveal(yield* session.accessToken), "access-r1")
      assert.strictEqual(vendor.calls.length, 1)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("callers queued behind a failing refresh share its failure (one vendor call, not fifty)", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", 0))
      const calls: Array<number> = []
      const session = yield* OAuthSession.make({
        system: "fortnox",
        connectionId,
        refresh: () =>
          Effect.sync(() => calls.push(1)).pipe(
            Effect.andThen(Effect.sleep(30_000)),
            Effect.andThen(
              Effect.fail(
                new UpstreamUnavailable({
                  system: "fortnox",
                  operation: "refresh-token",
                  status: null,
                  detail: "no response within 30000 ms"
                })
              )
            )
          )
      })
      const fiber = yield* Effect.forkChild(
        Effect.all(
          Array.from({ length: 50 }, () => Effect.flip(session.accessToken)),
          { concurrency: "unbounded" }
        )
      )
      yield* TestClock.adjust(31_000)
      const errors = yield* Fiber.join(fiber)
      assert.strictEqual(calls.length, 1)
      assert.isTrue(errors.every((error) => error._tag === "UpstreamUnavailable"))
      // A caller arriving after the failure tries again.
      const later = yield* Effect.forkChild(Effect.flip(session.accessToken))
      yield* TestClock.adjust(31_000)
      yield* Fiber.join(later)
      assert.strictEqual(calls.length, 2)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("after a 401, refreshes once however many callers saw the rejected token", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", hour))
      const vendor = fakeVendor({ delayMillis: 500 })
      const session = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      const rejected = yield* session.accessToken
      const fiber = yield* Effect.forkChild(
        Effect.all(
          Array.from({ length: 10 }, () => session.refreshAfterRejection(rejected)),
          { concurrency: "unbounded" }
        )
      )
      yield* TestClock.adjust(1_000)
      const fresh = yield* Fiber.join(fiber)
      assert.strictEqual(vendor.calls.length, 1)
      assert.isTrue(fresh.every((token) => reveal(token) === "access-r1"))
      // A rejection of a token already replaced costs nothing.
      assert.strictEqual(reveal(yield* session.refreshAfterRejection(rejected)), "access-r1")
      assert.strictEqual(vendor.calls.length, 1)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("withAccessToken retries once after Unauthorized, with the refreshed token", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", hour))
      const vendor = fakeVendor()
      const session = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      const used: Array<string> = []
      const result = yield* session.withAccessToken((token) =>
        Effect.suspend(() => {
          used.push(reveal(token))
          return used.length === 1
            ? Effect.fail(new Unauthorized({ system: "fortnox", operation: "list", detail: "HTTP 401" }))
            : Effect.succeed("ok")
        })
      )
      assert.strictEqual(result, "ok")
      assert.deepStrictEqual(used, ["access-a", "access-r1"])
      const again = yield* Effect.flip(
        session.withAccessToken(() =>
          Effect.fail(new Unauthorized({ system: "fortnox", operation: "list", detail: "HTTP 401" }))
        )
      )
      assert.strictEqual(again._tag, "Unauthorized")
      assert.strictEqual(vendor.calls.length, 2)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("no stored tokens: Unauthorized asking to reconnect", () =>
    Effect.gen(function* () {
      const session = yield* OAuthSession.make({ system: "xero", connectionId, refresh: fakeVendor().refresh })
      const error = yield* Effect.flip(session.accessToken)
      assert.strictEqual(error._tag, "Unauthorized")
      assert.include(error.message, "reconnect the xero account")
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("a failing token store surfaces as UpstreamUnavailable", () =>
    Effect.gen(function* () {
      const broken = Layer.succeed(
        TokenStore.TokenStore,
        TokenStore.TokenStore.of({
          load: () => Effect.fail(new TokenStore.TokenStoreError({ connectionId, detail: "connection refused" })),
          compareAndSet: () =>
            Effect.fail(new TokenStore.TokenStoreError({ connectionId, detail: "connection refused" }))
        })
      )
      const session = yield* OAuthSession.make({ system: "xero", connectionId, refresh: fakeVendor().refresh }).pipe(
        Effect.provide(broken)
      )
      const error = yield* Effect.flip(session.accessToken)
      assert.strictEqual(error._tag, "UpstreamUnavailable")
      assert.include(error.message, "token store failed")
    })
  )
})

describe("OAuthSession across replicas (law)", () => {
  // Found by the law below against a claim that only bumped the version: replica B loaded the bumped version,
  // could not tell it was a claim, and claimed (and refreshed) again.
  it.effect("regression: two replicas, one caller each at t = 0, a 1 ms refresh", () =>
    Effect.gen(function* () {
      yield* seed(tokens("a", 0))
      const vendor = fakeVendor({ delayMillis: 1 })
      const replicaA = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      const replicaB = yield* OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
      const fiber = yield* Effect.forkChild(
        Effect.all([replicaA.accessToken, replicaB.accessToken], { concurrency: "unbounded" })
      )
      yield* TestClock.adjust(1_000)
      const [first, second] = yield* Fiber.join(fiber)
      assert.deepStrictEqual([reveal(first), reveal(second)], ["access-r1", "access-r1"])
      assert.strictEqual(vendor.calls.length, 1)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it("any number of replicas and callers, arriving at any time, cause exactly one vendor refresh", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 12 }), {
          minLength: 1,
          maxLength: 4
        }),
        fc.integer({ min: 0, max: 3_000 }),
        async (replicaArrivals, delayMillis) => {
          const program = Effect.gen(function* () {
            yield* seed(tokens("a", 0))
            const vendor = fakeVendor({ delayMillis })
            const replicas = yield* Effect.forEach(replicaArrivals, () =>
              OAuthSession.make({ system: "fortnox", connectionId, refresh: vendor.refresh })
            )
            const callers = replicaArrivals.flatMap((arrivals, replica) =>
              arrivals.map((arrival) => Effect.sleep(arrival).pipe(Effect.andThen(replicas[replica]!.accessToken)))
            )
            const fiber = yield* Effect.forkChild(Effect.all(callers, { concurrency: "unbounded" }))
            yield* TestClock.adjust(10_000)
            const handedOut = yield* Fiber.join(fiber)
            return vendor.calls.length === 1 && handedOut.every((token) => reveal(token) === "access-r1")
          })
          return Effect.runPromise(program.pipe(Effect.provide(Layer.merge(TokenStore.layerMemory, TestClock.layer()))))
        }
      ),
      { numRuns: 200 }
    )
  })
})
