/**
 * What a caller asks a listing for, and the page window of API.1's `Count` / `CurrentPage`.
 */
import { Option, Schema } from "effect"
import { CalendarDate } from "./CalendarDate.ts"
import { InvoiceStatus } from "./InvoiceStatus.ts"

/** API.1's `OrderBy`: by issue date. */
export const OrderBy = Schema.Literals(["DateAscending", "DateDescending"])
export type OrderBy = typeof OrderBy.Type

/** A listing query. Every dimension is optional; `none` means "do not filter". */
export const ListQuery = Schema.Struct({
  status: Schema.Option(InvoiceStatus),
  fromInvoiceDate: Schema.Option(CalendarDate),
  toInvoiceDate: Schema.Option(CalendarDate),
  createdSince: Schema.Option(Schema.DateTimeUtc),
  modifiedSince: Schema.Option(Schema.DateTimeUtc),
  orderBy: Schema.Option(OrderBy),
  include: Schema.Struct({ paymentStatus: Schema.Boolean, paymentTerms: Schema.Boolean })
})
export type ListQuery = typeof ListQuery.Type

/** A query with no filter: every invoice, in the vendor's order. */
export const all: ListQuery = {
  status: Option.none(),
  fromInvoiceDate: Option.none(),
  toInvoiceDate: Option.none(),
  createdSince: Option.none(),
  modifiedSince: Option.none(),
  orderBy: Option.none(),
  include: { paymentStatus: true, paymentTerms: true }
}

/** Builds a query from the parts given; the rest stay unfiltered. */
export const make = (parts: Partial<ListQuery>): ListQuery => ({ ...all, ...parts })

/** API.1's page window: `Count` (1–100) items of page `CurrentPage` (from 1). */
export interface PageRequest {
  readonly count: number
  readonly currentPage: number
}

/** API.1's default window. */
export const defaultPageRequest: PageRequest = { count: 100, currentPage: 1 }

/** One page of a listing. Totals are `none` unless konto knows them exactly. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly currentPage: number
  readonly totalResources: Option.Option<number>
  readonly totalPages: Option.Option<number>
}
