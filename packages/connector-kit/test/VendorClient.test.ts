import { assert, describe, it } from "@effect/vitest"
import { ClientAuth, OAuthSession, RateLimiter, RetryPolicy, VendorClient, VendorPages } from "@konto/connector-kit"
import { Money, TokenStore } from "@konto/core"
import { BigDecimal, Clock, DateTime, Effect, Fiber, Option, Redacted, Schema } from "effect"
import { Headers } from "effect/http"
import { TestClock } from "effect/testing"
import * as FakeHttp from "./FakeHttp.ts"

const Invoices = Schema.Struct({
  Invoices: Schema.Array(Schema.Struct({ DocumentNumber: Schema.String, Total: Money.Decimal }))
})
const Created = Schema.Struct({ Invoice: Schema.Struct({ DocumentNumber: Schema.String }) })
const invoicesBody = `{"Invoices":[{"DocumentNumber":"1","Total":1250.75}]}`
const quickRetries = RetryPolicy.make({ maxAttempts: 3, baseDelayMillis: 10, maxDelayMillis: 10 })

const clientFor = (fake: ReturnType<typeof FakeHttp.make>, options: Partial<VendorClient.VendorClientOptions> = {}) =>
  VendorClient.makeWith(fake.client, {
    system: "fortnox",
    baseUrl: "https://api.fortnox.se/3",
    auth: ClientAuth.bearer(Redacted.make("secret-token")),
    retryPolicy: quickRetries,
    ...options
  })

/** Runs an effect in a fiber and moves the TestClock far enough for its retries and waits. */
const withTime = <A, E>(effect: Effect.Effect<A, E>, millis = 600_000) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(Effect.result(effect))
    yield* TestClock.adjust(millis)
    return yield* Fiber.join(fiber)
  })

describe("VendorClient requests", () => {
  it.effect("GETs JSON with query, default headers and bearer auth, exact decimals", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.make(() => ({
        status: 200,
        body: `{"Invoices":[{"DocumentNumber":"1","Total":12345678901234567.89}]}`
      }))
      const client = clientFor(fake, { headers: { "x-extra": "yes" } })
      const body = yield* client.getJson(
        "/invoices",
        {
          operation: "list",
          query: { page: 2, limit: 500, filter: undefined, sent: false, tag: ["a", "b"], none: null }
        },
        Invoices
      )
      assert.isTrue(BigDecimal.equals(body.Invoices[0]!.Total, BigDecimal.fromStringUnsafe("12345678901234567.89")))
      const seen = fake.seen[0]!
      assert.strictEqual(seen.method, "GET")
      assert.strictEqual(
        seen.url.toString(),
        "https://api.fortnox.se/3/invoices?page=2&limit=500&sent=false&tag=a&tag=b"
      )
      assert.strictEqual(seen.headers["authorization"], "Bearer secret-token")
      assert.strictEqual(seen.headers["x-extra"], "yes")
      assert.strictEqual(seen.headers["accept"], "application/json")
    })
  )

  it.effect("uses the connection's base URL override", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([{ status: 200, body: invoicesBody }])
      const client = clientFor(fake, { baseUrlOverride: Option.some("http://127.0.0.1:4010/fortnox/3/") })
      assert.strictEqual(client.baseUrl, "http://127.0.0.1:4010/fortnox/3/")
      yield* client.getJson("invoices", { operation: "list" }, Invoices)
      assert.strictEqual(fake.seen[0]!.url.toString(), "http://127.0.0.1:4010/fortnox/3/invoices")
    })
  )

  it.effect("sends a JSON body with raw decimals verbatim", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([FakeHttp.json(201, { Invoice: { DocumentNumber: "7" } })])
      const client = clientFor(fake)
      const total = yield* Schema.encodeEffect(Money.Decimal)(BigDecimal.fromStringUnsafe("12345678901234567.89"))
      const created = yield* client.sendJson(
        "POST",
        "/invoices",
        { Invoice: { Total: total, Currency: "SEK" } },
        Created,
        {
          operation: "create"
        }
      )
      assert.strictEqual(created.Invoice.DocumentNumber, "7")
      assert.strictEqual(fake.seen[0]!.body, `{"Invoice":{"Total":12345678901234567.89,"Currency":"SEK"}}`)
      assert.strictEqual(fake.seen[0]!.contentType, "application/json")
      assert.strictEqual(fake.seen[0]!.method, "POST")
    })
  )

  it.effect("percent-encodes path values; names the resource of a 404", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([
        { status: 404, body: `{"ErrorInformation":{"message":"Kan inte hitta fakturan."}}` }
      ])
      const client = clientFor(fake)
      const id = "A/1 ?x"
      const error = yield* Effect.flip(
        client.getJson(
          VendorClient.path`/invoices/${id}`,
          {
            operation: "get",
            notFound: { resource: "SalesInvoice", id }
          },
          Invoices
        )
      )
      assert.strictEqual(fake.seen[0]!.url.pathname, "/3/invoices/A%2F1%20%3Fx")
      assert.strictEqual(error._tag, "NotFound")
      assert.deepStrictEqual(error._tag === "NotFound" ? [error.resource, error.id] : [], ["SalesInvoice", id])
      assert.strictEqual(fake.seen.length, 1)
    })
  )

  it.effect("requestJson returns status and headers (e.g. a Link header); request returns an undecoded 2xx", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([
        {
          status: 200,
          body: "[]",
          headers: { link: `<https://moneybird.com/api/v2/1/sales_invoices.json?page=2>; rel="next"` }
        },
        { status: 204 }
      ])
      const client = clientFor(fake, { baseUrl: "https://moneybird.com/api/v2/1" })
      const response = yield* client.requestJson(
        "GET",
        "/sales_invoices.json",
        { operation: "list" },
        Schema.Array(Schema.Unknown)
      )
      assert.strictEqual(response.status, 200)
      assert.deepStrictEqual(
        VendorPages.nextLink(response.headers),
        Option.some("https://moneybird.com/api/v2/1/sales_invoices.json?page=2")
      )
      const next = Option.getOrThrow(VendorPages.nextLink(response.headers))
      const empty = yield* client.request("PATCH", next, { operation: "send" })
      assert.strictEqual(empty.status, 204)
      assert.strictEqual(empty.text, "")
      assert.strictEqual(fake.seen[1]!.url.toString(), next)
    })
  )

  it.effect("refuses to send credentials to another origin", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([{ status: 200, body: "[]" }])
      const client = clientFor(fake)
      const error = yield* Effect.flip(client.request("GET", "https://evil.example/steal", { operation: "list" }))
      assert.strictEqual(error._tag, "InvalidInput")
      assert.strictEqual(fake.seen.length, 0)
    })
  )

  it.effect("secret headers and Basic auth", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.make(() => ({ status: 200, body: "{}" }))
      yield* clientFor(fake, { auth: ClientAuth.secretHeaders({ "Access-Token": Redacted.make("legacy") }) }).request(
        "GET",
        "/x",
        { operation: "list" }
      )
      yield* clientFor(fake, { auth: ClientAuth.basic("user", Redacted.make("pässword")) }).request("GET", "/x", {
        operation: "list"
      })
      yield* clientFor(fake, { auth: ClientAuth.none }).request("GET", "/x", { operation: "list" })
      assert.strictEqual(fake.seen[0]!.headers["access-token"], "legacy")
      assert.strictEqual(fake.seen[0]!.rendered["access-token"], "<redacted>")
      assert.strictEqual(fake.seen[0]!.rendered["accept"], "application/json")
      assert.strictEqual(fake.seen[1]!.rendered["authorization"], "<redacted>")
      assert.strictEqual(
        fake.seen[1]!.headers["authorization"],
        `Basic ${Buffer.from("user:pässword").toString("base64")}`
      )
      assert.isUndefined(fake.seen[2]!.headers["authorization"])
    })
  )

  it("isIdempotent: safe methods, an Idempotency-Key, or the caller's word", () => {
    assert.isTrue(VendorClient.isIdempotent("GET", undefined, undefined))
    assert.isTrue(VendorClient.isIdempotent("head", undefined, undefined))
    assert.isFalse(VendorClient.isIdempotent("POST", undefined, undefined))
    assert.isFalse(VendorClient.isIdempotent("PUT", {}, undefined))
    assert.isTrue(VendorClient.isIdempotent("PUT", { "Idempotency-Key": "k-1" }, undefined))
    assert.isFalse(VendorClient.isIdempotent("PUT", { "Idempotency-Key": undefined }, undefined))
    assert.isTrue(VendorClient.isIdempotent("POST", {}, true))
    assert.isFalse(VendorClient.isIdempotent("GET", {}, false))
  })

  it("httpDate formats If-Modified-Since", () => {
    assert.strictEqual(
      VendorClient.httpDate(DateTime.makeUnsafe("2026-01-31T10:00:00Z")),
      "Sat, 31 Jan 2026 10:00:00 GMT"
    )
  })

  it("joinUrl joins with exactly one slash", () => {
    assert.strictEqual(VendorClient.joinUrl("https://a.test/api/", "/x"), "https://a.test/api/x")
    assert.strictEqual(VendorClient.joinUrl("https://a.test/api", "x"), "https://a.test/api/x")
    assert.strictEqual(VendorClient.joinUrl("https://a.test/api", ""), "https://a.test/api")
    assert.strictEqual(
      VendorClient.joinUrl("https://a.test/api", "https://a.test/api/x?page=2"),
      "https://a.test/api/x?page=2"
    )
    assert.throws(() => VendorClient.joinUrl("https://a.test/api", "http://a.test/api/x"), RangeError)
  })
})

describe("VendorClient retries", () => {
  it.effect("a GET is retried through 503 and a truncated body", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([
        { status: 503, body: "Service Unavailable" },
        { status: 200, body: `{"Invoices":[{"DocumentNumber":"1","To` },
        { status: 200, body: invoicesBody }
      ])
      const result = yield* withTime(clientFor(fake).getJson("/invoices", { operation: "list" }, Invoices))
      assert.isTrue(result._tag === "Success")
      assert.strictEqual(fake.seen.length, 3)
    })
  )

  it.effect("a POST is not retried after a 503, a timeout or a truncated body", () =>
    Effect.gen(function* () {
      for (const answer of [
        { status: 503 },
        { status: 201, body: `{"Invoice":{"Docum` },
        { transportError: "socket hang up" }
      ]) {
        const fake = FakeHttp.sequence([answer, FakeHttp.json(201, { Invoice: { DocumentNumber: "1" } })])
        const result = yield* withTime(
          clientFor(fake).sendJson("POST", "/invoices", {}, Created, { operation: "create" })
        )
        assert.isTrue(result._tag === "Failure")
        assert.strictEqual(fake.seen.length, 1)
      }
    })
  )

  it.effect("a POST is retried after a 429, no sooner than Retry-After", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.make((_request, index) =>
        Effect.map(Clock.currentTimeMillis, (now): FakeHttp.Answer => {
          if (index === 0) return { status: 429, headers: { "retry-after": "5" } }
          return { ...FakeHttp.json(201, { Invoice: { DocumentNumber: "1" } }), headers: { "x-at": String(now) } }
        })
      )
      const result = yield* withTime(
        clientFor(fake).requestJson("POST", "/invoices", { operation: "create", body: {} }, Created)
      )
      assert.isTrue(result._tag === "Success")
      assert.strictEqual(fake.seen.length, 2)
      if (result._tag === "Success") {
        assert.isAtLeast(Number(Option.getOrThrow(Headers.get(result.success.headers, "x-at"))), 5_000)
      }
    })
  )

  it.effect("a PUT with an Idempotency-Key is retried after a 502", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([{ status: 502 }, FakeHttp.json(200, { Invoice: { DocumentNumber: "1" } })])
      const result = yield* withTime(
        clientFor(fake).sendJson("PUT", "/Invoices", {}, Created, {
          operation: "create",
          headers: { "Idempotency-Key": "konto-1" }
        })
      )
      assert.isTrue(result._tag === "Success")
      assert.strictEqual(fake.seen.length, 2)
      assert.strictEqual(fake.seen[1]!.headers["idempotency-key"], "konto-1")
    })
  )

  it.effect("a schema mismatch is never retried", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([{ status: 200, body: `{"Invoices":[{"DocumentNumber":1}]}` }])
      const result = yield* withTime(clientFor(fake).getJson("/invoices", { operation: "list" }, Invoices))
      assert.isTrue(
        result._tag === "Failure" &&
          result.failure._tag === "UnexpectedPayload" &&
          result.failure.path === "Invoices[0].DocumentNumber"
      )
      assert.strictEqual(fake.seen.length, 1)
    })
  )

  it.effect("a request that does not answer in time is UpstreamUnavailable (per-request timeout, on the Clock)", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.make(() => Effect.sleep(120_000).pipe(Effect.as({ status: 200, body: invoicesBody })))
      const client = clientFor(fake, { retryPolicy: RetryPolicy.none })
      let finished = false
      const fiber = yield* Effect.forkChild(
        Effect.flip(client.getJson("/invoices", { operation: "list" }, Invoices)).pipe(
          Effect.tap(() => Effect.sync(() => (finished = true)))
        )
      )
      yield* TestClock.adjust(29_999)
      assert.isFalse(finished)
      yield* TestClock.adjust(1)
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "UpstreamUnavailable")
      assert.strictEqual(error._tag === "UpstreamUnavailable" ? error.status : 0, null)
      assert.strictEqual(error._tag === "UpstreamUnavailable" ? error.detail : "", "no response within 30000 ms")
      const short = clientFor(fake, { retryPolicy: RetryPolicy.none })
      const shortFiber = yield* Effect.forkChild(
        Effect.flip(short.getJson("/invoices", { operation: "list", timeoutMillis: 1_000 }, Invoices))
      )
      yield* TestClock.adjust(1_000)
      assert.strictEqual((yield* Fiber.join(shortFiber))._tag, "UpstreamUnavailable")
    })
  )
})

describe("VendorClient rate limiting", () => {
  it.effect("every request waits for the connection's limiter", () =>
    Effect.gen(function* () {
      const starts: Array<number> = []
      const fake = FakeHttp.make(() =>
        Effect.map(Clock.currentTimeMillis, (now) => {
          starts.push(now)
          return { status: 200, body: invoicesBody }
        })
      )
      const rateLimiter = yield* RateLimiter.make({ windows: [{ limit: 2, windowMillis: 1_000 }] })
      const client = clientFor(fake, { rateLimiter })
      const all = Effect.all(
        Array.from({ length: 5 }, () => client.getJson("/invoices", { operation: "list" }, Invoices)),
        {
          concurrency: "unbounded"
        }
      )
      const result = yield* withTime(all, 10_000)
      assert.isTrue(result._tag === "Success")
      assert.deepStrictEqual(starts, [0, 0, 1_000, 1_000, 2_000])
    })
  )
})

describe("VendorClient with an OAuth session", () => {
  const connectionId = "consent-9"
  const seeded = (expiresAtMillis: number) =>
    Effect.gen(function* () {
      const store = yield* TokenStore.TokenStore
      yield* store.compareAndSet(connectionId, null, {
        accessToken: Redacted.make("access-old"),
        refreshToken: Redacted.make("refresh-old"),
        expiresAtMillis
      })
      const refreshes: Array<string> = []
      const session = yield* OAuthSession.make({
        system: "xero",
        connectionId,
        refresh: (refreshToken) =>
          Effect.sync(() => {
            refreshes.push(Redacted.value(refreshToken))
            return {
              accessToken: Redacted.make(`access-new-${refreshes.length}`),
              refreshToken: Redacted.make(`refresh-new-${refreshes.length}`),
              expiresAtMillis: 3_600_000
            }
          })
      })
      return { refreshes, session }
    })

  it.effect("a 401 refreshes the token once and repeats the request, also a POST", () =>
    Effect.gen(function* () {
      const { refreshes, session } = yield* seeded(3_600_000)
      const fake = FakeHttp.make((request) =>
        request.headers["authorization"] === "Bearer access-old"
          ? { status: 401, body: `{"Title":"Unauthorized","Detail":"TokenExpired: token expired"}` }
          : FakeHttp.json(200, { Invoice: { DocumentNumber: "1" } })
      )
      const client = clientFor(fake, { auth: ClientAuth.oauth(session), headers: { "xero-tenant-id": "tenant-1" } })
      const created = yield* client.sendJson("POST", "/Invoices", {}, Created, { operation: "create" })
      assert.strictEqual(created.Invoice.DocumentNumber, "1")
      assert.deepStrictEqual(
        fake.seen.map((seen) => seen.headers["authorization"]),
        ["Bearer access-old", "Bearer access-new-1"]
      )
      assert.isTrue(fake.seen.every((seen) => seen.headers["xero-tenant-id"] === "tenant-1"))
      assert.deepStrictEqual(refreshes, ["refresh-old"])
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("a second 401 is Unauthorized, with one refresh only", () =>
    Effect.gen(function* () {
      const { refreshes, session } = yield* seeded(3_600_000)
      const fake = FakeHttp.make(() => ({ status: 401, body: `{"Detail":"AuthenticationUnsuccessful"}` }))
      const client = clientFor(fake, { auth: ClientAuth.oauth(session) })
      const error = yield* Effect.flip(client.getJson("/Invoices", { operation: "list" }, Invoices))
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(fake.seen.length, 2)
      assert.strictEqual(refreshes.length, 1)
      assert.notInclude(JSON.stringify(error) + error.message, "access-")
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("an expiring token is refreshed before the request is sent", () =>
    Effect.gen(function* () {
      const { refreshes, session } = yield* seeded(30_000)
      const fake = FakeHttp.sequence([{ status: 200, body: invoicesBody }])
      yield* clientFor(fake, { auth: ClientAuth.oauth(session) }).getJson("/Invoices", { operation: "list" }, Invoices)
      assert.deepStrictEqual(refreshes, ["refresh-old"])
      assert.strictEqual(fake.seen[0]!.headers["authorization"], "Bearer access-new-1")
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )

  it.effect("a 403 (missing scope) does not refresh", () =>
    Effect.gen(function* () {
      const { refreshes, session } = yield* seeded(3_600_000)
      const fake = FakeHttp.sequence([{ status: 403, body: `{"Detail":"insufficient scope"}` }])
      const error = yield* Effect.flip(
        clientFor(fake, { auth: ClientAuth.oauth(session) }).getJson("/Invoices", { operation: "list" }, Invoices)
      )
      assert.strictEqual(error._tag, "Unauthorized")
      assert.strictEqual(refreshes.length, 0)
      assert.strictEqual(fake.seen.length, 1)
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )
})
