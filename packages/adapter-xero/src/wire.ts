/**
 * Xero's Accounting API payloads (`xero_accounting.yaml`, info.version 16.1.0), vendor field names untouched.
 *
 * Response schemas decode only what the mapping uses: extra fields pass through unread, every field is optional
 * and tolerates `null` (Xero omits fields freely — the spec's own examples drop `SentToContact`, `AmountCredited`
 * and `Payments` on some invoices), enum-like values (`Type`, `Status`, `LineAmountTypes`) are plain strings so a
 * value Xero adds later never fails decoding (the mapping falls back and keeps the native value in `source`).
 * Listing pages are decoded with `XeroInvoiceSummary` / `XeroCreditNoteSummary`: the same fields, cut to what a
 * listing entry is made of. Request schemas (what konto sends) are strict.
 */

import type { ExactJson } from "@konto/core"
import { CalendarDate, Money } from "@konto/core"
import { type BigDecimal, DateTime, Effect, Option, Schema, SchemaIssue, SchemaTransformation, Struct } from "effect"

/** A Xero number (`type: number`, `x-is-money`), read exactly: JSON number, numeric string or raw JSON number. */
export const Decimal: Schema.Codec<BigDecimal.BigDecimal, number | string | ExactJson.RawJsonNumber> = Money.Decimal

const Optional = <S extends Schema.Top>(schema: S) => Schema.OptionFromOptionalNullOr(schema)

/** A list Xero may omit or send as `null`; decodes to an empty array then. */
const OptionalArray = <S extends Schema.Top>(item: S) =>
  Schema.NullOr(Schema.Array(item)).pipe(
    Schema.decodeTo(
      Schema.toType(Schema.Array(item)),
      SchemaTransformation.transform({
        decode: (items) => items ?? [],
        encode: (items) => items
      })
    ),
    Schema.withDecodingDefaultKey(Effect.succeed([]))
  )

// ---------------------------------------------------------------------------------------------------------------
// MS-JSON dates

/** The parts of an MS-JSON date `/Date(1539993600000+0000)/`: epoch milliseconds (UTC) and the zone offset. */
export interface MsJsonDateParts {
  readonly epochMillis: number
  /** The offset the value was written in, in minutes (`+0000` → 0, `+1300` → 780). */
  readonly offsetMinutes: number
}

const msJsonPattern = /^\/Date\((-?\d{1,16})(?:([+-])(\d{2})(\d{2}))?\)\/$/
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?)?$/

/**
 * Reads `/Date(<ms>[±hhmm])/`. The milliseconds are an instant in UTC; the offset says in which zone the value
 * was local (WCF's `DataContractJsonSerializer` convention Xero follows), so a local calendar date is the UTC
 * date of `ms + offset`. Integers only: the digits are read exactly (≤ 16 digits stay below 2^53).
 */
export const parseMsJsonDate = (text: string): Option.Option<MsJsonDateParts> => {
  const match = msJsonPattern.exec(text)
  if (match === null) return Option.none()
  const epochMillis = Number(match[1])
  if (!Number.isSafeInteger(epochMillis)) return Option.none()
  const sign = match[2] === "-" ? -1 : 1
  const hours = match[3] === undefined ? 0 : Number(match[3])
  const minutes = match[4] === undefined ? 0 : Number(match[4])
  if (hours > 23 || minutes > 59) return Option.none()
  return Option.some({ epochMillis, offsetMinutes: sign * (hours * 60 + minutes) })
}

/** Writes `/Date(<ms>+0000)/`. */
export const formatMsJsonDate = (epochMillis: number): string => `/Date(${epochMillis}+0000)/`

const utcCalendarDate = (epochMillis: number): Option.Option<CalendarDate.CalendarDate> => {
  const date = new Date(epochMillis)
  const year = date.getUTCFullYear()
  if (Number.isNaN(year) || year < 0 || year > 9999) return Option.none()
  const text = `${String(year).padStart(4, "0")}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(
    date.getUTCDate()
  ).padStart(2, "0")}`
  return Option.some(text as CalendarDate.CalendarDate)
}

/** Epoch milliseconds of a calendar date at midnight UTC. */
export const calendarDateToEpochMillis = (date: string): number => {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number]
  const instant = new Date(0)
  instant.setUTCFullYear(year, month - 1, day)
  return instant.getTime()
}

const isoCalendarDate = (text: string): Option.Option<CalendarDate.CalendarDate> => {
  const match = isoDatePattern.exec(text)
  if (match === null) return Option.none()
  return Schema.decodeUnknownOption(CalendarDate.CalendarDate)(`${match[1]}-${match[2]}-${match[3]}`)
}

/** Reads a Xero date field (`x-is-msdate`) as a calendar date: MS-JSON, or `yyyy-MM-dd[THH:mm:ss]` as sent. */
export const readXeroDate = (text: string): Option.Option<CalendarDate.CalendarDate> => {
  const parts = parseMsJsonDate(text)
  if (Option.isSome(parts)) return utcCalendarDate(parts.value.epochMillis + parts.value.offsetMinutes * 60_000)
  return isoCalendarDate(text)
}

/** Reads a Xero timestamp (`x-is-msdate-time`, e.g. `UpdatedDateUTC`) as an instant. */
export const readXeroDateTime = (text: string): Option.Option<DateTime.Utc> => {
  const parts = parseMsJsonDate(text)
  if (Option.isSome(parts)) return DateTime.make(parts.value.epochMillis)
  // Xero's `...String` twins are ISO 8601 without a zone for UTC values (`2018-11-02T16:31:30`).
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[zZ]|[+-]\d{2}:\d{2})?$/.test(text)) return Option.none()
  return DateTime.make(/(?:[zZ]|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`)
}

/** A Xero date (`x-is-msdate`): `/Date(1539993600000+0000)/` ⇄ `2018-10-20`. Encodes midnight UTC, `+0000`. */
export const XeroDate = Schema.String.pipe(
  Schema.decodeTo(
    CalendarDate.CalendarDate,
    SchemaTransformation.transformEffect<string, string>({
      decode: (text, options) => {
        const date = readXeroDate(text)
        return Option.isSome(date)
          ? Effect.succeed(date.value)
          : Effect.fail(
              new SchemaIssue.InvalidValue(
                { message: `Expected a Xero date such as /Date(1539993600000+0000)/, got ${JSON.stringify(text)}` },
                Option.some(text),
                options
              )
            )
      },
      encode: (date) => Effect.succeed(formatMsJsonDate(calendarDateToEpochMillis(date)))
    })
  ),
  Schema.annotate({ description: "A Xero MS-JSON date, /Date(<epoch ms>+0000)/" })
)

/** A Xero timestamp (`x-is-msdate-time`): `/Date(1541176592690+0000)/` ⇄ a UTC instant, to the millisecond. */
export const XeroDateTime = Schema.String.pipe(
  Schema.decodeTo(
    Schema.DateTimeUtc,
    SchemaTransformation.transformEffect({
      decode: (text, options) => {
        const instant = readXeroDateTime(text)
        return Option.isSome(instant)
          ? Effect.succeed(instant.value)
          : Effect.fail(
              new SchemaIssue.InvalidValue(
                {
                  message: `Expected a Xero timestamp such as /Date(1541176592690+0000)/, got ${JSON.stringify(text)}`
                },
                Option.some(text),
                options
              )
            )
      },
      encode: (instant) => Effect.succeed(formatMsJsonDate(DateTime.toEpochMillis(instant)))
    })
  ),
  Schema.annotate({ description: "A Xero MS-JSON timestamp, /Date(<epoch ms>+0000)/" })
)

// ---------------------------------------------------------------------------------------------------------------
// Vendor vocabularies (kept as strings on the wire; these are the documented values)

/** `Invoice.Type` values konto reads: ACCREC (sales invoice); `CreditNote.Type`: ACCRECCREDIT (sales credit note). */
export const invoiceTypes = {
  salesInvoice: "ACCREC",
  salesCreditNote: "ACCRECCREDIT"
} as const

/** `Invoice.Status` / `CreditNote.Status` values documented in the spec. */
export const documentStatuses = ["DRAFT", "SUBMITTED", "DELETED", "AUTHORISED", "PAID", "VOIDED"] as const
export type DocumentStatus = (typeof documentStatuses)[number]

/** `LineAmountTypes` values documented in the spec. */
export const lineAmountTypes = ["Exclusive", "Inclusive", "NoTax"] as const
export type LineAmountType = (typeof lineAmountTypes)[number]

// ---------------------------------------------------------------------------------------------------------------
// Response payloads

/** `Address` (of a contact). */
export const XeroAddress = Schema.Struct({
  AddressType: Optional(Schema.String),
  AddressLine1: Optional(Schema.String),
  AddressLine2: Optional(Schema.String),
  AddressLine3: Optional(Schema.String),
  AddressLine4: Optional(Schema.String),
  City: Optional(Schema.String),
  Region: Optional(Schema.String),
  PostalCode: Optional(Schema.String),
  Country: Optional(Schema.String),
  AttentionTo: Optional(Schema.String)
})
export type XeroAddress = typeof XeroAddress.Type

/** `Phone` (of a contact). */
export const XeroPhone = Schema.Struct({
  PhoneType: Optional(Schema.String),
  PhoneNumber: Optional(Schema.String),
  PhoneAreaCode: Optional(Schema.String),
  PhoneCountryCode: Optional(Schema.String)
})
export type XeroPhone = typeof XeroPhone.Type

/** `Contact` as embedded in an invoice. */
export const XeroContact = Schema.Struct({
  ContactID: Optional(Schema.String),
  ContactNumber: Optional(Schema.String),
  AccountNumber: Optional(Schema.String),
  Name: Optional(Schema.String),
  FirstName: Optional(Schema.String),
  LastName: Optional(Schema.String),
  CompanyNumber: Optional(Schema.String),
  EmailAddress: Optional(Schema.String),
  TaxNumber: Optional(Schema.String),
  Addresses: OptionalArray(XeroAddress),
  Phones: OptionalArray(XeroPhone)
})
export type XeroContact = typeof XeroContact.Type

/** `LineItemItem`: the item a line refers to. */
export const XeroLineItemItem = Schema.Struct({
  Code: Optional(Schema.String),
  Name: Optional(Schema.String),
  ItemID: Optional(Schema.String)
})

/** `LineItem`. Amounts follow the document's `LineAmountTypes` (tax-inclusive when `Inclusive`). */
export const XeroLineItem = Schema.Struct({
  LineItemID: Optional(Schema.String),
  Description: Optional(Schema.String),
  Quantity: Optional(Decimal),
  UnitAmount: Optional(Decimal),
  ItemCode: Optional(Schema.String),
  Item: Optional(XeroLineItemItem),
  AccountCode: Optional(Schema.String),
  TaxType: Optional(Schema.String),
  TaxAmount: Optional(Decimal),
  LineAmount: Optional(Decimal),
  DiscountRate: Optional(Decimal),
  DiscountAmount: Optional(Decimal)
})
export type XeroLineItem = typeof XeroLineItem.Type

/** `ValidationError`: one message. */
export const XeroValidationError = Schema.Struct({
  Message: Optional(Schema.String)
})
export type XeroValidationError = typeof XeroValidationError.Type

/** `Invoice` (schema `components.schemas.Invoice`), the fields konto maps. */
export const XeroInvoice = Schema.Struct({
  Type: Optional(Schema.String),
  InvoiceID: Schema.String,
  InvoiceNumber: Optional(Schema.String),
  Reference: Optional(Schema.String),
  Contact: Optional(XeroContact),
  LineItems: OptionalArray(XeroLineItem),
  Date: Optional(XeroDate),
  DueDate: Optional(XeroDate),
  LineAmountTypes: Optional(Schema.String),
  CurrencyCode: Optional(Schema.String),
  CurrencyRate: Optional(Decimal),
  Status: Optional(Schema.String),
  SentToContact: Optional(Schema.Boolean),
  SubTotal: Optional(Decimal),
  TotalTax: Optional(Decimal),
  Total: Optional(Decimal),
  TotalDiscount: Optional(Decimal),
  AmountDue: Optional(Decimal),
  AmountPaid: Optional(Decimal),
  AmountCredited: Optional(Decimal),
  FullyPaidOnDate: Optional(XeroDate),
  UpdatedDateUTC: Optional(XeroDateTime),
  HasErrors: Optional(Schema.Boolean),
  ValidationErrors: OptionalArray(XeroValidationError)
})
export type XeroInvoice = typeof XeroInvoice.Type

/** The invoice an allocation of a credit note applies to (a full `Invoice` on the wire; konto reads its ids). */
export const XeroAllocatedInvoice = Schema.Struct({
  InvoiceID: Optional(Schema.String),
  InvoiceNumber: Optional(Schema.String)
})

/** `Allocation` of a credit note to an invoice. */
export const XeroAllocation = Schema.Struct({
  AllocationID: Optional(Schema.String),
  Invoice: Optional(XeroAllocatedInvoice),
  Amount: Optional(Decimal),
  Date: Optional(XeroDate)
})
export type XeroAllocation = typeof XeroAllocation.Type

/** `CreditNote` (schema `components.schemas.CreditNote`). Amounts are positive; `RemainingCredit` is its balance. */
export const XeroCreditNote = Schema.Struct({
  Type: Optional(Schema.String),
  CreditNoteID: Schema.String,
  CreditNoteNumber: Optional(Schema.String),
  Reference: Optional(Schema.String),
  Contact: Optional(XeroContact),
  LineItems: OptionalArray(XeroLineItem),
  Date: Optional(XeroDate),
  DueDate: Optional(XeroDate),
  LineAmountTypes: Optional(Schema.String),
  CurrencyCode: Optional(Schema.String),
  CurrencyRate: Optional(Decimal),
  Status: Optional(Schema.String),
  SentToContact: Optional(Schema.Boolean),
  SubTotal: Optional(Decimal),
  TotalTax: Optional(Decimal),
  Total: Optional(Decimal),
  RemainingCredit: Optional(Decimal),
  FullyPaidOnDate: Optional(XeroDate),
  UpdatedDateUTC: Optional(XeroDateTime),
  Allocations: OptionalArray(XeroAllocation),
  HasErrors: Optional(Schema.Boolean),
  ValidationErrors: OptionalArray(XeroValidationError)
})
export type XeroCreditNote = typeof XeroCreditNote.Type

/**
 * The fields of an `Invoice` a listing entry (`SalesInvoiceSummary`) is made of. Listing pages are decoded with
 * this: Xero sends every field of every invoice (contact, line items, payments…), and the summary needs neither the
 * lines nor the references, rates and validation fields — decoding them was most of a listing's cost.
 */
export const XeroInvoiceSummary = XeroInvoice.mapFields(
  Struct.pick([
    "InvoiceID",
    "InvoiceNumber",
    "Contact",
    "Date",
    "DueDate",
    "CurrencyCode",
    "Status",
    "SentToContact",
    "SubTotal",
    "Total",
    "AmountDue",
    "AmountPaid",
    "AmountCredited",
    "FullyPaidOnDate",
    "UpdatedDateUTC"
  ])
)
export type XeroInvoiceSummary = typeof XeroInvoiceSummary.Type

/** The fields of a `CreditNote` a listing entry is made of (see `XeroInvoiceSummary`). */
export const XeroCreditNoteSummary = XeroCreditNote.mapFields(
  Struct.pick([
    "CreditNoteID",
    "CreditNoteNumber",
    "Contact",
    "Date",
    "DueDate",
    "CurrencyCode",
    "Status",
    "SentToContact",
    "SubTotal",
    "Total",
    "RemainingCredit",
    "FullyPaidOnDate",
    "UpdatedDateUTC"
  ])
)
export type XeroCreditNoteSummary = typeof XeroCreditNoteSummary.Type

/** A Xero sales document of invoice `I` or credit note `C`. */
export type XeroDocumentOf<I, C> =
  | { readonly _tag: "Invoice"; readonly invoice: I }
  | { readonly _tag: "CreditNote"; readonly creditNote: C }

/** A Xero sales document: an invoice from /Invoices or a credit note from /CreditNotes. */
export type XeroDocument = XeroDocumentOf<XeroInvoice, XeroCreditNote>

/** A listing entry: the summary fields of an invoice or credit note (a `XeroDocument` is one too). */
export type XeroDocumentSummary = XeroDocumentOf<XeroInvoiceSummary, XeroCreditNoteSummary>

/** Wraps a Xero invoice (complete, or its summary fields). */
export const invoiceDocument = <I extends XeroInvoiceSummary>(
  invoice: I
): { readonly _tag: "Invoice"; readonly invoice: I } => ({ _tag: "Invoice", invoice })

/** Wraps a Xero credit note (complete, or its summary fields). */
export const creditNoteDocument = <C extends XeroCreditNoteSummary>(
  creditNote: C
): { readonly _tag: "CreditNote"; readonly creditNote: C } => ({ _tag: "CreditNote", creditNote })

/** The native id of a document (`InvoiceID` or `CreditNoteID`). */
export const documentId = (document: XeroDocumentSummary): string =>
  document._tag === "Invoice" ? document.invoice.InvoiceID : document.creditNote.CreditNoteID

/** The issue date of a document, for ordering merged listings. */
export const documentDate = (document: XeroDocumentSummary): Option.Option<CalendarDate.CalendarDate> =>
  document._tag === "Invoice" ? document.invoice.Date : document.creditNote.Date

/** `Pagination` of a paged listing. */
export const XeroPagination = Schema.Struct({
  page: Optional(Schema.Int),
  pageSize: Optional(Schema.Int),
  pageCount: Optional(Schema.Int),
  itemCount: Optional(Schema.Int)
})
export type XeroPagination = typeof XeroPagination.Type

/** `Invoices`: the envelope of every /Invoices response. */
export const XeroInvoices = Schema.Struct({
  pagination: Optional(XeroPagination),
  Invoices: OptionalArray(XeroInvoice)
})
export type XeroInvoices = typeof XeroInvoices.Type

/** `CreditNotes`: the envelope of every /CreditNotes response. */
export const XeroCreditNotes = Schema.Struct({
  pagination: Optional(XeroPagination),
  CreditNotes: OptionalArray(XeroCreditNote)
})
export type XeroCreditNotes = typeof XeroCreditNotes.Type

/** A listing page of /Invoices, decoded to the summary fields only (`XeroInvoiceSummary`). */
export const XeroInvoiceSummaries = Schema.Struct({
  pagination: Optional(XeroPagination),
  Invoices: OptionalArray(XeroInvoiceSummary)
})
export type XeroInvoiceSummaries = typeof XeroInvoiceSummaries.Type

/** A listing page of /CreditNotes, decoded to the summary fields only (`XeroCreditNoteSummary`). */
export const XeroCreditNoteSummaries = Schema.Struct({
  pagination: Optional(XeroPagination),
  CreditNotes: OptionalArray(XeroCreditNoteSummary)
})
export type XeroCreditNoteSummaries = typeof XeroCreditNoteSummaries.Type

/** `Element`: the record a validation error belongs to, with its messages. */
export const XeroErrorElement = Schema.Struct({
  ValidationErrors: OptionalArray(XeroValidationError),
  InvoiceID: Optional(Schema.String),
  CreditNoteID: Optional(Schema.String),
  ContactID: Optional(Schema.String)
})

/** `Error`: Xero's error body (e.g. `ErrorNumber: 10`, `Type: ValidationException`) with per-element messages. */
export const XeroError = Schema.Struct({
  ErrorNumber: Optional(Schema.Int),
  Type: Optional(Schema.String),
  Message: Optional(Schema.String),
  Elements: OptionalArray(XeroErrorElement)
})
export type XeroError = typeof XeroError.Type

/** The text of an error body: the message plus every element's validation messages, de-duplicated. */
export const errorDetail = (error: XeroError): string => {
  const messages = error.Elements.flatMap((element) =>
    element.ValidationErrors.flatMap((validation) => Option.toArray(validation.Message))
  )
  const distinct = [...new Set(messages)]
  const head = Option.getOrElse(error.Message, () => "Xero rejected the request")
  return distinct.length === 0 ? head : `${head}: ${distinct.join("; ")}`
}

// ---------------------------------------------------------------------------------------------------------------
// Request payloads (strict: what konto writes)

const Strict = <S extends Schema.Top>(schema: S) => Schema.optionalKey(schema)

/** The contact of a document konto creates: an existing one by `ContactID`, or matched / created by `Name`. */
export const XeroContactInput = Schema.Struct({
  ContactID: Strict(Schema.String),
  ContactNumber: Strict(Schema.String),
  Name: Strict(Schema.String),
  CompanyNumber: Strict(Schema.String),
  EmailAddress: Strict(Schema.String)
})
export type XeroContactInput = typeof XeroContactInput.Type

/** A line of a document konto creates. */
export const XeroLineItemInput = Schema.Struct({
  Description: Schema.String,
  Quantity: Decimal,
  UnitAmount: Decimal,
  ItemCode: Strict(Schema.String)
})
export type XeroLineItemInput = typeof XeroLineItemInput.Type

/** A sales invoice (`Type: ACCREC`) konto creates with `PUT /Invoices`. */
export const XeroInvoiceInput = Schema.Struct({
  Type: Schema.Literal("ACCREC"),
  Contact: XeroContactInput,
  LineItems: Schema.Array(XeroLineItemInput),
  Date: Strict(Schema.String),
  DueDate: Strict(Schema.String),
  InvoiceNumber: Strict(Schema.String),
  Reference: Strict(Schema.String),
  CurrencyCode: Strict(Schema.String),
  CurrencyRate: Strict(Decimal),
  LineAmountTypes: Schema.Literal("Exclusive"),
  Status: Schema.Literal("DRAFT")
})
export type XeroInvoiceInput = typeof XeroInvoiceInput.Type

/** A sales credit note (`Type: ACCRECCREDIT`) konto creates with `PUT /CreditNotes`. */
export const XeroCreditNoteInput = Schema.Struct({
  Type: Schema.Literal("ACCRECCREDIT"),
  Contact: XeroContactInput,
  LineItems: Schema.Array(XeroLineItemInput),
  Date: Strict(Schema.String),
  DueDate: Strict(Schema.String),
  CreditNoteNumber: Strict(Schema.String),
  Reference: Strict(Schema.String),
  CurrencyCode: Strict(Schema.String),
  CurrencyRate: Strict(Decimal),
  LineAmountTypes: Schema.Literal("Exclusive"),
  Status: Schema.Literal("DRAFT")
})
export type XeroCreditNoteInput = typeof XeroCreditNoteInput.Type

/** What konto sends to create a document: an invoice for /Invoices or a credit note for /CreditNotes. */
export type XeroDocumentInput =
  | { readonly _tag: "Invoice"; readonly invoice: XeroInvoiceInput }
  | { readonly _tag: "CreditNote"; readonly creditNote: XeroCreditNoteInput }

/** The body of `PUT /Invoices`. */
export const XeroInvoicesInput = Schema.Struct({ Invoices: Schema.Array(XeroInvoiceInput) })

/** The body of `PUT /CreditNotes`. */
export const XeroCreditNotesInput = Schema.Struct({ CreditNotes: Schema.Array(XeroCreditNoteInput) })

// ---------------------------------------------------------------------------------------------------------------
// The `where` query language (the subset konto writes and the simulator reads)

/** A literal in a `where` clause. */
export type WhereValue =
  | { readonly _tag: "String"; readonly value: string }
  | { readonly _tag: "Number"; readonly value: BigDecimal.BigDecimal }
  | { readonly _tag: "Boolean"; readonly value: boolean }
  | { readonly _tag: "Date"; readonly value: CalendarDate.CalendarDate }

/** A comparison operator of `where`. */
export type WhereOperator = "==" | "!=" | "<" | "<=" | ">" | ">="

/** A `where` expression: comparisons of an element with a literal, joined by AND / OR. */
export type Where =
  | { readonly _tag: "Compare"; readonly field: string; readonly operator: WhereOperator; readonly value: WhereValue }
  | { readonly _tag: "And"; readonly clauses: ReadonlyArray<Where> }
  | { readonly _tag: "Or"; readonly clauses: ReadonlyArray<Where> }

/** Builders for `where` expressions. */
export const Where = {
  compare: (field: string, operator: WhereOperator, value: WhereValue): Where => ({
    _tag: "Compare",
    field,
    operator,
    value
  }),
  string: (value: string): WhereValue => ({ _tag: "String", value }),
  number: (value: BigDecimal.BigDecimal): WhereValue => ({ _tag: "Number", value }),
  boolean: (value: boolean): WhereValue => ({ _tag: "Boolean", value }),
  date: (value: CalendarDate.CalendarDate): WhereValue => ({ _tag: "Date", value }),
  and: (clauses: ReadonlyArray<Where>): Where => (clauses.length === 1 ? clauses[0]! : { _tag: "And", clauses }),
  or: (clauses: ReadonlyArray<Where>): Where => (clauses.length === 1 ? clauses[0]! : { _tag: "Or", clauses })
}

const renderValue = (value: WhereValue): string => {
  switch (value._tag) {
    case "String":
      return `"${value.value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`
    case "Number":
      return Money.formatDecimal(value.value)
    case "Boolean":
      return value.value ? "true" : "false"
    case "Date": {
      const [year, month, day] = value.value.split("-")
      return `DateTime(${year},${month},${day})`
    }
  }
}

/** Renders a `where` expression as Xero reads it, e.g. `Type=="ACCREC" AND DueDate<DateTime(2026,01,31)`. */
export const renderWhere = (where: Where): string => {
  switch (where._tag) {
    case "Compare":
      return `${where.field}${where.operator}${renderValue(where.value)}`
    case "And":
      return where.clauses
        .map((clause) => (clause._tag === "Or" ? `(${renderWhere(clause)})` : renderWhere(clause)))
        .join(" AND ")
    case "Or":
      return where.clauses
        .map((clause) => (clause._tag === "And" ? `(${renderWhere(clause)})` : renderWhere(clause)))
        .join(" OR ")
  }
}

/** The native query of one Xero listing endpoint (/Invoices or /CreditNotes). */
export interface XeroListQuery {
  /** `Statuses=` (a comma list; /Invoices only — /CreditNotes has no such parameter). */
  readonly statuses: ReadonlyArray<string>
  readonly where: Option.Option<Where>
  /** `order=`, e.g. `Date ASC`. */
  readonly order: Option.Option<string>
  /** The `If-Modified-Since` header: records created or modified since. */
  readonly ifModifiedSince: Option.Option<DateTime.Utc>
}

/** The native query of a sales listing: both streams, and how to merge them. */
export interface XeroDocumentQuery {
  readonly invoices: XeroListQuery
  readonly creditNotes: XeroListQuery
  /** When set, both streams come ordered by `Date` and konto merges them in that order. */
  readonly orderByDate: Option.Option<"ASC" | "DESC">
}
