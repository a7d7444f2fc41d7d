/**
 * Paging helpers for simulators: slice a listing by page number and page size (or offset and limit), with
 * the totals vendors report, and read paging query parameters with the vendor's defaults and limits.
 */

/** Anything indexable with a length: arrays, or a view over a `RecordStore`. */
export interface Indexed<A> {
  readonly length: number
  readonly at: (index: number) => A | undefined
}

/** One page of a listing. */
export interface PageSlice<A> {
  readonly items: ReadonlyArray<A>
  /** The page number as the vendor counts it (see `firstPage`). */
  readonly page: number
  readonly pageSize: number
  readonly totalItems: number
  /** At least 1 (an empty listing has one empty page), as most vendors report it. */
  readonly totalPages: number
}

/** Page `page` of `pageSize` items; `firstPage` is the number of the first page (1 unless the vendor counts from 0). */
export const slice = <A>(
  items: Indexed<A>,
  page: number,
  pageSize: number,
  options?: { readonly firstPage?: number }
): PageSlice<A> => {
  const firstPage = options?.firstPage ?? 1
  const size = Math.max(1, Math.floor(pageSize))
  const start = Math.max(0, (page - firstPage) * size)
  const end = Math.min(items.length, start + size)
  const sliced: Array<A> = []
  for (let index = start; index < end; index++) sliced.push(items.at(index) as A)
  return {
    items: sliced,
    page,
    pageSize: size,
    totalItems: items.length,
    totalPages: Math.max(1, Math.ceil(items.length / size))
  }
}

/** Items `offset … offset + limit - 1`. */
export const sliceOffset = <A>(items: Indexed<A>, offset: number, limit: number): ReadonlyArray<A> => {
  const sliced: Array<A> = []
  const end = Math.min(items.length, Math.max(0, offset) + Math.max(0, limit))
  for (let index = Math.max(0, offset); index < end; index++) sliced.push(items.at(index) as A)
  return sliced
}

/** How a vendor names and bounds its paging parameters. */
export interface PagingParameters {
  readonly pageParam: string
  readonly sizeParam: string
  readonly defaultPageSize: number
  readonly maxPageSize: number
  /** The number of the first page; 1 unless the vendor counts from 0. */
  readonly firstPage?: number
  /** What to do with a page size above the maximum: clamp it (default) or refuse the request. */
  readonly overMax?: "clamp" | "reject"
}

/** A page request read from a query, or why it was refused (answer 400 with the vendor's message). */
export type PagingRead =
  | { readonly _tag: "Page"; readonly page: number; readonly pageSize: number }
  | { readonly _tag: "Invalid"; readonly parameter: string; readonly detail: string }

const readInteger = (query: URLSearchParams, name: string): number | undefined | "invalid" => {
  const value = query.get(name)
  if (value === null || value.trim() === "") return undefined
  return /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : "invalid"
}

/** Reads the page and page size from a query with the vendor's defaults and limits. */
export const read = (query: URLSearchParams, parameters: PagingParameters): PagingRead => {
  const firstPage = parameters.firstPage ?? 1
  const page = readInteger(query, parameters.pageParam)
  const size = readInteger(query, parameters.sizeParam)
  if (page === "invalid" || (page !== undefined && page < firstPage)) {
    return { _tag: "Invalid", parameter: parameters.pageParam, detail: `must be an integer of ${firstPage} or more` }
  }
  if (size === "invalid" || (size !== undefined && size < 1)) {
    return { _tag: "Invalid", parameter: parameters.sizeParam, detail: "must be a positive integer" }
  }
  if (size !== undefined && size > parameters.maxPageSize && parameters.overMax === "reject") {
    return { _tag: "Invalid", parameter: parameters.sizeParam, detail: `must be at most ${parameters.maxPageSize}` }
  }
  return {
    _tag: "Page",
    page: page ?? firstPage,
    pageSize: Math.min(size ?? parameters.defaultPageSize, parameters.maxPageSize)
  }
}
