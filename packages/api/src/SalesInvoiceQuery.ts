/**
 * The query parameters of API.1's sales-invoice endpoints, and their reading into core's `ListQuery`.
 *
 * - `Count` 1–100 and `CurrentPage` ≥ 1 (API.1's window).
 * - `FromInvoiceDate` / `ToInvoiceDate`: a date (`2025-01-01`) or a date-time (`2025-01-01T00:00:00Z`, as the
 *   seed documents); the calendar date as written is used.
 * - `CreatedDateTime` / `ModifiedDateTime`: "on or after" this instant; a date-time without a zone
 *   (`yyyy-MM-ddTHH:mm:ss`, as API.1 documents) is read in the consent's time zone.
 * - `OrderBy`, `Status`: API.1's values, any letter case.
 * - `Include`: the seed's comma-separated form (`Include=paymentStatus,paymentTerms`, also `include=`) and the
 *   spec's exploded `InvoicesListIncludeOptions` form (`paymentStatus=true&paymentTerms=true`).
 */
import { CalendarDate, InvoiceStatus, ListQuery } from "@konto/core"
import { DateTime, Effect, Option, Schema, SchemaIssue, SchemaTransformation } from "effect"

const caseInsensitiveLiterals = <const L extends ReadonlyArray<string>>(literals: L, description: string) => {
  const byLowerCase = new Map(literals.map((literal) => [literal.toLowerCase(), literal] as const))
  return Schema.String.pipe(
    Schema.decodeTo(
      Schema.Literals(literals),
      SchemaTransformation.transformEffect({
        decode: (text, options) => {
          const literal = byLowerCase.get(text.trim().toLowerCase())
          return literal === undefined
            ? Effect.fail(
                new SchemaIssue.InvalidValue({ message: `Expected one of ${literals.join(", ")}` }, text, options)
              )
            : Effect.succeed(literal as L[number])
        },
        encode: (literal) => Effect.succeed(literal as string)
      })
    ),
    Schema.annotate({ description })
  )
}

const datePattern = /^(\d{4}-\d{2}-\d{2})$/
const dateTimePattern = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?$/

/** A date-time as API.1 takes it: with a zone (an instant) or without one (local time in the consent's zone). */
export const DateTimeParamValue = Schema.Union([
  Schema.TaggedStruct("Instant", { instant: Schema.DateTimeUtc }),
  Schema.TaggedStruct("Local", { text: Schema.String })
])
export type DateTimeParam = typeof DateTimeParamValue.Type

const parseDateTimeParam = (text: string): Option.Option<DateTimeParam> => {
  const trimmed = text.trim()
  const dateOnly = datePattern.exec(trimmed)
  const match = dateOnly ?? dateTimePattern.exec(trimmed)
  if (match === null || !Schema.is(CalendarDate.CalendarDate)(match[1])) return Option.none()
  const [hours, minutes, seconds] =
    dateOnly === null ? [Number(match[2]), Number(match[3]), Number(match[4] ?? "0")] : [0, 0, 0]
  if (hours > 23 || minutes > 59 || seconds > 59) return Option.none()
  const zone = dateOnly === null ? match[6] : undefined
  if (zone === undefined) {
    const local = `${match[1]}T${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`
    return Option.some({
      _tag: "Local",
      text: dateOnly === null && match[5] !== undefined ? `${local}.${match[5]}` : local
    })
  }
  return Option.map(DateTime.make(trimmed.replace(" ", "T")), (instant) => ({
    _tag: "Instant" as const,
    instant: DateTime.toUtc(instant)
  }))
}

/** A date-time query parameter (`2025-01-01T00:00:00Z`, `2025-01-01T00:00:00`, `2025-01-01`). */
export const DateTimeParam = Schema.String.pipe(
  Schema.decodeTo(
    DateTimeParamValue,
    SchemaTransformation.transformEffect({
      decode: (text, options) => {
        const parsed = parseDateTimeParam(text)
        return Option.isSome(parsed)
          ? Effect.succeed(parsed.value)
          : Effect.fail(
              new SchemaIssue.InvalidValue(
                {
                  message: "Expected an ISO 8601 date-time (yyyy-MM-ddTHH:mm:ssZ) or date (yyyy-MM-dd)"
                },
                text,
                options
              )
            )
      },
      encode: (param) => Effect.succeed(param._tag === "Local" ? param.text : DateTime.formatIso(param.instant))
    })
  ),
  Schema.annotate({
    description: "ISO 8601 date-time, e.g. 2025-01-01T00:00:00Z; without a zone it is read in the consent's time zone"
  })
)

/** An invoice-date query parameter: the calendar date as written (`2025-01-01` or `2025-01-01T00:00:00Z`). */
export const InvoiceDateParam = Schema.String.pipe(
  Schema.decodeTo(
    CalendarDate.CalendarDate,
    SchemaTransformation.transformEffect<string, string>({
      decode: (text, options) => {
        const parsed = parseDateTimeParam(text)
        return Option.isSome(parsed)
          ? Effect.succeed(text.trim().slice(0, 10))
          : Effect.fail(
              new SchemaIssue.InvalidValue(
                {
                  message: "Expected an ISO 8601 date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm:ssZ)"
                },
                text,
                options
              )
            )
      },
      encode: (date) => Effect.succeed(date)
    })
  ),
  Schema.annotate({ description: "Issue date, yyyy-MM-dd or an ISO 8601 date-time (its date part is used)" })
)

/** An include option. */
export const IncludeOption = Schema.Literals(["paymentStatus", "paymentTerms"])
export type IncludeOption = typeof IncludeOption.Type

/** The comma-separated `Include` parameter (`paymentStatus,paymentTerms`), any letter case. */
export const IncludeList = Schema.String.pipe(
  Schema.decodeTo(
    Schema.Array(IncludeOption),
    SchemaTransformation.transformEffect({
      decode: (text, options) => {
        const known = new Map(IncludeOption.literals.map((option) => [option.toLowerCase(), option] as const))
        const parts = text
          .split(",")
          .map((part) => part.trim())
          .filter((part) => part !== "")
        const included: Array<IncludeOption> = []
        for (const part of parts) {
          const option = known.get(part.toLowerCase())
          if (option === undefined) {
            return Effect.fail(
              new SchemaIssue.InvalidValue(
                {
                  message: `Unknown include option "${part}"; expected ${IncludeOption.literals.join(", ")}`
                },
                text,
                options
              )
            )
          }
          included.push(option)
        }
        return Effect.succeed<ReadonlyArray<IncludeOption>>(included)
      },
      encode: (included) => Effect.succeed(included.join(","))
    })
  ),
  Schema.annotate({ description: "Comma-separated optional data to include: paymentStatus, paymentTerms" })
)

const BooleanParam = Schema.Literals(["true", "false", "True", "False", "TRUE", "FALSE"]).annotate({
  description: "true or false"
})

/** `Count`: 1–100. */
export const CountParam = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100 })).annotate({
  description: "Number of records to return per page, 1–100 (default 100)"
})

/** `CurrentPage`: ≥ 1. */
export const CurrentPageParam = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 2147483647 })).annotate({
  description: "Page number to return, from 1 (default 1)"
})

/** The list endpoint's query parameters. */
export const ListSalesInvoicesParams = {
  Count: Schema.optionalKey(CountParam),
  CurrentPage: Schema.optionalKey(CurrentPageParam),
  FromInvoiceDate: Schema.optionalKey(InvoiceDateParam),
  ToInvoiceDate: Schema.optionalKey(InvoiceDateParam),
  CreatedDateTime: Schema.optionalKey(DateTimeParam),
  ModifiedDateTime: Schema.optionalKey(DateTimeParam),
  OrderBy: Schema.optionalKey(
    caseInsensitiveLiterals(ListQuery.OrderBy.literals, "DateAscending or DateDescending (by issue date)")
  ),
  Status: Schema.optionalKey(
    caseInsensitiveLiterals(InvoiceStatus.literals, "Paid, Unpaid, Overdue, Cancelled, Unbooked, Unsent, Draft or Sold")
  ),
  Include: Schema.optionalKey(IncludeList),
  include: Schema.optionalKey(IncludeList),
  paymentStatus: Schema.optionalKey(BooleanParam),
  paymentTerms: Schema.optionalKey(BooleanParam)
}

/** The list endpoint's decoded query. */
export type ListSalesInvoicesParams = Schema.Struct<typeof ListSalesInvoicesParams>["Type"]

/** The get endpoint's query parameters. */
export const GetSalesInvoiceParams = {
  Include: Schema.optionalKey(IncludeList),
  include: Schema.optionalKey(IncludeList),
  paymentStatus: Schema.optionalKey(BooleanParam)
}

/** The get endpoint's decoded query. */
export type GetSalesInvoiceParams = Schema.Struct<typeof GetSalesInvoiceParams>["Type"]

const includes = (
  params: { readonly Include?: ReadonlyArray<IncludeOption>; readonly include?: ReadonlyArray<IncludeOption> },
  flags: { readonly paymentStatus?: string | undefined; readonly paymentTerms?: string | undefined }
): { readonly paymentStatus: boolean; readonly paymentTerms: boolean } => {
  const listed = new Set([...(params.Include ?? []), ...(params.include ?? [])])
  return {
    paymentStatus: listed.has("paymentStatus") || flags.paymentStatus?.toLowerCase() === "true",
    paymentTerms: listed.has("paymentTerms") || flags.paymentTerms?.toLowerCase() === "true"
  }
}

/** What the get endpoint includes. */
export const getIncludes = (params: GetSalesInvoiceParams): { readonly paymentStatus: boolean } => ({
  paymentStatus: includes(params, { paymentStatus: params.paymentStatus }).paymentStatus
})

/** Resolves a date-time parameter to an instant; a local date-time is read in `timeZone`. */
export const resolveDateTime = (param: DateTimeParam, timeZone: string): Option.Option<DateTime.Utc> =>
  param._tag === "Instant"
    ? Option.some(param.instant)
    : Option.map(DateTime.makeZoned(param.text, { timeZone, adjustForTimeZone: true }), DateTime.toUtc)

/** The core query and page window of a list request; date-times without a zone are read in `timeZone`. */
export const toListQuery = (
  params: ListSalesInvoicesParams,
  timeZone: string
): { readonly query: ListQuery.ListQuery; readonly page: ListQuery.PageRequest } => ({
  query: {
    status: Option.fromUndefinedOr(params.Status),
    fromInvoiceDate: Option.fromUndefinedOr(params.FromInvoiceDate),
    toInvoiceDate: Option.fromUndefinedOr(params.ToInvoiceDate),
    createdSince:
      params.CreatedDateTime === undefined ? Option.none() : resolveDateTime(params.CreatedDateTime, timeZone),
    modifiedSince:
      params.ModifiedDateTime === undefined ? Option.none() : resolveDateTime(params.ModifiedDateTime, timeZone),
    orderBy: Option.fromUndefinedOr(params.OrderBy),
    include: includes(params, { paymentStatus: params.paymentStatus, paymentTerms: params.paymentTerms })
  },
  page: {
    count: params.Count ?? ListQuery.defaultPageRequest.count,
    currentPage: params.CurrentPage ?? ListQuery.defaultPageRequest.currentPage
  }
})
