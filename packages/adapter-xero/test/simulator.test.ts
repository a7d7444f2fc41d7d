/**
 * The simulator held to Xero: its answers validate against the official spec's response schemas, it serves
 * the spec's documented examples (and the adapter maps them as it maps them directly), and it behaves as Xero
 * documents for tenants, tokens, filters, paging, idempotency and errors.
 */
import { assert, describe, it } from "@effect/vitest"
import { CalendarDate, ListQuery, SalesInvoice } from "@konto/core"
import { DateTime, Effect, Option, Schema, Stream } from "effect"
import { toSalesInvoiceSummary } from "../src/mapping.ts"
import { apiPath, demo, makeSimulator, type XeroSimulator } from "../src/simulator.ts"
import { creditNoteDocument, invoiceDocument, XeroCreditNote, XeroInvoice } from "../src/wire.ts"
import { makeHarness } from "./harness.ts"
import { exampleCreditNotes, exampleInvoices, schemaErrors } from "./officialSpec.ts"

interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly body: unknown
}

const authorised = {
  authorization: `Bearer ${demo.accessToken}`,
  "xero-tenant-id": demo.tenantId,
  accept: "application/json"
}

const call = (
  xero: XeroSimulator,
  method: string,
  path: string,
  options: {
    readonly query?: Record<string, string>
    readonly headers?: Record<string, string>
    readonly body?: unknown
  } = {}
): Effect.Effect<Answer> =>
  Effect.gen(function* () {
    const url = new URL(`${xero.simulator.baseUrl}${path}`)
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value)
    const outcome = yield* xero.simulator.handle({
      method,
      url,
      headers: {
        ...(options.headers ?? authorised),
        ...(options.body === undefined ? {} : { "content-type": "application/json" })
      },
      text: options.body === undefined ? "" : JSON.stringify(options.body)
    })
    if (outcome._tag === "Drop") return yield* Effect.die("the simulator dropped the response")
    const { headers, status, text } = outcome.response
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = text
    }
    return { status, headers, text, body }
  })

const documentedInvoices = [
  ...exampleInvoices("/Invoices", "get"),
  ...exampleInvoices("/Invoices", "put"),
  ...exampleInvoices("/Invoices/{InvoiceID}", "get"),
  ...exampleInvoices("/Invoices/{InvoiceID}", "post")
]
const documentedCreditNotes = [
  ...exampleCreditNotes("/CreditNotes/{CreditNoteID}", "get"),
  ...exampleCreditNotes("/CreditNotes", "get")
]

describe("answers validate against the official response schemas", () => {
  it("the validators are strict where the spec is (enums, types, formats)", () => {
    assert.isAbove(schemaErrors("Invoices", { Invoices: [{ Status: "PAYED" }] }).length, 0)
    assert.isAbove(schemaErrors("Invoices", { Invoices: [{ Total: "46.00" }] }).length, 0)
    assert.isAbove(schemaErrors("Invoices", { Invoices: [{ InvoiceID: "INV-1" }] }).length, 0)
    assert.isAbove(schemaErrors("CreditNotes", { CreditNotes: [{ Type: "ACCREC" }] }).length, 0)
    assert.isAbove(schemaErrors("Error", { ErrorNumber: "ten" }).length, 0)
  })

  it.effect("listings, single records, creates and errors", () =>
    Effect.gen(function* () {
      const xero = yield* makeSimulator({ invoiceCount: 60, seed: 13 })
      const answers: Array<readonly [string, string, Answer]> = [
        [
          "Invoices",
          "GET /Invoices page",
          yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { page: "1", pageSize: "1000" } })
        ],
        [
          "Invoices",
          "GET /Invoices where",
          yield* call(xero, "GET", `${apiPath}/Invoices`, {
            query: { page: "1", where: 'Type=="ACCREC" AND AmountDue>0', Statuses: "AUTHORISED" }
          })
        ],
        [
          "CreditNotes",
          "GET /CreditNotes page",
          yield* call(xero, "GET", `${apiPath}/CreditNotes`, {
            query: { page: "1", pageSize: "1000", order: "Date DESC" }
          })
        ]
      ]
      const firstInvoice = (answers[0]![2].body as { Invoices: Array<{ InvoiceID: string }> }).Invoices[0]!
      const firstCredit = (answers[2]![2].body as { CreditNotes: Array<{ CreditNoteID: string }> }).CreditNotes[0]!
      answers.push([
        "Invoices",
        "GET /Invoices/{id}",
        yield* call(xero, "GET", `${apiPath}/Invoices/${firstInvoice.InvoiceID}`)
      ])
      answers.push([
        "CreditNotes",
        "GET /CreditNotes/{id}",
        yield* call(xero, "GET", `${apiPath}/CreditNotes/${firstCredit.CreditNoteID}`)
      ])
      const request = exampleInvoices("/Invoices", "put")[0]!
      answers.push([
        "Invoices",
        "PUT /Invoices",
        yield* call(xero, "PUT", `${apiPath}/Invoices`, {
          body: {
            Invoices: [
              {
                Type: "ACCREC",
                Contact: { Name: "Liam Gallagher" },
                LineItems: [{ Description: "Acme Tires", Quantity: 2, UnitAmount: 20 }],
                Date: "2019-03-11",
                DueDate: "2018-12-10",
                Reference: request["Reference"]
              }
            ]
          }
        })
      ])
      answers.push([
        "CreditNotes",
        "PUT /CreditNotes",
        yield* call(xero, "PUT", `${apiPath}/CreditNotes`, {
          body: {
            CreditNotes: [
              {
                Type: "ACCRECCREDIT",
                Contact: { Name: "Liam Gallagher" },
                LineItems: [{ Description: "Mic Stand", Quantity: 1, UnitAmount: 30 }]
              }
            ]
          }
        })
      ])
      answers.push([
        "Error",
        "PUT /Invoices invalid",
        yield* call(xero, "PUT", `${apiPath}/Invoices`, {
          query: { summarizeErrors: "true" },
          body: { Invoices: [{ Type: "ACCREC", Contact: {}, LineItems: [] }] }
        })
      ])
      answers.push([
        "Error",
        "GET /Invoices bad where",
        yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { where: "Status==" } })
      ])
      for (const [schema, what, answer] of answers) {
        assert.deepStrictEqual(schemaErrors(schema, answer.body), [], what)
      }
      assert.deepStrictEqual(
        answers.map(([, , answer]) => answer.status),
        [200, 200, 200, 200, 200, 200, 200, 400, 400]
      )
    })
  )
})

describe("the spec's documented examples, served", () => {
  const records = { invoices: documentedInvoices, creditNotes: documentedCreditNotes }

  it.effect("are listed as sales documents only, each mapped as the example maps directly", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ records })
      const listed = yield* Stream.runCollect(harness.invoices.list(ListQuery.all))
      assert.deepStrictEqual(
        listed.map((summary) => Option.getOrNull(summary.reference)),
        ["INV-0001", "INV-0002", "INV-0003", "INV-0007", "INV-0006", "INV-0008", "CN-0005"]
      )
      // The purchase credit note (ACCPAYCREDIT) is served by /CreditNotes but is not a sales document.
      assert.isFalse(listed.some((summary) => summary.source.id === "f8021bd2-9a6a-4c19-8477-163da0b9290f"))
      const asOf = CalendarDate.ofInstant(yield* DateTime.now, harness.connection.timeZone)
      const encode = Schema.encodeSync(SalesInvoice.SalesInvoiceSummary)
      for (const summary of listed) {
        const invoice = documentedInvoices.find((record) => record["InvoiceID"] === summary.source.id)
        const document =
          invoice !== undefined
            ? invoiceDocument(Schema.decodeUnknownSync(XeroInvoice)(invoice))
            : creditNoteDocument(
                Schema.decodeUnknownSync(XeroCreditNote)(
                  documentedCreditNotes.find((record) => record["CreditNoteID"] === summary.source.id)
                )
              )
        const direct = toSalesInvoiceSummary(document, { asOf, includePaymentStatus: true })
        assert.deepStrictEqual(JSON.stringify(encode(summary)), JSON.stringify(encode(direct)))
      }
    })
  )

  it.effect("are served as Xero sent them (every served answer valid against the spec)", () =>
    Effect.gen(function* () {
      const xero = yield* makeSimulator({ records })
      const invoices = yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { page: "1" } })
      const credits = yield* call(xero, "GET", `${apiPath}/CreditNotes`, { query: { page: "1" } })
      assert.deepStrictEqual(schemaErrors("Invoices", invoices.body), [])
      assert.deepStrictEqual(schemaErrors("CreditNotes", credits.body), [])
      const served = (invoices.body as { Invoices: ReadonlyArray<unknown> }).Invoices
      assert.deepStrictEqual(served, documentedInvoices)
    })
  )

  it.effect("get finds an invoice by id or number, a credit note by id; a purchase credit note is not found", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness({ records })
      const byNumber = yield* harness.invoices.get("INV-0006")
      assert.deepStrictEqual(byNumber.id, Option.some("a03ffcd2-5d91-4c7e-b483-318584e9e439"))
      const credit = yield* harness.invoices.get("249f15fa-f2a7-4acc-8769-0984103f2225")
      assert.deepStrictEqual(credit.reference, Option.some("CN-0005"))
      const purchase = yield* Effect.flip(harness.invoices.get("f8021bd2-9a6a-4c19-8477-163da0b9290f"))
      assert.strictEqual(purchase._tag, "NotFound")
      const unknown = yield* Effect.flip(harness.invoices.get("00000000-0000-4000-8000-000000000000"))
      assert.strictEqual(unknown._tag, "NotFound")
      // An unknown id costs one request per stream it could be in: /Invoices, then /CreditNotes.
      assert.strictEqual(harness.xero.simulator.requests.count(`GET ${apiPath}/CreditNotes/:id`), 3)
    })
  )
})

describe("Xero's behaviour", () => {
  it.effect(
    "refuses a call without the tenant header or with another tenant (403), or without a valid token (401)",
    () =>
      Effect.gen(function* () {
        const xero = yield* makeSimulator({ invoiceCount: 3 })
        const noTenant = yield* call(xero, "GET", `${apiPath}/Invoices`, {
          headers: { authorization: `Bearer ${demo.accessToken}` }
        })
        const otherTenant = yield* call(xero, "GET", `${apiPath}/Invoices`, {
          headers: { ...authorised, "xero-tenant-id": "00000000-0000-0000-0000-000000000000" }
        })
        const noToken = yield* call(xero, "GET", `${apiPath}/Invoices`, {
          headers: { "xero-tenant-id": demo.tenantId }
        })
        const badToken = yield* call(xero, "GET", `${apiPath}/Invoices`, {
          headers: { ...authorised, authorization: "Bearer nope" }
        })
        assert.deepStrictEqual(
          [noTenant.status, otherTenant.status, noToken.status, badToken.status],
          [403, 403, 401, 401]
        )
        assert.deepStrictEqual((noToken.body as { Title: string }).Title, "Unauthorized")
      })
  )

  it.effect("filters with where, Statuses and If-Modified-Since; orders; pages with the largest page 1,000", () =>
    Effect.gen(function* () {
      const xero = yield* makeSimulator({ records: { invoices: documentedInvoices } })
      const references = (answer: Answer) =>
        (answer.body as { Invoices: ReadonlyArray<{ InvoiceNumber: string }> }).Invoices.map(
          (invoice) => invoice.InvoiceNumber
        )
      const authorisedDue = yield* call(xero, "GET", `${apiPath}/Invoices`, {
        query: { where: 'Type=="ACCREC" AND Status=="AUTHORISED"' }
      })
      assert.deepStrictEqual(references(authorisedDue), ["INV-0003", "INV-0007"])
      const statuses = yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { Statuses: "PAID,VOIDED" } })
      assert.deepStrictEqual(references(statuses), ["INV-0001", "INV-0002", "INV-0006"])
      const due = yield* call(xero, "GET", `${apiPath}/Invoices`, {
        query: { where: "AmountDue>0 AND (DueDate<DateTime(2018,12,01) OR DueDate>=DateTime(2019,03,12))" }
      })
      assert.deepStrictEqual(references(due), ["INV-0003", "INV-0008"])
      const since = yield* call(xero, "GET", `${apiPath}/Invoices`, {
        headers: { ...authorised, "if-modified-since": "2019-03-11T17:58:46.117Z" }
      })
      assert.deepStrictEqual(references(since), ["INV-0007", "INV-0008"])
      const ordered = yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { order: "Date DESC" } })
      assert.deepStrictEqual(references(ordered), [
        "INV-0007",
        "INV-0008",
        "INV-0006",
        "INV-0003",
        "INV-0001",
        "INV-0002"
      ])
      const page = yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { page: "2", pageSize: "4" } })
      assert.deepStrictEqual(references(page), ["INV-0006", "INV-0008"])
      assert.deepStrictEqual((page.body as { pagination: unknown }).pagination, {
        page: 2,
        pageSize: 4,
        pageCount: 2,
        itemCount: 6
      })
      // Any page size from 1 (a window fitted to its page): page n of size s holds items (n−1)·s … n·s−1.
      const third = yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { page: "3", pageSize: "1" } })
      assert.deepStrictEqual(references(third), ["INV-0003"])
      assert.deepStrictEqual((third.body as { pagination: unknown }).pagination, {
        page: 3,
        pageSize: 1,
        pageCount: 6,
        itemCount: 6
      })
      const beyond = yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { page: "4", pageSize: "3" } })
      assert.deepStrictEqual(references(beyond), [])
      assert.deepStrictEqual((beyond.body as { pagination: { itemCount: number } }).pagination.itemCount, 6)
      const clamped = yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { page: "1", pageSize: "5000" } })
      assert.deepStrictEqual((clamped.body as { pagination: { pageSize: number } }).pagination.pageSize, 1000)
      const unreadable = yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { where: 'Status=="DRAFT" AND' } })
      assert.strictEqual(unreadable.status, 400)
      assert.strictEqual((unreadable.body as { Type: string }).Type, "QueryParseException")
    })
  )

  it.effect("replays the first answer to a repeated Idempotency-Key, creating nothing more", () =>
    Effect.gen(function* () {
      const xero = yield* makeSimulator({ invoiceCount: 2 })
      const body = {
        Invoices: [
          {
            Type: "ACCREC",
            Contact: { Name: "Liam Gallagher" },
            LineItems: [{ Description: "Acme Tires", Quantity: 2, UnitAmount: 20 }]
          }
        ]
      }
      const headers = { ...authorised, "idempotency-key": "key-1" }
      const first = yield* call(xero, "PUT", `${apiPath}/Invoices`, { headers, body })
      const second = yield* call(xero, "PUT", `${apiPath}/Invoices`, { headers, body })
      const other = yield* call(xero, "PUT", `${apiPath}/Invoices`, {
        headers: { ...headers, "idempotency-key": "key-2" },
        body
      })
      const idOf = (answer: Answer) =>
        (answer.body as { Invoices: Array<{ InvoiceID: string }> }).Invoices[0]!.InvoiceID
      assert.strictEqual(idOf(second), idOf(first))
      assert.notStrictEqual(idOf(other), idOf(first))
      assert.strictEqual(xero.invoices.size(), 4)
    })
  )

  it.effect(
    "answers a validation failure with Xero's error body, or inside the record when summarizeErrors=false",
    () =>
      Effect.gen(function* () {
        const xero = yield* makeSimulator({ invoiceCount: 1 })
        const body = {
          Invoices: [
            {
              Type: "ACCREC",
              Contact: { ContactID: "00000000-0000-4000-8000-000000000001" },
              LineItems: [{ Description: "" }]
            }
          ]
        }
        const summarized = yield* call(xero, "PUT", `${apiPath}/Invoices`, { body })
        assert.strictEqual(summarized.status, 400)
        const error = summarized.body as {
          ErrorNumber: number
          Type: string
          Elements: Array<{ ValidationErrors: Array<{ Message: string }> }>
        }
        assert.strictEqual(error.Type, "ValidationException")
        assert.deepStrictEqual(
          error.Elements[0]!.ValidationErrors.map((validation) => validation.Message),
          [
            "The contact with the specified ContactID could not be found",
            "Line 1: Description needs to be at least 1 char long"
          ]
        )
        const inline = yield* call(xero, "PUT", `${apiPath}/Invoices`, { query: { summarizeErrors: "false" }, body })
        assert.strictEqual(inline.status, 200)
        const record = (inline.body as { Invoices: Array<{ HasErrors: boolean; StatusAttributeString: string }> })
          .Invoices[0]!
        assert.deepStrictEqual([record.HasErrors, record.StatusAttributeString], [true, "ERROR"])
        assert.strictEqual(xero.invoices.size(), 1)
      })
  )

  it.effect("reports the tenant's remaining allowance on every answer", () =>
    Effect.gen(function* () {
      const xero = yield* makeSimulator({ invoiceCount: 1 })
      const first = yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { page: "1" } })
      const second = yield* call(xero, "GET", `${apiPath}/Invoices`, { query: { page: "1" } })
      assert.deepStrictEqual(
        [
          first.headers["x-minlimit-remaining"],
          first.headers["x-daylimit-remaining"],
          second.headers["x-minlimit-remaining"],
          second.headers["x-daylimit-remaining"]
        ],
        ["59", "4999", "58", "4998"]
      )
      assert.strictEqual(second.headers["x-appminlimit-remaining"], "9998")
    })
  )

  it.effect("answers 404 as text for an unknown record", () =>
    Effect.gen(function* () {
      const xero = yield* makeSimulator({ invoiceCount: 1 })
      const missing = yield* call(xero, "GET", `${apiPath}/Invoices/00000000-0000-4000-8000-000000000000`)
      assert.deepStrictEqual([missing.status, missing.body], [404, "The resource you're looking for cannot be found"])
    })
  )
})
