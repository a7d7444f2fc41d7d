import { assert, layer } from "@effect/vitest"
import { KontoApi } from "@konto/api"
import { Effect } from "effect"
import { OpenApi } from "effect/http-api"
import * as fc from "fast-check"
import { describeErrors, validateAccounting } from "./Contract.ts"
import { at, connectedConsent, type Reply, send, TestEnv, type TestEnvShape, layer as testEnv } from "./TestServer.ts"

const lawRuns = { numRuns: 200 } as const

/** A 4xx answer is a problem that validates against API.1's ProblemDetails; nothing is ever a 5xx. */
const assertClientError = (reply: Reply, context: string) => {
  assert.isBelow(reply.status, 500, `${context}: ${reply.status} ${reply.text}`)
  if (reply.status >= 400) {
    assert.strictEqual(reply.headers.get("content-type"), "application/problem+json", context)
    const errors = validateAccounting("ProblemDetails", reply.json)
    assert.deepStrictEqual(errors, [], `${context}: ${describeErrors(errors)}`)
    assert.strictEqual(at(reply.json, "status"), reply.status, context)
  }
}

const run = <A>(env: TestEnvShape, arbitrary: fc.Arbitrary<A>, check: (value: A) => Effect.Effect<void>) =>
  Effect.promise(() =>
    fc.assert(
      fc.asyncProperty(arbitrary, (value) => Effect.runPromise(check(value))),
      lawRuns
    )
  ).pipe(Effect.tap(() => Effect.sync(() => void env)))

const queryNames = [
  "Count",
  "CurrentPage",
  "FromInvoiceDate",
  "ToInvoiceDate",
  "CreatedDateTime",
  "ModifiedDateTime",
  "OrderBy",
  "Status",
  "Include",
  "include",
  "paymentStatus",
  "paymentTerms"
]

const queryValue = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.constantFrom(
    "0",
    "1",
    "100",
    "101",
    "-1",
    "1.5",
    "1e3",
    "Paid",
    "Cancelled",
    "Sold",
    "paymentStatus,x",
    "true",
    "2025-01-01",
    "2025-13-40",
    "2025-01-01T00:00:00Z",
    "2025-01-01T00:00:00",
    "DateAscending",
    ""
  )
)

const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...queryNames), fc.string()), queryValue), { maxLength: 6 })
  .map((pairs) => new URLSearchParams(pairs).toString())

const headerName = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
  .filter(
    (name) =>
      !["content-length", "host", "connection", "transfer-encoding", "x-api-key", "expect", "upgrade"].includes(name)
  )
const headerValue = fc.stringMatching(/^[\x21-\x7e]{0,40}$/)

const body = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string(),
  fc.constantFrom(
    "",
    "{",
    "null",
    "[]",
    '{"invoiceLines":[]}',
    '{"accountingCustomerParty":null}',
    '{"name":""}',
    '{"system":"testbooks","secrets":{"apiToken":5}}',
    '{"invoiceLines":[{"invoicedQuantity":{"quantity":"x"}}]}'
  )
)

layer(testEnv(), { timeout: 120_000 })("request handling", (it) => {
  it.effect("random query strings on the listing never answer 5xx; errors are problems", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      yield* run(env, queryString, (query) =>
        Effect.map(send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices?${query}`), (reply) =>
          assertClientError(reply, query)
        )
      )
    })
  )

  it.effect("random headers never answer 5xx", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const headers = fc.dictionary(
        fc.oneof(
          headerName,
          fc.constantFrom("x-correlation-id", "idempotency-key", "if-match", "content-type", "authorization")
        ),
        headerValue,
        { maxKeys: 4 }
      )
      yield* run(env, fc.tuple(headers, fc.boolean()), ([extra, keepCorrelation]) =>
        Effect.map(
          send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices/1001`, {
            headers: extra,
            ...(keepCorrelation ? {} : { correlationId: null })
          }),
          (reply) => assertClientError(reply, JSON.stringify(extra))
        )
      )
    })
  )

  it.effect("random bodies on every writing route never answer 5xx", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const routes: ReadonlyArray<readonly [string, string]> = [
        ["POST", `/api/v1/consents/${consentId}/salesinvoices`],
        ["POST", "/api/v1/consents"],
        ["PATCH", `/api/v1/consents/${consentId}`],
        ["PUT", `/api/v1/consents/${consentId}/connection`],
        ["POST", "/api/v1/consents/auth/token"]
      ]
      const contentType = fc.constantFrom(
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json; charset=utf-8"
      )
      yield* run(env, fc.tuple(fc.constantFrom(...routes), body, contentType), ([[method, path], text, type]) =>
        Effect.map(send(env, method, path, { rawBody: text, headers: { "content-type": type } }), (reply) =>
          assertClientError(reply, `${method} ${path} ${type} ${text}`)
        )
      )
    })
  )

  it.effect("random paths never answer 5xx", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const segment = fc.oneof(
        fc.constantFrom("api", "v1", "consents", "salesinvoices", "systems", "connection", "otc"),
        fc.uuid(),
        fc.webSegment()
      )
      yield* run(
        env,
        fc.tuple(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), fc.array(segment, { maxLength: 6 })),
        ([method, segments]) =>
          Effect.map(send(env, method, "/" + segments.map(encodeURIComponent).join("/")), (reply) =>
            assertClientError(reply, `${method} /${segments.join("/")}`)
          )
      )
    })
  )

  it.effect("regression: GET // (a target that is no relative URL) is a 404 problem, not a 500", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const reply = yield* send(env, "GET", "//")
      assert.strictEqual(reply.status, 404, reply.text)
      assertClientError(reply, "GET //")
    })
  )

  it.effect("names the invalid parameter", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const count = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices?Count=500`)
      assert.strictEqual(count.status, 400)
      assert.strictEqual(at(count.json, "parameter"), "Count")
      assert.include(at(count.json, "detail"), "Count")
      const badId = yield* send(env, "GET", "/api/v1/consents/not-a-guid/salesinvoices")
      assert.strictEqual(at(badId.json, "parameter"), "consentId")
      const line = yield* send(env, "POST", `/api/v1/consents/${consentId}/salesinvoices`, {
        body: {
          accountingCustomerParty: { party: {} },
          invoiceLines: [
            { invoicedQuantity: { quantity: 1 }, item: { name: "" }, price: { priceAmount: { amount: 1 } } }
          ]
        }
      })
      assert.strictEqual(line.status, 400, line.text)
      assert.strictEqual(at(line.json, "parameter"), "invoiceLines[0].item.name")
    })
  )

  it.effect("requires x-correlation-id on /api routes, echoes it, and logs it", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const missing = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices`, { correlationId: null })
      assert.strictEqual(missing.status, 400)
      assert.strictEqual(at(missing.json, "parameter"), "x-correlation-id")
      const malformed = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices`, { correlationId: "abc" })
      assert.strictEqual(malformed.status, 400)
      assert.isNull(malformed.headers.get("x-correlation-id"))

      const correlationId = crypto.randomUUID()
      const ok = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices`, { correlationId })
      assert.strictEqual(ok.status, 200)
      assert.strictEqual(ok.headers.get("x-correlation-id"), correlationId)
      const failed = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices/missing`, { correlationId })
      assert.strictEqual(failed.headers.get("x-correlation-id"), correlationId)
      const lines = env.logs.filter((line) => line.includes(correlationId))
      assert.isAtLeast(lines.length, 2)
      for (const line of lines) assert.strictEqual(JSON.parse(line).annotations.correlationId, correlationId)
    })
  )

  it.effect("attaches x-correlation-id to every span of the request", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const correlationId = crypto.randomUUID()
      const reply = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices/1001`, { correlationId })
      assert.strictEqual(reply.status, 200)
      const tagged = env.spans.filter((span) => span.attributes.get("correlation.id") === correlationId)
      assert.isAtLeast(tagged.length, 2, env.spans.map((span) => span.name).join(", "))
      const traces = new Set(tagged.map((span) => span.traceId))
      assert.strictEqual(traces.size, 1, "one trace per request")
      const inTrace = env.spans.filter((span) => traces.has(span.traceId))
      for (const span of inTrace) assert.strictEqual(span.attributes.get("correlation.id"), correlationId, span.name)
    })
  )

  it.effect("serves health, the OpenAPI document and the docs without a key", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const health = yield* send(env, "GET", "/health", { key: null, correlationId: null })
      assert.strictEqual(health.status, 200)
      assert.deepStrictEqual(health.json, { status: "ok" })
      const openapi = yield* send(env, "GET", "/openapi.json", { key: null, correlationId: null })
      assert.strictEqual(openapi.status, 200)
      assert.deepStrictEqual(openapi.json, OpenApi.fromApi(KontoApi))
      const docs = yield* send(env, "GET", "/docs", { key: null, correlationId: null })
      assert.strictEqual(docs.status, 200)
      assert.include(docs.headers.get("content-type") ?? "", "text/html")
    })
  )

  it.effect("never writes a secret to a log line or an error body", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const wrongKey = env.apiKey.slice(0, -4) + "AAAA"
      const wrong = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices`, { key: wrongKey })
      assert.strictEqual(wrong.status, 401)
      const otc = yield* send(env, "POST", `/api/v1/consents/${consentId}/otc`)
      const token = yield* send(env, "POST", "/api/v1/consents/auth/token", {
        key: null,
        body: { consentId, code: at(otc.json, "code") }
      })
      const secretBody = yield* send(env, "PUT", `/api/v1/consents/${consentId}/connection`, {
        body: { system: "testbooks", secrets: { apiToken: "s3cr3t-value-123" }, settings: { companyId: 7 } }
      })
      assert.strictEqual(secretBody.status, 400)
      const rejected = yield* send(env, "PUT", `/api/v1/consents/${consentId}/connection`, {
        body: { system: "testbooks", secrets: { apiToken: "s3cr3t-value-456" }, settings: { companyId: "c1" } }
      })
      assert.strictEqual(rejected.status, 422)
      const secrets = [
        env.apiKey,
        env.otherApiKey,
        wrongKey,
        env.vendor.token,
        String(at(otc.json, "code")),
        String(at(token.json, "token")),
        "s3cr3t-value-123",
        "s3cr3t-value-456"
      ]
      for (const reply of [wrong, secretBody, rejected]) {
        for (const secret of secrets) assert.notInclude(reply.text, secret)
      }
      assert.isAbove(env.logs.length, 0)
      for (const line of env.logs) {
        for (const secret of secrets) assert.notInclude(line, secret)
      }
    })
  )
})
