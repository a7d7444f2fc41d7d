import { assert, describe, it } from "@effect/vitest"
import {
  CalendarDate,
  type Connection,
  ListQuery,
  SalesInvoiceInput,
  statusFilterMessage,
  TokenStore
} from "@konto/core"
import { InvoiceSeed } from "@konto/simulator-kit"
import { TestClockDriver } from "@konto/testkit"
import { DateTime, Effect, Exit, Layer, Option, Schema, Stream } from "effect"
import { HttpClient } from "effect/http"
import { FortnoxConnector } from "../src/index.ts"
import { withFortnox } from "./FortnoxHarness.ts"

const ids = (summaries: ReadonlyArray<{ readonly id: Option.Option<string> }>) =>
  summaries.map((summary) => Option.getOrThrow(summary.id))

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  const failure = Exit.findErrorOption(exit)
  if (Option.isNone(failure)) throw new Error("expected a failure")
  return failure.value
}

const inputFor = (customerNumber: string, overrides: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(SalesInvoiceInput.SalesInvoiceInput)({
    issueDate: "2025-06-15",
    dueDate: "2025-07-15",
    buyerReference: "Bertil Köpare",
    accountingCustomerParty: {
      supplierAssignedAccountId: { id: customerNumber, schemeId: null },
      party: { partyIdentification: [], partyName: null, postalAddress: null, partyLegalEntity: null, contact: null }
    },
    invoiceLines: [
      {
        invoicedQuantity: { quantity: "3", unitCode: "h" },
        item: {
          name: "Konsulttimme",
          sellersItemIdentification: { id: "KONS" },
          classifiedTaxCategories: [{ percent: 25 }]
        },
        price: { priceAmount: { amount: "1049.50", currencyId: "SEK" } }
      }
    ],
    ...overrides
  })

const firstCustomer = (seed: number) => InvoiceSeed.customers({ seed, count: 1 })[0]!.number

describe("FortnoxConnector", () => {
  it("declares system fortnox, display name Fortnox, and its connection fields", () => {
    assert.strictEqual(FortnoxConnector.id, "fortnox")
    assert.strictEqual(FortnoxConnector.displayName, "Fortnox")
    assert.deepStrictEqual(
      FortnoxConnector.connectionFields.map((field) => field.name),
      ["clientId", "clientSecret", "tokenUrl"]
    )
  })

  it.effect(
    "a connection without the integration's client secret fails with InvalidInput when its layer is built",
    () =>
      Effect.gen(function* () {
        const connection: Connection = {
          connectionId: "incomplete",
          system: FortnoxConnector.id,
          timeZone: "Europe/Stockholm",
          baseUrl: Option.none(),
          settings: { clientId: "client" },
          secrets: {}
        }
        const built = yield* Effect.exit(
          Layer.build(FortnoxConnector.layer(connection)).pipe(
            Effect.provide([
              TokenStore.layerMemory,
              Layer.succeed(
                HttpClient.HttpClient,
                HttpClient.make(() => Effect.die("no request expected"))
              )
            ]),
            Effect.scoped
          )
        )
        const failure = failureOf(built)
        assert.strictEqual(failure._tag, "InvalidInput")
        if (failure._tag === "InvalidInput") assert.strictEqual(failure.field, "clientSecret")
      })
  )
})

describe("listing through the simulator", () => {
  it.effect("every invoice in one request of Fortnox's largest page (500)", () =>
    withFortnox({ invoiceCount: 60, seed: 3 }, (service, sim) =>
      Effect.gen(function* () {
        const all = yield* Stream.runCollect(service.list(ListQuery.all))
        assert.strictEqual(all.length, 60)
        assert.strictEqual(sim.requests.count("GET /3/invoices"), 1)
      })
    )
  )

  it.effect("status filters, native and emulated, return exactly the invoices with that derived status", () =>
    withFortnox({ invoiceCount: 200, seed: 5 }, (service) =>
      Effect.gen(function* () {
        const all = yield* Stream.runCollect(service.list(ListQuery.all))
        for (const status of ["Paid", "Unpaid", "Overdue", "Cancelled", "Unbooked", "Unsent", "Sold"] as const) {
          const filtered = yield* Stream.runCollect(service.list(ListQuery.make({ status: Option.some(status) })))
          const expected = ids(all.filter((summary) => summary.statuses.includes(status)))
          assert.isAbove(expected.length, 0, `${status} has examples`)
          assert.deepStrictEqual(ids(filtered), expected, status)
        }
      })
    )
  )

  it.effect("a page window is one Fortnox request of exactly that size and number", () =>
    withFortnox({ invoiceCount: 45, seed: 6 }, (service, sim) =>
      Effect.gen(function* () {
        const page = yield* service.page(ListQuery.all, { count: 10, currentPage: 3 })
        assert.deepStrictEqual(
          ids(page.items),
          Array.from({ length: 10 }, (_, index) => String(1021 + index))
        )
        assert.deepStrictEqual(page.totalResources, Option.some(45))
        assert.deepStrictEqual(page.totalPages, Option.some(5))
        assert.strictEqual(sim.requests.count("GET /3/invoices"), 1)
      })
    )
  )

  it.effect("invoice-date range and date order are Fortnox's fromdate/todate and sortby=invoicedate", () =>
    withFortnox({ invoiceCount: 80, seed: 7 }, (service) =>
      Effect.gen(function* () {
        const from = CalendarDate.make("2025-01-01")
        const to = CalendarDate.make("2025-03-31")
        const listed = yield* Stream.runCollect(
          service.list(
            ListQuery.make({
              fromInvoiceDate: Option.some(from),
              toInvoiceDate: Option.some(to),
              orderBy: Option.some("DateDescending")
            })
          )
        )
        const dates = listed.map((summary) => Option.getOrThrow(summary.issueDate))
        assert.isAbove(dates.length, 0)
        assert.isTrue(dates.every((date) => date >= from && date <= to))
        assert.deepStrictEqual(dates, [...dates].sort().reverse())
      })
    )
  )

  it.effect("modified since: Fortnox's lastmodified, in Swedish time, to the minute", () =>
    withFortnox({ invoiceCount: 80, seed: 8 }, (service, sim) =>
      Effect.gen(function* () {
        const since = DateTime.makeUnsafe("2025-04-01T10:30:45Z")
        const listed = yield* Stream.runCollect(service.list(ListQuery.make({ modifiedSince: Option.some(since) })))
        const expected = Array.from(sim.invoices.values())
          .filter((record) => record.modifiedAtMillis >= Date.parse("2025-04-01T10:30:00Z"))
          .map((record) => record.invoice.DocumentNumber)
        assert.isAbove(expected.length, 0)
        assert.deepStrictEqual(ids(listed), expected)
      })
    )
  )

  it.effect("Draft and created-since are not supported: NotSupported before any request", () =>
    withFortnox({ invoiceCount: 5, seed: 9 }, (service, sim) =>
      Effect.gen(function* () {
        const draft = failureOf(
          yield* Effect.exit(Stream.runCollect(service.list(ListQuery.make({ status: Option.some("Draft") }))))
        )
        assert.strictEqual(draft._tag, "NotSupported")
        assert.strictEqual(draft.message, statusFilterMessage("Draft", "Fortnox"))
        const created = failureOf(
          yield* Effect.exit(
            Stream.runCollect(
              service.list(
                ListQuery.make({
                  createdSince: Option.some(DateTime.makeUnsafe("2025-01-01T00:00:00Z"))
                })
              )
            )
          )
        )
        assert.strictEqual(created._tag, "NotSupported")
        assert.strictEqual(sim.requests.total(), 0)
      })
    )
  )
})

describe("get", () => {
  it.effect("maps the full invoice: rows, VAT, organisation number", () =>
    withFortnox({ invoiceCount: 5, seed: 10 }, (service) =>
      Effect.gen(function* () {
        const invoice = yield* service.get("1002")
        assert.deepStrictEqual(invoice.id, Option.some("1002"))
        assert.isAbove(invoice.invoiceLines.length, 0)
        assert.strictEqual(invoice.taxTotals.length, 1)
      })
    )
  )

  it.effect("an unknown invoice is NotFound", () =>
    withFortnox({ invoiceCount: 5, seed: 10 }, (service) =>
      Effect.gen(function* () {
        const missing = failureOf(yield* Effect.exit(service.get("424242")))
        assert.strictEqual(missing._tag, "NotFound")
      })
    )
  )
})

describe("create", () => {
  it.effect("creates an unbooked invoice with konto's key in ExternalInvoiceReference1; get returns the same", () =>
    withFortnox({ invoiceCount: 5, seed: 31 }, (service, sim) =>
      Effect.gen(function* () {
        const created = yield* TestClockDriver.drive(
          service.create(inputFor(firstCustomer(31)), { idempotencyKey: "order-77" })
        )
        const number = Option.getOrThrow(created.id)
        const stored = Option.getOrThrow(sim.invoices.get(number)).invoice
        assert.strictEqual(stored.ExternalInvoiceReference1, "order-77")
        assert.deepStrictEqual(created.statuses, ["Unpaid", "Unbooked", "Unsent"])
        const read = yield* service.get(number)
        assert.deepStrictEqual(read.legalMonetaryTotal, created.legalMonetaryTotal)
        assert.deepStrictEqual(read.statuses, created.statuses)
      })
    )
  )

  it.effect("the same key twice creates once", () =>
    withFortnox({ invoiceCount: 5, seed: 32 }, (service, sim) =>
      Effect.gen(function* () {
        const first = yield* TestClockDriver.drive(
          service.create(inputFor(firstCustomer(32)), { idempotencyKey: "order-78" })
        )
        const second = yield* TestClockDriver.drive(
          service.create(inputFor(firstCustomer(32)), { idempotencyKey: "order-78" })
        )
        assert.deepStrictEqual(second.id, first.id)
        assert.strictEqual(sim.requests.count("POST /3/invoices"), 1)
        assert.strictEqual(sim.invoices.size(), 6)
      })
    )
  )

  it.effect("a create whose response was lost is found by its key, never duplicated", () =>
    withFortnox({ invoiceCount: 5, seed: 33 }, (service, sim) =>
      Effect.gen(function* () {
        sim.faults.dropNextResponse({ method: "POST", route: "POST /3/invoices" })
        const created = yield* TestClockDriver.drive(
          service.create(inputFor(firstCustomer(33)), { idempotencyKey: "order-79" })
        )
        assert.strictEqual(sim.faults.injected()["lost-response"], 1)
        assert.strictEqual(sim.requests.count("POST /3/invoices"), 1)
        assert.strictEqual(sim.invoices.size(), 6)
        assert.deepStrictEqual(created.id, Option.some("1006"))
      })
    )
  )

  it.effect("a create whose response body broke off halfway is found by its key, never duplicated", () =>
    withFortnox({ invoiceCount: 5, seed: 37 }, (service, sim) =>
      Effect.gen(function* () {
        sim.faults.set({
          seed: 1,
          rate: 1,
          kinds: ["truncated-json"],
          onlyGets: false,
          applies: (request) => request.route === "POST /3/invoices"
        })
        const created = yield* TestClockDriver.drive(
          service.create(inputFor(firstCustomer(37)), { idempotencyKey: "order-82" })
        )
        assert.strictEqual(sim.faults.injected()["truncated-json"], 1)
        assert.strictEqual(sim.requests.count("POST /3/invoices"), 1)
        assert.deepStrictEqual(created.id, Option.some("1006"))
      })
    )
  )

  it.effect("a key that only contains another key is not a match (Fortnox searches by substring)", () =>
    withFortnox({ invoiceCount: 5, seed: 34 }, (service, sim) =>
      Effect.gen(function* () {
        yield* TestClockDriver.drive(service.create(inputFor(firstCustomer(34)), { idempotencyKey: "order-100" }))
        yield* TestClockDriver.drive(service.create(inputFor(firstCustomer(34)), { idempotencyKey: "order-1" }))
        assert.strictEqual(sim.requests.count("POST /3/invoices"), 2)
      })
    )
  )

  it.effect("Fortnox's validation error becomes UpstreamRejected with Fortnox's message and code", () =>
    withFortnox({ invoiceCount: 5, seed: 35 }, (service) =>
      Effect.gen(function* () {
        const rejected = failureOf(
          yield* Effect.exit(
            TestClockDriver.drive(service.create(inputFor("no-such-customer"), { idempotencyKey: "order-80" }))
          )
        )
        assert.strictEqual(rejected._tag, "UpstreamRejected")
        if (rejected._tag === "UpstreamRejected") {
          assert.strictEqual(rejected.detail, "Kan inte hitta kunden.")
          assert.strictEqual(rejected.vendorCode, "2000433")
          assert.strictEqual(rejected.status, 400)
        }
      })
    )
  )

  it.effect("an input Fortnox cannot take is InvalidInput, with no request", () =>
    withFortnox({ invoiceCount: 5, seed: 36 }, (service, sim) =>
      Effect.gen(function* () {
        const input = inputFor(firstCustomer(36), {
          accountingCustomerParty: {
            supplierAssignedAccountId: null,
            party: {
              partyIdentification: [],
              partyName: null,
              postalAddress: null,
              partyLegalEntity: null,
              contact: null
            }
          }
        })
        const invalid = failureOf(yield* Effect.exit(service.create(input, { idempotencyKey: "order-81" })))
        assert.strictEqual(invalid._tag, "InvalidInput")
        assert.strictEqual(sim.requests.total(), 0)
      })
    )
  )
})
