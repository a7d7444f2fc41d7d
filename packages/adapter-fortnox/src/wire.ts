/**
 * Fortnox's wire format for sales invoices (`/3/invoices`), field names untouched.
 *
 * Source: Fortnox's own OpenAPI document (`fortnox_InvoiceListItem`, `fortnox_Invoice`, `fortnox_InvoicePayload`,
 * `fortnox_ErrorInformationWrap`) and the documented example payload. Decoding is tolerant: unknown fields are
 * ignored, and every field may be absent or `null` — the OpenAPI marks nothing but `CustomerNumber` required, and
 * Fortnox is known to send `null` for empty dates. Amounts are exact decimals (`Money.Decimal` reads JSON numbers,
 * numeric strings such as the documented `"CurrencyRate": "1"`, and raw numbers kept by `ExactJson.parse`).
 * What konto sends (`InvoicePayload`) is encoded strictly.
 */
import { Money } from "@konto/core"
import { BigDecimal, Effect, Option, Schema, SchemaIssue, SchemaTransformation } from "effect"

/** A field Fortnox may omit or send as `null`. */
const Maybe = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/** An exact decimal on Fortnox's wire (declared `number`/`double`; the documented example also sends strings). */
export const Decimal = Money.Decimal

/** An exact decimal Fortnox declares as a string (`DeliveredQuantity`): numbers and strings in, decimal text out. */
export const DecimalText = Schema.Union([Schema.String, Schema.Number]).pipe(
  Schema.decodeTo(
    Schema.BigDecimal,
    SchemaTransformation.transformEffect({
      decode: (input, options) => {
        const parsed =
          typeof input === "number" ? Money.decimalFromNumber(input) : Money.decimalFromString(input.trim())
        return Option.isSome(parsed)
          ? Effect.succeed(parsed.value)
          : Effect.fail(
              new SchemaIssue.InvalidValue(
                { message: `Expected a decimal, got ${JSON.stringify(input)}` },
                input,
                options
              )
            )
      },
      encode: (value) => Effect.succeed<string | number>(BigDecimal.format(value))
    })
  )
)

/** `Credit` is a string `"true"`/`"false"` in the OpenAPI; older docs show a boolean. Both are read. */
export const StringOrBoolean = Schema.Union([Schema.String, Schema.Boolean])

/** `CreditInvoiceReference` is a string in the OpenAPI (`"0"` when none); older docs show an integer. */
export const StringOrNumber = Schema.Union([Schema.String, Schema.Number])

/** A list item (`fortnox_InvoiceListItem`, the `InvoiceSubset` of Fortnox's docs). */
export const InvoiceListItem = Schema.Struct({
  "@url": Maybe(Schema.String),
  Balance: Maybe(Decimal),
  Booked: Maybe(Schema.Boolean),
  Cancelled: Maybe(Schema.Boolean),
  CostCenter: Maybe(Schema.String),
  Currency: Maybe(Schema.String),
  CurrencyRate: Maybe(Decimal),
  CurrencyUnit: Maybe(Decimal),
  CustomerName: Maybe(Schema.String),
  CustomerNumber: Maybe(Schema.String),
  DocumentNumber: Schema.String,
  DueDate: Maybe(Schema.String),
  ExternalInvoiceReference1: Maybe(Schema.String),
  ExternalInvoiceReference2: Maybe(Schema.String),
  FinalPayDate: Maybe(Schema.String),
  InvoiceDate: Maybe(Schema.String),
  // An open string, not the OpenAPI enum: a new invoice type must not break listings.
  InvoiceType: Maybe(Schema.String),
  NoxFinans: Maybe(Schema.Boolean),
  OCR: Maybe(Schema.String),
  Project: Maybe(Schema.String),
  Sent: Maybe(Schema.Boolean),
  TermsOfPayment: Maybe(Schema.String),
  Total: Maybe(Decimal),
  VoucherNumber: Maybe(Schema.Number),
  VoucherSeries: Maybe(Schema.String),
  VoucherYear: Maybe(Schema.Number),
  WayOfDelivery: Maybe(Schema.String)
})
export type InvoiceListItem = typeof InvoiceListItem.Type

/** `MetaInformation`: Fortnox's paging totals (missing from the OpenAPI, present in every documented list). */
export const MetaInformation = Schema.Struct({
  "@TotalResources": Schema.Number,
  "@TotalPages": Schema.Number,
  "@CurrentPage": Schema.Number
})
export type MetaInformation = typeof MetaInformation.Type

/** The body of `GET /3/invoices`. */
export const InvoiceList = Schema.Struct({
  Invoices: Schema.Array(InvoiceListItem),
  MetaInformation: MetaInformation
})
export type InvoiceList = typeof InvoiceList.Type

/** An invoice row (`fortnox_Invoice_InvoiceRow`). */
export const InvoiceRow = Schema.Struct({
  AccountNumber: Maybe(Schema.Number),
  ArticleNumber: Maybe(Schema.String),
  CostCenter: Maybe(Schema.String),
  // A string in the OpenAPI ("1.00"); read exactly either way, written back as text.
  DeliveredQuantity: Maybe(DecimalText),
  Description: Maybe(Schema.String),
  Discount: Maybe(Decimal),
  DiscountType: Maybe(Schema.String),
  Price: Maybe(Decimal),
  PriceExcludingVAT: Maybe(Decimal),
  Project: Maybe(Schema.String),
  RowId: Maybe(Schema.Number),
  Total: Maybe(Decimal),
  TotalExcludingVAT: Maybe(Decimal),
  Unit: Maybe(Schema.String),
  // The VAT rate in percent (an integer in the OpenAPI; read as a decimal so 12.5 would not break a read).
  VAT: Maybe(Decimal),
  VATCode: Maybe(Schema.String)
})
export type InvoiceRow = typeof InvoiceRow.Type

/** A full invoice (`fortnox_Invoice`): what `GET /3/invoices/{DocumentNumber}` and `POST /3/invoices` return. */
export const Invoice = Schema.Struct({
  "@url": Maybe(Schema.String),
  Address1: Maybe(Schema.String),
  Address2: Maybe(Schema.String),
  AdministrationFee: Maybe(Decimal),
  AdministrationFeeVAT: Maybe(Decimal),
  Balance: Maybe(Decimal),
  Booked: Maybe(Schema.Boolean),
  Cancelled: Maybe(Schema.Boolean),
  City: Maybe(Schema.String),
  Comments: Maybe(Schema.String),
  CostCenter: Maybe(Schema.String),
  Country: Maybe(Schema.String),
  Credit: Maybe(StringOrBoolean),
  CreditInvoiceReference: Maybe(StringOrNumber),
  Currency: Maybe(Schema.String),
  CurrencyRate: Maybe(Decimal),
  CurrencyUnit: Maybe(Decimal),
  CustomerName: Maybe(Schema.String),
  CustomerNumber: Maybe(Schema.String),
  DeliveryDate: Maybe(Schema.String),
  DocumentNumber: Schema.String,
  DueDate: Maybe(Schema.String),
  ExternalInvoiceReference1: Maybe(Schema.String),
  ExternalInvoiceReference2: Maybe(Schema.String),
  FinalPayDate: Maybe(Schema.String),
  Freight: Maybe(Decimal),
  FreightVAT: Maybe(Decimal),
  Gross: Maybe(Decimal),
  InvoiceDate: Maybe(Schema.String),
  InvoiceRows: Maybe(Schema.Array(InvoiceRow)),
  InvoiceType: Maybe(Schema.String),
  Language: Maybe(Schema.String),
  LastRemindDate: Maybe(Schema.String),
  Net: Maybe(Decimal),
  NotCompleted: Maybe(Schema.Boolean),
  NoxFinans: Maybe(Schema.Boolean),
  OCR: Maybe(Schema.String),
  OrderReference: Maybe(Schema.String),
  OrganisationNumber: Maybe(Schema.String),
  OurReference: Maybe(Schema.String),
  Project: Maybe(Schema.String),
  Remarks: Maybe(Schema.String),
  Reminders: Maybe(Schema.Number),
  RoundOff: Maybe(Decimal),
  Sent: Maybe(Schema.Boolean),
  TermsOfPayment: Maybe(Schema.String),
  Total: Maybe(Decimal),
  TotalToPay: Maybe(Decimal),
  TotalVAT: Maybe(Decimal),
  VATIncluded: Maybe(Schema.Boolean),
  VoucherNumber: Maybe(Schema.Number),
  VoucherSeries: Maybe(Schema.String),
  VoucherYear: Maybe(Schema.Number),
  WayOfDelivery: Maybe(Schema.String),
  YourOrderNumber: Maybe(Schema.String),
  YourReference: Maybe(Schema.String),
  ZipCode: Maybe(Schema.String)
})
export type Invoice = typeof Invoice.Type

/** The body of `GET /3/invoices/{DocumentNumber}` and of a successful create (`fortnox_Invoice_Wrap`). */
export const InvoiceWrap = Schema.Struct({ Invoice: Invoice })
export type InvoiceWrap = typeof InvoiceWrap.Type

/** A row konto sends (`fortnox_InvoicePayload_InvoiceRow`, the fields konto writes). */
export const InvoicePayloadRow = Schema.Struct({
  ArticleNumber: Schema.optionalKey(Schema.String),
  // The OpenAPI declares a string; konto writes the exact decimal text.
  DeliveredQuantity: Schema.String,
  Description: Schema.String,
  Price: Decimal,
  Unit: Schema.optionalKey(Schema.String),
  VAT: Schema.optionalKey(Schema.Int)
})
export type InvoicePayloadRow = typeof InvoicePayloadRow.Type

/** An invoice konto creates (`fortnox_InvoicePayload`, the fields konto writes). */
export const InvoicePayload = Schema.Struct({
  Address1: Schema.optionalKey(Schema.String),
  Address2: Schema.optionalKey(Schema.String),
  City: Schema.optionalKey(Schema.String),
  Comments: Schema.optionalKey(Schema.String),
  CreditInvoiceReference: Schema.optionalKey(Schema.String),
  Currency: Schema.optionalKey(Schema.String),
  CurrencyRate: Schema.optionalKey(Decimal),
  CustomerName: Schema.optionalKey(Schema.String),
  CustomerNumber: Schema.String,
  DocumentNumber: Schema.optionalKey(Schema.String),
  DueDate: Schema.optionalKey(Schema.String),
  ExternalInvoiceReference1: Schema.optionalKey(Schema.String),
  ExternalInvoiceReference2: Schema.optionalKey(Schema.String),
  InvoiceDate: Schema.optionalKey(Schema.String),
  InvoiceRows: Schema.Array(InvoicePayloadRow),
  OurReference: Schema.optionalKey(Schema.String),
  Remarks: Schema.optionalKey(Schema.String),
  TermsOfPayment: Schema.optionalKey(Schema.String),
  YourOrderNumber: Schema.optionalKey(Schema.String),
  YourReference: Schema.optionalKey(Schema.String),
  ZipCode: Schema.optionalKey(Schema.String)
})
export type InvoicePayload = typeof InvoicePayload.Type

/** The body of `POST /3/invoices` (`fortnox_InvoicePayload_Wrap`). */
export const InvoicePayloadWrap = Schema.Struct({ Invoice: InvoicePayload })
export type InvoicePayloadWrap = typeof InvoicePayloadWrap.Type

/**
 * `ErrorInformation`: the OpenAPI spells the keys `Error`, `Message`, `Code`; live responses quoted in Fortnox's
 * guides and in client libraries use `error`, `message`, `code`. Both spellings are read.
 */
export const ErrorInformation = Schema.Struct({
  Error: Maybe(Schema.Number),
  Message: Maybe(Schema.String),
  Code: Maybe(StringOrNumber),
  error: Maybe(Schema.Number),
  message: Maybe(Schema.String),
  code: Maybe(StringOrNumber)
})
export type ErrorInformation = typeof ErrorInformation.Type

/** An error body (`fortnox_ErrorInformationWrap`). */
export const ErrorInformationWrap = Schema.Struct({ ErrorInformation: ErrorInformation })
export type ErrorInformationWrap = typeof ErrorInformationWrap.Type

/** The OAuth token endpoint's success body (`POST https://apps.fortnox.se/oauth-v1/token`). */
export const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  refresh_token: Schema.String,
  expires_in: Schema.Number,
  token_type: Maybe(Schema.String),
  scope: Maybe(Schema.String)
})
export type TokenResponse = typeof TokenResponse.Type

/** The OAuth token endpoint's error body (RFC 6749 §5.2), e.g. `invalid_grant` for a spent refresh token. */
export const TokenError = Schema.Struct({
  error: Schema.String,
  error_description: Maybe(Schema.String)
})
export type TokenError = typeof TokenError.Type

/** Fortnox's `filter` values for `GET /3/invoices` (one at a time). */
export const InvoiceFilter = Schema.Literals(["cancelled", "fullypaid", "unpaid", "unpaidoverdue", "unbooked"])
export type InvoiceFilter = typeof InvoiceFilter.Type

/** Fortnox's `sortby` values for `GET /3/invoices`. */
export const InvoiceSortBy = Schema.Literals([
  "customername",
  "customernumber",
  "documentnumber",
  "invoicedate",
  "ocr",
  "total"
])
export type InvoiceSortBy = typeof InvoiceSortBy.Type

/** Fortnox's `sortorder` values. */
export const SortOrder = Schema.Literals(["ascending", "descending"])
export type SortOrder = typeof SortOrder.Type

/**
 * The query parameters konto sends to `GET /3/invoices`, besides `page` and `limit`. Fortnox takes one
 * resource-specific filter at a time (`filter`, or a search such as `externalinvoicereference1`), combinable with
 * the global `lastmodified` and the invoice-date range `fromdate`/`todate` (`yyyy-MM-dd`); `lastmodified` is
 * `yyyy-MM-dd HH:mm`, Swedish time.
 */
export const InvoiceListParameters = Schema.Struct({
  filter: Schema.optionalKey(InvoiceFilter),
  externalinvoicereference1: Schema.optionalKey(Schema.String),
  fromdate: Schema.optionalKey(Schema.String),
  todate: Schema.optionalKey(Schema.String),
  lastmodified: Schema.optionalKey(Schema.String),
  sortby: Schema.optionalKey(InvoiceSortBy),
  sortorder: Schema.optionalKey(SortOrder)
})
export type InvoiceListParameters = typeof InvoiceListParameters.Type
