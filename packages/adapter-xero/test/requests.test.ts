/**
 * What the adapter sends Xero: paths, parameters and headers of listings, reads and creates.
 */
import { assert, describe, it } from "@effect/vitest"
import { CalendarDate, ListQuery, SalesInvoiceInput } from "@konto/core"
import { TestClockDriver } from "@konto/testkit"
import { DateTime, Effect, Option, Schema, Stream } from "effect"
import { TestClock } from "effect/testing"
import { demo } from "../src/simulator.ts"
import { makeHarness, type SentRequest } from "./harness.ts"
import { exampleInvoices } from "./officialSpec.ts"

const sent = () => {
  const requests: Array<SentRequest> = []
  return { requests, onRequest: (request: SentRequest) => requests.push(request) }
}

const parameters = (request: SentRequest): Record<string, string> => Object.fromEntries(request.url.searchParams)

// 2022-06-15 03:00 UTC is 15:00 in Auckland: "today" there is 2022-06-15.
const now = Date.parse("2022-06-15T03:00:00Z")

const documented = { invoices: exampleInvoices("/Invoices", "get") }

describe("listing", () => {
  it.effect("every call carries the tenant, the bearer token and asks for JSON", () =>
    Effect.gen(function* () {
      const { onRequest, requests } = sent()
      const harness = yield* makeHarness({ records: documented, onRequest })
      yield* TestClockDriver.drive(Stream.runCollect(harness.invoices.list(ListQuery.all)))
      assert.strictEqual(requests.length, 2)
      for (const request of requests) {
        assert.strictEqual(request.headers["xero-tenant-id"], demo.tenantId)
        assert.strictEqual(request.headers["authorization"], `Bearer ${demo.accessToken}`)
        assert.strictEqual(request.headers["accept"], "application/json")
      }
      assert.deepStrictEqual(
        requests.map((request) => [request.method, request.url.pathname, parameters(request)]),
        [
          ["GET", "/api.xro/2.0/Invoices", { page: "1", pageSize: "1000", where: 'Type=="ACCREC"', unitdp: "4" }],
          [
            "GET",
            "/api.xro/2.0/CreditNotes",
            { page: "1", pageSize: "1000", where: 'Type=="ACCRECCREDIT"', unitdp: "4" }
          ]
        ]
      )
    })
  )

  it.effect(
    "Overdue: Statuses on /Invoices, the statuses in where on /CreditNotes, due before today in the connection's zone",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(now)
        const { onRequest, requests } = sent()
        const harness = yield* makeHarness({ records: documented, onRequest, timeZone: "Pacific/Auckland" })
        yield* TestClockDriver.drive(
          Stream.runCollect(harness.invoices.list(ListQuery.make({ status: Option.some("Overdue") })))
        )
        assert.deepStrictEqual(requests.map(parameters), [
          {
            page: "1",
            pageSize: "1000",
            Statuses: "SUBMITTED,AUTHORISED,PAID",
            where: 'Type=="ACCREC" AND AmountDue>0 AND DueDate<DateTime(2022,06,15)',
            unitdp: "4"
          },
          {
            page: "1",
            pageSize: "1000",
            where:
              'Type=="ACCRECCREDIT" AND (Status=="SUBMITTED" OR Status=="AUTHORISED" OR Status=="PAID") AND RemainingCredit>0 AND DueDate<DateTime(2022,06,15)',
            unitdp: "4"
          }
        ])
      })
  )

  it.effect(
    "dates, modified-since and order: where bounds, If-Modified-Since to the millisecond, order=Date DESC",
    () =>
      Effect.gen(function* () {
        const { onRequest, requests } = sent()
        const harness = yield* makeHarness({ records: documented, onRequest })
        const query = ListQuery.make({
          fromInvoiceDate: Option.some(CalendarDate.make("2018-10-01")),
          toInvoiceDate: Option.some(CalendarDate.make("2018-10-31")),
          modifiedSince: Option.some(DateTime.makeUnsafe("2018-11-02T16:31:30.160Z")),
          orderBy: Option.some("DateDescending")
        })
        const listed = yield* TestClockDriver.drive(Stream.runCollect(harness.invoices.list(query)))
        assert.deepStrictEqual(
          listed.map((summary) => Option.getOrNull(summary.reference)),
          ["INV-0001", "INV-0002"]
        )
        const invoices = requests[0]!
        assert.deepStrictEqual(parameters(invoices), {
          page: "1",
          pageSize: "1000",
          where: 'Type=="ACCREC" AND Date>=DateTime(2018,10,01) AND Date<=DateTime(2018,10,31)',
          order: "Date DESC",
          unitdp: "4"
        })
        assert.strictEqual(invoices.headers["if-modified-since"], "2018-11-02T16:31:30.160Z")
      })
  )
})

describe("get and create", () => {
  it.effect("get asks /Invoices/{id}, then /CreditNotes/{id} when it is not an invoice", () =>
    Effect.gen(function* () {
      const { onRequest, requests } = sent()
      const harness = yield* makeHarness({ records: documented, onRequest })
      yield* TestClockDriver.drive(Effect.flip(harness.invoices.get("249f15fa-f2a7-4acc-8769-0984103f2225")))
      assert.deepStrictEqual(
        requests.map((request) => `${request.method} ${request.url.pathname}?${request.url.searchParams}`),
        [
          "GET /api.xro/2.0/Invoices/249f15fa-f2a7-4acc-8769-0984103f2225?unitdp=4",
          "GET /api.xro/2.0/CreditNotes/249f15fa-f2a7-4acc-8769-0984103f2225?unitdp=4"
        ]
      )
    })
  )

  it.effect("create is PUT /Invoices with konto's key as Idempotency-Key and the draft in Xero's shape", () =>
    Effect.gen(function* () {
      const { onRequest, requests } = sent()
      const harness = yield* makeHarness({ records: documented, onRequest })
      const input = Schema.decodeUnknownSync(SalesInvoiceInput.SalesInvoiceInput)({
        reference: "INV-0100",
        accountingCustomerParty: {
          supplierAssignedAccountId: { id: "a3675fc4-f8dd-4f03-ba5b-f1870566bcd7", schemeId: null },
          party: {
            partyIdentification: [],
            partyName: null,
            postalAddress: null,
            partyLegalEntity: null,
            contact: null
          }
        },
        issueDate: "2019-03-11",
        dueDate: "2019-04-10",
        buyerReference: "Website Design",
        invoiceLines: [
          {
            invoicedQuantity: { quantity: 2 },
            item: { name: "Acme Tires" },
            price: { priceAmount: { amount: "20.1235", currencyId: "NZD" } }
          }
        ]
      })
      yield* TestClockDriver.drive(harness.invoices.create(input, { idempotencyKey: "8f3c1d2e-order-4711" }))
      const create = requests[0]!
      assert.strictEqual(
        `${create.method} ${create.url.pathname}?${create.url.searchParams}`,
        "PUT /api.xro/2.0/Invoices?summarizeErrors=true&unitdp=4"
      )
      assert.strictEqual(create.headers["idempotency-key"], "8f3c1d2e-order-4711")
      assert.strictEqual(create.headers["xero-tenant-id"], demo.tenantId)
      assert.strictEqual(
        create.body,
        '{"Invoices":[{"Type":"ACCREC","Contact":{"ContactID":"a3675fc4-f8dd-4f03-ba5b-f1870566bcd7"},' +
          '"LineItems":[{"Description":"Acme Tires","Quantity":2,"UnitAmount":20.1235}],"Date":"2019-03-11","DueDate":"2019-04-10",' +
          '"InvoiceNumber":"INV-0100","Reference":"Website Design","LineAmountTypes":"Exclusive","Status":"DRAFT"}]}'
      )
    })
  )
})
