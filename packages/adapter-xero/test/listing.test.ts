/**
 * Laws of the listing over generated Xero records (every status code, one Xero may add, credit notes, purchase
 * bills, missing `SentToContact` and `DueDate`), through the adapter and the simulator:
 * - every native filter of Xero (`Statuses`, `where`, `If-Modified-Since`) returns exactly what konto's own
 *   derivation says, as does the emulated one;
 * - invoices and credit notes, merged, paged with any window and any vendor page size, come out each exactly
 *   once, in the listing's order, with exact totals whenever totals are given; ordered listings are ordered;
 * - injected faults change nothing.
 */
import { assert, describe, it } from "@effect/vitest"
import { RetryPolicy } from "@konto/connector-kit"
import { CalendarDate, type InvoiceStatus, ListQuery } from "@konto/core"
import { TestClockDriver } from "@konto/testkit"
import { DateTime, Effect, Option, Schema, Stream } from "effect"
import { TestClock } from "effect/testing"
import fc from "fast-check"
import { windowPages } from "../src/client.ts"
import { toSalesInvoiceSummary } from "../src/mapping.ts"
import type { XeroRecord } from "../src/simulator.ts"
import { creditNoteDocument, invoiceDocument, readXeroDateTime, XeroCreditNote, XeroInvoice } from "../src/wire.ts"
import { xeroDocumentArbitrary, xeroDocumentsArbitrary } from "./arbitraries.ts"
import { type HarnessOptions, makeHarness, type SentRequest } from "./harness.ts"

const now = Date.parse("2022-06-15T03:00:00Z")
const timeZone = "Pacific/Auckland"
const asOf = CalendarDate.ofInstant(DateTime.makeUnsafe(now), timeZone)

const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromise(
    Effect.gen(function* () {
      yield* TestClock.setTime(now)
      return yield* TestClockDriver.drive(effect, { maxMillis: 24 * 3_600_000 })
    }).pipe(Effect.provide(TestClock.layer()))
  )

const split = (records: ReadonlyArray<XeroRecord>) => {
  const invoices = records.filter((record) => "InvoiceID" in record)
  // A purchase bill shares /Invoices with sales invoices; it must never be listed.
  const bill =
    invoices[0] === undefined
      ? []
      : [{ ...invoices[0], InvoiceID: "0bad0bad-0000-4000-8000-000000000001", InvoiceNumber: "BILL-1", Type: "ACCPAY" }]
  return { invoices: [...invoices, ...bill], creditNotes: records.filter((record) => "CreditNoteID" in record) }
}

const summaryOf = (record: XeroRecord) =>
  toSalesInvoiceSummary(
    "InvoiceID" in record
      ? invoiceDocument(Schema.decodeUnknownSync(XeroInvoice)(record))
      : creditNoteDocument(Schema.decodeUnknownSync(XeroCreditNote)(record)),
    { asOf, includePaymentStatus: true }
  )

const idOf = (record: XeroRecord): string => String(record["InvoiceID"] ?? record["CreditNoteID"])

const harnessOf = (records: ReadonlyArray<XeroRecord>, options: HarnessOptions = {}) =>
  makeHarness({ records: split(records), timeZone, ...options })

const listIds = (query: ListQuery.ListQuery, options: HarnessOptions, records: ReadonlyArray<XeroRecord>) =>
  Effect.gen(function* () {
    const harness = yield* harnessOf(records, options)
    const listed = yield* Stream.runCollect(harness.invoices.list(query))
    return listed.map((summary) => summary.source.id)
  })

const sortedIds = (ids: Iterable<string>) => [...ids].sort()

const statuses: ReadonlyArray<InvoiceStatus> = ["Paid", "Unpaid", "Overdue", "Cancelled", "Unbooked", "Draft", "Unsent"]

describe("filters", () => {
  it("law: each status filter (native or emulated) returns exactly the invoices deriveStatus gives that status", async () => {
    await fc.assert(
      fc.asyncProperty(xeroDocumentsArbitrary(), async (records) => {
        const harnessRecords = records
        for (const status of statuses) {
          const listed = await run(listIds(ListQuery.make({ status: Option.some(status) }), {}, harnessRecords))
          const expected = records.filter((record) => summaryOf(record).statuses.includes(status)).map(idOf)
          assert.deepStrictEqual(sortedIds(listed), sortedIds(expected), status)
        }
      }),
      { numRuns: 200 }
    )
  })

  it("law: invoice-date ranges and modified-since return exactly the matching invoices", async () => {
    const dates = fc
      .integer({ min: 17_167, max: 20_819 })
      .map((day) => CalendarDate.make(new Date(day * 86_400_000).toISOString().slice(0, 10)))
    await fc.assert(
      fc.asyncProperty(xeroDocumentsArbitrary(), dates, dates, fc.nat(), async (records, first, second, pick) => {
        const [from, to] = first <= second ? [first, second] : [second, first]
        const range = await run(
          listIds(ListQuery.make({ fromInvoiceDate: Option.some(from), toInvoiceDate: Option.some(to) }), {}, records)
        )
        const inRange = records.filter((record) => {
          const issued = Option.getOrNull(summaryOf(record).issueDate)
          return issued !== null && issued >= from && issued <= to
        })
        assert.deepStrictEqual(sortedIds(range), sortedIds(inRange.map(idOf)))
        const instants = records.flatMap((record) => Option.toArray(readXeroDateTime(String(record["UpdatedDateUTC"]))))
        const since = instants.length === 0 ? DateTime.makeUnsafe(now) : instants[pick % instants.length]!
        const modified = await run(listIds(ListQuery.make({ modifiedSince: Option.some(since) }), {}, records))
        const expected = records.filter((record) =>
          Option.match(readXeroDateTime(String(record["UpdatedDateUTC"])), {
            onNone: () => false,
            onSome: (updated) => DateTime.isGreaterThanOrEqualTo(updated, since)
          })
        )
        assert.deepStrictEqual(sortedIds(modified), sortedIds(expected.map(idOf)))
      }),
      { numRuns: 200 }
    )
  })
})

const queryArbitrary = fc
  .record({
    status: fc.option(fc.constantFrom<InvoiceStatus>(...statuses), { nil: undefined }),
    orderBy: fc.option(fc.constantFrom<ListQuery.OrderBy>("DateAscending", "DateDescending"), { nil: undefined })
  })
  .map((parts) =>
    ListQuery.make({ status: Option.fromUndefinedOr(parts.status), orderBy: Option.fromUndefinedOr(parts.orderBy) })
  )

describe("merging and paging the two streams", () => {
  it("law: any window over any vendor page size returns each invoice exactly once, in the listing's order, with exact totals", async () => {
    await fc.assert(
      fc.asyncProperty(
        xeroDocumentsArbitrary(),
        queryArbitrary,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 7 }),
        async (records, query, count, pageSize) => {
          const { listed, walked, totals } = await run(
            Effect.gen(function* () {
              const harness = yield* harnessOf(records, { pageSize })
              const listed = (yield* Stream.runCollect(harness.invoices.list(query))).map(
                (summary) => summary.source.id
              )
              const walked: Array<string> = []
              const totals: Array<number> = []
              for (let currentPage = 1; currentPage <= records.length + 2; currentPage++) {
                const page = yield* harness.invoices.page(query, { count, currentPage })
                assert.isAtMost(page.items.length, count)
                walked.push(...page.items.map((summary) => summary.source.id))
                totals.push(...Option.toArray(page.totalResources))
                if (page.items.length < count) break
              }
              return { listed, walked, totals }
            })
          )
          assert.deepStrictEqual(walked, listed)
          assert.strictEqual(new Set(listed).size, listed.length)
          for (const total of totals) assert.strictEqual(total, listed.length)
          const expected = records.filter(
            (record) => Option.isNone(query.status) || summaryOf(record).statuses.includes(query.status.value)
          )
          assert.deepStrictEqual(sortedIds(listed), sortedIds(expected.map(idOf)))
          if (Option.isSome(query.orderBy)) {
            const dates = listed.map((id) =>
              Option.getOrElse(summaryOf(records.find((record) => idOf(record) === id)!).issueDate, () => "")
            )
            const ordered = [...dates].sort()
            if (query.orderBy.value === "DateDescending") ordered.reverse()
            assert.deepStrictEqual(dates, ordered)
          }
        }
      ),
      { numRuns: 200 }
    )
  })

  it("unordered, invoices come first and then credit notes, reading each stream page by page", async () => {
    const records = fc.sample(xeroDocumentsArbitrary({ maxLength: 30 }), { numRuns: 1, seed: 42 })[0]!
    const { listed, requests } = await run(
      Effect.gen(function* () {
        const harness = yield* harnessOf(records, { pageSize: 4 })
        const listed = yield* Stream.runCollect(harness.invoices.list(ListQuery.all))
        return { listed, requests: harness.xero.simulator.requests.byRoute() }
      })
    )
    const invoices = records.filter((record) => "InvoiceID" in record)
    const creditNotes = records.filter((record) => "CreditNoteID" in record)
    assert.deepStrictEqual(
      listed.map((summary) => summary.source.id),
      [...invoices, ...creditNotes].map(idOf)
    )
    // The purchase bill counts towards /Invoices paging but is filtered out by `Type=="ACCREC"` on Xero's side.
    assert.deepStrictEqual(requests, {
      "GET /api.xro/2.0/Invoices": Math.max(1, Math.ceil(invoices.length / 4)),
      "GET /api.xro/2.0/CreditNotes": Math.max(1, Math.ceil(creditNotes.length / 4))
    })
  })

  it("a window inside the invoices reads no credit notes; one across the boundary reads both, with exact totals", async () => {
    const records = [
      ...fc.sample(xeroDocumentArbitrary("invoice"), { numRuns: 10, seed: 7 }),
      ...fc.sample(xeroDocumentArbitrary("creditNote"), { numRuns: 3, seed: 8 })
    ]
    const invoiceCount = 10
    const outcome = await run(
      Effect.gen(function* () {
        const harness = yield* harnessOf(records)
        const inside = yield* harness.invoices.page(ListQuery.all, { count: 4, currentPage: 1 })
        const insideRequests = harness.xero.simulator.requests.byRoute()
        harness.xero.simulator.requests.reset()
        const across = yield* harness.invoices.page(ListQuery.all, { count: invoiceCount, currentPage: 2 })
        return { inside, insideRequests, across, acrossRequests: harness.xero.simulator.requests.byRoute() }
      })
    )
    assert.deepStrictEqual(outcome.insideRequests, { "GET /api.xro/2.0/Invoices": 1 })
    assert.deepStrictEqual(outcome.inside.totalResources, Option.none())
    assert.deepStrictEqual(outcome.acrossRequests, {
      "GET /api.xro/2.0/Invoices": 1,
      "GET /api.xro/2.0/CreditNotes": 1
    })
    assert.deepStrictEqual(outcome.across.totalResources, Option.some(records.length))
  })
})

describe("a window is read from Xero pages fitted to it", () => {
  const requestsOf = (from: number, to: number, size: number) => {
    const { first, last } = windowPages(from, to, size)
    return last - first + 1
  }

  it("law: the pages cover the window, in the fewest requests any page size gives, at the smallest such size", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 1, max: 1_500 }),
        fc.integer({ min: 1, max: 1_000 }),
        (from, count, maxSize) => {
          const to = from + count
          const pages = windowPages(from, to, maxSize)
          assert.isAtLeast(pages.pageSize, 1)
          assert.isAtMost(pages.pageSize, maxSize)
          assert.isAtMost((pages.first - 1) * pages.pageSize, from)
          assert.isAtLeast(pages.last * pages.pageSize, to)
          const fewest = Math.min(...Array.from({ length: maxSize }, (_, index) => requestsOf(from, to, index + 1)))
          assert.strictEqual(pages.last - pages.first + 1, fewest)
          for (let size = 1; size < pages.pageSize; size++) assert.isAbove(requestsOf(from, to, size), fewest)
          // Never more requests than pages of the largest size would take.
          assert.isAtMost(fewest, requestsOf(from, to, maxSize))
        }
      ),
      { numRuns: 500 }
    )
  })

  it("named cases: a window on a multiple of its size is that one page; others the smallest page that holds them", () => {
    assert.deepStrictEqual(windowPages(0, 100, 1_000), { pageSize: 100, first: 1, last: 1 })
    assert.deepStrictEqual(windowPages(200, 300, 1_000), { pageSize: 100, first: 3, last: 3 })
    assert.deepStrictEqual(windowPages(50, 150, 1_000), { pageSize: 150, first: 1, last: 1 })
    assert.deepStrictEqual(windowPages(0, 1, 1_000), { pageSize: 1, first: 1, last: 1 })
    // 999 and 1,000 share a page of 3 (999–1,001), and of no smaller size.
    assert.deepStrictEqual(windowPages(999, 1_001, 1_000), { pageSize: 3, first: 334, last: 334 })
    // Wider than Xero's largest page: two pages either way, the smallest size that does it in two.
    assert.deepStrictEqual(windowPages(0, 1_500, 1_000), { pageSize: 750, first: 1, last: 2 })
    assert.deepStrictEqual(windowPages(900, 2_400, 1_000), { pageSize: 800, first: 2, last: 3 })
  })

  it("Count/CurrentPage windows: the same items as the listing, each from one page of the window's size", async () => {
    const invoices = fc.sample(
      fc.uniqueArray(xeroDocumentArbitrary("invoice"), {
        minLength: 250,
        maxLength: 250,
        selector: (record) => String(record["InvoiceID"])
      }),
      { numRuns: 1, seed: 11 }
    )[0]!
    const creditNotes = fc.sample(
      fc.uniqueArray(xeroDocumentArbitrary("creditNote"), {
        minLength: 30,
        maxLength: 30,
        selector: (record) => String(record["CreditNoteID"])
      }),
      { numRuns: 1, seed: 12 }
    )[0]!
    const sent: Array<SentRequest> = []
    const outcome = await run(
      Effect.gen(function* () {
        const harness = yield* makeHarness({
          records: { invoices, creditNotes },
          timeZone,
          onRequest: (request) => sent.push(request)
        })
        const listed = (yield* Stream.runCollect(harness.invoices.list(ListQuery.all))).map(
          (summary) => summary.source.id
        )
        const windows: Array<{ readonly ids: ReadonlyArray<string>; readonly requests: ReadonlyArray<string> }> = []
        for (const request of [
          { count: 100, currentPage: 1 },
          { count: 100, currentPage: 2 },
          { count: 100, currentPage: 3 },
          { count: 30, currentPage: 5 },
          { count: 70, currentPage: 2 },
          { count: 7, currentPage: 37 }
        ]) {
          sent.length = 0
          const page = yield* harness.invoices.page(ListQuery.all, request)
          windows.push({
            ids: page.items.map((summary) => summary.source.id),
            requests: sent.map(
              (request) =>
                `${request.url.pathname.split("/").at(-1)} page=${request.url.searchParams.get("page")} pageSize=${request.url.searchParams.get("pageSize")}`
            )
          })
        }
        return { listed, windows }
      })
    )
    assert.strictEqual(outcome.listed.length, 280)
    assert.deepStrictEqual(
      outcome.windows.map((window) => window.ids),
      [
        outcome.listed.slice(0, 100),
        outcome.listed.slice(100, 200),
        outcome.listed.slice(200, 280),
        outcome.listed.slice(120, 150),
        outcome.listed.slice(70, 140),
        outcome.listed.slice(252, 259)
      ]
    )
    // Before, each window read pages of 1,000 (1.5 MiB of Xero JSON to serve 100 invoices).
    assert.deepStrictEqual(
      outcome.windows.map((window) => window.requests),
      [
        ["Invoices page=1 pageSize=100"],
        ["Invoices page=2 pageSize=100"],
        ["Invoices page=3 pageSize=100", "CreditNotes page=1 pageSize=50"],
        ["Invoices page=5 pageSize=30"],
        ["Invoices page=2 pageSize=70"],
        // Items 252–258 are credit notes 2–8 (Xero's itemCount says 250 invoices): 2–8 share one page of 9.
        ["Invoices page=37 pageSize=7", "CreditNotes page=1 pageSize=9"]
      ]
    )
  })
})

describe("faults", () => {
  it("law: with faults injected (429, 5xx, timeouts, truncated bodies) the listing and its pages are what they are without", async () => {
    await fc.assert(
      fc.asyncProperty(
        xeroDocumentsArbitrary({ maxLength: 20 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        async (records, faultSeed) => {
          const options: HarnessOptions = { pageSize: 3, retryPolicy: RetryPolicy.make({ maxAttempts: 12 }) }
          const read = (faults: boolean) =>
            Effect.gen(function* () {
              const harness = yield* harnessOf(records, options)
              if (faults) harness.xero.simulator.faults.set({ seed: faultSeed, rate: 0.3 })
              const listed = yield* Stream.runCollect(harness.invoices.list(ListQuery.all))
              const window = yield* harness.invoices.page(ListQuery.all, { count: 4, currentPage: 2 })
              return JSON.stringify([
                listed.map((summary) => summary.source.id),
                window.items.map((summary) => summary.source.id),
                Option.getOrNull(window.totalResources)
              ])
            })
          assert.strictEqual(await run(read(true)), await run(read(false)))
        }
      ),
      { numRuns: 200 }
    )
  })
})
