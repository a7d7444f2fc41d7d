/**
 * The main job, end to end: the built server started as a real process on a free loopback port with a temporary
 * data directory, every registered connector's simulator behind it, called over real HTTP.
 */

import { rmSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fc from "fast-check"
import { afterAll, beforeAll } from "vitest"
import { describeErrors, validateAccounting, validateConsents } from "./Contract.ts"
import {
  at,
  buildApp,
  createApiKey,
  dataDirectory,
  type KontoProcess,
  list,
  type Reply,
  send,
  start
} from "./KontoProcess.ts"

const lawRuns = { numRuns: 200 } as const
const statuses = ["Paid", "Unpaid", "Overdue", "Cancelled", "Unbooked", "Unsent", "Draft", "Sold"] as const

// Keys registered at start through KONTO_API_KEYS (the bootstrap admin path): two callers besides the demo.
const firstKey = "konto_1111111111111111_" + "a".repeat(43)
const secondKey = "konto_2222222222222222_" + "b".repeat(43)

let server: KontoProcess
let directory: string

beforeAll(async () => {
  buildApp()
  directory = dataDirectory()
  server = await start({
    dataDir: directory,
    env: { KONTO_API_KEYS: `${firstKey},${secondKey}`, KONTO_DEMO_INVOICES: "30" }
  })
}, 180_000)

afterAll(async () => {
  await server?.stop()
  rmSync(directory, { recursive: true, force: true })
})

const call = (method: string, path: string, options: Parameters<typeof send>[3] = {}) =>
  Effect.promise(() => send(server, method, path, options))

const assertValid = (validate: typeof validateAccounting, component: string, body: unknown, context: string) => {
  const errors = validate(component, body)
  assert.deepStrictEqual(errors, [], `${context}: ${describeErrors(errors)}`)
}

/** A 4xx answer is a problem valid against API.1's ProblemDetails; nothing is a 5xx. */
const assertClientError = (reply: Reply, context: string) => {
  assert.isBelow(reply.status, 500, `${context}: ${reply.status} ${reply.text}`)
  if (reply.status >= 400) {
    assert.strictEqual(reply.headers.get("content-type"), "application/problem+json", context)
    assertValid(validateAccounting, "ProblemDetails", reply.json, context)
  }
}

describe("the konto HTTP server process", () => {
  it.effect("prints the API key, one ready demo consent per system and a curl", () =>
    Effect.sync(() => {
      assert.match(server.apiKey, /^konto_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/)
      assert.isAtLeast(server.consents.length, 1, server.stdout())
      for (const consent of server.consents) assert.isTrue(consent.ok, `${consent.system}: ${server.stdout()}`)
      assert.include(server.stdout(), `curl -s -H 'x-api-key: ${server.apiKey}'`)
      assert.include(
        server.stdout(),
        `${server.baseUrl}/api/v1/consents/${server.consents[0]?.consentId}/salesinvoices`
      )
    })
  )

  it.effect("answers every demo consent's listing, pages and invoices with bodies valid against API.1's schemas", () =>
    Effect.gen(function* () {
      for (const consent of server.consents) {
        const base = `/api/v1/consents/${consent.consentId}/salesinvoices`
        const ids: Array<string> = []
        for (let page = 1; page <= 20; page++) {
          const reply = yield* call("GET", `${base}?Count=7&CurrentPage=${page}&Include=paymentStatus,paymentTerms`)
          assert.strictEqual(reply.status, 200, `${consent.system} page ${page}: ${reply.text}`)
          assertValid(
            validateAccounting,
            "SalesInvoiceSummaryDtoPagedResultDto",
            reply.json,
            `${consent.system} page ${page}`
          )
          ids.push(...list(reply.json, "data").map((summary) => String(at(summary, "id"))))
          if (list(reply.json, "data").length < 7) break
        }
        assert.strictEqual(ids.length, 30, `${consent.system} lists each of its 30 invoices`)
        assert.strictEqual(new Set(ids).size, ids.length, `${consent.system} lists each invoice once`)
        for (const id of ids.slice(0, 6)) {
          const reply = yield* call("GET", `${base}/${encodeURIComponent(id)}?include=paymentStatus`)
          assert.strictEqual(reply.status, 200, `${consent.system} invoice ${id}: ${reply.text}`)
          assertValid(validateAccounting, "SalesInvoiceDto", reply.json, `${consent.system} invoice ${id}`)
        }
        const consentReply = yield* call("GET", `/api/v1/consents/${consent.consentId}`)
        assertValid(validateConsents, "ConsentDto", consentReply.json, `${consent.system} consent`)
        assert.strictEqual(at(consentReply.json, "source"), consent.system)
        assert.strictEqual(at(consentReply.json, "status"), 1)
      }
    })
  )

  it.effect("filters by every status a system can serve, and names the ones it cannot exactly as API.1 does", () =>
    Effect.gen(function* () {
      for (const consent of server.consents) {
        for (const status of statuses) {
          const reply = yield* call(
            "GET",
            `/api/v1/consents/${consent.consentId}/salesinvoices?Status=${status}&Count=100`
          )
          if (reply.status === 200) {
            assertValid(
              validateAccounting,
              "SalesInvoiceSummaryDtoPagedResultDto",
              reply.json,
              `${consent.system} ${status}`
            )
          } else {
            assert.strictEqual(reply.status, 400, `${consent.system} ${status}: ${reply.text}`)
            assert.strictEqual(
              at(reply.json, "detail"),
              `Filtering by status ${status} is not supported by ${consent.displayName}`
            )
          }
        }
      }
    })
  )

  it.effect("serves the capability matrix of the registered systems", () =>
    Effect.gen(function* () {
      const systems = yield* call("GET", "/api/v1/systems")
      assert.strictEqual(systems.status, 200)
      const ids = list(systems.json).map((system) => at(system, "id"))
      for (const consent of server.consents) assert.include(ids, consent.system)
    })
  )

  it.effect("keeps API keys apart: another key sees neither the demo's consents nor a third key's", () =>
    Effect.gen(function* () {
      const demoConsent = server.consents[0]?.consentId ?? ""
      for (const key of [firstKey, secondKey]) {
        assert.strictEqual((yield* call("GET", `/api/v1/consents/${demoConsent}`, { key })).status, 404)
        assert.strictEqual((yield* call("GET", `/api/v1/consents/${demoConsent}/salesinvoices`, { key })).status, 404)
      }
      const created = yield* call("POST", "/api/v1/consents", { key: firstKey, body: { name: "First's customer" } })
      assert.strictEqual(created.status, 201, created.text)
      assertValid(validateConsents, "ConsentDto", created.json, "created consent")
      assert.strictEqual(
        (yield* call("GET", `/api/v1/consents/${at(created.json, "id")}`, { key: firstKey })).status,
        200
      )
      assert.strictEqual(
        (yield* call("GET", `/api/v1/consents/${at(created.json, "id")}`, { key: secondKey })).status,
        404
      )
      assert.strictEqual(
        (yield* call("DELETE", `/api/v1/consents/${at(created.json, "id")}`, { key: secondKey })).status,
        404
      )
      const listed = yield* call("GET", "/api/v1/consents", { key: secondKey })
      assert.deepStrictEqual(at(listed.json, "data"), [])
      for (const key of [null, "konto_3333333333333333_" + "c".repeat(43), "nonsense"]) {
        const reply = yield* call("GET", `/api/v1/consents/${demoConsent}/salesinvoices`, { key })
        assert.strictEqual(reply.status, 401)
        assertClientError(reply, `key ${key}`)
      }
    })
  )

  it.effect("creates once per idempotency key", () =>
    Effect.gen(function* () {
      const fortnox = server.consents.find((consent) => consent.system === "fortnox")
      if (fortnox === undefined) return
      const base = `/api/v1/consents/${fortnox.consentId}/salesinvoices`
      const before = yield* call("GET", `${base}?Count=1`)
      const customer = String(at(before.json, "data", 0, "accountingCustomerParty", "supplierAssignedAccountId", "id"))
      const body = {
        issueDate: "2025-06-15",
        dueDate: "2025-07-15",
        accountingCustomerParty: {
          supplierAssignedAccountId: { id: customer },
          party: { partyName: { name: "Kund" } }
        },
        invoiceLines: [
          {
            invoicedQuantity: { quantity: 2 },
            item: { name: "Consulting" },
            price: { priceAmount: { amount: 12345678901.25, currencyId: "SEK" } }
          }
        ]
      }
      const key = crypto.randomUUID()
      const first = yield* call("POST", base, { body, headers: { "idempotency-key": key } })
      assert.strictEqual(first.status, 200, first.text)
      assertValid(validateAccounting, "SalesInvoiceDto", first.json, "created invoice")
      const again = yield* call("POST", base, { body, headers: { "idempotency-key": key } })
      assert.strictEqual(again.status, 200)
      assert.strictEqual(again.text, first.text)
      const other = yield* call("POST", base, {
        body: { ...body, dueDate: "2025-08-01" },
        headers: { "idempotency-key": key }
      })
      assert.strictEqual(other.status, 422)
      assertClientError(other, "reused key")
      const after = yield* call("GET", `${base}?Count=1`)
      assert.strictEqual(
        at(after.json, "meta", "totalResources"),
        Number(at(before.json, "meta", "totalResources")) + 1
      )
    })
  )

  it.effect(
    "answers bad input (random query strings, headers and bodies) with 4xx problems, never 5xx",
    () =>
      Effect.gen(function* () {
        const consent = server.consents[0]?.consentId ?? ""
        // Writes go to a consent of their own, so a random body that happens to be valid cannot revoke a demo consent.
        const scratch = String(at((yield* call("POST", "/api/v1/consents", { body: { name: "Scratch" } })).json, "id"))
        const query = fc
          .array(
            fc.tuple(
              fc.oneof(
                fc.constantFrom(
                  "Count",
                  "CurrentPage",
                  "FromInvoiceDate",
                  "ToInvoiceDate",
                  "CreatedDateTime",
                  "ModifiedDateTime",
                  "OrderBy",
                  "Status",
                  "Include",
                  "paymentStatus"
                ),
                fc.string()
              ),
              fc.oneof(
                fc.string(),
                fc.integer().map(String),
                fc.constantFrom("0", "101", "2025-02-30", "Paid", "paymentStatus,x")
              )
            ),
            { maxLength: 5 }
          )
          .map((pairs) => ({
            method: "GET",
            path: `/api/v1/consents/${consent}/salesinvoices?${new URLSearchParams(pairs)}`,
            headers: {},
            body: undefined
          }))
        const headers = fc
          .dictionary(
            fc.constantFrom("x-correlation-id", "idempotency-key", "if-match", "accept", "x-foo"),
            fc.stringMatching(/^[\x21-\x7e]{0,40}$/),
            { maxKeys: 3 }
          )
          .map((extra) => ({
            method: "GET",
            path: `/api/v1/consents/${consent}/salesinvoices/1001`,
            headers: extra,
            body: undefined
          }))
        const bodies = fc
          .tuple(
            fc.constantFrom(
              ["POST", `/api/v1/consents/${consent}/salesinvoices`],
              ["POST", "/api/v1/consents"],
              ["PATCH", `/api/v1/consents/${scratch}`],
              ["PUT", `/api/v1/consents/${scratch}/connection`],
              ["POST", "/api/v1/consents/auth/token"]
            ),
            fc.oneof(
              fc.jsonValue().map((value) => JSON.stringify(value)),
              fc.string(),
              fc.constantFrom("{", "null", '{"invoiceLines":[]}')
            )
          )
          .map(([[method, path], text]) => ({
            method,
            path,
            headers: { "content-type": "application/json" },
            body: text
          }))
        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(fc.oneof(query, headers, bodies), async (request) => {
              const reply = await send(server, request.method ?? "GET", request.path, {
                headers: request.headers,
                ...(request.body === undefined ? {} : { rawBody: request.body })
              })
              assertClientError(
                reply,
                `${request.method} ${request.path} ${JSON.stringify(request.headers)} ${request.body ?? ""}`
              )
            }),
            lawRuns
          )
        )
      }),
    180_000
  )

  it.effect("echoes x-correlation-id and writes it on the request's log lines", () =>
    Effect.gen(function* () {
      const consent = server.consents[0]?.consentId ?? ""
      const correlationId = crypto.randomUUID()
      const reply = yield* call("GET", `/api/v1/consents/${consent}/salesinvoices?Count=1`, { correlationId })
      assert.strictEqual(reply.status, 200)
      assert.strictEqual(reply.headers.get("x-correlation-id"), correlationId)
      const missing = yield* call("GET", `/api/v1/consents/${consent}/salesinvoices`, { correlationId: null })
      assert.strictEqual(missing.status, 400)
      assert.strictEqual(at(missing.json, "parameter"), "x-correlation-id")
      // The log line is written as the response goes out: wait for it.
      const lines = yield* Effect.promise(async () => {
        for (let attempt = 0; attempt < 50; attempt++) {
          const found = server.logs().filter((line) => line.annotations["correlationId"] === correlationId)
          if (found.length > 0) return found
          await new Promise((resolve) => setImmediate(resolve))
        }
        return []
      })
      assert.isAtLeast(lines.length, 1)
      assert.strictEqual(lines[0]?.annotations["http.status"], 200)
    })
  )

  it.effect("never writes a secret to a log line or an error body", () =>
    Effect.gen(function* () {
      const consent = server.consents[0]?.consentId ?? ""
      const otc = yield* call("POST", `/api/v1/consents/${consent}/otc`)
      const token = yield* call("POST", "/api/v1/consents/auth/token", {
        key: null,
        body: { consentId: consent, code: at(otc.json, "code") }
      })
      const rejected = yield* call("PUT", `/api/v1/consents/${consent}/connection`, {
        key: null,
        headers: { authorization: `Bearer ${at(token.json, "token")}` },
        body: { system: "nosuchsystem", secrets: { apiToken: "very-secret-token-1" } }
      })
      assert.strictEqual(rejected.status, 400)
      const secrets = [
        server.apiKey,
        firstKey,
        secondKey,
        String(at(otc.json, "code")),
        String(at(token.json, "token")),
        "very-secret-token-1"
      ]
      for (const secret of secrets) assert.notInclude(rejected.text, secret)
      const stderr = server.stderr()
      assert.isAbove(stderr.length, 0)
      for (const secret of secrets) assert.notInclude(stderr, secret)
      for (const line of stderr.split("\n").filter((text) => text.trim() !== "")) {
        assert.doesNotThrow(() => JSON.parse(line), "every log line is structured JSON")
      }
    })
  )

  it.effect("serves health, the OpenAPI document and the docs", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual((yield* call("GET", "/health", { key: null, correlationId: null })).json, { status: "ok" })
      const openapi = yield* call("GET", "/openapi.json", { key: null, correlationId: null })
      assert.strictEqual(openapi.status, 200)
      assert.isDefined(at(openapi.json, "paths", "/api/v1/consents/{consentId}/salesinvoices"))
      assert.strictEqual((yield* call("GET", "/docs", { key: null, correlationId: null })).status, 200)
    })
  )
})

describe("starting and stopping", () => {
  it.effect(
    "issues keys from the command line, keeps the demo key and consents across restarts, honours KONTO_DEMO_API_KEY, stops cleanly on Ctrl-C",
    () =>
      Effect.promise(async () => {
        const folder = dataDirectory()
        try {
          // The admin path: a key issued by the CLI command works once the server runs on that store.
          const issued = createApiKey(folder, "ops")
          const first = await start({ dataDir: folder })
          const withIssued = await send(first, "GET", "/api/v1/consents", { key: issued })
          assert.strictEqual(withIssued.status, 200, withIssued.text)
          assert.deepStrictEqual(list(withIssued.json, "data"), [])
          const firstExit = await first.stop()
          assert.strictEqual(firstExit, 0, first.stderr())
          assert.include(first.stdout(), "konto stopped")
          const afterStop = await fetch(first.baseUrl + "/health").then(
            () => "answered",
            () => "refused"
          )
          assert.strictEqual(afterStop, "refused", "the port is released")

          const second = await start({ dataDir: folder })
          assert.strictEqual(second.apiKey, first.apiKey)
          assert.deepStrictEqual(
            second.consents.map((consent) => consent.consentId),
            first.consents.map((consent) => consent.consentId)
          )
          const listing = await send(
            second,
            "GET",
            `/api/v1/consents/${second.consents[0]?.consentId}/salesinvoices?Count=1`
          )
          assert.strictEqual(listing.status, 200, listing.text)
          assert.strictEqual(await second.stop(), 0)

          const chosen = "konto_abcdefabcdefabcd_" + "D".repeat(43)
          const third = await start({ dataDir: folder, env: { KONTO_DEMO_API_KEY: chosen } })
          assert.strictEqual(third.apiKey, chosen)
          const reply = await send(
            third,
            "GET",
            `/api/v1/consents/${third.consents[0]?.consentId}/salesinvoices?Count=1`
          )
          assert.strictEqual(reply.status, 200, reply.text)
          assert.strictEqual(await third.stop(), 0)
        } finally {
          rmSync(folder, { recursive: true, force: true })
        }
      }),
    240_000
  )
})
