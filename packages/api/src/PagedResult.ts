/**
 * API.1's paged result: `{ meta: { totalResources, totalPages, currentPage }, data }`. Totals are `null` when
 * konto does not know them exactly (it filtered or re-paged a vendor's listing); clients page until a short page.
 */
import type { ListQuery } from "@konto/core"
import { Option, Schema } from "effect"

/** `PagedResultMetadataDto`. */
export const PagedResultMetadataDto = Schema.Struct({
  totalResources: Schema.NullOr(Schema.Int),
  totalPages: Schema.NullOr(Schema.Int),
  currentPage: Schema.Int
}).annotate({ identifier: "PagedResultMetadataDto" })
export type PagedResultMetadataDto = typeof PagedResultMetadataDto.Type

/** A paged result of `item`s, named like API.1's (`SalesInvoiceSummaryDtoPagedResultDto`, …). */
export const PagedResult = <S extends Schema.Top>(item: S, identifier: string) =>
  Schema.Struct({
    meta: PagedResultMetadataDto,
    data: Schema.Array(item)
  }).annotate({ identifier })

/** The paged result of a core page, each item mapped. */
export const fromPage = <A, B>(
  page: ListQuery.Page<A>,
  map: (item: A) => B
): {
  readonly meta: PagedResultMetadataDto
  readonly data: ReadonlyArray<B>
} => ({
  meta: {
    totalResources: Option.getOrNull(page.totalResources),
    totalPages: Option.getOrNull(page.totalPages),
    currentPage: page.currentPage
  },
  data: page.items.map(map)
})
