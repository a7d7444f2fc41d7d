import { assert, describe, it } from "@effect/vitest"
import {
  CalendarDate,
  Capabilities,
  Emulation,
  InvalidInput,
  type InvoiceStatus,
  invoiceStatuses,
  ListQuery,
  NotFound,
  NotSupported,
  type SalesInvoice,
  SalesInvoices,
  SystemId
} from "@konto/core"
import { DateTime, Effect, Exit, Option, Stream } from "effect"
import * as fc from "fast-check"
import { lawRuns, option, salesInvoice, salesInvoiceInput, salesInvoiceSummary, statuses } from "./arbitraries.ts"
import { capabilitiesWith } from "./capabilityRows.ts"

const system = SystemId.make("acme")
const displayName = "Acme Books"

const [baseSummary] = fc.sample(salesInvoiceSummary, { numRuns: 1, seed: 1 })
const [baseInvoice] = fc.sample(salesInvoice, { numRuns: 1, seed: 2 })
const [baseInput] = fc.sample(salesInvoiceInput, { numRuns: 1, seed: 3 })
if (baseSummary === undefined || baseInvoice === undefined || baseInput === undefined) throw new Error("no samples")

const listingDates = ["2025-01-01", "2025-01-15", "2025-02-01", "2025-02-14", "2025-03-01"].map(CalendarDate.make)
// A few fixed instants as well as arbitrary ones, so "since" bounds often equal a timestamp exactly.
const listingInstant = fc
  .oneof(
    fc.constantFrom(Date.UTC(2025, 0, 10), Date.UTC(2025, 1, 1, 12), Date.UTC(2025, 2, 1, 23, 59, 59, 999)),
    fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2025, 2, 31) })
  )
  .map((millis) => DateTime.makeUnsafe(millis))

/** Listing items that differ in what queries look at; ids are `inv-<position>`. */
const listing = (maxLength: number) =>
  fc
    .array(
      fc.record({
        issueDate: option(fc.constantFrom(...listingDates)),
        createdDateTime: option(listingInstant),
        modifiedDateTime: option(listingInstant),
        statuses
      }),
      { maxLength }
    )
    .map((parts) =>
      parts.map(
        (part, index): SalesInvoice.SalesInvoiceSummary => ({
          ...baseSummary,
          ...part,
          id: Option.some(`inv-${index}`)
        })
      )
    )

const listQuery: fc.Arbitrary<ListQuery.ListQuery> = fc
  .record({
    status: option(fc.constantFrom(...invoiceStatuses)),
    dates: fc.tuple(option(fc.constantFrom(...listingDates)), option(fc.constantFrom(...listingDates))),
    createdSince: option(listingInstant),
    modifiedSince: option(listingInstant),
    orderBy: option(fc.constantFrom("DateAscending" as const, "DateDescending" as const))
  })
  .map(({ dates: [from, to], ...parts }) => {
    const ordered = Option.isSome(from) && Option.isSome(to) && from.value > to.value
    return ListQuery.make({ ...parts, fromInvoiceDate: ordered ? to : from, toInvoiceDate: ordered ? from : to })
  })

/** What a query means, written independently of core's emulation. */
const matches =
  (query: ListQuery.ListQuery) =>
  (item: SalesInvoice.SalesInvoiceSummary): boolean => {
    const since = (at: Option.Option<DateTime.Utc>, bound: Option.Option<DateTime.Utc>) =>
      Option.isNone(bound) ||
      (Option.isSome(at) && DateTime.toEpochMillis(at.value) >= DateTime.toEpochMillis(bound.value))
    const inRange =
      (Option.isNone(query.fromInvoiceDate) && Option.isNone(query.toInvoiceDate)) ||
      (Option.isSome(item.issueDate) &&
        (Option.isNone(query.fromInvoiceDate) || item.issueDate.value >= query.fromInvoiceDate.value) &&
        (Option.isNone(query.toInvoiceDate) || item.issueDate.value <= query.toInvoiceDate.value))
    return (
      (Option.isNone(query.status) || item.statuses.includes(query.status.value)) &&
      inRange &&
      since(item.createdDateTime, query.createdSince) &&
      since(item.modifiedDateTime, query.modifiedSince)
    )
  }

/** Stable order by issue date, invoices without one last, ties in their original order. */
const ordered = (
  items: ReadonlyArray<SalesInvoice.SalesInvoiceSummary>,
  orderBy: Option.Option<ListQuery.OrderBy>
): ReadonlyArray<SalesInvoice.SalesInvoiceSummary> => {
  if (Option.isNone(orderBy)) return items
  const dated = items.filter((item) => Option.isSome(item.issueDate))
  const undated = items.filter((item) => Option.isNone(item.issueDate))
  const days = [...new Set(dated.map((item) => Option.getOrThrow(item.issueDate)))].sort()
  if (orderBy.value === "DateDescending") days.reverse()
  return [...days.flatMap((day) => dated.filter((item) => Option.getOrThrow(item.issueDate) === day)), ...undated]
}

const expected = (items: ReadonlyArray<SalesInvoice.SalesInvoiceSummary>, query: ListQuery.ListQuery) =>
  ordered(items.filter(matches(query)), query.orderBy)

const ids = (items: ReadonlyArray<SalesInvoice.SalesInvoiceSummary>) => items.map((item) => Option.getOrThrow(item.id))

/** Every call the fake vendor received. */
interface VendorLog {
  readonly list: Array<ListQuery.ListQuery>
  readonly page: Array<ListQuery.PageRequest>
  readonly get: Array<string>
  readonly create: Array<string>
  streamsStarted: number
}

const calls = (log: VendorLog) =>
  log.list.length + log.page.length + log.get.length + log.create.length + log.streamsStarted

/** A tiny vendor over a fixed listing: it serves whatever query it is given natively. */
const makeVendor = (
  items: ReadonlyArray<SalesInvoice.SalesInvoiceSummary>,
  options: { readonly page?: boolean; readonly create?: boolean } = {}
) => {
  const log: VendorLog = { list: [], page: [], get: [], create: [], streamsStarted: 0 }
  const vendor: SalesInvoices.VendorOperations = {
    list: (query) => {
      log.list.push(query)
      return Stream.suspend(() => {
        log.streamsStarted++
        return Stream.fromIterable(expected(items, query))
      })
    },
    get: (id) =>
      Effect.suspend(() => {
        log.get.push(id)
        return id === "missing"
          ? Effect.fail(new NotFound({ system, operation: "get", resource: "SalesInvoice", id }))
          : Effect.succeed(baseInvoice)
      }),
    ...(options.page === true
      ? {
          page: (query: ListQuery.ListQuery, request: ListQuery.PageRequest) =>
            Effect.sync((): ListQuery.Page<SalesInvoice.SalesInvoiceSummary> => {
              log.page.push(request)
              const all = expected(items, query)
              const start = (request.currentPage - 1) * request.count
              return {
                items: all.slice(start, start + request.count),
                currentPage: request.currentPage,
                totalResources: Option.some(all.length),
                totalPages: Option.some(Math.ceil(all.length / request.count))
              }
            })
        }
      : {}),
    ...(options.create === false
      ? {}
      : {
          create: (_input: unknown, createOptions: SalesInvoices.CreateOptions) =>
            Effect.sync(() => {
              log.create.push(createOptions.idempotencyKey)
              return baseInvoice
            })
        })
  }
  return { log, vendor }
}

const service = (
  capabilities: Capabilities.Capabilities,
  items: ReadonlyArray<SalesInvoice.SalesInvoiceSummary> = [],
  options: { readonly page?: boolean; readonly create?: boolean } = {}
) => {
  const { log, vendor } = makeVendor(items, options)
  return { log, invoices: SalesInvoices.make({ system, displayName, capabilities, vendor }) }
}

const collect = (stream: Stream.Stream<SalesInvoice.SalesInvoiceSummary, unknown>) =>
  Effect.runSync(Stream.runCollect(stream))

describe("SalesInvoices.make: not-supported is refused before any I/O", () => {
  it.effect("an unsupported status filter fails with API.1's exact message and zero vendor calls", () =>
    Effect.gen(function* () {
      const { invoices, log } = service(
        capabilitiesWith(Capabilities.native, {
          statusFilters: {
            ...capabilitiesWith(Capabilities.native).statusFilters,
            Unsent: Capabilities.vendorCannot("no sent flag")
          }
        }),
        [],
        { page: true }
      )
      const query = ListQuery.make({ status: Option.some("Unsent") })
      const listError = yield* Stream.runCollect(invoices.list(query)).pipe(Effect.flip)
      assert.instanceOf(listError, NotSupported)
      assert.strictEqual(listError.message, "Filtering by status Unsent is not supported by Acme Books")
      assert.strictEqual(listError._tag === "NotSupported" ? listError.reason : undefined, "vendor-cannot")
      const pageError = yield* invoices.page(query, { count: 10, currentPage: 1 }).pipe(Effect.flip)
      assert.instanceOf(pageError, NotSupported)
      assert.strictEqual(pageError.message, "Filtering by status Unsent is not supported by Acme Books")
      assert.strictEqual(calls(log), 0)
    })
  )

  it("every not-supported status filter fails with the exact message and zero vendor calls", () => {
    fc.assert(
      fc.property(fc.constantFrom(...invoiceStatuses), listing(5), (status, items) => {
        const { invoices, log } = service(capabilitiesWith(Capabilities.notBuilt("later")), items, { page: true })
        const exit = Effect.runSyncExit(
          Stream.runCollect(invoices.list(ListQuery.make({ status: Option.some(status) })))
        )
        const error = Option.getOrUndefined(Exit.findErrorOption(exit))
        assert.instanceOf(error, NotSupported)
        assert.strictEqual(error?.message, `Filtering by status ${status} is not supported by ${displayName}`)
        assert.strictEqual(calls(log), 0)
      }),
      { numRuns: 50 }
    )
  })

  it.effect(
    "unsupported date range, created, modified and order dimensions fail with NotSupported and zero calls",
    () =>
      Effect.gen(function* () {
        const queries = [
          ListQuery.make({ fromInvoiceDate: Option.some(CalendarDate.make("2025-01-01")) }),
          ListQuery.make({ toInvoiceDate: Option.some(CalendarDate.make("2025-01-01")) }),
          ListQuery.make({ createdSince: Option.some(DateTime.makeUnsafe("2025-01-01T00:00:00Z")) }),
          ListQuery.make({ modifiedSince: Option.some(DateTime.makeUnsafe("2025-01-01T00:00:00Z")) }),
          ListQuery.make({ orderBy: Option.some("DateAscending") })
        ]
        for (const query of queries) {
          const { invoices, log } = service(
            capabilitiesWith(Capabilities.vendorCannot("no such filter")),
            [baseSummary],
            { page: true }
          )
          const listError = yield* Stream.runCollect(invoices.list(query)).pipe(Effect.flip)
          assert.instanceOf(listError, NotSupported)
          const pageError = yield* invoices.page(query, { count: 5, currentPage: 1 }).pipe(Effect.flip)
          assert.instanceOf(pageError, NotSupported)
          assert.strictEqual(calls(log), 0)
        }
      })
  )

  it.effect("unsupported operations fail with NotSupported and zero calls", () =>
    Effect.gen(function* () {
      const notSupported = Capabilities.operationVendorCannot("read-only API")
      const { invoices, log } = service(
        capabilitiesWith(Capabilities.native, {
          operations: { list: notSupported, get: notSupported, create: notSupported }
        }),
        [baseSummary],
        { page: true }
      )
      assert.instanceOf(yield* Stream.runCollect(invoices.list(ListQuery.all)).pipe(Effect.flip), NotSupported)
      assert.instanceOf(
        yield* invoices.page(ListQuery.all, { count: 1, currentPage: 1 }).pipe(Effect.flip),
        NotSupported
      )
      const getError = yield* invoices.get("1").pipe(Effect.flip)
      assert.instanceOf(getError, NotSupported)
      assert.strictEqual(getError.message, "Acme Books does not support get: read-only API")
      assert.instanceOf(yield* invoices.create(baseInput, { idempotencyKey: "k" }).pipe(Effect.flip), NotSupported)
      assert.strictEqual(calls(log), 0)
    })
  )

  it.effect("create without a vendor create is NotSupported (not built)", () =>
    Effect.gen(function* () {
      const { invoices, log } = service(capabilitiesWith(Capabilities.native), [], { create: false })
      const error = yield* invoices.create(baseInput, { idempotencyKey: "k" }).pipe(Effect.flip)
      assert.isTrue(error._tag === "NotSupported" && error.reason === "not-built")
      assert.strictEqual(calls(log), 0)
    })
  )
})

describe("SalesInvoices.make: invalid input is refused before any I/O", () => {
  it.effect("FromInvoiceDate after ToInvoiceDate is InvalidInput", () =>
    Effect.gen(function* () {
      for (const mode of [Capabilities.native, Capabilities.emulated("konto filters")]) {
        const { invoices, log } = service(capabilitiesWith(mode), [baseSummary], { page: true })
        const query = ListQuery.make({
          fromInvoiceDate: Option.some(CalendarDate.make("2025-02-01")),
          toInvoiceDate: Option.some(CalendarDate.make("2025-01-31"))
        })
        const listError = yield* Stream.runCollect(invoices.list(query)).pipe(Effect.flip)
        assert.isTrue(listError._tag === "InvalidInput" && listError.field === "FromInvoiceDate")
        const pageError = yield* invoices.page(query, { count: 5, currentPage: 1 }).pipe(Effect.flip)
        assert.instanceOf(pageError, InvalidInput)
        assert.strictEqual(calls(log), 0)
      }
    })
  )

  it.effect("the same day as both bounds is valid", () =>
    Effect.gen(function* () {
      const { invoices } = service(capabilitiesWith(Capabilities.emulated("konto filters")), [baseSummary])
      const day = Option.some(CalendarDate.make("2025-02-01"))
      yield* Stream.runCollect(invoices.list(ListQuery.make({ fromInvoiceDate: day, toInvoiceDate: day })))
    })
  )

  it.effect("Count outside 1–100 and CurrentPage below 1 are InvalidInput", () =>
    Effect.gen(function* () {
      const cases: Array<[ListQuery.PageRequest, string]> = [
        [{ count: 0, currentPage: 1 }, "Count"],
        [{ count: 101, currentPage: 1 }, "Count"],
        [{ count: 1.5, currentPage: 1 }, "Count"],
        [{ count: 10, currentPage: 0 }, "CurrentPage"],
        [{ count: 10, currentPage: -1 }, "CurrentPage"]
      ]
      for (const [request, field] of cases) {
        const { invoices, log } = service(capabilitiesWith(Capabilities.native), [baseSummary], { page: true })
        const error = yield* invoices.page(ListQuery.all, request).pipe(Effect.flip)
        assert.isTrue(
          error._tag === "InvalidInput" && error.field === field,
          `${JSON.stringify(request)}: ${error._tag}`
        )
        assert.strictEqual(calls(log), 0)
      }
      const { invoices } = service(capabilitiesWith(Capabilities.native), [baseSummary], { page: true })
      assert.strictEqual((yield* invoices.page(ListQuery.all, { count: 1, currentPage: 1 })).items.length, 1)
      assert.strictEqual((yield* invoices.page(ListQuery.all, { count: 100, currentPage: 1 })).items.length, 1)
    })
  )

  it.effect("get with an empty id and create with an empty idempotency key are InvalidInput", () =>
    Effect.gen(function* () {
      const { invoices, log } = service(capabilitiesWith(Capabilities.native))
      assert.instanceOf(yield* invoices.get(" ").pipe(Effect.flip), InvalidInput)
      assert.instanceOf(yield* invoices.create(baseInput, { idempotencyKey: "" }).pipe(Effect.flip), InvalidInput)
      assert.strictEqual(calls(log), 0)
    })
  )
})

describe("SalesInvoices.make: get, create and verify reach the vendor", () => {
  it.effect("get passes the id and the vendor's errors through", () =>
    Effect.gen(function* () {
      const { invoices, log } = service(capabilitiesWith(Capabilities.native))
      assert.strictEqual(yield* invoices.get("42"), baseInvoice)
      assert.instanceOf(yield* invoices.get("missing").pipe(Effect.flip), NotFound)
      assert.deepStrictEqual(log.get, ["42", "missing"])
    })
  )

  it.effect("create passes the idempotency key", () =>
    Effect.gen(function* () {
      const { invoices, log } = service(capabilitiesWith(Capabilities.native))
      assert.strictEqual(yield* invoices.create(baseInput, { idempotencyKey: "key-1" }), baseInvoice)
      assert.deepStrictEqual(log.create, ["key-1"])
    })
  )

  it.effect("verify without a vendor verify asks for one page of one item", () =>
    Effect.gen(function* () {
      const { invoices, log } = service(capabilitiesWith(Capabilities.native), [baseSummary], { page: true })
      yield* invoices.verify
      assert.deepStrictEqual(log.page, [{ count: 1, currentPage: 1 }])
      assert.strictEqual(log.list.length, 0)
    })
  )
})

describe("SalesInvoices.make: emulation", () => {
  const modes = fc.constantFrom(Capabilities.native, Capabilities.emulated("konto filters over the vendor's pages"))
  const mixedCapabilities: fc.Arbitrary<Capabilities.Capabilities> = fc
    .record({
      statuses: fc.tuple(modes, modes, modes, modes, modes, modes, modes, modes),
      invoiceDateRange: modes,
      createdSince: modes,
      modifiedSince: modes,
      orderByDate: modes
    })
    .map(({ statuses: statusModes, ...dimensions }) =>
      capabilitiesWith(Capabilities.native, {
        ...dimensions,
        statusFilters: Object.fromEntries(
          invoiceStatuses.map((status, index) => [status, statusModes[index]])
        ) as Capabilities.Capabilities["statusFilters"]
      })
    )

  it("list returns exactly the matching items, and the vendor only gets the native part of the query", () => {
    fc.assert(
      fc.property(mixedCapabilities, listing(25), listQuery, (capabilities, items, query) => {
        const { invoices, log } = service(capabilities, items)
        assert.deepStrictEqual(ids(collect(invoices.list(query))), ids(expected(items, query)))
        assert.strictEqual(log.list.length, 1)
        const native = log.list[0]!
        const keeps = (
          support: Capabilities.DimensionSupport,
          asked: Option.Option<unknown>,
          sent: Option.Option<unknown>
        ) => assert.strictEqual(Option.isSome(sent), support.mode === "native" && Option.isSome(asked))
        if (Option.isSome(query.status))
          keeps(capabilities.statusFilters[query.status.value], query.status, native.status)
        keeps(capabilities.invoiceDateRange, query.fromInvoiceDate, native.fromInvoiceDate)
        keeps(capabilities.invoiceDateRange, query.toInvoiceDate, native.toInvoiceDate)
        keeps(capabilities.createdSince, query.createdSince, native.createdSince)
        keeps(capabilities.modifiedSince, query.modifiedSince, native.modifiedSince)
        keeps(capabilities.orderByDate, query.orderBy, native.orderBy)
      }),
      lawRuns
    )
  })

  it("emulated filters over an unfiltering vendor return exactly the matching items", () => {
    fc.assert(
      fc.property(listing(25), listQuery, (items, query) => {
        const { invoices, log } = service(capabilitiesWith(Capabilities.emulated("konto does it")), items)
        assert.deepStrictEqual(ids(collect(invoices.list(query))), ids(expected(items, query)))
        assert.deepStrictEqual(log.list, [{ ...ListQuery.all, include: query.include }])
      }),
      lawRuns
    )
  })

  it("paging an emulated listing serves every matching item exactly once, for any Count", () => {
    fc.assert(
      fc.property(listing(40), listQuery, fc.integer({ min: 1, max: 100 }), (items, query, count) => {
        const { invoices } = service(capabilitiesWith(Capabilities.emulated("konto does it")), items, { page: true })
        const served: Array<SalesInvoice.SalesInvoiceSummary> = []
        for (let currentPage = 1; ; currentPage++) {
          const page = Effect.runSync(invoices.page(query, { count, currentPage }))
          served.push(...page.items)
          if (page.items.length < count) break
        }
        assert.deepStrictEqual(ids(served), ids(expected(items, query)))
      }),
      lawRuns
    )
  })

  it("native page is used when nothing is emulated; list when something is", () => {
    fc.assert(
      fc.property(mixedCapabilities, listing(10), listQuery, (capabilities, items, query) => {
        const { invoices, log } = service(capabilities, items, { page: true })
        const page = Effect.runSync(invoices.page(query, { count: 3, currentPage: 1 }))
        const queryPlan = Emulation.plan(capabilities, query)
        if (Emulation.isEmulating(queryPlan)) {
          assert.strictEqual(log.page.length, 0)
          assert.strictEqual(log.list.length, 1)
        } else {
          assert.deepStrictEqual(log.page, [{ count: 3, currentPage: 1 }])
          assert.strictEqual(log.list.length, 0)
          assert.isTrue(Option.isSome(page.totalResources), "the vendor's exact totals pass through")
        }
        assert.deepStrictEqual(ids(page.items), ids(expected(items, query).slice(0, 3)))
      }),
      lawRuns
    )
  })

  it.effect("a vendor without native page is paged from its stream", () =>
    Effect.gen(function* () {
      const items = fc.sample(listing(12), { numRuns: 1, seed: 9 })[0] ?? []
      const { invoices, log } = service(capabilitiesWith(Capabilities.native), items)
      const page = yield* invoices.page(ListQuery.all, { count: 100, currentPage: 1 })
      assert.deepStrictEqual(ids(page.items), ids(items))
      assert.strictEqual(log.list.length, 1)
    })
  )

  it("emulated orderBy sorts by issue date, stably, undated last", () => {
    fc.assert(
      fc.property(
        listing(30),
        fc.constantFrom("DateAscending" as const, "DateDescending" as const),
        (items, orderBy) => {
          const { invoices } = service(capabilitiesWith(Capabilities.emulated("konto sorts")), items)
          const sorted = collect(invoices.list(ListQuery.make({ orderBy: Option.some(orderBy) })))
          assert.deepStrictEqual(ids(sorted), ids(ordered(items, Option.some(orderBy))))
          const days = sorted.flatMap((item) => Option.toArray(item.issueDate))
          const check = [...days].sort()
          if (orderBy === "DateDescending") check.reverse()
          assert.deepStrictEqual(days, check)
        }
      ),
      lawRuns
    )
  })

  it("ordering keeps the vendor's order among invoices of the same day (named case)", () => {
    const day = (id: string, issueDate: string | null): SalesInvoice.SalesInvoiceSummary => ({
      ...baseSummary,
      id: Option.some(id),
      issueDate: issueDate === null ? Option.none() : Option.some(CalendarDate.make(issueDate))
    })
    const items = [
      day("a", "2025-02-01"),
      day("b", null),
      day("c", "2025-01-01"),
      day("d", "2025-02-01"),
      day("e", "2025-01-01")
    ]
    const { invoices } = service(capabilitiesWith(Capabilities.emulated("konto sorts")), items)
    assert.deepStrictEqual(ids(collect(invoices.list(ListQuery.make({ orderBy: Option.some("DateAscending") })))), [
      "c",
      "e",
      "a",
      "d",
      "b"
    ])
    assert.deepStrictEqual(ids(collect(invoices.list(ListQuery.make({ orderBy: Option.some("DateDescending") })))), [
      "a",
      "d",
      "c",
      "e",
      "b"
    ])
  })

  it("a status filter emulated over derived statuses keeps only invoices with that status (named case)", () => {
    const withStatuses = (id: string, statusSet: ReadonlyArray<InvoiceStatus>): SalesInvoice.SalesInvoiceSummary => ({
      ...baseSummary,
      id: Option.some(id),
      statuses: statusSet
    })
    const items = [
      withStatuses("1", ["Paid"]),
      withStatuses("2", ["Unpaid", "Overdue"]),
      withStatuses("3", ["Unpaid"]),
      withStatuses("4", [])
    ]
    const { invoices } = service(capabilitiesWith(Capabilities.emulated("from derived statuses")), items)
    assert.deepStrictEqual(ids(collect(invoices.list(ListQuery.make({ status: Option.some("Unpaid") })))), ["2", "3"])
    assert.deepStrictEqual(ids(collect(invoices.list(ListQuery.make({ status: Option.some("Overdue") })))), ["2"])
  })
})

describe("Emulation.pageFromStream", () => {
  const page = (total: number, request: ListQuery.PageRequest) =>
    Effect.runSync(
      Emulation.pageFromStream(Stream.fromIterable(Array.from({ length: total }, (_, index) => index)), request)
    )

  it("serves each item exactly once across pages, for any count 1..100; totals exact only on a short page", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 250 }), fc.integer({ min: 1, max: 100 }), (total, count) => {
        const served: Array<number> = []
        for (let currentPage = 1; ; currentPage++) {
          const result = page(total, { count, currentPage })
          assert.strictEqual(result.currentPage, currentPage)
          served.push(...result.items)
          if (result.items.length === count) {
            assert.isTrue(
              Option.isNone(result.totalResources) && Option.isNone(result.totalPages),
              "a full page has no totals"
            )
            continue
          }
          if (result.items.length > 0 || currentPage === 1) {
            assert.deepStrictEqual(Option.getOrNull(result.totalResources), total)
            assert.deepStrictEqual(Option.getOrNull(result.totalPages), Math.ceil(total / count))
          } else {
            assert.isTrue(Option.isNone(result.totalResources), "an empty page after the end does not know the total")
          }
          break
        }
        assert.deepStrictEqual(
          served,
          Array.from({ length: total }, (_, index) => index)
        )
      }),
      lawRuns
    )
  })

  it("named cases: an exact multiple ends with an empty page; an empty listing has totals 0", () => {
    const full = page(20, { count: 10, currentPage: 2 })
    assert.strictEqual(full.items.length, 10)
    assert.isTrue(Option.isNone(full.totalResources))
    const after = page(20, { count: 10, currentPage: 3 })
    assert.deepStrictEqual([...after.items], [])
    assert.isTrue(Option.isNone(after.totalResources))
    const empty = page(0, { count: 10, currentPage: 1 })
    assert.deepStrictEqual([Option.getOrNull(empty.totalResources), Option.getOrNull(empty.totalPages)], [0, 0])
    const short = page(25, { count: 10, currentPage: 3 })
    assert.deepStrictEqual([...short.items], [20, 21, 22, 23, 24])
    assert.deepStrictEqual([Option.getOrNull(short.totalResources), Option.getOrNull(short.totalPages)], [25, 3])
  })
})
