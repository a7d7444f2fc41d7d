/**
 * API.1's sales-invoice response shapes (`SalesInvoiceDto`, `SalesInvoiceSummaryDto` and their parts), derived
 * from core's field sets so the canonical model stays the single source.
 *
 * The wire differs from core's own encoding in three ways, each forced by API.1's contract:
 * - API.1's DTOs are closed (`additionalProperties: false`): konto's extras (`source`, `statuses`) are dropped.
 * - An object-typed property (a `$ref` in API.1) cannot be `null` there: an unknown object is left out, while an
 *   unknown primitive stays `null` as everywhere else in konto. Decoding accepts both absent and `null`.
 * - A few parts have their own shape in API.1: the summary's party (`SalesInvoicePartySummaryDto`, no address or
 *   contact) and an item's tax category (`TaxCategoryDto`, tax scheme as `taxSchemeId`).
 * Amounts are JSON number literals written from the exact decimal (`JSON.rawJSON`).
 */
import { SalesInvoice as Canonical, Money } from "@konto/core"
import { Option, Schema, SchemaTransformation } from "effect"

/** An object property of an API.1 DTO: absent when unknown, `null` tolerated when reading. */
const ObjectProperty = <S extends Schema.Top>(schema: S) =>
  Schema.OptionFromOptionalNullOr(schema, { onNoneEncoding: "omit" })

/** API.1's `AmountTypeDto`: an exact amount (a JSON number) and its currency. */
export const AmountTypeDto = Money.Money.annotate({ identifier: "AmountTypeDto" })

/** `IdentifierDto`. */
export const IdentifierDto = Canonical.Identifier.annotate({ identifier: "IdentifierDto" })
/** `PartyNameDto`. */
export const PartyNameDto = Canonical.PartyName.annotate({ identifier: "PartyNameDto" })
/** `CountryDto`. */
export const CountryDto = Canonical.Country.annotate({ identifier: "CountryDto" })
/** `ContactDto`. */
export const ContactDto = Canonical.Contact.annotate({ identifier: "ContactDto" })
/** `NoteDto`. */
export const NoteDto = Canonical.Note.annotate({ identifier: "NoteDto" })

/** `AddressDto`. */
export const AddressDto = Schema.Struct({
  ...Canonical.Address.fields,
  country: ObjectProperty(CountryDto)
}).annotate({ identifier: "AddressDto" })

/** `PartyLegalEntityDto`. */
export const PartyLegalEntityDto = Schema.Struct({
  ...Canonical.PartyLegalEntity.fields,
  companyId: ObjectProperty(IdentifierDto)
}).annotate({ identifier: "PartyLegalEntityDto" })

/** `PartyDto`. */
export const PartyDto = Schema.Struct({
  ...Canonical.Party.fields,
  partyIdentification: Schema.Array(IdentifierDto),
  partyName: ObjectProperty(PartyNameDto),
  postalAddress: ObjectProperty(AddressDto),
  partyLegalEntity: ObjectProperty(PartyLegalEntityDto),
  contact: ObjectProperty(ContactDto)
}).annotate({ identifier: "PartyDto" })

/** `CustomerPartyDto`. */
export const CustomerPartyDto = Schema.Struct({
  ...Canonical.CustomerParty.fields,
  supplierAssignedAccountId: ObjectProperty(IdentifierDto),
  party: PartyDto
}).annotate({ identifier: "CustomerPartyDto" })

/** `SalesInvoicePartySummaryDto`: the party of a listing, without address and contact (unknown when read back). */
export const SalesInvoicePartySummaryDto = Schema.Struct({
  partyIdentification: Schema.Array(IdentifierDto),
  partyName: ObjectProperty(PartyNameDto),
  partyLegalEntity: ObjectProperty(PartyLegalEntityDto)
})
  .annotate({ identifier: "SalesInvoicePartySummaryDto" })
  .pipe(
    Schema.decodeTo(
      Schema.toType(PartyDto),
      SchemaTransformation.transform({
        decode: (summary): Canonical.Party => ({ ...summary, postalAddress: Option.none(), contact: Option.none() }),
        encode: (party) => ({
          partyIdentification: party.partyIdentification,
          partyName: party.partyName,
          partyLegalEntity: party.partyLegalEntity
        })
      })
    )
  )

/** `CustomerPartySummaryDto`. */
export const CustomerPartySummaryDto = Schema.Struct({
  supplierAssignedAccountId: ObjectProperty(IdentifierDto),
  party: SalesInvoicePartySummaryDto
}).annotate({ identifier: "CustomerPartySummaryDto" })

/** `LegalMonetaryTotalDto`. */
export const LegalMonetaryTotalDto = Schema.Struct({
  lineExtensionAmount: ObjectProperty(AmountTypeDto),
  taxExclusiveAmount: ObjectProperty(AmountTypeDto),
  taxInclusiveAmount: ObjectProperty(AmountTypeDto),
  prepaidAmount: ObjectProperty(AmountTypeDto),
  payableRoundingAmount: ObjectProperty(AmountTypeDto),
  payableAmount: ObjectProperty(AmountTypeDto)
}).annotate({ identifier: "LegalMonetaryTotalDto" })

const taxSchemeFields = Canonical.TaxCategory.fields.taxScheme.from.members[0]

/** `TaxCategoryTaxSchemeDto`: `{ id }`. */
export const TaxCategoryTaxSchemeDto = taxSchemeFields.annotate({ identifier: "TaxCategoryTaxSchemeDto" })

/** `TaxSubtotalTaxCategoryDto`: the tax category of a tax subtotal. */
export const TaxSubtotalTaxCategoryDto = Schema.Struct({
  ...Canonical.TaxCategory.fields,
  taxScheme: ObjectProperty(TaxCategoryTaxSchemeDto)
}).annotate({ identifier: "TaxSubtotalTaxCategoryDto" })

/** `TaxSchemeDto`: an item tax category's scheme, `{ taxSchemeId: IdentifierDto }` in API.1. */
export const TaxSchemeDto = Schema.Struct({
  taxSchemeId: ObjectProperty(IdentifierDto)
})
  .annotate({ identifier: "TaxSchemeDto" })
  .pipe(
    Schema.decodeTo(
      Schema.toType(TaxCategoryTaxSchemeDto),
      SchemaTransformation.transform({
        decode: (scheme) => ({ id: Option.flatMap(scheme.taxSchemeId, (identifier) => identifier.id) }),
        encode: (scheme) => ({
          taxSchemeId: Option.map(
            scheme.id,
            (id): Canonical.Identifier => ({ id: Option.some(id), schemeId: Option.none() })
          )
        })
      })
    )
  )

/** `TaxCategoryDto`: an item's classified tax category (`id`, `percent`, `taxScheme`); no exemption reason. */
export const TaxCategoryDto = Schema.Struct({
  id: Canonical.TaxCategory.fields.id,
  percent: ObjectProperty(Money.Decimal),
  taxScheme: ObjectProperty(TaxSchemeDto)
})
  .annotate({ identifier: "TaxCategoryDto" })
  .pipe(
    Schema.decodeTo(
      Schema.toType(TaxSubtotalTaxCategoryDto),
      SchemaTransformation.transform({
        decode: (category) => ({ ...category, taxExemptionReason: Option.none<string>() }),
        encode: (category) => ({ id: category.id, percent: category.percent, taxScheme: category.taxScheme })
      })
    )
  )

/** `TaxSubtotalDto`. */
export const TaxSubtotalDto = Schema.Struct({
  ...Canonical.TaxSubtotal.fields,
  taxableAmount: ObjectProperty(AmountTypeDto),
  taxAmount: AmountTypeDto,
  taxCategory: ObjectProperty(TaxSubtotalTaxCategoryDto)
}).annotate({ identifier: "TaxSubtotalDto" })

/** `TaxTotalDto`. */
export const TaxTotalDto = Schema.Struct({
  ...Canonical.TaxTotal.fields,
  taxAmount: AmountTypeDto,
  taxSubtotals: Schema.Array(TaxSubtotalDto)
}).annotate({ identifier: "TaxTotalDto" })

const itemFields = Canonical.InvoiceLine.fields.item.fields

/** `SellersItemIdentificationDto`. */
export const SellersItemIdentificationDto = itemFields.sellersItemIdentification.from.members[0].annotate({
  identifier: "SellersItemIdentificationDto"
})

/** `ItemDto`. */
export const ItemDto = Schema.Struct({
  ...itemFields,
  sellersItemIdentification: ObjectProperty(SellersItemIdentificationDto),
  classifiedTaxCategories: Schema.Array(TaxCategoryDto)
}).annotate({ identifier: "ItemDto" })

/** `InvoicedQuantityDto`. */
export const InvoicedQuantityDto = Canonical.Quantity.annotate({ identifier: "InvoicedQuantityDto" })

/** `PriceDto`. */
export const PriceDto = Schema.Struct({ priceAmount: AmountTypeDto }).annotate({ identifier: "PriceDto" })

/** `InvoiceLineDto`. */
export const InvoiceLineDto = Schema.Struct({
  ...Canonical.InvoiceLine.fields,
  invoicedQuantity: ObjectProperty(InvoicedQuantityDto),
  lineExtensionAmount: ObjectProperty(AmountTypeDto),
  item: ItemDto,
  price: ObjectProperty(PriceDto)
}).annotate({ identifier: "InvoiceLineDto" })

/** `CreditInvoiceDto`. */
export const CreditInvoiceDto = Canonical.CreditInvoice.annotate({ identifier: "CreditInvoiceDto" })
/** `DocumentCurrencyCodeDto`. */
export const DocumentCurrencyCodeDto = Canonical.DocumentCurrency.annotate({ identifier: "DocumentCurrencyCodeDto" })
/** `OrderReferenceDto`. */
export const OrderReferenceDto = Canonical.OrderReference.annotate({ identifier: "OrderReferenceDto" })
/** `ReminderDto`. */
export const ReminderDto = Canonical.Reminder.annotate({ identifier: "ReminderDto" })
/** `PaymentStatusDto`. */
export const PaymentStatusDto = Canonical.PaymentStatus.annotate({ identifier: "PaymentStatusDto" })

/** `PaymentTermsDto`. */
export const PaymentTermsDto = Schema.Struct({
  ...Canonical.PaymentTerms.fields,
  paymentTermsId: ObjectProperty(IdentifierDto)
}).annotate({ identifier: "PaymentTermsDto" })

/** API.1's `SalesInvoiceSummaryDto`: core's summary fields, without konto's extras. */
export const SalesInvoiceSummaryDto = Schema.Struct({
  ...Canonical.salesInvoiceSummaryFields,
  accountingCustomerParty: ObjectProperty(CustomerPartySummaryDto),
  paymentTerms: ObjectProperty(PaymentTermsDto),
  totalBalanceAmount: ObjectProperty(AmountTypeDto),
  legalMonetaryTotal: ObjectProperty(LegalMonetaryTotalDto),
  paymentStatus: ObjectProperty(PaymentStatusDto)
}).annotate({ identifier: "SalesInvoiceSummaryDto" })
export type SalesInvoiceSummaryDto = typeof SalesInvoiceSummaryDto.Type

// API.1's SalesInvoiceDto has no created/modified timestamps (its summary has them), and it is closed.
const {
  createdDateTime: _created,
  modifiedDateTime: _modified,
  ...salesInvoiceDtoFields
} = Canonical.salesInvoiceFields

/**
 * API.1's `SalesInvoiceDto`: core's invoice fields without konto's extras and without the created/modified
 * timestamps, which API.1 shows only in listings.
 */
export const SalesInvoiceDto = Schema.Struct({
  ...salesInvoiceDtoFields,
  creditInvoice: ObjectProperty(CreditInvoiceDto),
  orderReference: ObjectProperty(OrderReferenceDto),
  documentCurrencyCode: ObjectProperty(DocumentCurrencyCodeDto),
  accountingCustomerParty: ObjectProperty(CustomerPartyDto),
  paymentTerms: ObjectProperty(PaymentTermsDto),
  taxTotals: Schema.Array(TaxTotalDto),
  totalBalanceAmount: ObjectProperty(AmountTypeDto),
  legalMonetaryTotal: ObjectProperty(LegalMonetaryTotalDto),
  paymentStatus: ObjectProperty(PaymentStatusDto),
  reminder: ObjectProperty(ReminderDto),
  invoiceLines: Schema.Array(InvoiceLineDto)
}).annotate({ identifier: "SalesInvoiceDto" })
export type SalesInvoiceDto = typeof SalesInvoiceDto.Type

/** The DTO of a canonical invoice: konto's `source` and `statuses` and the timestamps API.1 lacks dropped. */
export const fromSalesInvoice = (invoice: Canonical.SalesInvoice): SalesInvoiceDto => {
  const {
    source: _source,
    statuses: _statuses,
    createdDateTime: _created,
    modifiedDateTime: _modified,
    ...dto
  } = invoice
  return dto
}

/** The DTO of a canonical summary: konto's `source` and `statuses` dropped. */
export const fromSalesInvoiceSummary = (summary: Canonical.SalesInvoiceSummary): SalesInvoiceSummaryDto => {
  const { source: _source, statuses: _statuses, ...dto } = summary
  return dto
}

// The DTOs must describe exactly core's shapes minus the extras; a drift in core fails the type-check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameInvoice: Same<
  SalesInvoiceDto,
  Omit<Canonical.SalesInvoice, "source" | "statuses" | "createdDateTime" | "modifiedDateTime">
> = true
const sameSummary: Same<SalesInvoiceSummaryDto, Omit<Canonical.SalesInvoiceSummary, "source" | "statuses">> = true
const sameAmount: Same<typeof AmountTypeDto.Type, Money.Money> = true
void [sameInvoice, sameSummary, sameAmount]
