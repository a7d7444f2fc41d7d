import { assert, describe, it } from "@effect/vitest"
import { ListQuery, type SalesInvoices, TokenStore } from "@konto/core"
import { TestClockDriver } from "@konto/testkit"
import { Clock, Effect, Exit, Option, Redacted, Stream } from "effect"
import { HttpClient } from "effect/http"
import { TestClock } from "effect/testing"
import { makeSimulator } from "../src/simulator.ts"
import { connectionFor, salesInvoicesFor, seedTodayMillis, storeDemoTokens, withFortnox } from "./FortnoxHarness.ts"

const ids = (summaries: ReadonlyArray<{ readonly id: Option.Option<string> }>) =>
  summaries.map((summary) => Option.getOrThrow(summary.id))

describe("OAuth with Fortnox's single-use rotating refresh tokens", () => {
  it.effect(
    "concurrent callers with an expired access token cause exactly one refresh; the new refresh token is stored before the new access token is used",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(seedTodayMillis)
        const sim = yield* makeSimulator({ invoiceCount: 20, seed: 21 })
        const connection = connectionFor(sim)
        // Stored tokens that expired a minute ago: every caller needs a fresh access token first.
        yield* storeDemoTokens(sim, connection.connectionId, seedTodayMillis - 60_000)
        const store = yield* TokenStore.TokenStore
        const bearersSeenBeforeStored: Array<string> = []
        // Every API request's bearer token must already be in the store when it is sent.
        const checking = HttpClient.make((request) =>
          Effect.gen(function* () {
            const bearer = /^Bearer (.+)$/.exec(request.headers["authorization"] ?? "")?.[1]
            if (bearer !== undefined) {
              const stored = yield* Effect.orDie(store.load(connection.connectionId))
              const storedAccess = Option.map(stored, (tokens) => Redacted.value(tokens.tokens.accessToken))
              if (!Option.contains(storedAccess, bearer)) bearersSeenBeforeStored.push(bearer)
            }
            return yield* sim.client.execute(request)
          })
        )
        const service = yield* salesInvoicesFor(sim, connection, checking)
        const numbers = Array.from({ length: 20 }, (_, index) => String(1001 + index))
        const invoices = yield* TestClockDriver.drive(
          Effect.forEach(numbers, (number) => service.get(number), { concurrency: "unbounded" })
        )
        assert.strictEqual(invoices.length, 20)
        assert.strictEqual(sim.oauth.refreshes(), 1)
        assert.deepStrictEqual(bearersSeenBeforeStored, [])
        const stored = Option.getOrThrow(yield* store.load(connection.connectionId))
        assert.strictEqual(Redacted.value(stored.tokens.refreshToken), sim.oauth.currentRefreshToken())
        assert.notStrictEqual(Redacted.value(stored.tokens.refreshToken), "konto-demo-refresh-token")
      }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("an access token Fortnox refuses (401) is refreshed once and the request repeated", () =>
    withFortnox({ invoiceCount: 5, seed: 22 }, (service, sim) =>
      Effect.gen(function* () {
        sim.oauth.expireAccessTokens()
        const listed = yield* TestClockDriver.drive(Stream.runCollect(service.list(ListQuery.all)))
        assert.strictEqual(listed.length, 5)
        assert.strictEqual(sim.oauth.refreshes(), 1)
      })
    )
  )

  it.effect("a spent refresh token (invalid_grant) becomes Unauthorized telling the user to reconnect", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(seedTodayMillis)
      const sim = yield* makeSimulator({ invoiceCount: 5, seed: 23 })
      const connection = connectionFor(sim)
      const store = yield* TokenStore.TokenStore
      yield* store.compareAndSet(connection.connectionId, null, {
        accessToken: Redacted.make("expired-access"),
        refreshToken: Redacted.make("already-used-refresh-token"),
        expiresAtMillis: seedTodayMillis - 1
      })
      const service = yield* salesInvoicesFor(sim, connection)
      const exit = yield* Effect.exit(TestClockDriver.drive(Stream.runCollect(service.list(ListQuery.all))))
      assert.isTrue(Exit.isFailure(exit))
      const failure = Exit.findErrorOption(exit)
      assert.isTrue(Option.isSome(failure))
      if (Option.isSome(failure)) {
        assert.strictEqual(failure.value._tag, "Unauthorized")
        assert.match(failure.value.message, /reconnect the fortnox account/)
        assert.notMatch(failure.value.message, /already-used-refresh-token/)
      }
      assert.strictEqual(sim.requests.count("GET /3/invoices"), 0)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )
})

describe("Fortnox's rate limit, kept client-side (TestClock)", () => {
  it.effect("a listing of 26 pages of 500 waits instead of being refused", () =>
    withFortnox({ invoiceCount: 12_600, seed: 24 }, (service, sim) =>
      Effect.gen(function* () {
        const started = yield* Clock.currentTimeMillis
        const count = yield* TestClockDriver.drive(Stream.runCount(service.list(ListQuery.all)))
        const elapsed = (yield* Clock.currentTimeMillis) - started
        assert.strictEqual(count, 12_600)
        assert.strictEqual(sim.requests.count("GET /3/invoices"), 26)
        assert.strictEqual(sim.rateLimiter.rejected(), 0)
        assert.isAtLeast(elapsed, 5_000, "the 26th request waited for the window")
      })
    )
  )

  it.effect("a burst of 60 concurrent reads stays within 25 per 5 seconds", () =>
    withFortnox({ invoiceCount: 60, seed: 25 }, (service, sim) =>
      Effect.gen(function* () {
        const numbers = Array.from({ length: 60 }, (_, index) => String(1001 + index))
        const invoices = yield* TestClockDriver.drive(
          Effect.forEach(numbers, (number) => service.get(number), { concurrency: "unbounded" })
        )
        assert.strictEqual(invoices.length, 60)
        assert.strictEqual(sim.rateLimiter.rejected(), 0)
      })
    )
  )

  it.effect("a 429 from Fortnox (another client on the same token) is waited out for Retry-After and retried", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(seedTodayMillis)
      const sim = yield* makeSimulator({
        invoiceCount: 5,
        seed: 26,
        faults: { seed: 1, rate: 1, kinds: ["rate-limit"] }
      })
      const connection = connectionFor(sim)
      yield* storeDemoTokens(sim, connection.connectionId)
      // The first request meets the 429; after it, Fortnox has room again.
      const once = HttpClient.make((request) =>
        Effect.ensuring(
          sim.client.execute(request),
          Effect.sync(() => sim.faults.set(undefined))
        )
      )
      const service = yield* salesInvoicesFor(sim, connection, once)
      const started = yield* Clock.currentTimeMillis
      const listed = yield* TestClockDriver.drive(Stream.runCollect(service.list(ListQuery.all)))
      assert.strictEqual(listed.length, 5)
      assert.strictEqual(sim.faults.injected()["rate-limit"], 1)
      assert.strictEqual(sim.requests.count("GET /3/invoices"), 2)
      assert.isAtLeast((yield* Clock.currentTimeMillis) - started, 1_000)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )
})

describe("faults", () => {
  it.effect(
    "a listing under injected faults (429, 5xx, timeouts, truncated bodies) equals the fault-free listing",
    () =>
      Effect.gen(function* () {
        const windows = (service: SalesInvoices.SalesInvoicesShape) =>
          Effect.forEach(
            Array.from({ length: 9 }, (_, index) => index + 1),
            (currentPage) =>
              Effect.map(service.page(ListQuery.all, { count: 7, currentPage }), (page) => ids(page.items))
          ).pipe(Effect.map((pages) => pages.flat()))
        const clean = yield* withFortnox({ invoiceCount: 60, seed: 27 }, (service) =>
          TestClockDriver.drive(
            Effect.zip(Effect.map(Stream.runCollect(service.list(ListQuery.all)), ids), windows(service))
          )
        )
        const faulty = yield* withFortnox(
          { invoiceCount: 60, seed: 27, faults: { seed: 5, rate: 0.3 } },
          (service, sim) =>
            Effect.gen(function* () {
              const result = yield* TestClockDriver.drive(
                Effect.zip(Effect.map(Stream.runCollect(service.list(ListQuery.all)), ids), windows(service))
              )
              const injected = sim.faults.injected()
              assert.isAbove(
                injected["rate-limit"] + injected["server-error"] + injected["timeout"] + injected["truncated-json"],
                0
              )
              return result
            })
        )
        assert.deepStrictEqual(faulty, clean)
        assert.strictEqual(clean[0].length, 60)
        assert.deepStrictEqual(clean[1], clean[0])
      })
  )
})
