/**
 * `XeroClient` against the simulator on the `TestClock`: token rotation, Xero's per-tenant limits, 429 with
 * `Retry-After`, the limit headers, error bodies, and idempotent creates whose answer was lost.
 */
import { assert, describe, it } from "@effect/vitest"
import { RateLimiter, RetryPolicy } from "@konto/connector-kit"
import { ListQuery, SalesInvoiceInput, TokenStore } from "@konto/core"
import { TestClockDriver } from "@konto/testkit"
import { BigDecimal, Clock, Effect, Option, Redacted, Schema, Stream } from "effect"
import { HttpClient } from "effect/http"
import * as Client from "../src/client.ts"
import { apiPath, demo } from "../src/simulator.ts"
import { makeHarness, route } from "./harness.ts"

const drive = <A, E>(effect: Effect.Effect<A, E>) => TestClockDriver.drive(effect, { maxMillis: 48 * 3_600_000 })

/** Calls the simulator as another client of the same tenant would (not through konto). */
const callAsAnotherApp = (
  simulator: {
    readonly handle: (incoming: {
      method: string
      url: URL
      headers: Record<string, string>
      text: string
    }) => Effect.Effect<unknown>
  },
  baseUrl: string
) =>
  simulator.handle({
    method: "GET",
    url: new URL(`${baseUrl}${apiPath}/Invoices?page=1`),
    headers: { authorization: `Bearer ${demo.accessToken}`, "xero-tenant-id": demo.tenantId },
    text: ""
  })

const input = (parts: Record<string, unknown> = {}): SalesInvoiceInput.SalesInvoiceInput =>
  Schema.decodeUnknownSync(SalesInvoiceInput.SalesInvoiceInput)({
    accountingCustomerParty: {
      supplierAssignedAccountId: null,
      party: {
        partyIdentification: [],
        partyName: { name: "Liam Gallagher", languageId: null },
        postalAddress: null,
        partyLegalEntity: null,
        contact: null
      }
    },
    issueDate: "2025-06-15",
    dueDate: "2025-07-15",
    invoiceLines: [
      {
        invoicedQuantity: { quantity: 2 },
        item: { name: "Acme Tires" },
        price: { priceAmount: { amount: 20, currencyId: "GBP" } }
      }
    ],
    ...parts
  })

describe("OAuth: rotating refresh tokens through the TokenStore", () => {
  it.effect("refreshes before the access token expires and stores the rotated refresh token", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 3, accessTokenExpiresAtMillis: 1_800_000 })
      yield* drive(harness.invoices.page(ListQuery.all, { count: 1, currentPage: 1 }))
      assert.strictEqual(harness.xero.oauth.refreshes(), 0)
      yield* drive(
        Effect.andThen(
          Effect.sleep(1_800_000 - 30_000),
          harness.invoices.page(ListQuery.all, { count: 1, currentPage: 1 })
        )
      )
      assert.strictEqual(harness.xero.oauth.refreshes(), 1)
      const stored = Option.getOrThrow(yield* harness.tokens.load(harness.connection.connectionId))
      assert.isAbove(stored.version, 1)
      assert.strictEqual(Redacted.value(stored.tokens.refreshToken), harness.xero.oauth.currentRefreshToken())
      assert.notStrictEqual(Redacted.value(stored.tokens.refreshToken), demo.refreshToken)
      // Refreshed 30 s before the old one expired (inside the 60 s skew); Xero's access tokens live 30 minutes.
      assert.strictEqual(stored.tokens.expiresAtMillis, 1_770_000 + 1_800_000)
    })
  )

  it.effect("a rejected access token is refreshed once, however many calls are in flight", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 12 })
      const ids = (yield* drive(Stream.runCollect(harness.invoices.list(ListQuery.all)))).map(
        (summary) => summary.source.id
      )
      harness.xero.oauth.expireAccessTokens()
      const fetched = yield* drive(Effect.forEach(ids, (id) => harness.invoices.get(id), { concurrency: "unbounded" }))
      assert.strictEqual(fetched.length, 12)
      // Refresh tokens are single-use: a second refresh with the old one would have failed the calls.
      assert.strictEqual(harness.xero.oauth.refreshes(), 1)
      const stored = Option.getOrThrow(yield* harness.tokens.load(harness.connection.connectionId))
      assert.strictEqual(Redacted.value(stored.tokens.refreshToken), harness.xero.oauth.currentRefreshToken())
    })
  )

  it.effect("a refresh token Xero refuses asks the user to reconnect", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 1 })
      const current = Option.getOrThrow(yield* harness.tokens.load(harness.connection.connectionId))
      yield* harness.tokens.compareAndSet(harness.connection.connectionId, current.version, {
        accessToken: Redacted.make("revoked-access"),
        refreshToken: Redacted.make("revoked-refresh"),
        expiresAtMillis: Number.MAX_SAFE_INTEGER
      })
      const error = yield* drive(Effect.flip(harness.invoices.page(ListQuery.all, { count: 1, currentPage: 1 })))
      assert.strictEqual(error._tag, "Unauthorized")
      assert.match(error.message, /reconnect/)
    })
  )
})

describe("Xero's per-tenant limits, client-side", () => {
  it.effect("130 calls keep to 60 a minute: none refused, the last only after two minutes", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 2 })
      const id = (yield* drive(Stream.runCollect(harness.invoices.list(ListQuery.all))))[0]!.source.id
      const start = yield* Clock.currentTimeMillis
      yield* drive(
        Effect.forEach(
          Array.from({ length: 128 }, () => id),
          (invoiceId) => harness.invoices.get(invoiceId)
        )
      )
      const elapsed = (yield* Clock.currentTimeMillis) - start
      assert.strictEqual(harness.xero.simulator.rateLimiter.rejected(), 0)
      assert.strictEqual(harness.xero.simulator.requests.total(), 130)
      assert.isAtLeast(elapsed, 120_000)
      assert.isBelow(elapsed, 130_000)
    })
  )

  it.effect("at most 5 calls in flight", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 3, latencyMillis: 1_000 })
      const id = (yield* drive(Stream.runCollect(harness.invoices.list(ListQuery.all))))[0]!.source.id
      yield* drive(
        Effect.forEach(
          Array.from({ length: 20 }, () => id),
          (invoiceId) => harness.invoices.get(invoiceId),
          { concurrency: "unbounded" }
        )
      )
      assert.strictEqual(harness.xero.maxInFlight(), 5)
      assert.strictEqual(harness.xero.simulator.requests.byStatus()["429"] ?? 0, 0)
    })
  )

  it.effect(
    "at most 5,000 a day: the 5,001st call waits for the day to roll",
    () =>
      Effect.gen(function* () {
        const harness = yield* makeHarness({ invoiceCount: 1 })
        // Listing costs two calls (/Invoices, /CreditNotes); 4,998 reads make the day's 5,000.
        const id = (yield* drive(Stream.runCollect(harness.invoices.list(ListQuery.all))))[0]!.source.id
        yield* drive(
          Effect.forEach(
            Array.from({ length: 4_998 }, () => id),
            (invoiceId) => harness.client.document(invoiceId),
            { discard: true }
          )
        )
        const beforeLast = yield* Clock.currentTimeMillis
        yield* drive(harness.client.document(id))
        assert.strictEqual(harness.xero.simulator.rateLimiter.rejected(), 0)
        assert.strictEqual(harness.xero.simulator.requests.total(), 5_001)
        // The first call of the day was at 0: the 5,001st may start 24 hours later, not before.
        assert.isBelow(beforeLast, 86_400_000)
        assert.isAtLeast(yield* Clock.currentTimeMillis, 86_400_000)
      }),
    120_000
  )

  it.effect("a 429 with Retry-After (another app spent the minute) is waited out and retried", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 2 })
      for (let call = 0; call < 60; call++)
        yield* callAsAnotherApp(harness.xero.simulator, harness.xero.simulator.baseUrl)
      const listed = yield* drive(Stream.runCollect(harness.invoices.list(ListQuery.all)))
      assert.strictEqual(listed.length, 2)
      assert.strictEqual(harness.xero.simulator.rateLimiter.rejected(), 1)
      assert.isAtLeast(yield* Clock.currentTimeMillis, 60_000)
    })
  )

  it.effect(
    "another app spent the minute (X-MinLimit-Remaining: 0 after konto's first call): the next waits, no 429",
    () =>
      Effect.gen(function* () {
        const harness = yield* makeHarness({ invoiceCount: 2 })
        for (let call = 0; call < 59; call++)
          yield* callAsAnotherApp(harness.xero.simulator, harness.xero.simulator.baseUrl)
        const id = (yield* drive(
          harness.client.documentPage(
            { invoices: noFilter, creditNotes: noFilter, orderByDate: Option.none() },
            { count: 1, currentPage: 1 }
          )
        )).items.map((document) =>
          document._tag === "Invoice" ? document.invoice.InvoiceID : document.creditNote.CreditNoteID
        )[0]!
        const limits = yield* harness.client.limits
        assert.deepStrictEqual([limits.minuteRemaining, limits.dayRemaining], [Option.some(0), Option.some(4_940)])
        yield* drive(harness.invoices.get(id))
        assert.strictEqual(harness.xero.simulator.rateLimiter.rejected(), 0)
        assert.isAtLeast(yield* Clock.currentTimeMillis, 60_000)
      })
  )
})

const noFilter = { statuses: [], where: Option.none(), order: Option.none(), ifModifiedSince: Option.none() }

describe("pacing on X-MinLimit-Remaining", () => {
  // The client's paced minute at `scale` (the simulator's and the client's windows alike, as in demos and
  // benchmarks); the client paces 60 calls over a minute and a second of arrival slack.
  const scaled = (scale: number) => ({
    window: Client.pacedMinuteMillis / scale,
    registry: RateLimiter.layerRegistryScaled(scale)
  })

  /** Runs `effect` on the TestClock in small steps, so the time it took is measured to the second. */
  const timed = <A, E>(effect: Effect.Effect<A, E>, progress: () => number) =>
    Effect.gen(function* () {
      const start = yield* Clock.currentTimeMillis
      const result = yield* TestClockDriver.drive(effect, {
        progress,
        maxStepMillis: 250,
        maxMillis: 3_600_000
      })
      return { result, elapsed: (yield* Clock.currentTimeMillis) - start }
    })

  for (const { scale, latencyMillis } of [
    { scale: 1, latencyMillis: 0 },
    { scale: 2, latencyMillis: 0 },
    { scale: 1, latencyMillis: 500 },
    { scale: 2, latencyMillis: 200 }
  ]) {
    it.effect(
      `130 calls at the limiter's pace, no idle gap after each window (windows ÷${scale}, ${latencyMillis} ms a call)`,
      () =>
        Effect.gen(function* () {
          const { window, registry } = scaled(scale)
          const harness = yield* makeHarness({ invoiceCount: 2, rateLimitScale: scale, latencyMillis }).pipe(
            Effect.provide(registry)
          )
          const requests = () => harness.xero.simulator.requests.total()
          const { elapsed } = yield* timed(
            Effect.gen(function* () {
              const id = (yield* Stream.runCollect(harness.invoices.list(ListQuery.all)))[0]!.source.id
              for (let call = 0; call < 128; call++) yield* harness.client.document(id)
            }),
            requests
          )
          assert.strictEqual(requests(), 130)
          assert.strictEqual(harness.xero.simulator.rateLimiter.rejected(), 0)
          // Calls 1–60 start at once (one after another), 61–120 a window later, 121–130 two windows later: the
          // bound is two windows and ten calls. Waiting a fixed minute on the header instead took a minute more
          // per window (more still at a scaled window).
          const bound = 2 * window + 10 * latencyMillis
          assert.isAtLeast(elapsed, bound)
          assert.isAtMost(elapsed, bound + 1_000)
        })
    )
  }

  for (const scale of [1, 2]) {
    it.effect(`another app spends most of the minute: konto waits one window for it and draws no 429 (÷${scale})`, () =>
      Effect.gen(function* () {
        const { window, registry } = scaled(scale)
        const harness = yield* makeHarness({ invoiceCount: 2, rateLimitScale: scale }).pipe(Effect.provide(registry))
        const requests = () => harness.xero.simulator.requests.total()
        const { elapsed } = yield* timed(
          Effect.gen(function* () {
            const id = (yield* Stream.runCollect(harness.invoices.list(ListQuery.all)))[0]!.source.id
            for (let call = 0; call < 8; call++) yield* harness.client.document(id)
            // konto believes 50 of its 60 remain; another app spends 45 of them.
            for (let call = 0; call < 45; call++)
              yield* callAsAnotherApp(harness.xero.simulator, harness.xero.simulator.baseUrl)
            const first = yield* harness.client.document(id).pipe(Effect.andThen(harness.client.limits))
            // Xero counted 56, konto made 11: the 45 are charged to the limiter, which has room for 4 more.
            assert.deepStrictEqual(first.minuteRemaining, Option.some(4))
            for (let call = 0; call < 19; call++) yield* harness.client.document(id)
          }),
          requests
        )
        assert.strictEqual(requests(), 2 + 8 + 45 + 20)
        assert.strictEqual(harness.xero.simulator.rateLimiter.rejected(), 0)
        assert.strictEqual(harness.xero.simulator.requests.byStatus()["429"] ?? 0, 0)
        // The 16th call waits until the window that holds the other app's calls has passed, and no longer.
        assert.isAtLeast(elapsed, window)
        assert.isAtMost(elapsed, window + 1_000)
      })
    )
  }

  it.effect(
    "two connections to one tenant share the limiter and never take each other's calls for someone else's",
    () =>
      Effect.gen(function* () {
        // As in the server: one registry per process, a client built per request.
        const registry = yield* RateLimiter.makeRegistry
        const harness = yield* makeHarness({ invoiceCount: 2 }).pipe(
          Effect.provideService(RateLimiter.Registry, registry)
        )
        const other = yield* Client.make(yield* Client.optionsFromConnection(harness.connection)).pipe(
          Effect.provideService(HttpClient.HttpClient, harness.xero.simulator.client),
          Effect.provideService(TokenStore.TokenStore, harness.tokens),
          Effect.provideService(RateLimiter.Registry, registry)
        )
        const requests = () => harness.xero.simulator.requests.total()
        const { elapsed } = yield* timed(
          Effect.gen(function* () {
            const id = (yield* Stream.runCollect(harness.invoices.list(ListQuery.all)))[0]!.source.id
            yield* Effect.forEach(
              Array.from({ length: 89 }, (_, index) => (index % 2 === 0 ? harness.client : other)),
              (client) => client.document(id),
              { concurrency: 2, discard: true }
            )
          }),
          requests
        )
        assert.strictEqual(requests(), 91)
        assert.strictEqual(harness.xero.simulator.rateLimiter.rejected(), 0)
        // 60 at once, 31 a paced minute later: neither connection charged the other's calls to the limiter again.
        assert.isAtLeast(elapsed, Client.pacedMinuteMillis)
        assert.isAtMost(elapsed, Client.pacedMinuteMillis + 1_000)
      })
  )
})

describe("errors", () => {
  it.effect("Xero's validation errors become UpstreamRejected with every element's message", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 1 })
      const unknownContact = input({
        accountingCustomerParty: {
          supplierAssignedAccountId: { id: "00000000-0000-4000-8000-000000000009", schemeId: null },
          party: {
            partyIdentification: [],
            partyName: null,
            postalAddress: null,
            partyLegalEntity: null,
            contact: null
          }
        }
      })
      const error = yield* drive(Effect.flip(harness.invoices.create(unknownContact, { idempotencyKey: "k-1" })))
      assert.strictEqual(error._tag, "UpstreamRejected")
      if (error._tag !== "UpstreamRejected") return
      assert.strictEqual(error.status, 400)
      assert.strictEqual(error.vendorCode, "ValidationException")
      assert.strictEqual(
        error.detail,
        "A validation exception occurred: The contact with the specified ContactID could not be found"
      )
      assert.strictEqual(error.operation, "create")
    })
  )

  it.effect("another tenant is refused: Unauthorized", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 1 })
      const options = yield* Client.optionsFromConnection(harness.connection)
      const client = yield* Client.make({ ...options, tenantId: "00000000-0000-0000-0000-000000000000" }).pipe(
        Effect.provideService(HttpClient.HttpClient, harness.xero.simulator.client),
        Effect.provideService(TokenStore.TokenStore, harness.tokens)
      )
      const error = yield* drive(Effect.flip(client.document("INV-1")))
      assert.strictEqual(error._tag, "Unauthorized")
      assert.match(error.message, /AuthorizationUnsuccessful/)
    })
  )

  it.effect("server errors and truncated bodies on reads are retried", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 5, retryPolicy: RetryPolicy.make({ maxAttempts: 12 }) })
      const read = Effect.gen(function* () {
        const listed = yield* Stream.runCollect(harness.invoices.list(ListQuery.all))
        return yield* Effect.forEach(listed, (summary) => harness.invoices.get(summary.source.id))
      })
      const baseline = yield* drive(read)
      harness.xero.simulator.faults.set({ seed: 3, rate: 0.5, kinds: ["server-error", "truncated-json"] })
      const again = yield* drive(read)
      assert.deepStrictEqual(
        again.map((invoice) => invoice.source.id),
        baseline.map((invoice) => invoice.source.id)
      )
      assert.isAbove(
        Object.values(harness.xero.simulator.faults.injected()).reduce((sum, count) => sum + count, 0),
        0
      )
    })
  )
})

describe("create: Xero's Idempotency-Key carries konto's key", () => {
  it.effect("a create whose answer was lost is retried with the same key and never duplicated", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 2 })
      harness.xero.simulator.faults.dropNextResponse({ method: "PUT" })
      const created = yield* drive(harness.invoices.create(input(), { idempotencyKey: "order-4711" }))
      assert.strictEqual(harness.xero.simulator.requests.count(route("PUT", "/Invoices")), 2)
      assert.strictEqual(harness.xero.simulator.faults.injected()["lost-response"], 1)
      assert.strictEqual(harness.xero.invoices.size(), 3)
      const again = yield* drive(harness.invoices.create(input(), { idempotencyKey: "order-4711" }))
      assert.deepStrictEqual(again.id, created.id)
      assert.strictEqual(harness.xero.invoices.size(), 3)
      const got = yield* drive(harness.invoices.get(Option.getOrThrow(created.id)))
      assert.deepStrictEqual(got.reference, created.reference)
      assert.deepStrictEqual(got.statuses, ["Unbooked", "Unsent", "Draft"])
    })
  )

  it.effect("a credit note is created on /CreditNotes and read back mirrored", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 1 })
      const credit = input({
        creditInvoice: { creditInvoiceIndicator: true },
        invoiceLines: [
          {
            invoicedQuantity: { quantity: -1 },
            item: { name: "Mic Stand" },
            price: { priceAmount: { amount: 30, currencyId: "GBP" } }
          }
        ]
      })
      const created = yield* drive(harness.invoices.create(credit, { idempotencyKey: "credit-1" }))
      assert.strictEqual(harness.xero.creditNotes.size(), 1)
      const got = yield* drive(harness.invoices.get(Option.getOrThrow(created.id)))
      assert.deepStrictEqual(
        Option.map(got.creditInvoice, (value) => value.creditInvoiceIndicator),
        Option.some(Option.some(true))
      )
      const gross = Option.getOrThrow(
        Option.flatMap(got.legalMonetaryTotal, (total) => total.taxInclusiveAmount)
      ).amount
      assert.isTrue(BigDecimal.equals(gross, BigDecimal.fromStringUnsafe("-30")))
    })
  )

  it.effect("a key longer than Xero's 128 characters is invalid input, and nothing is sent", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ invoiceCount: 1 })
      const error = yield* drive(Effect.flip(harness.invoices.create(input(), { idempotencyKey: "k".repeat(129) })))
      assert.strictEqual(error._tag, "InvalidInput")
      assert.strictEqual(harness.xero.simulator.requests.total(), 0)
    })
  )
})
