import { assert, describe, it } from "@effect/vitest"
import { ClientAuth, HttpErrors, VendorClient } from "@konto/connector-kit"
import { Effect, Option, Redacted, Schema } from "effect"
import { Headers, HttpClientRequest, HttpClientResponse } from "effect/http"
import { TestClock } from "effect/testing"
import * as FakeHttp from "./FakeHttp.ts"

const context: HttpErrors.ErrorContext = { system: "fortnox", operation: "get" }
const now = Date.UTC(2026, 0, 15, 12, 0, 0)

const failed = (status: number, text = "", headers: Record<string, string> = {}): HttpErrors.FailedResponse => ({
  status,
  headers: Headers.fromInput(headers),
  text
})

// Vendor error bodies as documented (NOTES-nordic.md §1, NOTES-international.md §1.3, §5.2).
const fortnoxReader = HttpErrors.errorBodyReader(
  Schema.Struct({
    ErrorInformation: Schema.Struct({ message: Schema.String, code: Schema.Union([Schema.Number, Schema.String]) })
  }),
  (body) =>
    Option.some({ detail: body.ErrorInformation.message, vendorCode: Option.some(String(body.ErrorInformation.code)) })
)
const xeroReader = HttpErrors.errorBodyReader(
  Schema.Struct({
    Message: Schema.optional(Schema.String),
    Elements: Schema.optional(
      Schema.Array(
        Schema.Struct({
          ValidationErrors: Schema.optional(Schema.Array(Schema.Struct({ Message: Schema.String })))
        })
      )
    )
  }),
  (body) => {
    const validation = (body.Elements ?? [])
      .flatMap((element) => element.ValidationErrors ?? [])
      .map((error) => error.Message)
    if (validation.length > 0) return Option.some({ detail: validation.join("; "), vendorCode: Option.none() })
    return Option.map(Option.fromUndefinedOr(body.Message), (detail) => ({ detail, vendorCode: Option.none() }))
  }
)
const moneybirdReader = HttpErrors.errorBodyReader(
  Schema.Struct({
    error: Schema.Union([Schema.String, Schema.Record(Schema.String, Schema.Array(Schema.String))]),
    symbolic: Schema.optional(Schema.Unknown)
  }),
  (body) =>
    Option.some({
      detail:
        typeof body.error === "string"
          ? body.error
          : Object.entries(body.error)
              .map(([field, messages]) => `${field} ${messages.join(", ")}`)
              .join("; "),
      vendorCode: body.symbolic === undefined ? Option.none() : Option.some(JSON.stringify(body.symbolic))
    })
)

describe("HttpErrors.fromFailedResponse", () => {
  it("maps each status class to its tagged error, with system and operation", () => {
    const cases: ReadonlyArray<readonly [number, string]> = [
      [400, "UpstreamRejected"],
      [401, "Unauthorized"],
      [403, "Unauthorized"],
      [404, "NotFound"],
      [408, "UpstreamUnavailable"],
      [409, "UpstreamRejected"],
      [410, "NotFound"],
      [412, "UpstreamRejected"],
      [418, "UpstreamRejected"],
      [422, "UpstreamRejected"],
      [429, "RateLimited"],
      [500, "UpstreamUnavailable"],
      [502, "UpstreamUnavailable"],
      [503, "UpstreamUnavailable"],
      [302, "UpstreamRejected"]
    ]
    for (const [status, tag] of cases) {
      const error = HttpErrors.fromFailedResponse(context, failed(status), now)
      assert.strictEqual(error._tag, tag, `HTTP ${status}`)
      assert.strictEqual(error.system, "fortnox")
      assert.strictEqual(error.operation, "get")
    }
  })

  it("reads Fortnox's ErrorInformation into detail and vendorCode", () => {
    const error = HttpErrors.fromFailedResponse(
      context,
      failed(400, `{"ErrorInformation":{"error":1,"message":"Kan inte hitta kunden.","code":2000433}}`),
      now,
      { errorBody: fortnoxReader }
    )
    assert.strictEqual(error._tag, "UpstreamRejected")
    if (error._tag !== "UpstreamRejected") return
    assert.strictEqual(error.detail, "Kan inte hitta kunden.")
    assert.strictEqual(error.vendorCode, "2000433")
    assert.strictEqual(error.status, 400)
  })

  it("reads Xero's validation errors, and its plain Message", () => {
    const validation = HttpErrors.fromFailedResponse(
      context,
      failed(
        400,
        JSON.stringify({
          ErrorNumber: 10,
          Type: "ValidationException",
          Message: "A validation exception occurred",
          Elements: [
            { ValidationErrors: [{ Message: "Email address must be valid." }, { Message: "Due date is required." }] }
          ]
        })
      ),
      now,
      { errorBody: xeroReader }
    )
    assert.strictEqual(
      validation._tag === "UpstreamRejected" ? validation.detail : "",
      "Email address must be valid.; Due date is required."
    )
    const plain = HttpErrors.fromFailedResponse(
      context,
      failed(400, `{"Message":"The resource you're looking for cannot be found"}`),
      now,
      {
        errorBody: xeroReader
      }
    )
    assert.strictEqual(
      plain._tag === "UpstreamRejected" ? plain.detail : "",
      "The resource you're looking for cannot be found"
    )
  })

  it("reads Moneybird's {error, symbolic} and field errors", () => {
    const symbolic = HttpErrors.fromFailedResponse(
      context,
      failed(422, `{"error":"Contact is required","symbolic":{"contact":"required"}}`),
      now,
      { errorBody: moneybirdReader }
    )
    assert.strictEqual(symbolic._tag, "UpstreamRejected")
    if (symbolic._tag !== "UpstreamRejected") return
    assert.strictEqual(symbolic.detail, "Contact is required")
    assert.strictEqual(symbolic.vendorCode, `{"contact":"required"}`)
    const fields = HttpErrors.fromFailedResponse(context, failed(422, `{"error":{"reference":["is too long"]}}`), now, {
      errorBody: moneybirdReader
    })
    assert.strictEqual(fields._tag === "UpstreamRejected" ? fields.detail : "", "reference is too long")
  })

  it("falls back to the common shapes, then to the status and a body snippet", () => {
    const common = HttpErrors.fromFailedResponse(
      context,
      failed(409, `{"message":"Version conflict","code":"stale"}`),
      now,
      {
        errorBody: fortnoxReader
      }
    )
    assert.strictEqual(common._tag === "UpstreamRejected" ? common.detail : "", "Version conflict")
    assert.strictEqual(common._tag === "UpstreamRejected" ? common.vendorCode : "", "stale")
    const html = HttpErrors.fromFailedResponse(context, failed(502, "<html>\n  <body>Bad gateway</body>\n</html>"), now)
    assert.strictEqual(
      html._tag === "UpstreamUnavailable" ? html.detail : "",
      "HTTP 502: <html> <body>Bad gateway</body> </html>"
    )
    const empty = HttpErrors.fromFailedResponse(context, failed(500), now)
    assert.strictEqual(empty._tag === "UpstreamUnavailable" ? empty.detail : "", "HTTP 500")
  })

  it("survives a reader that throws", () => {
    const error = HttpErrors.fromFailedResponse(context, failed(400, `{"message":"from the common reader"}`), now, {
      errorBody: () => {
        throw new Error("reader bug")
      }
    })
    assert.strictEqual(error._tag === "UpstreamRejected" ? error.detail : "", "from the common reader")
  })

  it("names the resource of a 404, or the request path", () => {
    const named = HttpErrors.fromFailedResponse(context, failed(404), now, {
      notFound: { resource: "SalesInvoice", id: "42" }
    })
    assert.deepStrictEqual(named._tag === "NotFound" ? [named.resource, named.id] : [], ["SalesInvoice", "42"])
    const unnamed = HttpErrors.fromFailedResponse(context, failed(404), now, { path: "/invoices/42" })
    assert.strictEqual(unnamed._tag === "NotFound" ? unnamed.id : "", "/invoices/42")
  })

  it("says when a 403 is about permissions", () => {
    const error = HttpErrors.fromFailedResponse(context, failed(403, `{"message":"Missing scope invoice"}`), now)
    assert.strictEqual(
      error._tag === "Unauthorized" ? error.detail : "",
      "HTTP 403 (missing permission or scope): Missing scope invoice"
    )
  })
})

describe("HttpErrors.retryAfterMillis", () => {
  it("reads delay-seconds", () => {
    assert.strictEqual(HttpErrors.retryAfterMillis(Headers.fromInput({ "retry-after": "120" }), now), 120_000)
    assert.strictEqual(HttpErrors.retryAfterMillis(Headers.fromInput({ "Retry-After": " 0 " }), now), 0)
  })

  it("reads an HTTP date relative to now, a past date as 0", () => {
    const inNinety = new Date(now + 90_000).toUTCString()
    assert.strictEqual(HttpErrors.retryAfterMillis(Headers.fromInput({ "retry-after": inNinety }), now), 90_000)
    const past = new Date(now - 5_000).toUTCString()
    assert.strictEqual(HttpErrors.retryAfterMillis(Headers.fromInput({ "retry-after": past }), now), 0)
  })

  it("is null when absent or unreadable", () => {
    assert.isNull(HttpErrors.retryAfterMillis(Headers.empty, now))
    assert.isNull(HttpErrors.retryAfterMillis(Headers.fromInput({ "retry-after": "soon" }), now))
    assert.isNull(HttpErrors.retryAfterMillis(Headers.fromInput({ "retry-after": "-3" }), now))
    assert.isNull(HttpErrors.retryAfterMillis(Headers.fromInput({ "retry-after": "1.5" }), now))
  })

  it.effect("a 429 carries the wait, an HTTP date read on the Clock", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      const error = yield* HttpErrors.fromFailedResponseEffect(
        context,
        failed(429, "", { "retry-after": new Date(now + 30_000).toUTCString() })
      )
      assert.strictEqual(error._tag === "RateLimited" ? error.retryAfterMillis : -1, 30_000)
    })
  )
})

describe("HttpErrors: no secrets in errors", () => {
  it.effect("a refused request carries neither its token nor its query string", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([{ status: 401, body: `{"message":"Invalid token"}` }])
      const client = VendorClient.makeWith(fake.client, {
        system: "fortnox",
        baseUrl: "https://api.example.test",
        auth: ClientAuth.bearer(Redacted.make("TOKEN-abc123")),
        headers: { "Client-Secret": "SECRET-xyz" }
      })
      const error = yield* Effect.flip(
        client.request("GET", "/invoices", { operation: "list", query: { api_key: "KEY-999" } })
      )
      const text = JSON.stringify(error) + error.message + String(error)
      assert.strictEqual(error._tag, "Unauthorized")
      for (const secret of ["TOKEN-abc123", "SECRET-xyz", "KEY-999"]) assert.notInclude(text, secret)
      assert.strictEqual(fake.seen[0]!.headers["authorization"], "Bearer TOKEN-abc123")
    })
  )

  it.effect("a transport failure names only the method and path", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([{ transportError: "connect ECONNREFUSED" }])
      const client = VendorClient.makeWith(fake.client, {
        system: "fortnox",
        baseUrl: "https://api.example.test",
        auth: ClientAuth.bearer(Redacted.make("TOKEN-abc123")),
        retryPolicy: { maxAttempts: 1, baseDelayMillis: 1, maxDelayMillis: 1, maxRetryAfterMillis: 1 }
      })
      const error = yield* Effect.flip(
        client.request("GET", "/invoices", { operation: "list", query: { access_token: "TOKEN-abc123" } })
      )
      assert.strictEqual(error._tag, "UpstreamUnavailable")
      if (error._tag !== "UpstreamUnavailable") return
      assert.isNull(error.status)
      assert.strictEqual(error.detail, "TransportError on GET /invoices: connect ECONNREFUSED")
      assert.notInclude(JSON.stringify(error) + error.message, "TOKEN-abc123")
    })
  )

  it.effect("fromResponse reads an HttpClientResponse's body", () =>
    Effect.gen(function* () {
      const request = HttpClientRequest.get("https://api.example.test/x")
      const response = HttpClientResponse.fromWeb(request, new Response(`{"message":"nope"}`, { status: 422 }))
      const error = yield* Effect.flip(HttpErrors.fromResponse(context, response))
      assert.strictEqual(error._tag === "UpstreamRejected" ? error.detail : "", "nope")
    })
  )
})
