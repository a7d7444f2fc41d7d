import { assert, layer } from "@effect/vitest"
import { Effect, Fiber, Ref } from "effect"
import { describeErrors, validateAccounting } from "./Contract.ts"
import { at, connectedConsent, has, list, send, TestEnv, layer as testEnv } from "./TestServer.ts"

const invoiceBody = (overrides: Record<string, unknown> = {}) => ({
  reference: "K-1",
  issueDate: "2025-06-15",
  dueDate: "2025-07-15",
  accountingCustomerParty: { party: { partyName: { name: "Kund AB" } } },
  invoiceLines: [
    { invoicedQuantity: { quantity: 1 }, item: { name: "Work" }, price: { priceAmount: { amount: 1250.5 } } }
  ],
  ...overrides
})

layer(testEnv(), { timeout: 60_000 })("sales invoices", (it) => {
  it.effect("lists a consent's invoices as API.1's paged result, valid against the contract", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const reply = yield* send(
        env,
        "GET",
        `/api/v1/consents/${consentId}/salesinvoices?Count=2&Include=paymentStatus,paymentTerms`
      )
      assert.strictEqual(reply.status, 200, reply.text)
      const errors = validateAccounting("SalesInvoiceSummaryDtoPagedResultDto", reply.json)
      assert.deepStrictEqual(errors, [], describeErrors(errors))
      assert.deepStrictEqual(at(reply.json, "meta"), { totalResources: null, totalPages: null, currentPage: 1 })
      assert.strictEqual(list(reply.json, "data").length, 2)
      assert.strictEqual(at(reply.json, "data", 0, "paymentStatus", "status"), "FULLY_PAID")
      assert.isDefined(at(reply.json, "data", 0, "paymentTerms"))
    })
  )

  it.effect("pages until a short page, each invoice once", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const ids: Array<string> = []
      for (let page = 1; page <= 4; page++) {
        const reply = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices?Count=2&CurrentPage=${page}`)
        assert.strictEqual(reply.status, 200, reply.text)
        ids.push(...list(reply.json, "data").map((summary) => String(at(summary, "id"))))
        if (list(reply.json, "data").length < 2) break
      }
      const invoices = yield* Ref.get(env.vendor.invoices)
      assert.deepStrictEqual(
        ids,
        invoices.map((invoice) => invoice.source.id)
      )
    })
  )

  it.effect("leaves out payment status and terms unless included, in either Include form", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const plain = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices`)
      assert.isFalse(has(plain.json, "paymentStatus", "data", 0))
      assert.isFalse(has(plain.json, "paymentTerms", "data", 0))
      const exploded = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices?paymentStatus=true`)
      assert.isTrue(has(exploded.json, "paymentStatus", "data", 0))
      assert.isFalse(has(exploded.json, "paymentTerms", "data", 0))
    })
  )

  it.effect("writes a 17-digit amount exactly", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const reply = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices/1003?include=paymentStatus`)
      assert.strictEqual(reply.status, 200, reply.text)
      assert.include(reply.text, `"taxInclusiveAmount":{"amount":12345678901234567.89,"currencyId":"SEK"}`)
      assert.include(reply.text, `"totalBalanceAmount":{"amount":345678901234567.89,"currencyId":"SEK"}`)
      const errors = validateAccounting("SalesInvoiceDto", reply.json)
      assert.deepStrictEqual(errors, [], describeErrors(errors))
      assert.strictEqual(at(reply.json, "paymentStatus", "status"), "PARTLY_PAID")
    })
  )

  it.effect("filters by status, and refuses a status the system cannot filter with API.1's exact message", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const unpaid = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices?Status=Unpaid`)
      assert.strictEqual(unpaid.status, 200, unpaid.text)
      assert.deepStrictEqual(
        list(unpaid.json, "data").map((summary) => at(summary, "id")),
        ["1002", "1003", "1005"]
      )
      const cancelled = yield* send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices?Status=Cancelled`)
      assert.strictEqual(cancelled.status, 400)
      assert.strictEqual(at(cancelled.json, "detail"), "Filtering by status Cancelled is not supported by Test Books")
      assert.strictEqual(cancelled.headers.get("content-type"), "application/problem+json")
    })
  )

  it.effect("answers a missing invoice with 404 and upstream failures with 429/502/503/504", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const get = (id: string) => send(env, "GET", `/api/v1/consents/${consentId}/salesinvoices/${id}`)
      assert.strictEqual((yield* get("missing")).status, 404)
      const limited = yield* get("rate-limited")
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.headers.get("retry-after"), "3")
      assert.strictEqual((yield* get("rejected")).status, 502)
      assert.strictEqual((yield* get("down")).status, 503)
      assert.strictEqual((yield* get("slow")).status, 504)
    })
  )

  it.effect("creates an invoice once per idempotency key", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const path = `/api/v1/consents/${consentId}/salesinvoices`
      const before = yield* Ref.get(env.vendor.creates)
      const key = crypto.randomUUID()
      const first = yield* send(env, "POST", path, { body: invoiceBody(), headers: { "idempotency-key": key } })
      assert.strictEqual(first.status, 200, first.text)
      const errors = validateAccounting("SalesInvoiceDto", first.json)
      assert.deepStrictEqual(errors, [], describeErrors(errors))
      // The same body with other key order and spacing is the same request.
      const replay = yield* send(env, "POST", path, {
        rawBody: JSON.stringify(invoiceBody(), null, 2),
        headers: { "idempotency-key": key, "content-type": "application/json" }
      })
      assert.strictEqual(replay.status, 200)
      assert.strictEqual(replay.text, first.text)
      assert.strictEqual((yield* Ref.get(env.vendor.creates)) - before, 1)
      const other = yield* send(env, "POST", path, {
        body: invoiceBody({ reference: "K-2" }),
        headers: { "idempotency-key": key }
      })
      assert.strictEqual(other.status, 422)
      assert.strictEqual((yield* Ref.get(env.vendor.creates)) - before, 1)
      assert.include(yield* Ref.get(env.vendor.keys), key)
    })
  )

  it.effect("answers 409 while the first request with a key is in flight", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const path = `/api/v1/consents/${consentId}/salesinvoices`
      const key = crypto.randomUUID()
      yield* env.vendor.gate.close
      yield* env.vendor.holding.close
      const first = yield* Effect.forkChild(
        send(env, "POST", path, { body: invoiceBody({ reference: "hold" }), headers: { "idempotency-key": key } })
      )
      yield* env.vendor.holding.await
      const second = yield* send(env, "POST", path, {
        body: invoiceBody({ reference: "hold" }),
        headers: { "idempotency-key": key }
      })
      assert.strictEqual(second.status, 409, second.text)
      yield* env.vendor.gate.open
      const done = yield* Fiber.join(first)
      assert.strictEqual(done.status, 200, done.text)
    })
  )

  it.effect("reads amounts in the body exactly", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const body = JSON.stringify(invoiceBody()).replace("1250.5", "12345678901234567.89")
      const reply = yield* send(env, "POST", `/api/v1/consents/${consentId}/salesinvoices`, {
        rawBody: body,
        headers: { "content-type": "application/json" }
      })
      assert.strictEqual(reply.status, 200, reply.text)
      assert.include(reply.text, `"amount":12345678901234567.89`)
    })
  )

  it.effect("answers 501 for an operation the system does not support", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env, env.apiKey, "readbooks")
      const reply = yield* send(env, "POST", `/api/v1/consents/${consentId}/salesinvoices`, { body: invoiceBody() })
      assert.strictEqual(reply.status, 501, reply.text)
      assert.strictEqual(at(reply.json, "status"), 501)
    })
  )
})
