/**
 * The conformance suite every konto adapter passes (DESIGN §6). `checks(subject)` gives each check as a plain
 * effect (the testkit runs them against deliberately broken connectors to prove they catch faults);
 * `conformance(subject)` registers them as a vitest `describe` block — an adapter's test file is one call.
 *
 * Every check builds a fresh world (simulator + connector, see `ConformanceHarness`) on its own `TestClock`,
 * set to the morning of the subject's `asOf`, and drives the connector to completion on virtual time. Invoices
 * are matched to their seeds by `reference` (the invoice number).
 */
import { describe, it } from "@effect/vitest"
import {
  CalendarDate,
  type ConnectorError,
  ExactJson,
  type InvoiceStatus,
  ListQuery,
  Money,
  type NotSupportedReason,
  SalesInvoice,
  type SalesInvoiceInput,
  statusFilterMessage
} from "@konto/core"
import type { InvoiceSeed } from "@konto/simulator-kit"
import { BigDecimal, DateTime, Effect, Option, Result, Schema, Stream } from "effect"
import { TestClock } from "effect/testing"
import { ConformanceFailure } from "./ConformanceFailure.ts"
import * as ConformanceHarness from "./ConformanceHarness.ts"
import { type ConformanceSubject, type ResolvedSubject, resolve } from "./ConformanceSubject.ts"

/** One check: a name and an effect that fails with `ConformanceFailure` when the connector does not conform. */
export interface ConformanceCheck {
  readonly name: string
  readonly run: Effect.Effect<void, ConformanceFailure>
}

/** The outcome of one check run programmatically. */
export interface ConformanceResult {
  readonly name: string
  readonly failure: Option.Option<ConformanceFailure>
}

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

type Summary = SalesInvoice.SalesInvoiceSummary

const fail = (check: string, detail: string): Effect.Effect<never, ConformanceFailure> =>
  Effect.fail(new ConformanceFailure({ check, detail }))

const collect = <A, E>(stream: Stream.Stream<A, E>): Effect.Effect<ReadonlyArray<A>, E> => Stream.runCollect(stream)

/**
 * How the suite names an invoice: its reference (invoice number), or — for an invoice the vendor has not numbered
 * yet, such as a created draft — its id.
 */
const referenceOf = (invoice: {
  readonly reference: Option.Option<string>
  readonly id: Option.Option<string>
  readonly source: { readonly id: string }
}): string =>
  Option.getOrElse(invoice.reference, () => `(unnumbered, id ${Option.getOrElse(invoice.id, () => invoice.source.id)})`)

const sorted = (values: Iterable<string>): Array<string> => [...values].sort()

/** Compares a listing's references with the expected ones: each expected exactly once, nothing else. */
const compareReferences = (actual: ReadonlyArray<string>, expected: ReadonlyArray<string>): Option.Option<string> => {
  const counts = new Map<string, number>()
  for (const reference of actual) counts.set(reference, (counts.get(reference) ?? 0) + 1)
  const expectedSet = new Set(expected)
  const missing = expected.filter((reference) => !counts.has(reference))
  const duplicated = [...counts].filter(([, count]) => count > 1).map(([reference, count]) => `${reference}×${count}`)
  const unexpected = [...counts.keys()].filter((reference) => !expectedSet.has(reference))
  if (missing.length === 0 && duplicated.length === 0 && unexpected.length === 0) return Option.none()
  const parts: Array<string> = []
  if (missing.length > 0) parts.push(`missing ${sorted(missing).join(", ")}`)
  if (duplicated.length > 0) parts.push(`more than once ${sorted(duplicated).join(", ")}`)
  if (unexpected.length > 0) parts.push(`not expected ${sorted(unexpected).join(", ")}`)
  return Option.some(`${actual.length} returned, ${expected.length} expected: ${parts.join("; ")}`)
}

const expectReferences = (
  check: string,
  what: string,
  actual: ReadonlyArray<string>,
  expected: ReadonlyArray<string>
) =>
  Option.match(compareReferences(actual, expected), {
    onNone: () => Effect.void,
    onSome: (difference) => fail(check, `${what}: ${difference}`)
  })

/** Encodes with the schema, writes JSON, reads it back and decodes: the canonical JSON, or why it is not canonical. */
const canonicalJson = <S extends Schema.Codec<unknown, unknown>>(
  schema: S,
  value: unknown
): Result.Result<string, string> => {
  const encoded = Schema.encodeUnknownResult(schema)(value)
  if (Result.isFailure(encoded)) return Result.fail(`does not encode as canonical: ${encoded.failure.message}`)
  const text = ExactJson.stringify(encoded.success)
  const decoded = Schema.decodeUnknownResult(schema)(ExactJson.parse(text))
  if (Result.isFailure(decoded)) return Result.fail(`does not decode as canonical: ${decoded.failure.message}`)
  const again = Schema.encodeUnknownResult(schema)(decoded.success)
  if (Result.isFailure(again)) return Result.fail(`does not re-encode: ${again.failure.message}`)
  const textAgain = ExactJson.stringify(again.success)
  return textAgain === text
    ? Result.succeed(text)
    : Result.fail(`changes in an encode/decode round trip:\n${text}\n${textAgain}`)
}

const summaryJson = (value: Summary) => canonicalJson(SalesInvoice.SalesInvoiceSummary, value)
const invoiceJson = (value: SalesInvoice.SalesInvoice) => canonicalJson(SalesInvoice.SalesInvoice, value)

const decimalText = (value: Option.Option<BigDecimal.BigDecimal>): string =>
  Option.match(value, { onNone: () => "unknown", onSome: Money.formatDecimal })

const sameDecimal = (
  actual: Option.Option<BigDecimal.BigDecimal>,
  expected: Option.Option<BigDecimal.BigDecimal>
): boolean =>
  Option.isNone(actual) && Option.isNone(expected)
    ? true
    : Option.isSome(actual) && Option.isSome(expected) && BigDecimal.equals(actual.value, expected.value)

const amountOf = (money: Option.Option<{ readonly amount: BigDecimal.BigDecimal }>) =>
  Option.map(money, (value) => value.amount)

const totalsOf = (invoice: { readonly legalMonetaryTotal: Option.Option<SalesInvoice.LegalMonetaryTotal> }) => ({
  gross: Option.flatMap(invoice.legalMonetaryTotal, (total) => amountOf(total.taxInclusiveAmount)),
  net: Option.flatMap(invoice.legalMonetaryTotal, (total) => amountOf(total.taxExclusiveAmount)),
  currency: Option.flatMap(invoice.legalMonetaryTotal, (total) =>
    Option.flatMap(total.taxInclusiveAmount, (money) => Option.fromNullishOr(money.currencyId))
  )
})

const statusText = (statuses: ReadonlyArray<InvoiceStatus>): string => `[${[...statuses].sort().join(", ")}]`

const allQuery: ListQuery.ListQuery = ListQuery.all

const withWorld = <A>(
  resolved: ResolvedSubject,
  body: (harness: ConformanceHarness.Harness) => Effect.Effect<A, ConformanceFailure>,
  options?: { readonly seeds?: ReadonlyArray<InvoiceSeed.InvoiceSeed> }
): Effect.Effect<A, ConformanceFailure> =>
  Effect.scoped(Effect.flatMap(ConformanceHarness.make(resolved, options), body)).pipe(
    Effect.provide(TestClock.layer())
  )

const listAll = (
  harness: ConformanceHarness.Harness,
  check: string,
  query: ListQuery.ListQuery = allQuery,
  what = "list"
) => harness.run(check, what, collect(harness.invoices.list(query)))

const seedsByNumber = (resolved: ResolvedSubject) => new Map(resolved.seeds.map((seed) => [seed.number, seed] as const))

const describeQuery = (query: ListQuery.ListQuery): string => {
  const parts: Array<string> = []
  if (Option.isSome(query.status)) parts.push(`status=${query.status.value}`)
  if (Option.isSome(query.fromInvoiceDate)) parts.push(`from=${query.fromInvoiceDate.value}`)
  if (Option.isSome(query.toInvoiceDate)) parts.push(`to=${query.toInvoiceDate.value}`)
  if (Option.isSome(query.createdSince)) parts.push(`createdSince=${DateTime.formatIso(query.createdSince.value)}`)
  if (Option.isSome(query.modifiedSince)) parts.push(`modifiedSince=${DateTime.formatIso(query.modifiedSince.value)}`)
  if (Option.isSome(query.orderBy)) parts.push(`orderBy=${query.orderBy.value}`)
  return `list(${parts.join(", ") || "all"})`
}

// ---------------------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------------------

const listsEveryInvoiceOnce = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "lists every invoice exactly once, and each decodes as a canonical SalesInvoiceSummary"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        const listed = yield* listAll(harness, name)
        yield* expectReferences(
          name,
          "list(all)",
          listed.map(referenceOf),
          resolved.seeds.map((seed) => seed.number)
        )
        for (const summary of listed) {
          const json = summaryJson(summary)
          if (Result.isFailure(json)) return yield* fail(name, `invoice ${referenceOf(summary)} ${json.failure}`)
          if (summary.source.system !== resolved.connector.id) {
            return yield* fail(
              name,
              `invoice ${referenceOf(summary)} has source.system ${summary.source.system}, expected ${resolved.connector.id}`
            )
          }
        }
      })
    )
  }
}

const getsEveryInvoice = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "get returns each listed invoice as a canonical SalesInvoice that agrees with its summary"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        const bySeed = seedsByNumber(resolved)
        const listed = yield* listAll(harness, name)
        for (const summary of listed) {
          const id = Option.getOrElse(summary.id, () => summary.source.id)
          const invoice = yield* harness.run(name, `get(${id})`, harness.invoices.get(id))
          const json = invoiceJson(invoice)
          if (Result.isFailure(json)) return yield* fail(name, `get(${id}) ${json.failure}`)
          if (referenceOf(invoice) !== referenceOf(summary)) {
            return yield* fail(
              name,
              `get(${id}) has reference ${referenceOf(invoice)}, its summary ${referenceOf(summary)}`
            )
          }
          const full = totalsOf(invoice)
          const short = totalsOf(summary)
          if (
            !sameDecimal(full.gross, short.gross) ||
            !sameDecimal(amountOf(invoice.totalBalanceAmount), amountOf(summary.totalBalanceAmount))
          ) {
            return yield* fail(name, `get(${id}) and its summary disagree on amounts`)
          }
          // A listing may lack the net amount (a vendor's list subset); where get reports it, it must be exact.
          const seed = bySeed.get(referenceOf(invoice))
          if (seed !== undefined && Option.isSome(full.net) && !BigDecimal.equals(full.net.value, seed.net)) {
            return yield* fail(
              name,
              `get(${id}): taxExclusiveAmount is ${decimalText(full.net)}, the seed says ${Money.formatDecimal(seed.net)}`
            )
          }
          if (statusText(invoice.statuses) !== statusText(summary.statuses)) {
            return yield* fail(
              name,
              `get(${id}) has statuses ${statusText(invoice.statuses)}, its summary ${statusText(summary.statuses)}`
            )
          }
        }
      })
    )
  }
}

const preservesAmounts = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "preserves amounts exactly (gross, net, balance, currency)"
  const unknown = resolved.unknownFacts
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        const bySeed = seedsByNumber(resolved)
        const listed = yield* listAll(harness, name)
        for (const summary of listed) {
          const seed = bySeed.get(referenceOf(summary))
          if (seed === undefined) return yield* fail(name, `invoice ${referenceOf(summary)} was not seeded`)
          const totals = totalsOf(summary)
          const checks: ReadonlyArray<
            readonly [string, Option.Option<BigDecimal.BigDecimal>, Option.Option<BigDecimal.BigDecimal>]
          > = [
            [
              "legalMonetaryTotal.taxInclusiveAmount",
              totals.gross,
              unknown.has("total") ? Option.none() : Option.some(seed.gross)
            ],
            [
              "legalMonetaryTotal.taxExclusiveAmount",
              totals.net,
              unknown.has("net") ? Option.none() : Option.some(seed.net)
            ],
            [
              "totalBalanceAmount",
              amountOf(summary.totalBalanceAmount),
              unknown.has("balance") ? Option.none() : Option.some(seed.balance)
            ]
          ]
          for (const [field, actual, expected] of checks) {
            if (!sameDecimal(actual, expected)) {
              return yield* fail(
                name,
                `invoice ${seed.number}: ${field} is ${decimalText(actual)}, the seed says ${decimalText(expected)}`
              )
            }
          }
          if (!unknown.has("total") && Option.getOrNull(totals.currency) !== seed.currency) {
            return yield* fail(
              name,
              `invoice ${seed.number}: currency is ${Option.getOrElse(totals.currency, () => "unknown")}, the seed says ${seed.currency}`
            )
          }
        }
      })
    )
  }
}

const derivesStatuses = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "derives statuses and payment status from the facts (deriveStatus on asOf)"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        const bySeed = seedsByNumber(resolved)
        const listed = yield* listAll(harness, name)
        for (const summary of listed) {
          const seed = bySeed.get(referenceOf(summary))
          if (seed === undefined) return yield* fail(name, `invoice ${referenceOf(summary)} was not seeded`)
          const expected = resolved.expected(seed)
          if (statusText(summary.statuses) !== statusText(expected.statuses)) {
            return yield* fail(
              name,
              `invoice ${seed.number} has statuses ${statusText(summary.statuses)}, expected ${statusText(expected.statuses)} ` +
                `(as of ${resolved.asOf}; seed: gross ${Money.formatDecimal(seed.gross)}, balance ${Money.formatDecimal(seed.balance)}, ` +
                `due ${seed.dueDate}, booked ${seed.booked}, cancelled ${seed.cancelled}, draft ${seed.draft}, sent ${seed.sent}, sold ${seed.sold})`
            )
          }
          const payment = Option.flatMap(summary.paymentStatus, (status) => status.status)
          if (
            Option.isSome(summary.paymentStatus) &&
            Option.getOrNull(payment) !== Option.getOrNull(expected.payment)
          ) {
            return yield* fail(
              name,
              `invoice ${seed.number} has payment status ${Option.getOrElse(payment, () => "unknown")}, expected ${Option.getOrElse(expected.payment, () => "unknown")}`
            )
          }
        }
      })
    )
  }
}

/** Thresholds for "since" filters: seed timestamps with at least two minutes to the previous one. */
const sinceThresholds = (instants: ReadonlyArray<number>): ReadonlyArray<number> => {
  const distinct = [...new Set(instants)].sort((a, b) => a - b)
  const candidates = distinct.filter(
    (instant, index) => index > 0 && instant - (distinct[index - 1] as number) >= 120_000
  )
  if (candidates.length === 0) return []
  const pick = (share: number) =>
    candidates[Math.min(candidates.length - 1, Math.floor(candidates.length * share))] as number
  return [...new Set([pick(0.3), pick(0.7)])]
}

const filterQueries = (
  resolved: ResolvedSubject
): ReadonlyArray<{
  readonly query: ListQuery.ListQuery
  readonly matches: (seed: InvoiceSeed.InvoiceSeed) => boolean
}> => {
  const capabilities = resolved.capabilities
  const queries: Array<{
    readonly query: ListQuery.ListQuery
    readonly matches: (seed: InvoiceSeed.InvoiceSeed) => boolean
  }> = []
  for (const status of resolved.filterableStatuses) {
    queries.push({
      query: ListQuery.make({ status: Option.some(status) }),
      matches: (seed) => resolved.expected(seed).statuses.includes(status)
    })
  }
  if (capabilities.invoiceDateRange.mode !== "not-supported") {
    const dates = [...new Set(resolved.seeds.map((seed) => seed.issueDate))].sort()
    const at = (share: number) =>
      dates[Math.min(dates.length - 1, Math.floor(dates.length * share))] as CalendarDate.CalendarDate
    const from = at(0.3)
    const to = at(0.7)
    const single = at(0.5)
    queries.push(
      { query: ListQuery.make({ fromInvoiceDate: Option.some(from) }), matches: (seed) => seed.issueDate >= from },
      { query: ListQuery.make({ toInvoiceDate: Option.some(to) }), matches: (seed) => seed.issueDate <= to },
      {
        query: ListQuery.make({ fromInvoiceDate: Option.some(from), toInvoiceDate: Option.some(to) }),
        matches: (seed) => seed.issueDate >= from && seed.issueDate <= to
      },
      {
        query: ListQuery.make({ fromInvoiceDate: Option.some(single), toInvoiceDate: Option.some(single) }),
        matches: (seed) => seed.issueDate === single
      }
    )
    const firstStatus = resolved.filterableStatuses[0]
    if (firstStatus !== undefined) {
      queries.push({
        query: ListQuery.make({ status: Option.some(firstStatus), fromInvoiceDate: Option.some(from) }),
        matches: (seed) => seed.issueDate >= from && resolved.expected(seed).statuses.includes(firstStatus)
      })
    }
  }
  const since = (dimension: "createdSince" | "modifiedSince", instantOf: (seed: InvoiceSeed.InvoiceSeed) => number) => {
    if (capabilities[dimension].mode === "not-supported") return
    for (const threshold of sinceThresholds(resolved.seeds.map(instantOf))) {
      queries.push({
        query: ListQuery.make({ [dimension]: Option.some(DateTime.makeUnsafe(threshold)) }),
        matches: (seed) => instantOf(seed) >= threshold
      })
    }
  }
  since("createdSince", (seed) => DateTime.toEpochMillis(seed.createdAt))
  since("modifiedSince", (seed) => DateTime.toEpochMillis(seed.modifiedAt))
  return queries
}

const servesFilters = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "every native or emulated filter returns exactly the matching invoices"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        for (const { matches, query } of filterQueries(resolved)) {
          const what = describeQuery(query)
          const listed = yield* listAll(harness, name, query, what)
          yield* expectReferences(
            name,
            what,
            listed.map(referenceOf),
            resolved.seeds.filter(matches).map((seed) => seed.number)
          )
          if (Option.isSome(query.status)) {
            const status = query.status.value
            const without = listed.find((summary) => !summary.statuses.includes(status))
            if (without !== undefined) {
              return yield* fail(
                name,
                `${what} returned ${referenceOf(without)} whose statuses ${statusText(without.statuses)} lack ${status}`
              )
            }
          }
        }
        if (resolved.capabilities.orderByDate.mode !== "not-supported") {
          for (const direction of ["DateAscending", "DateDescending"] as const) {
            const query = ListQuery.make({ orderBy: Option.some(direction) })
            const listed = yield* listAll(harness, name, query, describeQuery(query))
            yield* expectReferences(
              name,
              describeQuery(query),
              listed.map(referenceOf),
              resolved.seeds.map((seed) => seed.number)
            )
            const dates = listed.map((summary) => Option.getOrElse(summary.issueDate, () => ""))
            const ordered = [...dates].sort()
            if (direction === "DateDescending") ordered.reverse()
            if (dates.join() !== ordered.join())
              return yield* fail(name, `${describeQuery(query)} is not ordered by issue date`)
          }
        }
      })
    )
  }
}

interface Unsupported {
  readonly what: string
  readonly reason: NotSupportedReason
  readonly message: Option.Option<string>
  readonly attempt: (harness: ConformanceHarness.Harness) => Effect.Effect<unknown, ConnectorError>
}

const unsupportedCases = (resolved: ResolvedSubject): ReadonlyArray<Unsupported> => {
  const { capabilities, connector } = resolved
  const cases: Array<Unsupported> = []
  const listCases = (
    what: string,
    query: ListQuery.ListQuery,
    reason: NotSupportedReason,
    message: Option.Option<string>
  ) => {
    cases.push(
      { what: `list(${what})`, reason, message, attempt: (harness) => collect(harness.invoices.list(query)) },
      {
        what: `page(${what})`,
        reason,
        message,
        attempt: (harness) => harness.invoices.page(query, { count: 10, currentPage: 1 })
      }
    )
  }
  for (const status of Object.keys(capabilities.statusFilters) as Array<InvoiceStatus>) {
    const support = capabilities.statusFilters[status]
    if (support.mode === "not-supported") {
      listCases(
        `status=${status}`,
        ListQuery.make({ status: Option.some(status) }),
        support.reason,
        Option.some(statusFilterMessage(status, connector.displayName))
      )
    }
  }
  const from = CalendarDate.addDays(resolved.asOf, -30)
  const dimensions: ReadonlyArray<
    readonly [string, "invoiceDateRange" | "createdSince" | "modifiedSince" | "orderByDate", ListQuery.ListQuery]
  > = [
    ["fromInvoiceDate", "invoiceDateRange", ListQuery.make({ fromInvoiceDate: Option.some(from) })],
    ["toInvoiceDate", "invoiceDateRange", ListQuery.make({ toInvoiceDate: Option.some(resolved.asOf) })],
    [
      "createdSince",
      "createdSince",
      ListQuery.make({ createdSince: Option.some(DateTime.makeUnsafe(`${from}T00:00:00Z`)) })
    ],
    [
      "modifiedSince",
      "modifiedSince",
      ListQuery.make({ modifiedSince: Option.some(DateTime.makeUnsafe(`${from}T00:00:00Z`)) })
    ],
    ["orderBy", "orderByDate", ListQuery.make({ orderBy: Option.some("DateDescending") })]
  ]
  for (const [what, dimension, query] of dimensions) {
    const support = capabilities[dimension]
    if (support.mode === "not-supported") listCases(what, query, support.reason, Option.none())
  }
  if (capabilities.operations.list.support === "not-supported")
    listCases("all", allQuery, capabilities.operations.list.reason, Option.none())
  if (capabilities.operations.get.support === "not-supported") {
    cases.push({
      what: "get",
      reason: capabilities.operations.get.reason,
      message: Option.none(),
      attempt: (harness) => harness.invoices.get(resolved.seeds[0]?.number ?? "1")
    })
  }
  if (capabilities.operations.create.support === "not-supported") {
    cases.push({
      what: "create",
      reason: capabilities.operations.create.reason,
      message: Option.none(),
      attempt: (harness) =>
        harness.invoices.create(createInputOf(resolved), { idempotencyKey: "conformance-not-supported" })
    })
  }
  return cases
}

const refusesUnsupported = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "every not-supported dimension or operation fails with NotSupported and makes zero requests"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        for (const unsupported of unsupportedCases(resolved)) {
          const before = harness.simulator.requests.total()
          const outcome = yield* harness
            .attempt(name, unsupported.what, unsupported.attempt(harness))
            .pipe(Effect.result)
          const requests = harness.simulator.requests.total() - before
          if (Result.isSuccess(outcome))
            return yield* fail(name, `${unsupported.what} succeeded, but the capability row says not-supported`)
          const error = outcome.failure
          if (error instanceof ConformanceFailure) return yield* Effect.fail(error)
          if (error._tag !== "NotSupported") {
            return yield* fail(
              name,
              `${unsupported.what} failed with ${error._tag} (${error.message}), expected NotSupported`
            )
          }
          if (error.reason !== unsupported.reason) {
            return yield* fail(
              name,
              `${unsupported.what}: NotSupported reason ${error.reason}, the capability row says ${unsupported.reason}`
            )
          }
          if (Option.isSome(unsupported.message) && error.detail !== unsupported.message.value) {
            return yield* fail(
              name,
              `${unsupported.what}: message "${error.detail}", expected "${unsupported.message.value}"`
            )
          }
          if (requests !== 0)
            return yield* fail(name, `${unsupported.what} made ${requests} request(s) before refusing`)
        }
      })
    )
  }
}

/** Walks `page(query, { count, currentPage })` until a short page; the references in order. */
const walkPages = (
  harness: ConformanceHarness.Harness,
  check: string,
  query: ListQuery.ListQuery,
  count: number,
  expectedTotal: number
) =>
  Effect.gen(function* () {
    const references: Array<string> = []
    const maxPages = Math.ceil(expectedTotal / count) + 2
    for (let currentPage = 1; currentPage <= maxPages; currentPage++) {
      const what = `page(${describeQuery(query)}, { count: ${count}, currentPage: ${currentPage} })`
      const page = yield* harness.run(check, what, harness.invoices.page(query, { count, currentPage }))
      if (page.items.length > count) return yield* fail(check, `${what} returned ${page.items.length} items`)
      if (page.currentPage !== currentPage) return yield* fail(check, `${what} says it is page ${page.currentPage}`)
      if (Option.isSome(page.totalResources) && page.totalResources.value !== expectedTotal) {
        return yield* fail(
          check,
          `${what} reports totalResources ${page.totalResources.value}, there are ${expectedTotal}`
        )
      }
      if (
        Option.isSome(page.totalPages) &&
        page.totalPages.value !== Math.max(1, Math.ceil(expectedTotal / count)) &&
        !(expectedTotal === 0 && page.totalPages.value === 0)
      ) {
        return yield* fail(
          check,
          `${what} reports totalPages ${page.totalPages.value}, expected ${Math.ceil(expectedTotal / count)}`
        )
      }
      references.push(...page.items.map(referenceOf))
      if (page.items.length < count) return references
    }
    return yield* fail(
      check,
      `page(${describeQuery(query)}, count ${count}) never returned a short page after ${maxPages} pages`
    )
  })

const pagesExactlyOnce = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "any page size 1–100 returns each invoice exactly once"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        const all = resolved.seeds.map((seed) => seed.number)
        for (const count of resolved.pageSizes) {
          const references = yield* walkPages(harness, name, allQuery, count, all.length)
          yield* expectReferences(name, `pages of ${count}`, references, all)
        }
        // A filtered listing pages through core's emulation or the vendor's filter: walk one of each kind.
        const modeOf = (status: InvoiceStatus) => resolved.capabilities.statusFilters[status].mode
        const emulated = resolved.filterableStatuses.find((status) => modeOf(status) === "emulated")
        const native = resolved.filterableStatuses.find((status) => modeOf(status) === "native")
        for (const status of new Set([emulated, native].filter((status) => status !== undefined))) {
          const query = ListQuery.make({ status: Option.some(status) })
          const expected = resolved.seeds
            .filter((seed) => resolved.expected(seed).statuses.includes(status))
            .map((seed) => seed.number)
          for (const count of [1, 3]) {
            const references = yield* walkPages(harness, name, query, count, expected.length)
            yield* expectReferences(name, `pages of ${count} of ${describeQuery(query)}`, references, expected)
          }
        }
      })
    )
  }
}

const faultsChangeNothing = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "injected faults (429, 5xx, timeouts, truncated bodies) change nothing"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        const json = (summaries: ReadonlyArray<Summary>) =>
          summaries.map((summary) => Result.getOrElse(summaryJson(summary), (error) => error)).join("\n")
        const baseline = yield* listAll(harness, name)
        const window = { count: 7, currentPage: 2 }
        const baselinePage = yield* harness.run(name, "page(all, 7, 2)", harness.invoices.page(allQuery, window))
        const sampleId = Option.getOrElse(baseline[0]?.id ?? Option.none(), () => baseline[0]?.source.id ?? "")
        const baselineInvoice = yield* harness.run(name, `get(${sampleId})`, harness.invoices.get(sampleId))
        harness.simulator.faults.set(resolved.faults)
        harness.simulator.faults.resetCounts()
        for (let round = 0; round < 3; round++) {
          const faulted = yield* listAll(harness, name, allQuery, "list(all) with faults")
          if (json(faulted) !== json(baseline))
            return yield* fail(name, "list(all) with faults differs from list(all) without")
          const faultedPage = yield* harness.run(
            name,
            "page(all, 7, 2) with faults",
            harness.invoices.page(allQuery, window)
          )
          if (json(faultedPage.items) !== json(baselinePage.items))
            return yield* fail(name, "page(all, 7, 2) with faults differs from without")
          const faultedInvoice = yield* harness.run(
            name,
            `get(${sampleId}) with faults`,
            harness.invoices.get(sampleId)
          )
          if (
            Result.getOrElse(invoiceJson(faultedInvoice), (e) => e) !==
            Result.getOrElse(invoiceJson(baselineInvoice), (e) => e)
          ) {
            return yield* fail(name, `get(${sampleId}) with faults differs from without`)
          }
          const injected = harness.simulator.faults.injected()
          if (Object.values(injected).some((count) => count > 0)) return
        }
        return yield* fail(name, "no fault was injected (raise the subject's fault rate or change its fault seed)")
      })
    )
  }
}

const stillWithinRateLimits = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "stays within the vendor's rate limits (no request refused by the simulator's limiter)"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        yield* walkPages(harness, name, allQuery, 1, resolved.seeds.length)
        const listed = yield* listAll(harness, name)
        for (const summary of listed) {
          const id = Option.getOrElse(summary.id, () => summary.source.id)
          yield* harness.run(name, `get(${id})`, harness.invoices.get(id))
        }
        const refused = harness.simulator.rateLimiter.rejected()
        if (refused > 0) {
          return yield* fail(
            name,
            `${refused} of ${harness.simulator.requests.total()} requests went over the vendor's rate limit`
          )
        }
      })
    )
  }
}

const requestsNoMoreThanNeeded = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "lists with the vendor's largest page (no more requests than needed)"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        const before = getRequests(harness)
        yield* listAll(harness, name)
        const made = getRequests(harness) - before
        // One request per vendor page of the documented maximum, plus a final probe and a second listing
        // endpoint (e.g. invoices and credit notes) at most.
        const allowed = Math.ceil(resolved.seeds.length / resolved.simulator.documentedMaxPageSize) + 2
        if (made > allowed) {
          return yield* fail(
            name,
            `list(all) of ${resolved.seeds.length} invoices made ${made} GET requests; pages of ${resolved.simulator.documentedMaxPageSize} need at most ${allowed}`
          )
        }
      })
    )
  }
}

const getRequests = (harness: ConformanceHarness.Harness): number =>
  Object.entries(harness.simulator.requests.byRoute())
    .filter(([route]) => route.startsWith("GET "))
    .reduce((sum, [, count]) => sum + count, 0)

/** The invoice the create checks use: the subject's, or two lines to the first seed's customer. */
export const createInputOf = (resolved: ResolvedSubject): SalesInvoiceInput.SalesInvoiceInput => {
  if (resolved.subject.createInput !== undefined) return resolved.subject.createInput(resolved.seeds, resolved.asOf)
  const seed = resolved.seeds[0]
  const currency = seed?.currency ?? resolved.profile.currencies[0] ?? "SEK"
  const vat = BigDecimal.fromStringUnsafe(resolved.profile.vatRates[0] ?? "25")
  const line = (name: string, quantity: string, price: string): SalesInvoiceInput.SalesInvoiceLineInput => ({
    invoicedQuantity: { quantity: BigDecimal.fromStringUnsafe(quantity), unitCode: Option.none() },
    item: {
      name,
      description: Option.none(),
      sellersItemIdentification: Option.none(),
      classifiedTaxCategories: [{ percent: Option.some(vat) }]
    },
    price: { priceAmount: { amount: BigDecimal.fromStringUnsafe(price), currencyId: currency } }
  })
  return {
    reference: Option.none(),
    buyerReference: Option.none(),
    sellerReference: Option.none(),
    issueDate: Option.some(resolved.asOf),
    dueDate: Option.some(CalendarDate.addDays(resolved.asOf, 30)),
    creditInvoice: Option.none(),
    notes: [],
    orderReference: Option.none(),
    documentCurrencyCode: Option.some({ currency: Option.some(currency), currencyRate: Option.none() }),
    accountingCustomerParty: {
      supplierAssignedAccountId: Option.some({
        id: Option.some(seed?.customer.number ?? "100"),
        schemeId: Option.none()
      }),
      party: {
        partyIdentification: [],
        partyName: Option.some({
          name: Option.some(seed?.customer.name ?? "Conformance AB"),
          languageId: Option.none()
        }),
        postalAddress: Option.none(),
        partyLegalEntity: Option.none(),
        contact: Option.none()
      }
    },
    paymentTerms: Option.none(),
    invoiceLines: [line("Consulting hours", "2", "1250.50"), line("Support subscription", "1", "399.00")],
    externalReference: Option.some("konto-conformance")
  }
}

const netOfInput = (input: SalesInvoiceInput.SalesInvoiceInput): BigDecimal.BigDecimal =>
  Money.sum(
    input.invoiceLines.map((line) => BigDecimal.multiply(line.invoicedQuantity.quantity, line.price.priceAmount.amount))
  )

const createRoundTrips = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "create then get round-trips, and the new invoice is listed once"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        const input = createInputOf(resolved)
        const created = yield* harness.run(
          name,
          "create",
          harness.invoices.create(input, { idempotencyKey: "conformance-create-1" })
        )
        const createdJson = invoiceJson(created)
        if (Result.isFailure(createdJson)) return yield* fail(name, `the created invoice ${createdJson.failure}`)
        const id = Option.getOrElse(created.id, () => created.source.id)
        const got = yield* harness.run(name, `get(${id})`, harness.invoices.get(id))
        const gotJson = invoiceJson(got)
        if (Result.isFailure(gotJson)) return yield* fail(name, `get(${id}) ${gotJson.failure}`)
        const differences: Array<string> = []
        if (Option.getOrNull(got.id) !== Option.getOrNull(created.id)) differences.push("id")
        if (Option.getOrNull(got.reference) !== Option.getOrNull(created.reference)) differences.push("reference")
        if (Option.isSome(input.issueDate) && Option.getOrNull(got.issueDate) !== input.issueDate.value)
          differences.push("issueDate")
        if (Option.isSome(input.dueDate) && Option.getOrNull(got.dueDate) !== input.dueDate.value)
          differences.push("dueDate")
        const customerNumber = (party: Option.Option<SalesInvoice.CustomerParty>) =>
          Option.getOrNull(
            Option.flatMap(party, (customer) =>
              Option.flatMap(customer.supplierAssignedAccountId, (account) => account.id)
            )
          )
        const inputCustomer = Option.getOrNull(
          Option.flatMap(input.accountingCustomerParty.supplierAssignedAccountId, (account) => account.id)
        )
        if (inputCustomer !== null && customerNumber(got.accountingCustomerParty) !== inputCustomer)
          differences.push("customer number")
        if (!sameDecimal(totalsOf(got).net, Option.some(netOfInput(input)))) {
          differences.push(`net (${decimalText(totalsOf(got).net)} ≠ ${Money.formatDecimal(netOfInput(input))})`)
        }
        if (!sameDecimal(totalsOf(got).gross, totalsOf(created).gross)) differences.push("gross (create vs get)")
        if (got.invoiceLines.length !== input.invoiceLines.length) {
          differences.push(`invoiceLines (${got.invoiceLines.length} ≠ ${input.invoiceLines.length})`)
        } else {
          input.invoiceLines.forEach((line, index) => {
            const gotLine = got.invoiceLines[index] as SalesInvoice.InvoiceLine
            const quantity = Option.flatMap(gotLine.invoicedQuantity, (value) => value.quantity)
            const price = Option.map(
              Option.flatMap(gotLine.price, (value) => Option.some(value.priceAmount)),
              (money) => money.amount
            )
            if (!sameDecimal(quantity, Option.some(line.invoicedQuantity.quantity)))
              differences.push(`line ${index + 1} quantity`)
            if (!sameDecimal(price, Option.some(line.price.priceAmount.amount)))
              differences.push(`line ${index + 1} price`)
            if (Option.getOrNull(gotLine.item.name) !== line.item.name) differences.push(`line ${index + 1} name`)
          })
        }
        if (statusText(got.statuses) !== statusText(created.statuses)) differences.push("statuses (create vs get)")
        if (differences.length > 0)
          return yield* fail(name, `get(${id}) differs from what was created: ${differences.join(", ")}`)
        const listed = yield* listAll(harness, name)
        yield* expectReferences(name, "list(all) after create", listed.map(referenceOf), [
          ...resolved.seeds.map((seed) => seed.number),
          referenceOf(created)
        ])
      })
    )
  }
}

const idempotentCreate = (resolved: ResolvedSubject): ConformanceCheck => {
  const name = "an idempotent create whose response was lost is never duplicated"
  return {
    name,
    run: withWorld(resolved, (harness) =>
      Effect.gen(function* () {
        const input = createInputOf(resolved)
        // Warm up (e.g. an OAuth refresh), so the lost response is the create's own.
        yield* harness.run(name, "page(all, 1, 1)", harness.invoices.page(allQuery, { count: 1, currentPage: 1 }))
        // The first write is the create, whichever method the vendor creates with (Xero: PUT).
        harness.simulator.faults.dropNextResponse({ method: ["POST", "PUT"] })
        const first = yield* harness
          .attempt(
            name,
            "create (response lost)",
            harness.invoices.create(input, { idempotencyKey: "conformance-idem-1" })
          )
          .pipe(Effect.result)
        if (Result.isFailure(first) && first.failure instanceof ConformanceFailure)
          return yield* Effect.fail(first.failure)
        if (harness.simulator.faults.injected()["lost-response"] !== 1) {
          return yield* fail(name, "the create sent no POST or PUT whose response could be lost")
        }
        const second = yield* harness.run(
          name,
          "create (retried with the same key)",
          harness.invoices.create(input, { idempotencyKey: "conformance-idem-1" })
        )
        const third = yield* harness.run(
          name,
          "create (the same key again)",
          harness.invoices.create(input, { idempotencyKey: "conformance-idem-1" })
        )
        const idOf = (invoice: SalesInvoice.SalesInvoice) => Option.getOrElse(invoice.id, () => invoice.source.id)
        if (Result.isSuccess(first) && idOf(first.success) !== idOf(second)) {
          return yield* fail(name, `the retried create returned ${idOf(second)}, the first ${idOf(first.success)}`)
        }
        if (idOf(third) !== idOf(second))
          return yield* fail(name, `the same key created ${idOf(second)} and ${idOf(third)}`)
        const other = yield* harness.run(
          name,
          "create (another key)",
          harness.invoices.create(input, { idempotencyKey: "conformance-idem-2" })
        )
        if (idOf(other) === idOf(second)) return yield* fail(name, "another idempotency key returned the same invoice")
        const listed = yield* listAll(harness, name)
        yield* expectReferences(name, "list(all) after creates with two keys", listed.map(referenceOf), [
          ...resolved.seeds.map((seed) => seed.number),
          referenceOf(second),
          referenceOf(other)
        ])
      })
    )
  }
}

// ---------------------------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------------------------

/** The checks that apply to the subject's capability row, as plain effects. */
export const checks = (subject: ConformanceSubject): ReadonlyArray<ConformanceCheck> => {
  const resolved = resolve(subject)
  const result: Array<ConformanceCheck> = []
  if (resolved.capabilities.operations.list.support !== "not-supported") {
    result.push(
      listsEveryInvoiceOnce(resolved),
      preservesAmounts(resolved),
      derivesStatuses(resolved),
      servesFilters(resolved),
      pagesExactlyOnce(resolved),
      faultsChangeNothing(resolved),
      stillWithinRateLimits(resolved),
      requestsNoMoreThanNeeded(resolved)
    )
    if (resolved.capabilities.operations.get.support !== "not-supported") result.push(getsEveryInvoice(resolved))
    if (
      resolved.capabilities.operations.create.support !== "not-supported" &&
      resolved.capabilities.operations.get.support !== "not-supported"
    ) {
      result.push(createRoundTrips(resolved), idempotentCreate(resolved))
    }
  }
  result.push(refusesUnsupported(resolved))
  return result
}

/** Runs every check and reports each outcome (for testing the suite itself, or custom runners). */
export const runAll = (subject: ConformanceSubject): Effect.Effect<ReadonlyArray<ConformanceResult>> =>
  Effect.forEach(checks(subject), (check) =>
    check.run.pipe(
      Effect.match({
        onFailure: (failure) => ({ name: check.name, failure: Option.some(failure) }),
        onSuccess: () => ({ name: check.name, failure: Option.none<ConformanceFailure>() })
      })
    )
  )

/** Registers the conformance suite for an adapter: one vitest `describe`, one test per check. */
export const conformance = (subject: ConformanceSubject): void => {
  describe(`konto conformance: ${subject.connector.displayName} (${subject.connector.id})`, () => {
    for (const check of checks(subject)) {
      it.effect(check.name, () => check.run, 60_000)
    }
  })
}
