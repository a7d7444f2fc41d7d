/**
 * Moneybird's wire format for sales invoices (API v2, `/{administration_id}/sales_invoices`), field names
 * untouched.
 *
 * Source: Moneybird's official OpenAPI document (`sales_invoice_response`, `simple_contact_response`,
 * `detail_response`, `payment_response`, `tax_subtotal_response`, `symbolic_error`, `non_symbolic_error`, the
 * synchronization responses and the `POST /sales_invoices` and `PATCH …/send_invoice` request bodies).
 *
 * Decoding is tolerant: unknown fields are ignored (the spec closes its objects, but an additive vendor change must
 * not break a listing), and every field but `id` may be absent or `null`. Identifiers are `string | integer` in
 * the spec and are read as text — a large integer id arrives exactly as a raw number from `ExactJson.parse`.
 * Amounts are decimal strings (`"121.0"`); the spec's `number` also allows JSON numbers and a decimal comma
 * (`"10,95"`), and all three are read exactly. What konto sends is encoded strictly.
 */
import { ExactJson, Money } from "@konto/core"
import { BigDecimal, Effect, Option, Schema, SchemaIssue, SchemaTransformation } from "effect"

/** A field Moneybird may omit or send as `null`. */
const Maybe = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

const RawJsonNumber = Schema.declare((input: unknown): input is ExactJson.RawJsonNumber => ExactJson.isRaw(input), {
  expected: "a raw JSON number"
})

const identifierPattern = /^\d+$/

/** A record id (`identifier`: digits, as a string or an integer); read as text, written as text. */
export const Identifier = Schema.Union([Schema.String, Schema.Number, RawJsonNumber]).pipe(
  Schema.decodeTo(
    Schema.String,
    SchemaTransformation.transformEffect({
      decode: (input, options) => {
        const text = typeof input === "string" ? input : typeof input === "number" ? String(input) : input.rawJSON
        return identifierPattern.test(text)
          ? Effect.succeed(text)
          : Effect.fail(
              new SchemaIssue.InvalidValue(
                { message: `Expected a Moneybird id (digits), got ${JSON.stringify(text)}` },
                input,
                options
              )
            )
      },
      encode: (text) => Effect.succeed<string | number | ExactJson.RawJsonNumber>(text)
    })
  )
)

const decimalPattern = /^-?\d+(?:[.,]\d*)?$/

/** Reads Moneybird decimal text exactly: `"121.0"`, `"-500.0"`, the decimal comma `"10,95"` and `"12."`. */
export const parseDecimal = (text: string): Option.Option<BigDecimal.BigDecimal> => {
  const trimmed = text.trim()
  if (!decimalPattern.test(trimmed)) return Money.decimalFromString(trimmed)
  const normalised = trimmed.replace(",", ".").replace(/\.$/, "")
  return Money.decimalFromString(normalised)
}

/** Moneybird's text for a decimal: at least one fractional digit, as Moneybird writes it (`"300.0"`, `"157.24"`). */
export const formatDecimal = (value: BigDecimal.BigDecimal): string => {
  const text = BigDecimal.format(value)
  return /[.eE]/.test(text) ? text : `${text}.0`
}

/**
 * An amount (`number` / `money` in the spec): a decimal string, a JSON number or a raw JSON number in; Moneybird's
 * decimal string out.
 */
export const Decimal = Schema.Union([Schema.String, Schema.Number, RawJsonNumber]).pipe(
  Schema.decodeTo(
    Schema.BigDecimal,
    SchemaTransformation.transformEffect({
      decode: (input, options) => {
        const parsed =
          typeof input === "string"
            ? parseDecimal(input)
            : typeof input === "number"
              ? Money.decimalFromNumber(input)
              : Money.decimalFromString(input.rawJSON)
        return Option.isSome(parsed)
          ? Effect.succeed(parsed.value)
          : Effect.fail(
              new SchemaIssue.InvalidValue(
                { message: `Expected a decimal amount, got ${JSON.stringify(input)}` },
                input,
                options
              )
            )
      },
      encode: (value) => Effect.succeed<string | number | ExactJson.RawJsonNumber>(formatDecimal(value))
    })
  )
)

/** Moneybird's invoice states (`sales_invoice_response.state`). */
export const states = [
  "draft",
  "scheduled",
  "open",
  "pending_payment",
  "reminded",
  "late",
  "paid",
  "uncollectible"
] as const

/** One of Moneybird's invoice states. */
export const State = Schema.Literals(states)
export type State = typeof State.Type

/** Moneybird's `filter` terms: each key with its values, e.g. `[["state", ["draft", "scheduled"]]]`. */
export type FilterTerms = ReadonlyArray<readonly [key: string, values: ReadonlyArray<string>]>

/** The `filter` query value: `key:value` terms joined by commas, several values of a key joined by `|`. */
export const encodeFilter = (terms: FilterTerms): string =>
  terms.map(([key, values]) => `${key}:${values.join("|")}`).join(",")

/**
 * Reads a `filter` value back into terms (what Moneybird does with it): split on commas, then on the first colon
 * of each term (values such as `2026-08-21 13:50:12 UTC` contain colons), then on pipes. Empty terms are skipped.
 */
export const decodeFilter = (filter: string): FilterTerms =>
  filter.split(",").flatMap((term): Array<readonly [string, ReadonlyArray<string>]> => {
    const colon = term.indexOf(":")
    if (colon === -1) return term.trim() === "" ? [] : [[term.trim(), []] as const]
    return [
      [
        term.slice(0, colon).trim(),
        term
          .slice(colon + 1)
          .split("|")
          .map((value) => value.trim())
      ] as const
    ]
  })

/** The customer as embedded in an invoice (`simple_contact_response`, the fields konto reads). */
export const Contact = Schema.Struct({
  id: Maybe(Identifier),
  company_name: Maybe(Schema.String),
  firstname: Maybe(Schema.String),
  lastname: Maybe(Schema.String),
  address1: Maybe(Schema.String),
  address2: Maybe(Schema.String),
  zipcode: Maybe(Schema.String),
  city: Maybe(Schema.String),
  country: Maybe(Schema.String),
  phone: Maybe(Schema.String),
  customer_id: Maybe(Schema.String),
  tax_number: Maybe(Schema.String),
  chamber_of_commerce: Maybe(Schema.String),
  attention: Maybe(Schema.String),
  email: Maybe(Schema.String),
  send_invoices_to_email: Maybe(Schema.String)
})
export type Contact = typeof Contact.Type

/** The contact person an invoice is addressed to (`contact_person_response`, the fields konto reads). */
export const ContactPerson = Schema.Struct({
  firstname: Maybe(Schema.String),
  lastname: Maybe(Schema.String),
  phone: Maybe(Schema.String),
  email: Maybe(Schema.String)
})
export type ContactPerson = typeof ContactPerson.Type

/** An invoice line (`detail_response`). */
export const Detail = Schema.Struct({
  id: Maybe(Identifier),
  tax_rate_id: Maybe(Identifier),
  product_id: Maybe(Identifier),
  // Free text such as "1 x"; `amount_decimal` is the quantity as a number.
  amount: Maybe(Schema.String),
  amount_decimal: Maybe(Decimal),
  description: Maybe(Schema.String),
  price: Maybe(Decimal),
  period: Maybe(Schema.String),
  row_order: Maybe(Schema.Number),
  total_price_excl_tax_with_discount: Maybe(Decimal)
})
export type Detail = typeof Detail.Type

/** A payment on an invoice (`payment_response`); `credit_invoice_id` is set when a credit invoice settled it. */
export const Payment = Schema.Struct({
  id: Maybe(Identifier),
  price: Maybe(Decimal),
  payment_date: Maybe(Schema.String),
  credit_invoice_id: Maybe(Identifier)
})
export type Payment = typeof Payment.Type

/** The tax of one rate (`tax_subtotal_response`). */
export const TaxTotal = Schema.Struct({
  tax_rate_id: Maybe(Identifier),
  taxable_amount: Maybe(Decimal),
  tax_amount: Maybe(Decimal)
})
export type TaxTotal = typeof TaxTotal.Type

/** A sales invoice (`sales_invoice_response`, the fields konto reads). */
export const SalesInvoice = Schema.Struct({
  id: Identifier,
  administration_id: Maybe(Identifier),
  contact_id: Maybe(Identifier),
  contact: Maybe(Contact),
  contact_person: Maybe(ContactPerson),
  // The invoice number; `null` while the invoice is a draft. A string in the spec; a number is read as text.
  invoice_id: Maybe(Schema.Union([Schema.String, Schema.Number])),
  draft_id: Maybe(Schema.Number),
  // An open string, not the spec's enum: a new state must not break a listing (mapping falls back).
  state: Maybe(Schema.String),
  invoice_date: Maybe(Schema.String),
  due_date: Maybe(Schema.String),
  payment_conditions: Maybe(Schema.String),
  payment_reference: Maybe(Schema.String),
  reference: Maybe(Schema.String),
  language: Maybe(Schema.String),
  currency: Maybe(Schema.String),
  discount: Maybe(Decimal),
  original_sales_invoice_id: Maybe(Identifier),
  paused: Maybe(Schema.Boolean),
  paid_at: Maybe(Schema.String),
  sent_at: Maybe(Schema.String),
  created_at: Maybe(Schema.String),
  updated_at: Maybe(Schema.String),
  version: Maybe(Schema.Number),
  details: Maybe(Schema.Array(Detail)),
  payments: Maybe(Schema.Array(Payment)),
  total_paid: Maybe(Decimal),
  total_unpaid: Maybe(Decimal),
  prices_are_incl_tax: Maybe(Schema.Boolean),
  total_price_excl_tax: Maybe(Decimal),
  total_price_incl_tax: Maybe(Decimal),
  total_discount: Maybe(Decimal),
  marked_dubious_on: Maybe(Schema.String),
  marked_uncollectible_on: Maybe(Schema.String),
  reminder_count: Maybe(Schema.Number),
  next_reminder: Maybe(Schema.String),
  tax_totals: Maybe(Schema.Array(TaxTotal))
})
export type SalesInvoice = typeof SalesInvoice.Type

/** The body of `GET /sales_invoices` and of `POST /sales_invoices/synchronization`. */
export const SalesInvoiceList = Schema.Array(SalesInvoice)
export type SalesInvoiceList = typeof SalesInvoiceList.Type

/** One entry of `GET /sales_invoices/synchronization` (`200_synchronization_response`). */
export const SynchronizationEntry = Schema.Struct({
  id: Identifier,
  // `integer | string` in the spec; compared as text.
  version: Schema.Union([Schema.Number, Schema.String]).pipe(
    Schema.decodeTo(
      Schema.String,
      SchemaTransformation.transform({ decode: (version) => String(version), encode: (version) => version })
    )
  )
})
export type SynchronizationEntry = typeof SynchronizationEntry.Type

/** The body of `GET /sales_invoices/synchronization`. */
export const SynchronizationList = Schema.Array(SynchronizationEntry)
export type SynchronizationList = typeof SynchronizationList.Type

/** The most ids `POST /sales_invoices/synchronization` returns invoices for ("a maximum of 100"). */
export const maxSynchronizationIds = 100

/** The body of `POST /sales_invoices/synchronization`. */
export const SynchronizationRequest = Schema.Struct({ ids: Schema.Array(Schema.String) })
export type SynchronizationRequest = typeof SynchronizationRequest.Type

/** A line konto creates (`details_attributes` item, the fields konto writes). */
export const DetailAttributes = Schema.Struct({
  description: Schema.String,
  // Decimal text; the spec's `money` accepts a string and Moneybird answers with strings.
  price: Schema.String,
  amount: Schema.String,
  tax_rate_id: Schema.optionalKey(Schema.String)
})
export type DetailAttributes = typeof DetailAttributes.Type

/** An invoice konto creates (`sales_invoice` of `POST /sales_invoices`, the fields konto writes). */
export const SalesInvoiceAttributes = Schema.Struct({
  contact_id: Schema.String,
  reference: Schema.String,
  invoice_date: Schema.optionalKey(Schema.String),
  first_due_interval: Schema.optionalKey(Schema.Int),
  currency: Schema.optionalKey(Schema.String),
  prices_are_incl_tax: Schema.Boolean,
  payment_conditions: Schema.optionalKey(Schema.String),
  details_attributes: Schema.Array(DetailAttributes)
})
export type SalesInvoiceAttributes = typeof SalesInvoiceAttributes.Type

/** The body of `POST /sales_invoices`. */
export const CreateSalesInvoice = Schema.Struct({ sales_invoice: SalesInvoiceAttributes })
export type CreateSalesInvoice = typeof CreateSalesInvoice.Type

/** How Moneybird delivers an invoice (`sales_invoice_sending.delivery_method`). */
export const DeliveryMethod = Schema.Literals(["Email", "Peppol", "Manual"])
export type DeliveryMethod = typeof DeliveryMethod.Type

/** What `PATCH /sales_invoices/{id}/send_invoice` takes (`sales_invoice_sending`). */
export const SalesInvoiceSending = Schema.Struct({
  delivery_method: Schema.optionalKey(DeliveryMethod),
  sending_scheduled: Schema.optionalKey(Schema.Boolean),
  deliver_ubl: Schema.optionalKey(Schema.Boolean),
  email_address: Schema.optionalKey(Schema.String),
  email_message: Schema.optionalKey(Schema.String),
  invoice_date: Schema.optionalKey(Schema.String)
})
export type SalesInvoiceSending = typeof SalesInvoiceSending.Type

/** The body of `PATCH /sales_invoices/{id}/send_invoice`. */
export const SendInvoice = Schema.Struct({ sales_invoice_sending: SalesInvoiceSending })
export type SendInvoice = typeof SendInvoice.Type

/** A contact (`contact_response`, the fields konto reads): what `GET /contacts/customer_id/{customer_id}` returns. */
export const ContactRecord = Schema.Struct({
  id: Identifier,
  customer_id: Maybe(Schema.String),
  company_name: Maybe(Schema.String)
})
export type ContactRecord = typeof ContactRecord.Type

/** A tax rate (`tax_rate_response`, the fields konto reads). */
export const TaxRate = Schema.Struct({
  id: Identifier,
  name: Maybe(Schema.String),
  percentage: Maybe(Decimal),
  tax_rate_type: Maybe(Schema.String),
  active: Maybe(Schema.Boolean),
  country: Maybe(Schema.String)
})
export type TaxRate = typeof TaxRate.Type

/** The body of `GET /tax_rates`. */
export const TaxRateList = Schema.Array(TaxRate)
export type TaxRateList = typeof TaxRateList.Type

/**
 * An error body. `symbolic_error` is `{ error: "record not found", symbolic: { id: "not_found" } }`;
 * `non_symbolic_error` (422) is `{ error: { field: ["message", …] }, details: { field: [{ error: "blank" }] } }`; a 429 body is the bare string
 * `"Retry later"`. All three are read.
 */
export const ErrorBody = Schema.Union([
  Schema.Struct({
    error: Maybe(Schema.Union([Schema.String, Schema.Record(Schema.String, Schema.Unknown)])),
    symbolic: Maybe(Schema.Record(Schema.String, Schema.Unknown)),
    // Beside a field-keyed `error`: `{ field: [{ error: "blank" }] }`, the symbolic codes.
    details: Maybe(Schema.Record(Schema.String, Schema.Unknown))
  }),
  Schema.String
])
export type ErrorBody = typeof ErrorBody.Type
