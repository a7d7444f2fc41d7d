/**
 * Walking a vendor's numbered pages: as a stream of items (paging hidden), and as API.1's `Count` /
 * `CurrentPage` window served from just the vendor pages that cover it.
 *
 * Vendor pages are numbered from 1 and all have the same size (`pageSize`, the largest the vendor allows)
 * except the last. A page is the last when the vendor says so (`hasNext` false, `totalPages` reached,
 * `totalItems` reached) or, when it says nothing, when the page is short. An empty page always ends the walk.
 * An adapter whose vendor numbers pages from 0 or pages by offset converts inside its `fetchPage`.
 */

import type { ListQuery } from "@konto/core"
import { Effect, Option, Stream } from "effect"
import { Headers } from "effect/http"

/** One vendor page: its items and whatever the vendor said about the whole listing. */
export interface VendorPage<A> {
  readonly items: ReadonlyArray<A>
  /** Items in the whole listing (Fortnox `@TotalResources`, Xero `pagination.itemCount`). */
  readonly totalItems: Option.Option<number>
  /** Pages in the whole listing at the requested page size (Fortnox `@TotalPages`, Xero `pageCount`). */
  readonly totalPages: Option.Option<number>
  /** Whether a next page exists (e.g. a `Link: rel="next"` header, as Moneybird sends). */
  readonly hasNext: Option.Option<boolean>
}

/** What a vendor said about the listing; `null`/absent when it said nothing. */
export interface PageInfo {
  readonly totalItems?: number | null | undefined
  readonly totalPages?: number | null | undefined
  readonly hasNext?: boolean | null | undefined
}

/** Builds a vendor page. */
export const make = <A>(items: ReadonlyArray<A>, info: PageInfo = {}): VendorPage<A> => ({
  items,
  totalItems: Option.fromNullishOr(info.totalItems),
  totalPages: Option.fromNullishOr(info.totalPages),
  hasNext: Option.fromNullishOr(info.hasNext)
})

/** Fetches vendor page `pageNumber` (from 1) of `pageSize` items. */
export type FetchPage<A, E, R> = (pageNumber: number, pageSize: number) => Effect.Effect<VendorPage<A>, E, R>

/**
 * Whether another page follows page `pageNumber`, which held `page.items`: the vendor's word first
 * (`hasNext`, then `totalPages`, then `totalItems`), else "the page was full". `itemsSoFar` (items of all pages
 * up to and including this one) makes the `totalItems` check exact even when the vendor served smaller pages
 * than asked; without it, earlier pages are assumed full.
 */
export const hasNextPage = <A>(
  page: VendorPage<A>,
  pageNumber: number,
  pageSize: number,
  itemsSoFar?: number
): boolean => {
  if (page.items.length === 0) return false
  if (Option.isSome(page.hasNext)) return page.hasNext.value
  if (Option.isSome(page.totalPages)) return pageNumber < page.totalPages.value
  if (Option.isSome(page.totalItems)) {
    return (itemsSoFar ?? (pageNumber - 1) * pageSize + page.items.length) < page.totalItems.value
  }
  return page.items.length >= pageSize
}

const checkPageSize = (pageSize: number): void => {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`invalid vendor page size: ${pageSize}`)
}

/**
 * Every item of the listing, page after page. A page is fetched only when the consumer pulls past the previous
 * one, so `Stream.take(n)` costs only the pages that hold the first `n` items.
 */
export const stream = <A, E, R>(
  fetchPage: FetchPage<A, E, R>,
  options: { readonly pageSize: number }
): Stream.Stream<A, E, R> =>
  Stream.suspend(() => {
    checkPageSize(options.pageSize)
    type Cursor = { readonly pageNumber: number; readonly itemsSoFar: number }
    return Stream.paginate<Cursor, A, E, R>({ pageNumber: 1, itemsSoFar: 0 }, ({ itemsSoFar, pageNumber }) =>
      Effect.map(fetchPage(pageNumber, options.pageSize), (page) => {
        const seen = itemsSoFar + page.items.length
        return [
          page.items,
          hasNextPage(page, pageNumber, options.pageSize, seen)
            ? Option.some({ pageNumber: pageNumber + 1, itemsSoFar: seen })
            : Option.none()
        ] as const
      })
    )
  })

/** The vendor pages (from 1, inclusive) that hold items `[(currentPage-1)·count, currentPage·count)`. */
export const coveringPages = (
  request: ListQuery.PageRequest,
  vendorPageSize: number
): { readonly first: number; readonly last: number } => {
  const start = (request.currentPage - 1) * request.count
  const end = request.currentPage * request.count
  return { first: Math.floor(start / vendorPageSize) + 1, last: Math.floor((end - 1) / vendorPageSize) + 1 }
}

/**
 * Serves API.1's window `request` from vendor pages of `vendorPageSize` items: fetches, in order, only the
 * vendor pages covering the window (stopping early at the end of the listing), slices, and reports totals when
 * they are exact — from the vendor's `totalItems`, or from reaching the listing's last page; otherwise `none`.
 */
export const window = <A, E, R>(
  fetchPage: FetchPage<A, E, R>,
  options: { readonly vendorPageSize: number },
  request: ListQuery.PageRequest
): Effect.Effect<ListQuery.Page<A>, E, R> =>
  Effect.gen(function* () {
    const size = options.vendorPageSize
    checkPageSize(size)
    if (
      !Number.isInteger(request.count) ||
      request.count < 1 ||
      !Number.isInteger(request.currentPage) ||
      request.currentPage < 1
    ) {
      // Core's `SalesInvoices` checks windows before any adapter sees them; this is a programming error.
      throw new RangeError(`invalid page window: count ${request.count}, page ${request.currentPage}`)
    }
    const start = (request.currentPage - 1) * request.count
    const end = request.currentPage * request.count
    const { first, last } = coveringPages(request, size)
    const collected: Array<A> = []
    let totalItems = Option.none<number>()
    let previousWasFull = false
    for (let pageNumber = first; pageNumber <= last; pageNumber++) {
      const page = yield* fetchPage(pageNumber, size)
      const pageStart = (pageNumber - 1) * size
      for (let index = Math.max(start - pageStart, 0); index < page.items.length && pageStart + index < end; index++) {
        collected.push(page.items[index]!)
      }
      if (Option.isSome(page.totalItems)) totalItems = page.totalItems
      const more = hasNextPage(page, pageNumber, size)
      if (!more) {
        // The listing ends on this page. Its size is exact unless an empty page follows a page not seen here.
        if (Option.isNone(totalItems) && (page.items.length > 0 || pageNumber === 1 || previousWasFull)) {
          totalItems = Option.some(pageStart + page.items.length)
        }
        break
      }
      previousWasFull = page.items.length >= size
    }
    return {
      items: collected,
      currentPage: request.currentPage,
      totalResources: totalItems,
      totalPages: Option.map(totalItems, (total) => Math.ceil(total / request.count))
    }
  })

/** The `rel="next"` target of an RFC 8288 `Link` header (Moneybird and others page this way). */
export const nextLink = (headers: Headers.Headers): Option.Option<string> => {
  const link = Headers.get(headers, "link")
  if (Option.isNone(link)) return Option.none()
  for (const part of link.value.split(",")) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim())
    if (match !== null && /(?:^|;)\s*rel\s*=\s*"?(?:[^";]*\s)?next(?:\s[^";]*)?"?\s*(?:;|$)/i.test(match[2] ?? "")) {
      return Option.some(match[1] ?? "")
    }
  }
  return Option.none()
}
