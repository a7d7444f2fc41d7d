/**
 * The body of `POST …/salesinvoices`: API.1's `SalesInvoiceInputDto`, read into core's `SalesInvoiceInput`.
 *
 * API.1 makes every property optional and nullable, so this reader is lenient where core's canonical shapes
 * require a key: a missing or `null` property is unknown (`Option.none()`), a missing or `null` list is empty.
 * What konto itself needs to create an invoice stays required: a customer party, at least one line, and each
 * line's quantity, item name and price. API.1 properties konto does not write (supplier party, payment means,
 * allowances, …) are accepted and ignored; `externalReference` is konto's addition.
 */
import { CalendarDate, Money, type SalesInvoice, type SalesInvoiceInput } from "@konto/core"
import { Option, Schema, SchemaTransformation } from "effect"

/** Optional and nullable in; `Option` inside; left out when unknown. */
const In = <S extends Schema.Top>(schema: S) => Schema.OptionFromOptionalNullOr(schema, { onNoneEncoding: "omit" })

/** An optional, nullable list; missing and `null` read as no list. */
const OptionalList = <S extends Schema.Top>(item: S) =>
  Schema.optionalKey(Schema.NullOr(Schema.Array(item))).pipe(
    Schema.decodeTo(
      Schema.optionalKey(Schema.Array(Schema.toType(item))),
      SchemaTransformation.transformOptional({
        decode: (list) => Option.filter(list, (value) => value !== null),
        encode: (list) => list
      })
    )
  )

/** An optional, nullable list that reads as empty when missing or `null`. */
const List = <S extends Schema.Top>(item: S) =>
  Schema.optionalKey(Schema.NullOr(Schema.Array(item))).pipe(
    Schema.decodeTo(
      Schema.Array(Schema.toType(item)),
      SchemaTransformation.transformOptional<ReadonlyArray<S["Type"]>, ReadonlyArray<S["Type"]> | null>({
        decode: (list) => Option.some(Option.getOrNull(list) ?? []),
        encode: (list) => list
      })
    )
  )

const Text = Schema.String

const IdentifierInput = Schema.Struct({ id: In(Text), schemeId: In(Text) })

/** An amount in; `currencyId` may be left out (the invoice's currency applies). */
const AmountInput = Schema.Struct({
  amount: Money.Decimal,
  currencyId: Schema.NullOr(Text).pipe(Schema.withDecodingDefaultKey(Schema.decodeEffect(Schema.Null)(null)))
})

const AddressInput = Schema.Struct({
  buildingNumber: In(Text),
  streetName: In(Text),
  additionalStreetName: In(Text),
  cityName: In(Text),
  postalZone: In(Text),
  country: In(Schema.Struct({ identificationCode: In(Text), name: In(Text) }))
})

const PartyInput = Schema.Struct({
  partyIdentification: List(IdentifierInput),
  partyName: In(Schema.Struct({ name: In(Text), languageId: In(Text) })),
  postalAddress: In(AddressInput),
  partyLegalEntity: In(Schema.Struct({ registrationName: In(Text), companyId: In(IdentifierInput) })),
  contact: In(Schema.Struct({ name: In(Text), telephone: In(Text), email: In(Text) }))
})

/** `CustomerPartyInputDto`. */
export const CustomerPartyInputDto = Schema.Struct({
  supplierAssignedAccountId: In(IdentifierInput),
  party: PartyInput
}).annotate({ identifier: "CustomerPartyInputDto" })

const NoteInput = Schema.Struct({ text: In(Text), languageId: In(Text) })

const CreditInvoiceDocumentReferenceInput = Schema.Struct({
  id: In(Text),
  reference: In(Text),
  documentType: In(Schema.Literals(["Invoice", "CreditInvoice"]))
})

/** `SalesInvoiceLineInputDto`: quantity, item name and price are required by konto. */
export const SalesInvoiceLineInputDto = Schema.Struct({
  invoicedQuantity: Schema.Struct({ quantity: Money.Decimal, unitCode: In(Text) }),
  item: Schema.Struct({
    name: Schema.NonEmptyString,
    description: In(Text),
    sellersItemIdentification: In(Schema.Struct({ id: In(Text) })),
    classifiedTaxCategories: OptionalList(Schema.Struct({ percent: In(Money.Decimal) }))
  }),
  price: Schema.Struct({ priceAmount: AmountInput })
}).annotate({ identifier: "SalesInvoiceLineInputDto" })

/** API.1's `SalesInvoiceInputDto` as konto reads it. */
export const SalesInvoiceInputDto = Schema.Struct({
  reference: In(Text),
  buyerReference: In(Text),
  sellerReference: In(Text),
  issueDate: In(CalendarDate.CalendarDate),
  dueDate: In(CalendarDate.CalendarDate),
  creditInvoice: In(
    Schema.Struct({
      creditInvoiceIndicator: In(Schema.Boolean),
      creditInvoiceDocumentReferences: OptionalList(CreditInvoiceDocumentReferenceInput)
    })
  ),
  notes: OptionalList(NoteInput),
  orderReference: In(Schema.Struct({ buyerOrderId: In(Text), sellerOrderId: In(Text) })),
  documentCurrencyCode: In(Schema.Struct({ currency: In(Text), currencyRate: In(Money.Decimal) })),
  accountingCustomerParty: CustomerPartyInputDto,
  paymentTerms: In(Schema.Struct({ paymentTermsId: In(IdentifierInput), notes: List(NoteInput) })),
  invoiceLines: Schema.Array(SalesInvoiceLineInputDto).pipe(
    Schema.check(Schema.isMinLength(1, { description: "at least one invoice line" }))
  ),
  externalReference: In(Text)
}).annotate({ identifier: "SalesInvoiceInputDto" })
export type SalesInvoiceInputDto = typeof SalesInvoiceInputDto.Type

// The lenient reader must produce exactly core's input; a drift in core fails the type-check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameInput: Same<SalesInvoiceInputDto, SalesInvoiceInput.SalesInvoiceInput> = true
const sameParty: Same<typeof CustomerPartyInputDto.Type, SalesInvoice.CustomerParty> = true
void [sameInput, sameParty]
