import { assert, describe, it } from "@effect/vitest"
import { CalendarDate, type Connection, ListQuery, type SalesInvoice, SalesInvoiceInput, TokenStore } from "@konto/core"
import { TestClockDriver } from "@konto/testkit"
import { BigDecimal, DateTime, Effect, Option, Redacted, Schema, Stream } from "effect"
import { TestClock } from "effect/testing"
import { MoneybirdConnector } from "../src/index.ts"
import { demoOAuth, make as makeSimulator } from "../src/simulator.ts"
import {
  connectionFor,
  day,
  type RecordedRequest,
  seedTodayMillis,
  servicesFor,
  withMoneybird
} from "./MoneybirdHarness.ts"
import { exampleInvoices } from "./MoneybirdOpenApi.ts"

const drive = TestClockDriver.drive
const collect = <A, E>(stream: Stream.Stream<A, E>) =>
  Effect.map(drive(Stream.runCollect(stream)), (items) => [...items])
const referencesOf = (invoices: ReadonlyArray<{ readonly reference: Option.Option<string> }>) =>
  invoices.map((invoice) => Option.getOrElse(invoice.reference, () => "(none)"))
const idsOf = (invoices: ReadonlyArray<{ readonly source: SalesInvoice.Source }>) =>
  invoices.map((invoice) => invoice.source.id)

const listRequests = (requests: ReadonlyArray<RecordedRequest>) =>
  requests.filter((request) => request.method === "GET" && request.path.endsWith("/sales_invoices.json"))
const wideFilter = "period:19000101..20991231"

/** Clock times at which the documented examples (dated 2026-08-21, due 2026-09-04) are open, or past due. */
const exampleSentMillis = Date.parse("2026-08-25T08:00:00Z")
const examplePastDueMillis = Date.parse("2026-09-10T08:00:00Z")

const documented = { records: exampleInvoices(), invoiceCount: 0 }

const decodeInput = Schema.decodeUnknownSync(SalesInvoiceInput.SalesInvoiceInput)

/** An invoice to create for a seeded customer (`customer_id` 100 and up), two lines at 21%. */
const inputFor = (
  customerNumber: string,
  overrides: Record<string, unknown> = {}
): SalesInvoiceInput.SalesInvoiceInput =>
  decodeInput({
    issueDate: "2025-06-15",
    dueDate: "2025-07-15",
    accountingCustomerParty: {
      supplierAssignedAccountId: { id: customerNumber, schemeId: null },
      party: { partyIdentification: [], partyName: null, postalAddress: null, partyLegalEntity: null, contact: null }
    },
    invoiceLines: [
      {
        invoicedQuantity: { quantity: "2" },
        item: { name: "Consulting hours", description: "June", classifiedTaxCategories: [{ percent: "21" }] },
        price: { priceAmount: { amount: "1250.50", currencyId: "EUR" } }
      },
      {
        invoicedQuantity: { quantity: "1" },
        item: { name: "Support subscription", classifiedTaxCategories: [{ percent: "9" }] },
        price: { priceAmount: { amount: "399.00", currencyId: "EUR" } }
      }
    ],
    ...overrides
  })

const decimal = (text: string) => BigDecimal.fromStringUnsafe(text)
const amountOf = (money: Option.Option<{ readonly amount: BigDecimal.BigDecimal }>) =>
  Option.getOrElse(
    Option.map(money, (value) => BigDecimal.format(value.amount)),
    () => "(none)"
  )

describe("MoneybirdConnector", () => {
  it("declares system moneybird, display name Moneybird, and its connection fields", () => {
    assert.strictEqual(MoneybirdConnector.id, "moneybird")
    assert.strictEqual(MoneybirdConnector.displayName, "Moneybird")
    assert.deepStrictEqual(
      MoneybirdConnector.connectionFields.map((field) => [field.name, field.secret, field.required]),
      [
        ["administrationId", false, true],
        ["apiToken", true, false],
        ["clientId", false, false],
        ["clientSecret", true, false],
        ["tokenUrl", false, false]
      ]
    )
  })

  it.effect("lists every invoice, 100 per request, always naming a period that covers the query", () =>
    withMoneybird({ invoiceCount: 250 }, ({ invoices }, _sim, requests) =>
      Effect.gen(function* () {
        const all = yield* collect(invoices.list(ListQuery.all))
        assert.strictEqual(new Set(referencesOf(all)).size, 250)
        const lists = listRequests(requests)
        assert.deepStrictEqual(
          lists.map((request) => [request.query.get("page"), request.query.get("per_page")]),
          [
            ["1", "100"],
            ["2", "100"],
            ["3", "100"]
          ]
        )
        for (const request of lists) assert.strictEqual(request.query.get("filter"), wideFilter)
      })
    )
  )

  it.effect("a page window is one Moneybird page of exactly that size; totals only once the end is seen", () =>
    withMoneybird({ invoiceCount: 25 }, ({ invoices }, _sim, requests) =>
      Effect.gen(function* () {
        const third = yield* drive(invoices.page(ListQuery.all, { count: 7, currentPage: 3 }))
        assert.strictEqual(third.items.length, 7)
        assert.deepStrictEqual(third.totalResources, Option.none())
        assert.deepStrictEqual(
          listRequests(requests).map((request) => [request.query.get("page"), request.query.get("per_page")]),
          [["3", "7"]]
        )
        const last = yield* drive(invoices.page(ListQuery.all, { count: 7, currentPage: 4 }))
        assert.strictEqual(last.items.length, 4)
        assert.deepStrictEqual(last.totalResources, Option.some(25))
        assert.deepStrictEqual(last.totalPages, Option.some(4))
      })
    )
  )

  it.effect("a status filter is Moneybird's state filter, and agrees with the derived statuses", () =>
    withMoneybird({ invoiceCount: 120 }, ({ invoices }, _sim, requests) =>
      Effect.gen(function* () {
        const all = yield* collect(invoices.list(ListQuery.all))
        for (const [status, states] of [
          ["Paid", "paid"],
          ["Unpaid", "open|pending_payment|reminded|late"],
          ["Cancelled", "uncollectible"]
        ] as const) {
          const before = requests.length
          const filtered = yield* collect(invoices.list(ListQuery.make({ status: Option.some(status) })))
          assert.deepStrictEqual(
            referencesOf(filtered).sort(),
            referencesOf(all.filter((invoice) => invoice.statuses.includes(status))).sort(),
            status
          )
          assert.isAbove(filtered.length, 0, `some seeds are ${status}`)
          for (const request of listRequests(requests.slice(before))) {
            assert.strictEqual(request.query.get("filter"), `${wideFilter},state:${states}`)
          }
        }
      })
    )
  )

  it.effect("Sold is not supported: NotSupported with API.1's message, before any request", () =>
    withMoneybird({ invoiceCount: 5 }, ({ invoices }, sim) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(
          Stream.runCollect(invoices.list(ListQuery.make({ status: Option.some("Sold") })))
        )
        assert.strictEqual(error._tag, "NotSupported")
        assert.strictEqual(error.message, "Filtering by status Sold is not supported by Moneybird")
        assert.strictEqual(sim.requests.total(), 0)
      })
    )
  )

  it.effect("the spec's documented invoices are served as records and read back", () =>
    withMoneybird(
      documented,
      ({ invoices }) =>
        Effect.gen(function* () {
          const all = yield* collect(invoices.list(ListQuery.all))
          assert.deepStrictEqual(
            idsOf(all).sort(),
            exampleInvoices()
              .map((invoice) => String(invoice["id"]))
              .sort()
          )
          const drafts = yield* collect(invoices.list(ListQuery.make({ status: Option.some("Draft") })))
          assert.deepStrictEqual(drafts.map((invoice) => Option.getOrNull(invoice.source.status)).sort(), [
            "draft",
            "draft",
            "draft",
            "scheduled"
          ])
          const cancelled = yield* collect(invoices.list(ListQuery.make({ status: Option.some("Cancelled") })))
          assert.deepStrictEqual(
            cancelled.map((invoice) => Option.getOrNull(invoice.source.status)),
            ["uncollectible"]
          )
          const one = yield* drive(invoices.get("496081540407625376"))
          assert.deepStrictEqual(one.reference, Option.some("2026-0001"))
          assert.strictEqual(amountOf(one.totalBalanceAmount), "363")
        }),
      exampleSentMillis
    )
  )

  it.effect("Overdue includes an open invoice past its due date that Moneybird has not marked late yet", () =>
    withMoneybird(
      documented,
      ({ invoices }, _sim, requests) =>
        Effect.gen(function* () {
          const overdue = yield* collect(invoices.list(ListQuery.make({ status: Option.some("Overdue") })))
          assert.isAbove(overdue.length, 0)
          assert.isTrue(overdue.every((invoice) => Option.getOrNull(invoice.source.status) === "open"))
          assert.isTrue(overdue.every((invoice) => invoice.statuses.includes("Overdue")))
          assert.include(
            listRequests(requests)[0]?.query.get("filter") ?? "",
            "state:open|pending_payment|reminded|late"
          )
        }),
      examplePastDueMillis
    )
  )

  it.effect(
    "an invoice-date range leaves out drafts without an invoice date (Moneybird's period would match them today)",
    () =>
      withMoneybird(
        documented,
        ({ invoices }, _sim, requests) =>
          Effect.gen(function* () {
            const august = ListQuery.make({
              fromInvoiceDate: Option.some(day("2026-08-01")),
              toInvoiceDate: Option.some(day("2026-08-31"))
            })
            const listed = yield* collect(invoices.list(august))
            assert.strictEqual(listRequests(requests)[0]?.query.get("filter"), "period:20260801..20260831")
            assert.isAbove(listed.length, 0)
            assert.isTrue(listed.every((invoice) => Option.isSome(invoice.issueDate)))
            const all = yield* collect(invoices.list(ListQuery.all))
            const undated = all.filter((invoice) => Option.isNone(invoice.issueDate))
            assert.isAbove(undated.length, 0, "the documented drafts have no invoice date")
            assert.strictEqual(listed.length, all.length - undated.length)
          }),
        exampleSentMillis
      )
  )

  it.effect("created since: Moneybird's created_after a second early, konto keeps the inclusive bound", () =>
    withMoneybird(
      documented,
      ({ invoices }, _sim, requests) =>
        Effect.gen(function* () {
          const since = DateTime.makeUnsafe("2026-08-21T13:50:12.386Z")
          const listed = yield* collect(invoices.list(ListQuery.make({ createdSince: Option.some(since) })))
          assert.strictEqual(
            listRequests(requests)[0]?.query.get("filter"),
            `${wideFilter},created_after:2026-08-21T13:50:11Z`
          )
          assert.isAbove(listed.length, 0)
          assert.isTrue(
            listed.every(
              (invoice) =>
                Option.isSome(invoice.createdDateTime) &&
                DateTime.isGreaterThanOrEqualTo(invoice.createdDateTime.value, since)
            )
          )
          assert.include(idsOf(listed), "496081505527792733", "created exactly at the bound")
        }),
      exampleSentMillis
    )
  )

  it.effect("modified since lists through the synchronization endpoints, never the paged list", () =>
    withMoneybird({ invoiceCount: 150 }, ({ invoices }, sim) =>
      Effect.gen(function* () {
        const all = yield* collect(invoices.list(ListQuery.all))
        const since = DateTime.makeUnsafe("2025-03-01T00:00:00Z")
        const expected = all.filter(
          (invoice) =>
            Option.isSome(invoice.modifiedDateTime) &&
            DateTime.isGreaterThanOrEqualTo(invoice.modifiedDateTime.value, since)
        )
        sim.requests.reset()
        const changed = yield* collect(invoices.list(ListQuery.make({ modifiedSince: Option.some(since) })))
        assert.deepStrictEqual(referencesOf(changed).sort(), referencesOf(expected).sort())
        assert.strictEqual(sim.requests.count("GET /api/v2/:administration_id/sales_invoices/synchronization.json"), 1)
        assert.strictEqual(
          sim.requests.count("POST /api/v2/:administration_id/sales_invoices/synchronization.json"),
          Math.ceil(expected.length / 100)
        )
        assert.strictEqual(sim.requests.count("GET /api/v2/:administration_id/sales_invoices.json"), 0)
      })
    )
  )

  it.effect("get takes Moneybird's id, or an invoice number (find_by_invoice_id)", () =>
    withMoneybird(
      documented,
      ({ invoices }, _sim, requests) =>
        Effect.gen(function* () {
          const byNumber = yield* drive(invoices.get("2026-0002"))
          assert.deepStrictEqual(byNumber.reference, Option.some("2026-0002"))
          assert.strictEqual(requests.at(-1)?.path, "/api/v2/123/sales_invoices/find_by_invoice_id/2026-0002.json")
          const byId = yield* drive(invoices.get(byNumber.source.id))
          assert.strictEqual(byId.source.id, byNumber.source.id)
          const missing = yield* Effect.flip(drive(invoices.get("2026-9999")))
          assert.strictEqual(missing._tag, "NotFound")
        }),
      exampleSentMillis
    )
  )

  it.effect("an unknown id is NotFound", () =>
    withMoneybird({ invoiceCount: 3 }, ({ invoices }) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(drive(invoices.get("424242")))
        assert.strictEqual(error._tag, "NotFound")
      })
    )
  )
})

describe("create", () => {
  it.effect("creates a draft with konto's key as Moneybird's reference, sends nothing, and get returns it", () =>
    withMoneybird({ invoiceCount: 10 }, ({ invoices }, _sim, requests) =>
      Effect.gen(function* () {
        const created = yield* drive(invoices.create(inputFor("100"), { idempotencyKey: "order-4711" }))
        assert.deepStrictEqual(created.statuses, ["Unbooked", "Unsent", "Draft"])
        assert.deepStrictEqual(created.reference, Option.none())
        assert.deepStrictEqual(created.sellerReference, Option.some("order-4711"))
        assert.deepStrictEqual(created.issueDate, Option.some(day("2025-06-15")))
        assert.deepStrictEqual(created.dueDate, Option.some(day("2025-07-15")))
        assert.strictEqual(
          amountOf(Option.flatMap(created.legalMonetaryTotal, (totals) => totals.taxExclusiveAmount)),
          "2900"
        )
        // 21% of 2501.00 is 525.21, 9% of 399.00 is 35.91.
        assert.strictEqual(
          amountOf(Option.flatMap(created.legalMonetaryTotal, (totals) => totals.taxInclusiveAmount)),
          "3461.12"
        )
        assert.deepStrictEqual(
          created.invoiceLines.map((line) => [
            Option.getOrNull(line.item.name),
            Option.getOrNull(line.item.description)
          ]),
          [
            ["Consulting hours", "June"],
            ["Support subscription", null]
          ]
        )
        assert.deepStrictEqual(
          Option.flatMap(created.accountingCustomerParty, (party) =>
            Option.flatMap(party.supplierAssignedAccountId, (id) => id.id)
          ),
          Option.some("100")
        )
        assert.isFalse(
          requests.some((request) => request.path.includes("send_invoice")),
          "never sent on create"
        )
        const got = yield* drive(invoices.get(created.source.id))
        assert.deepStrictEqual(got.sellerReference, Option.some("order-4711"))
        assert.strictEqual(amountOf(got.totalBalanceAmount), "3461.12")
      })
    )
  )

  it.effect("the same key twice creates once", () =>
    withMoneybird({ invoiceCount: 10 }, ({ invoices }, sim) =>
      Effect.gen(function* () {
        const first = yield* drive(invoices.create(inputFor("100"), { idempotencyKey: "order-1" }))
        const second = yield* drive(invoices.create(inputFor("100"), { idempotencyKey: "order-1" }))
        assert.strictEqual(second.source.id, first.source.id)
        assert.strictEqual(sim.requests.count("POST /api/v2/:administration_id/sales_invoices.json"), 1)
        const other = yield* drive(invoices.create(inputFor("100"), { idempotencyKey: "order-2" }))
        assert.notStrictEqual(other.source.id, first.source.id)
      })
    )
  )

  it.effect("a create whose answer was lost is found by its key, never duplicated", () =>
    withMoneybird({ invoiceCount: 10 }, ({ invoices }, sim) =>
      Effect.gen(function* () {
        sim.faults.dropNextResponse({ method: "POST" })
        const recovered = yield* drive(invoices.create(inputFor("100"), { idempotencyKey: "order-lost" }))
        const again = yield* drive(invoices.create(inputFor("100"), { idempotencyKey: "order-lost" }))
        assert.strictEqual(again.source.id, recovered.source.id)
        assert.strictEqual(sim.requests.count("POST /api/v2/:administration_id/sales_invoices.json"), 1)
        const all = yield* collect(invoices.list(ListQuery.all))
        assert.strictEqual(all.filter((invoice) => invoice.source.id === recovered.source.id).length, 1)
      })
    )
  )

  it.effect("input Moneybird cannot take is InvalidInput, before any request", () =>
    withMoneybird({ invoiceCount: 3 }, ({ invoices }, sim) =>
      Effect.gen(function* () {
        const cases: ReadonlyArray<readonly [string, SalesInvoiceInput.SalesInvoiceInput]> = [
          ["buyerReference", inputFor("100", { buyerReference: "PO-1" })],
          ["reference", inputFor("100", { reference: "2025-0042" })],
          ["dueDate", inputFor("100", { issueDate: null })],
          [
            "invoiceLines[0].price.priceAmount.amount",
            inputFor("100", {
              invoiceLines: [
                {
                  invoicedQuantity: { quantity: "1" },
                  item: { name: "Bolts" },
                  price: { priceAmount: { amount: "0.125", currencyId: "EUR" } }
                }
              ]
            })
          ],
          ["creditInvoice", inputFor("100", { creditInvoice: { creditInvoiceIndicator: true } })]
        ]
        for (const [field, input] of cases) {
          const error = yield* Effect.flip(invoices.create(input, { idempotencyKey: `invalid-${field}` }))
          assert.strictEqual(error._tag, "InvalidInput", field)
          if (error._tag === "InvalidInput") assert.strictEqual(error.field, field)
        }
        assert.strictEqual(sim.requests.total(), 0)
      })
    )
  )

  it.effect("an unknown customer number or tax percentage is InvalidInput, and nothing is created", () =>
    withMoneybird({ invoiceCount: 3 }, ({ invoices }, sim) =>
      Effect.gen(function* () {
        const unknownCustomer = yield* Effect.flip(drive(invoices.create(inputFor("999"), { idempotencyKey: "k1" })))
        assert.strictEqual(unknownCustomer._tag, "InvalidInput")
        const twelvePercent = inputFor("100", {
          invoiceLines: [
            {
              invoicedQuantity: { quantity: "1" },
              item: { name: "Bolts", classifiedTaxCategories: [{ percent: "12" }] },
              price: { priceAmount: { amount: "10", currencyId: "EUR" } }
            }
          ]
        })
        const unknownRate = yield* Effect.flip(drive(invoices.create(twelvePercent, { idempotencyKey: "k2" })))
        assert.strictEqual(unknownRate._tag, "InvalidInput")
        assert.include(unknownRate.message, "12%")
        assert.strictEqual(sim.requests.count("POST /api/v2/:administration_id/sales_invoices.json"), 0)
      })
    )
  )
})

describe("MoneybirdSending", () => {
  it.effect("sending numbers and opens a draft; only this explicit call sends", () =>
    withMoneybird({ invoiceCount: 3 }, ({ invoices, sending }) =>
      Effect.gen(function* () {
        const draft = yield* drive(invoices.create(inputFor("100"), { idempotencyKey: "to-send" }))
        const sent = yield* drive(sending.send(draft.source.id, { deliveryMethod: "Manual" }))
        assert.deepStrictEqual(sent.source.status, Option.some("open"))
        assert.deepStrictEqual(sent.reference, Option.some("2025-0001"))
        assert.deepStrictEqual(sent.isSent, Option.some(true))
        assert.deepStrictEqual(sent.statuses, ["Unpaid"])
        const got = yield* drive(invoices.get(draft.source.id))
        assert.deepStrictEqual(got.reference, Option.some("2025-0001"))
      })
    )
  )

  it.effect("scheduling keeps the invoice a Draft (scheduled), without a number", () =>
    withMoneybird({ invoiceCount: 3 }, ({ invoices, sending }) =>
      Effect.gen(function* () {
        const draft = yield* drive(invoices.create(inputFor("100"), { idempotencyKey: "to-schedule" }))
        const scheduled = yield* drive(sending.send(draft.source.id, { scheduledFor: day("2025-07-01") }))
        assert.deepStrictEqual(scheduled.source.status, Option.some("scheduled"))
        assert.deepStrictEqual(scheduled.reference, Option.none())
        assert.deepStrictEqual(scheduled.issueDate, Option.some(day("2025-07-01")))
        assert.deepStrictEqual(scheduled.statuses, ["Unbooked", "Unsent", "Draft"])
      })
    )
  )

  it.effect("Moneybird's refusal comes back with its message and code; an unknown id is NotFound", () =>
    withMoneybird({ invoiceCount: 3 }, ({ sending }, sim) =>
      Effect.gen(function* () {
        // A draft without lines, made through Moneybird's own API (konto never creates one).
        const outcome = yield* sim.handle({
          method: "POST",
          url: new URL(`${sim.baseUrl}/api/v2/123/sales_invoices.json`),
          headers: { authorization: "Bearer demo-moneybird-token", "content-type": "application/json" },
          text: JSON.stringify({ sales_invoice: { contact_id: "496081000020000100", reference: "empty" } })
        })
        const draftId =
          outcome._tag === "Respond" ? String((JSON.parse(outcome.response.text) as { id: string }).id) : ""
        const refused = yield* Effect.flip(drive(sending.send(draftId)))
        assert.strictEqual(refused._tag, "UpstreamRejected")
        if (refused._tag === "UpstreamRejected") {
          assert.strictEqual(refused.detail, "details cannot be empty")
          assert.strictEqual(refused.vendorCode, "sales_invoice:details_cannot_be_empty")
          assert.strictEqual(refused.status, 400)
        }
        const missing = yield* Effect.flip(drive(sending.send("424242")))
        assert.strictEqual(missing._tag, "NotFound")
      })
    )
  )
})

describe("MoneybirdSync", () => {
  it.effect("fetches only what changed: one request for versions, one per 100 changed invoices", () =>
    withMoneybird({ invoiceCount: 230 }, ({ invoices, sending, sync }, sim) =>
      Effect.gen(function* () {
        const known = yield* drive(sync.versions())
        assert.strictEqual(known.size, 230)
        const created = yield* drive(invoices.create(inputFor("100"), { idempotencyKey: "sync-1" }))
        const other = yield* drive(invoices.create(inputFor("101"), { idempotencyKey: "sync-2" }))
        const firstSeed = [...known.keys()][0] ?? ""
        const stale = new Map([...known, [firstSeed, "0"], ["999", "1"]])
        sim.requests.reset()
        const changes = yield* collect(sync.changes(stale))
        assert.deepStrictEqual(
          changes.map((change) => `${change._tag} ${change.id}`).sort(),
          [`Changed ${created.source.id}`, `Changed ${other.source.id}`, `Changed ${firstSeed}`, "Removed 999"].sort()
        )
        assert.strictEqual(sim.requests.count("GET /api/v2/:administration_id/sales_invoices/synchronization.json"), 1)
        assert.strictEqual(sim.requests.count("POST /api/v2/:administration_id/sales_invoices/synchronization.json"), 1)
        assert.strictEqual(sim.requests.total(), 2)

        // After sending, exactly that invoice changed.
        const after = new Map([
          ...known,
          ...changes.flatMap((change) => (change._tag === "Changed" ? [[change.id, change.version] as const] : []))
        ])
        yield* TestClockDriver.drive(Effect.sleep(2_000))
        yield* drive(sending.send(created.source.id))
        const next = yield* collect(sync.changes(after))
        assert.deepStrictEqual(
          next.map((change) => `${change._tag} ${change.id}`),
          [`Changed ${created.source.id}`]
        )
        const [change] = next
        if (change?._tag === "Changed") assert.deepStrictEqual(change.invoice.source.status, Option.some("open"))
      })
    )
  )
})

describe("rate limits (TestClock)", () => {
  it.effect("400 requests on one connection never draw a 429: konto waits for Moneybird's 5-minute window", () =>
    withMoneybird({ invoiceCount: 3 }, ({ invoices }, sim) =>
      Effect.gen(function* () {
        const id = (yield* collect(invoices.list(ListQuery.all)))[0]?.source.id ?? ""
        const start = yield* DateTime.now
        yield* drive(Effect.forEach(Array.from({ length: 400 }), () => invoices.get(id), { concurrency: 8 }))
        const elapsed = DateTime.toEpochMillis(yield* DateTime.now) - DateTime.toEpochMillis(start)
        assert.strictEqual(sim.rateLimiter.rejected(), 0)
        assert.strictEqual(sim.requests.total(), 401)
        // 401 requests at 150 per 5 minutes need two more windows.
        assert.isAtLeast(elapsed, 10 * 60_000)
        assert.isBelow(elapsed, 16 * 60_000)
      })
    )
  )

  it.effect("a 429 whose Retry-After is the epoch second the window resets is waited out, not given up on", () =>
    withMoneybird({ invoiceCount: 3 }, ({ invoices }, sim) =>
      Effect.gen(function* () {
        const id = (yield* collect(invoices.list(ListQuery.all)))[0]?.source.id ?? ""
        // Another client on the same token used the window up.
        for (let index = 0; index < 149; index++) {
          yield* sim.handle({
            method: "GET",
            url: new URL(`${sim.baseUrl}/api/v2/123/sales_invoices/${id}.json`),
            headers: { authorization: "Bearer demo-moneybird-token" },
            text: ""
          })
        }
        const got = yield* drive(invoices.get(id))
        assert.strictEqual(got.source.id, id)
        assert.strictEqual(sim.rateLimiter.rejected(), 1)
        // Waited for the window's end (the window opened at 08:00, 5 minutes long), not decades.
        const now = DateTime.toEpochMillis(yield* DateTime.now)
        assert.isAtLeast(now, Date.parse("2025-06-15T08:05:00Z"))
        assert.isBelow(now, Date.parse("2025-06-15T08:10:00Z"))
      })
    )
  )
})

describe("faults", () => {
  it.effect("a listing under injected faults (429, 5xx, timeouts, truncated bodies) equals the fault-free one", () =>
    withMoneybird({ invoiceCount: 260 }, ({ invoices }, sim) =>
      Effect.gen(function* () {
        const clean = yield* collect(invoices.list(ListQuery.all))
        const cleanPage = yield* drive(
          invoices.page(ListQuery.make({ status: Option.some("Unpaid") }), { count: 33, currentPage: 2 })
        )
        sim.faults.set({ seed: 11, rate: 0.35 })
        const faulty = yield* collect(invoices.list(ListQuery.all))
        const faultyPage = yield* drive(
          invoices.page(ListQuery.make({ status: Option.some("Unpaid") }), { count: 33, currentPage: 2 })
        )
        const injected = Object.values(sim.faults.injected()).reduce((sum, count) => sum + count, 0)
        assert.isAbove(injected, 0)
        assert.deepStrictEqual(idsOf(faulty), idsOf(clean))
        assert.deepStrictEqual(idsOf(faultyPage.items), idsOf(cleanPage.items))
        assert.deepStrictEqual(
          faulty.map((invoice) => invoice.statuses),
          clean.map((invoice) => invoice.statuses)
        )
      })
    )
  )
})

describe("amounts", () => {
  it.effect("a documented invoice's amounts arrive exactly", () =>
    withMoneybird(
      documented,
      ({ invoices }) =>
        Effect.gen(function* () {
          const paidCredit = yield* drive(invoices.get("496081499440809598"))
          const totals = Option.getOrThrow(paidCredit.legalMonetaryTotal)
          assert.isTrue(BigDecimal.equals(Option.getOrThrow(totals.taxInclusiveAmount).amount, decimal("-363.0")))
          assert.deepStrictEqual(paidCredit.statuses, ["Paid"])
          assert.deepStrictEqual(CalendarDate.compare(Option.getOrThrow(paidCredit.issueDate), day("2026-08-21")), 0)
        }),
      exampleSentMillis
    )
  )
})

describe("OAuth", () => {
  const oauthConnection = (baseUrl: string, connection: Connection): Connection => ({
    ...connection,
    settings: { ...connection.settings, clientId: demoOAuth.clientId, tokenUrl: `${baseUrl}/oauth/token` },
    secrets: { clientSecret: Redacted.make(demoOAuth.clientSecret) }
  })

  it.effect("an expired access token is refreshed once through the TokenStore, its rotated refresh token kept", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(seedTodayMillis)
      const sim = yield* makeSimulator({ invoiceCount: 5 })
      const connection = oauthConnection(sim.baseUrl, connectionFor(sim))
      const store = yield* TokenStore.TokenStore
      yield* store.compareAndSet(connection.connectionId, null, {
        accessToken: Redacted.make(demoOAuth.accessToken),
        refreshToken: Redacted.make(demoOAuth.refreshToken),
        expiresAtMillis: seedTodayMillis - 1
      })
      const { invoices } = yield* servicesFor(sim, connection)
      const listed = yield* collect(invoices.list(ListQuery.all))
      const again = yield* collect(invoices.list(ListQuery.all))
      assert.strictEqual(listed.length, 5)
      assert.strictEqual(again.length, 5)
      assert.strictEqual(sim.requests.count("POST /oauth/token"), 1)
      const stored = Option.getOrThrow(yield* store.load(connection.connectionId))
      assert.notStrictEqual(Redacted.value(stored.tokens.refreshToken), demoOAuth.refreshToken)
    }).pipe(Effect.scoped, Effect.provide(TokenStore.layerMemory))
  )

  it.effect("an OAuth connection without a TokenStore is InvalidInput when its layer is built", () =>
    Effect.gen(function* () {
      const sim = yield* makeSimulator({ invoiceCount: 1 })
      const error = yield* Effect.flip(
        Effect.scoped(servicesFor(sim, oauthConnection(sim.baseUrl, connectionFor(sim))))
      )
      assert.strictEqual(error._tag, "InvalidInput")
    })
  )

  it.effect("a connection with neither an API token nor an OAuth application is InvalidInput", () =>
    Effect.gen(function* () {
      const sim = yield* makeSimulator({ invoiceCount: 1 })
      const error = yield* Effect.flip(Effect.scoped(servicesFor(sim, { ...connectionFor(sim), secrets: {} })))
      assert.strictEqual(error._tag, "InvalidInput")
      if (error._tag === "InvalidInput") assert.strictEqual(error.field, "apiToken")
    })
  )

  it.effect("a refused API token is Unauthorized", () =>
    Effect.gen(function* () {
      const sim = yield* makeSimulator({ invoiceCount: 1 })
      const connection = { ...connectionFor(sim), secrets: { apiToken: Redacted.make("not-the-token") } }
      const { invoices } = yield* servicesFor(sim, connection)
      const error = yield* Effect.flip(drive(Stream.runCollect(invoices.list(ListQuery.all))))
      assert.strictEqual(error._tag, "Unauthorized")
      assert.notInclude(error.message, "not-the-token")
    }).pipe(Effect.scoped)
  )
})
