/**
 * What a caller may create: API.1's `SalesInvoiceInputDto` (the fields konto writes), with lines.
 * The idempotency key is not part of the input: it travels beside it (`create(input, { idempotencyKey })`).
 */
import { Schema } from "effect"
import { CalendarDate } from "./CalendarDate.ts"
import { Decimal, Money } from "./Money.ts"
import {
  CreditInvoiceDocumentReference,
  CustomerParty,
  DocumentCurrency,
  Note,
  OrderReference,
  PaymentTerms
} from "./SalesInvoice.ts"

const Nullable = <S extends Schema.Top>(schema: S) => Schema.OptionFromNullOr(schema)
const OptionalNullable = <S extends Schema.Top>(schema: S) => Schema.OptionFromOptionalNullOr(schema)

/** One line to invoice. */
export const SalesInvoiceLineInput = Schema.Struct({
  invoicedQuantity: Schema.Struct({ quantity: Decimal, unitCode: OptionalNullable(Schema.String) }),
  item: Schema.Struct({
    name: Schema.NonEmptyString,
    description: OptionalNullable(Schema.String),
    sellersItemIdentification: OptionalNullable(Schema.Struct({ id: Nullable(Schema.String) })),
    classifiedTaxCategories: Schema.optionalKey(Schema.Array(Schema.Struct({ percent: Nullable(Decimal) })))
  }),
  price: Schema.Struct({ priceAmount: Money })
})
export type SalesInvoiceLineInput = typeof SalesInvoiceLineInput.Type

/** A sales invoice to create. */
export const SalesInvoiceInput = Schema.Struct({
  reference: OptionalNullable(Schema.String),
  buyerReference: OptionalNullable(Schema.String),
  sellerReference: OptionalNullable(Schema.String),
  issueDate: OptionalNullable(CalendarDate),
  dueDate: OptionalNullable(CalendarDate),
  creditInvoice: OptionalNullable(
    Schema.Struct({
      creditInvoiceIndicator: Nullable(Schema.Boolean),
      creditInvoiceDocumentReferences: Schema.optionalKey(Schema.Array(CreditInvoiceDocumentReference))
    })
  ),
  notes: Schema.optionalKey(Schema.Array(Note)),
  orderReference: OptionalNullable(OrderReference),
  documentCurrencyCode: OptionalNullable(DocumentCurrency),
  accountingCustomerParty: CustomerParty,
  paymentTerms: OptionalNullable(PaymentTerms),
  invoiceLines: Schema.Array(SalesInvoiceLineInput).pipe(
    Schema.check(Schema.isMinLength(1, { description: "at least one invoice line" }))
  ),
  /** A reference of the caller's own, written to the vendor where it has a field for one. */
  externalReference: OptionalNullable(Schema.String)
})
export type SalesInvoiceInput = typeof SalesInvoiceInput.Type
