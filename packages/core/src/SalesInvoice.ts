/**
 * The canonical sales invoice. Field names follow API.1 (`SalesInvoiceDto`, `SalesInvoiceSummaryDto`), which
 * follow UBL / Peppol BIS Billing 3.0. A fact a system does not expose is `Option.none()` (null on the wire),
 * never `false` or `0`. konto adds `source` (the system, the native id and the native status) and the derived
 * `statuses`; the API layer drops both where API.1's contract has no room for them.
 */
import { Schema } from "effect"
import { CalendarDate } from "./CalendarDate.ts"
import { InvoiceStatus, PaymentState } from "./InvoiceStatus.ts"
import { Decimal, Money } from "./Money.ts"
import { SystemId } from "./SystemId.ts"

const Nullable = <S extends Schema.Top>(schema: S) => Schema.OptionFromNullOr(schema)

/** An identifier with its scheme (`IdentifierDto`), e.g. `{ id: "559079-0100", schemeId: "SE:ORGNR" }`. */
export const Identifier = Schema.Struct({
  id: Nullable(Schema.String),
  schemeId: Nullable(Schema.String)
})
export type Identifier = typeof Identifier.Type

export const PartyName = Schema.Struct({
  name: Nullable(Schema.String),
  languageId: Nullable(Schema.String)
})

export const Country = Schema.Struct({
  identificationCode: Nullable(Schema.String),
  name: Nullable(Schema.String)
})

export const Address = Schema.Struct({
  buildingNumber: Nullable(Schema.String),
  streetName: Nullable(Schema.String),
  additionalStreetName: Nullable(Schema.String),
  cityName: Nullable(Schema.String),
  postalZone: Nullable(Schema.String),
  country: Nullable(Country)
})
export type Address = typeof Address.Type

export const PartyLegalEntity = Schema.Struct({
  registrationName: Nullable(Schema.String),
  companyId: Nullable(Identifier)
})

export const Contact = Schema.Struct({
  name: Nullable(Schema.String),
  telephone: Nullable(Schema.String),
  email: Nullable(Schema.String)
})

/** The customer party (`PartyDto`). */
export const Party = Schema.Struct({
  partyIdentification: Schema.Array(Identifier),
  partyName: Nullable(PartyName),
  postalAddress: Nullable(Address),
  partyLegalEntity: Nullable(PartyLegalEntity),
  contact: Nullable(Contact)
})
export type Party = typeof Party.Type

/** `CustomerPartyDto`: the customer code the seller assigned, and the party. */
export const CustomerParty = Schema.Struct({
  supplierAssignedAccountId: Nullable(Identifier),
  party: Party
})
export type CustomerParty = typeof CustomerParty.Type

/** `LegalMonetaryTotalDto`. `taxInclusiveAmount` is the gross total and never changes with payments. */
export const LegalMonetaryTotal = Schema.Struct({
  lineExtensionAmount: Nullable(Money),
  taxExclusiveAmount: Nullable(Money),
  taxInclusiveAmount: Nullable(Money),
  prepaidAmount: Nullable(Money),
  payableRoundingAmount: Nullable(Money),
  payableAmount: Nullable(Money)
})
export type LegalMonetaryTotal = typeof LegalMonetaryTotal.Type

export const TaxCategory = Schema.Struct({
  id: Nullable(Schema.String),
  percent: Nullable(Decimal),
  taxScheme: Nullable(Schema.Struct({ id: Nullable(Schema.String) })),
  taxExemptionReason: Nullable(Schema.String)
})

export const TaxSubtotal = Schema.Struct({
  taxableAmount: Nullable(Money),
  taxAmount: Money,
  taxCategory: Nullable(TaxCategory)
})

/** `TaxTotalDto`. */
export const TaxTotal = Schema.Struct({
  taxAmount: Money,
  taxSubtotals: Schema.Array(TaxSubtotal)
})
export type TaxTotal = typeof TaxTotal.Type

export const Quantity = Schema.Struct({
  quantity: Nullable(Decimal),
  unitCode: Nullable(Schema.String)
})

/** `InvoiceLineDto` (the subset konto maps). */
export const InvoiceLine = Schema.Struct({
  id: Nullable(Schema.String),
  invoicedQuantity: Nullable(Quantity),
  lineExtensionAmount: Nullable(Money),
  item: Schema.Struct({
    name: Nullable(Schema.String),
    description: Nullable(Schema.String),
    sellersItemIdentification: Nullable(Schema.Struct({ id: Nullable(Schema.String) })),
    classifiedTaxCategories: Schema.Array(TaxCategory)
  }),
  price: Nullable(Schema.Struct({ priceAmount: Money }))
})
export type InvoiceLine = typeof InvoiceLine.Type

export const CreditInvoiceDocumentReference = Schema.Struct({
  id: Nullable(Schema.String),
  reference: Nullable(Schema.String),
  documentType: Nullable(Schema.Literals(["Invoice", "CreditInvoice"]))
})

/** `CreditInvoiceDto`: whether this is a credit note, and what it credits. */
export const CreditInvoice = Schema.Struct({
  creditInvoiceIndicator: Nullable(Schema.Boolean),
  creditInvoiceDocumentReferences: Schema.Array(CreditInvoiceDocumentReference)
})
export type CreditInvoice = typeof CreditInvoice.Type

export const DocumentCurrency = Schema.Struct({
  currency: Nullable(Schema.String),
  currencyRate: Nullable(Decimal)
})

export const Note = Schema.Struct({
  text: Nullable(Schema.String),
  languageId: Nullable(Schema.String)
})

/** `PaymentTermsDto`. */
export const PaymentTerms = Schema.Struct({
  paymentTermsId: Nullable(Identifier),
  notes: Schema.Array(Note)
})
export type PaymentTerms = typeof PaymentTerms.Type

/** `PaymentStatusDto`: derived by konto from total and balance; settlement date where the system gives one. */
export const PaymentStatus = Schema.Struct({
  status: Nullable(PaymentState),
  settlementDate: Nullable(CalendarDate)
})
export type PaymentStatus = typeof PaymentStatus.Type

export const Reminder = Schema.Struct({
  reminderSequence: Nullable(Schema.Int),
  lastReminderDate: Nullable(CalendarDate)
})

export const OrderReference = Schema.Struct({
  buyerOrderId: Nullable(Schema.String),
  sellerOrderId: Nullable(Schema.String)
})

/** Where an invoice came from: the system, its native id and its native status value. */
export const Source = Schema.Struct({
  system: SystemId,
  id: Schema.String,
  status: Nullable(Schema.String)
})
export type Source = typeof Source.Type

/** A date-time in ISO 8601 (UTC on output). */
export const Timestamp = Schema.DateTimeUtcFromString

/** The fields of API.1's `SalesInvoiceSummaryDto`. */
export const salesInvoiceSummaryFields = {
  id: Nullable(Schema.String),
  reference: Nullable(Schema.String),
  dueDate: Nullable(CalendarDate),
  issueDate: Nullable(CalendarDate),
  createdDateTime: Nullable(Timestamp),
  modifiedDateTime: Nullable(Timestamp),
  isSent: Nullable(Schema.Boolean),
  accountingCustomerParty: Nullable(CustomerParty),
  paymentTerms: Nullable(PaymentTerms),
  notes: Schema.Array(Note),
  totalBalanceAmount: Nullable(Money),
  legalMonetaryTotal: Nullable(LegalMonetaryTotal),
  paymentStatus: Nullable(PaymentStatus)
} as const

/** konto's additions to API.1's shapes. */
export const kontoFields = {
  source: Source,
  statuses: Schema.Array(InvoiceStatus)
} as const

/** A sales invoice in a listing: API.1's `SalesInvoiceSummaryDto` plus `source` and derived `statuses`. */
export const SalesInvoiceSummary = Schema.Struct({ ...salesInvoiceSummaryFields, ...kontoFields })
export type SalesInvoiceSummary = typeof SalesInvoiceSummary.Type

/** The fields of API.1's `SalesInvoiceDto` that konto maps. */
export const salesInvoiceFields = {
  id: Nullable(Schema.String),
  reference: Nullable(Schema.String),
  buyerReference: Nullable(Schema.String),
  sellerReference: Nullable(Schema.String),
  bookedInvoiceIndicator: Nullable(Schema.Boolean),
  cancelledInvoiceIndicator: Nullable(Schema.Boolean),
  issueDate: Nullable(CalendarDate),
  issueTime: Nullable(Schema.String),
  dueDate: Nullable(CalendarDate),
  createdDateTime: Nullable(Timestamp),
  modifiedDateTime: Nullable(Timestamp),
  creditInvoice: Nullable(CreditInvoice),
  notes: Schema.Array(Note),
  orderReference: Nullable(OrderReference),
  documentCurrencyCode: Nullable(DocumentCurrency),
  accountingCustomerParty: Nullable(CustomerParty),
  paymentTerms: Nullable(PaymentTerms),
  taxTotals: Schema.Array(TaxTotal),
  totalBalanceAmount: Nullable(Money),
  legalMonetaryTotal: Nullable(LegalMonetaryTotal),
  paymentStatus: Nullable(PaymentStatus),
  isSent: Nullable(Schema.Boolean),
  isSold: Nullable(Schema.Boolean),
  reminder: Nullable(Reminder),
  invoiceLines: Schema.Array(InvoiceLine)
} as const

/** A sales invoice in full: API.1's `SalesInvoiceDto` plus `source` and derived `statuses`. */
export const SalesInvoice = Schema.Struct({ ...salesInvoiceFields, ...kontoFields })
export type SalesInvoice = typeof SalesInvoice.Type

/** The summary of a full invoice (what a listing shows for it). */
export const toSummary = (invoice: SalesInvoice): SalesInvoiceSummary => ({
  id: invoice.id,
  reference: invoice.reference,
  dueDate: invoice.dueDate,
  issueDate: invoice.issueDate,
  createdDateTime: invoice.createdDateTime,
  modifiedDateTime: invoice.modifiedDateTime,
  isSent: invoice.isSent,
  accountingCustomerParty: invoice.accountingCustomerParty,
  paymentTerms: invoice.paymentTerms,
  notes: invoice.notes,
  totalBalanceAmount: invoice.totalBalanceAmount,
  legalMonetaryTotal: invoice.legalMonetaryTotal,
  paymentStatus: invoice.paymentStatus,
  source: invoice.source,
  statuses: invoice.statuses
})
