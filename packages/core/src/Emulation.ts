/**
 * Emulated filtering, ordering and re-paging, once for every connector: a plan splits a query into what the
 * vendor does (the native query) and what konto does over the vendor's pages (the residual), and a stream
 * transformation applies the residual.
 */
import { DateTime, Effect, Option, Stream } from "effect"
import type { Capabilities, DimensionSupport } from "./Capabilities.ts"
import type { ListQuery, Page, PageRequest } from "./ListQuery.ts"
import type { SalesInvoiceSummary } from "./SalesInvoice.ts"

/** How a query is served. */
export interface QueryPlan {
  /** The query the vendor gets: every dimension konto emulates is removed. */
  readonly native: ListQuery
  /** What konto checks over the vendor's items; `none` when the vendor does all the filtering. */
  readonly residual: Option.Option<(summary: SalesInvoiceSummary) => boolean>
  /** The order konto must impose itself (buffering the listing), when the vendor cannot. */
  readonly emulatedOrder: Option.Option<"DateAscending" | "DateDescending">
}

const isEmulated = (support: DimensionSupport): boolean => support.mode === "emulated"

/** Splits a query by the connector's capabilities. Callers check `not-supported` dimensions first. */
export const plan = (capabilities: Capabilities, query: ListQuery): QueryPlan => {
  const checks: Array<(summary: SalesInvoiceSummary) => boolean> = []
  let native = query

  if (Option.isSome(query.status) && isEmulated(capabilities.statusFilters[query.status.value])) {
    const status = query.status.value
    checks.push((summary) => summary.statuses.includes(status))
    native = { ...native, status: Option.none() }
  }
  if (
    (Option.isSome(query.fromInvoiceDate) || Option.isSome(query.toInvoiceDate)) &&
    isEmulated(capabilities.invoiceDateRange)
  ) {
    const from = query.fromInvoiceDate
    const to = query.toInvoiceDate
    checks.push(
      (summary) =>
        Option.isSome(summary.issueDate) &&
        (Option.isNone(from) || summary.issueDate.value >= from.value) &&
        (Option.isNone(to) || summary.issueDate.value <= to.value)
    )
    native = { ...native, fromInvoiceDate: Option.none(), toInvoiceDate: Option.none() }
  }
  if (Option.isSome(query.createdSince) && isEmulated(capabilities.createdSince)) {
    const since = query.createdSince.value
    checks.push(
      (summary) =>
        Option.isSome(summary.createdDateTime) && DateTime.isGreaterThanOrEqualTo(summary.createdDateTime.value, since)
    )
    native = { ...native, createdSince: Option.none() }
  }
  if (Option.isSome(query.modifiedSince) && isEmulated(capabilities.modifiedSince)) {
    const since = query.modifiedSince.value
    checks.push(
      (summary) =>
        Option.isSome(summary.modifiedDateTime) &&
        DateTime.isGreaterThanOrEqualTo(summary.modifiedDateTime.value, since)
    )
    native = { ...native, modifiedSince: Option.none() }
  }
  let emulatedOrder: QueryPlan["emulatedOrder"] = Option.none()
  if (Option.isSome(query.orderBy) && isEmulated(capabilities.orderByDate)) {
    emulatedOrder = query.orderBy
    native = { ...native, orderBy: Option.none() }
  }
  return {
    native,
    residual: checks.length === 0 ? Option.none() : Option.some((summary) => checks.every((check) => check(summary))),
    emulatedOrder
  }
}

/** Whether konto does any of the work itself. */
export const isEmulating = (queryPlan: QueryPlan): boolean =>
  Option.isSome(queryPlan.residual) || Option.isSome(queryPlan.emulatedOrder)

const byIssueDate =
  (direction: "DateAscending" | "DateDescending") =>
  (a: SalesInvoiceSummary, b: SalesInvoiceSummary): number => {
    // Invoices without an issue date sort last either way; ties keep the vendor's order (stable sort).
    const left = Option.getOrUndefined(a.issueDate)
    const right = Option.getOrUndefined(b.issueDate)
    if (left === right) return 0
    if (left === undefined) return 1
    if (right === undefined) return -1
    return direction === "DateAscending" ? (left < right ? -1 : 1) : left < right ? 1 : -1
  }

/** Applies the residual filter and any emulated order to the vendor's stream. */
export const apply = <E, R>(
  queryPlan: QueryPlan,
  vendor: Stream.Stream<SalesInvoiceSummary, E, R>
): Stream.Stream<SalesInvoiceSummary, E, R> => {
  const filtered = Option.isSome(queryPlan.residual) ? Stream.filter(vendor, queryPlan.residual.value) : vendor
  if (Option.isNone(queryPlan.emulatedOrder)) return filtered
  // Ordering needs the whole listing: this buffers it (memory grows with the listing; documented).
  const order = byIssueDate(queryPlan.emulatedOrder.value)
  return Stream.unwrap(
    Stream.runCollect(filtered).pipe(Effect.map((items) => Stream.fromIterable([...items].sort(order))))
  )
}

/**
 * Serves API.1's `Count` / `CurrentPage` window from a stream: skips the earlier pages and reads one page.
 * Totals are known exactly only when the page comes out short (the stream ended inside it); otherwise they are
 * `none` and clients page until a short page.
 */
export const pageFromStream = <A, E, R>(
  stream: Stream.Stream<A, E, R>,
  request: PageRequest
): Effect.Effect<Page<A>, E, R> =>
  stream.pipe(
    Stream.drop((request.currentPage - 1) * request.count),
    Stream.take(request.count),
    Stream.runCollect,
    Effect.map((items): Page<A> => {
      if (items.length < request.count && (items.length > 0 || request.currentPage === 1)) {
        const total = (request.currentPage - 1) * request.count + items.length
        return {
          items,
          currentPage: request.currentPage,
          totalResources: Option.some(total),
          totalPages: Option.some(Math.ceil(total / request.count))
        }
      }
      return { items, currentPage: request.currentPage, totalResources: Option.none(), totalPages: Option.none() }
    })
  )
