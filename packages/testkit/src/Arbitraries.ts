/**
 * fast-check arbitraries for every canonical schema of `@konto/core`, in one place.
 *
 * Effect 4's own `Arbitrary` does not feed fast-check, so this module maps each schema once, composing the
 * arbitraries of its parts exactly as the schema composes its fields. `test/Arbitraries.test.ts` keeps the
 * mapping honest: every generated value encodes with its schema and decodes back equal, and every struct
 * arbitrary produces exactly the schema's fields (a field added to core fails that test until it is mapped here).
 */
import {
  CalendarDate,
  type ExactJson,
  type InvoiceFacts,
  type InvoiceStatus,
  invoiceStatuses,
  type ListQuery,
  type SalesInvoice,
  type SalesInvoiceInput,
  SystemId
} from "@konto/core"
import { InvoiceSeed } from "@konto/simulator-kit"
import { BigDecimal, DateTime, Option } from "effect"
import * as fc from "fast-check"

// ---------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------

/** `Option.none()` about one time in five, otherwise `Option.some` of the value. */
export const option = <A>(arbitrary: fc.Arbitrary<A>): fc.Arbitrary<Option.Option<A>> =>
  fc
    .option(arbitrary, { nil: undefined, freq: 5 })
    .map((value) => (value === undefined ? Option.none() : Option.some(value)))

/** An exact decimal of any sign and scale 0–6, up to 22 significant digits (beyond a float's 15–17). */
export const decimal: fc.Arbitrary<BigDecimal.BigDecimal> = fc
  .record({
    unscaled: fc.oneof(
      fc.bigInt({ min: -10_000_000n, max: 10_000_000n }),
      fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n })
    ),
    scale: fc.integer({ min: 0, max: 6 })
  })
  .map(({ scale, unscaled }) => BigDecimal.make(unscaled, scale))

/** A money amount as accounting systems hold them: two decimals, up to ±10 billion, sometimes beyond 15 digits. */
export const amount: fc.Arbitrary<BigDecimal.BigDecimal> = fc
  .oneof(
    { weight: 9, arbitrary: fc.bigInt({ min: -1_000_000_000_000n, max: 1_000_000_000_000n }) },
    { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n }) }
  )
  .map((cents) => BigDecimal.make(cents, 2))

/** A decimal as vendors write it in JSON text (`"1250.50"`), for wire-schema arbitraries. */
export const amountText = (scale = 2): fc.Arbitrary<string> =>
  fc
    .bigInt({ min: -(10n ** 14n), max: 10n ** 14n })
    .map((unscaled) => InvoiceSeed.amountText(BigDecimal.make(unscaled, scale), scale))

/** A decimal as a raw JSON number (`ExactJson.rawNumber`), for building vendor JSON payloads that carry exact amounts. */
export const rawAmount = (scale = 2): fc.Arbitrary<ExactJson.RawJsonNumber> =>
  fc
    .bigInt({ min: -(10n ** 18n), max: 10n ** 18n })
    .map((unscaled) => InvoiceSeed.rawAmount(BigDecimal.make(unscaled, scale)))

/** ISO 4217 currency codes konto's systems use, plus any three upper-case letters. */
export const currencyCode: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("SEK", "EUR", "NOK", "DKK", "GBP", "USD") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{3}$/) }
)

/** A calendar date between 2000-01-01 and 2039-12-31. */
export const calendarDate: fc.Arbitrary<CalendarDate.CalendarDate> = fc
  .integer({ min: 0, max: 14_609 })
  .map((days) => CalendarDate.addDays(CalendarDate.make("2000-01-01"), days))

/** A UTC instant between 2000 and 2039, millisecond precision (what ISO 8601 text round-trips). */
export const timestamp: fc.Arbitrary<DateTime.Utc> = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2039, 11, 31) })
  .map((millis) => DateTime.makeUnsafe(millis))

/** A system id: a first-party one or any valid id. */
export const systemId: fc.Arbitrary<SystemId.SystemId> = fc
  .oneof(fc.constantFrom(...Object.values(SystemId.FirstParty)), fc.stringMatching(/^[a-z][a-z0-9-]{1,39}$/))
  .map(SystemId.make)

/** A status of the filter vocabulary. */
export const invoiceStatus: fc.Arbitrary<InvoiceStatus> = fc.constantFrom(...invoiceStatuses)

const text: fc.Arbitrary<string> = fc.string({ maxLength: 24 })

// ---------------------------------------------------------------------------------------------------------
// SalesInvoice and its parts (same order as core's SalesInvoice.ts)
// ---------------------------------------------------------------------------------------------------------

/** core's `SalesInvoice.Identifier`. */
export const identifier: fc.Arbitrary<SalesInvoice.Identifier> = fc.record({
  id: option(text),
  schemeId: option(fc.constantFrom("SE:ORGNR", "NO:ORGNR", "DK:CVR", "FI:YTUNNUS", "NL:KVK", "GLN", "EU:VAT"))
})

/** core's `SalesInvoice.PartyName`. */
export const partyName: fc.Arbitrary<typeof SalesInvoice.PartyName.Type> = fc.record({
  name: option(text),
  languageId: option(text)
})

/** core's `SalesInvoice.Country`. */
export const country: fc.Arbitrary<typeof SalesInvoice.Country.Type> = fc.record({
  identificationCode: option(fc.stringMatching(/^[A-Z]{2}$/)),
  name: option(text)
})

/** core's `SalesInvoice.Address`. */
export const address: fc.Arbitrary<SalesInvoice.Address> = fc.record({
  buildingNumber: option(text),
  streetName: option(text),
  additionalStreetName: option(text),
  cityName: option(text),
  postalZone: option(text),
  country: option(country)
})

/** core's `SalesInvoice.PartyLegalEntity`. */
export const partyLegalEntity: fc.Arbitrary<typeof SalesInvoice.PartyLegalEntity.Type> = fc.record({
  registrationName: option(text),
  companyId: option(identifier)
})

/** core's `SalesInvoice.Contact`. */
export const contact: fc.Arbitrary<typeof SalesInvoice.Contact.Type> = fc.record({
  name: option(text),
  telephone: option(text),
  email: option(text)
})

/** core's `SalesInvoice.Party`. */
export const party: fc.Arbitrary<SalesInvoice.Party> = fc.record({
  partyIdentification: fc.array(identifier, { maxLength: 2 }),
  partyName: option(partyName),
  postalAddress: option(address),
  partyLegalEntity: option(partyLegalEntity),
  contact: option(contact)
})

/** core's `SalesInvoice.CustomerParty`. */
export const customerParty: fc.Arbitrary<SalesInvoice.CustomerParty> = fc.record({
  supplierAssignedAccountId: option(identifier),
  party
})

/** Money: an amount with an optional currency (`currencyId` may be null, as in API.1). */
export const money: fc.Arbitrary<{ readonly amount: BigDecimal.BigDecimal; readonly currencyId: string | null }> =
  fc.record({
    amount,
    currencyId: fc.option(currencyCode, { nil: null, freq: 8 })
  })

/** core's `SalesInvoice.LegalMonetaryTotal`. */
export const legalMonetaryTotal: fc.Arbitrary<SalesInvoice.LegalMonetaryTotal> = fc.record({
  lineExtensionAmount: option(money),
  taxExclusiveAmount: option(money),
  taxInclusiveAmount: option(money),
  prepaidAmount: option(money),
  payableRoundingAmount: option(money),
  payableAmount: option(money)
})

/** core's `SalesInvoice.TaxCategory`. */
export const taxCategory: fc.Arbitrary<typeof SalesInvoice.TaxCategory.Type> = fc.record({
  id: option(fc.constantFrom("S", "Z", "E", "AE", "K", "G", "O")),
  percent: option(
    fc.constantFrom("0", "6", "9", "12", "20", "21", "25", "25.5").map((rate) => BigDecimal.fromStringUnsafe(rate))
  ),
  taxScheme: option(fc.record({ id: option(fc.constant("VAT")) })),
  taxExemptionReason: option(text)
})

/** core's `SalesInvoice.TaxSubtotal`. */
export const taxSubtotal: fc.Arbitrary<typeof SalesInvoice.TaxSubtotal.Type> = fc.record({
  taxableAmount: option(money),
  taxAmount: money,
  taxCategory: option(taxCategory)
})

/** core's `SalesInvoice.TaxTotal`. */
export const taxTotal: fc.Arbitrary<SalesInvoice.TaxTotal> = fc.record({
  taxAmount: money,
  taxSubtotals: fc.array(taxSubtotal, { maxLength: 3 })
})

/** core's `SalesInvoice.Quantity`. */
export const quantity: fc.Arbitrary<typeof SalesInvoice.Quantity.Type> = fc.record({
  quantity: option(decimal),
  unitCode: option(fc.constantFrom("EA", "HUR", "DAY", "KGM", "C62"))
})

/** core's `SalesInvoice.InvoiceLine`. */
export const invoiceLine: fc.Arbitrary<SalesInvoice.InvoiceLine> = fc.record({
  id: option(text),
  invoicedQuantity: option(quantity),
  lineExtensionAmount: option(money),
  item: fc.record({
    name: option(text),
    description: option(text),
    sellersItemIdentification: option(fc.record({ id: option(text) })),
    classifiedTaxCategories: fc.array(taxCategory, { maxLength: 2 })
  }),
  price: option(fc.record({ priceAmount: money }))
})

/** core's `SalesInvoice.CreditInvoiceDocumentReference`. */
export const creditInvoiceDocumentReference: fc.Arbitrary<typeof SalesInvoice.CreditInvoiceDocumentReference.Type> =
  fc.record({
    id: option(text),
    reference: option(text),
    documentType: option(fc.constantFrom("Invoice" as const, "CreditInvoice" as const))
  })

/** core's `SalesInvoice.CreditInvoice`. */
export const creditInvoice: fc.Arbitrary<SalesInvoice.CreditInvoice> = fc.record({
  creditInvoiceIndicator: option(fc.boolean()),
  creditInvoiceDocumentReferences: fc.array(creditInvoiceDocumentReference, { maxLength: 2 })
})

/** core's `SalesInvoice.DocumentCurrency`. */
export const documentCurrency: fc.Arbitrary<typeof SalesInvoice.DocumentCurrency.Type> = fc.record({
  currency: option(currencyCode),
  currencyRate: option(decimal)
})

/** core's `SalesInvoice.Note`. */
export const note: fc.Arbitrary<typeof SalesInvoice.Note.Type> = fc.record({
  text: option(text),
  languageId: option(text)
})

/** core's `SalesInvoice.PaymentTerms`. */
export const paymentTerms: fc.Arbitrary<SalesInvoice.PaymentTerms> = fc.record({
  paymentTermsId: option(identifier),
  notes: fc.array(note, { maxLength: 2 })
})

/** core's `SalesInvoice.PaymentStatus`. */
export const paymentStatus: fc.Arbitrary<SalesInvoice.PaymentStatus> = fc.record({
  status: option(fc.constantFrom("UNPAID" as const, "PARTLY_PAID" as const, "FULLY_PAID" as const)),
  settlementDate: option(calendarDate)
})

/** core's `SalesInvoice.Reminder`. */
export const reminder: fc.Arbitrary<typeof SalesInvoice.Reminder.Type> = fc.record({
  reminderSequence: option(fc.integer({ min: 0, max: 10 })),
  lastReminderDate: option(calendarDate)
})

/** core's `SalesInvoice.OrderReference`. */
export const orderReference: fc.Arbitrary<typeof SalesInvoice.OrderReference.Type> = fc.record({
  buyerOrderId: option(text),
  sellerOrderId: option(text)
})

/** core's `SalesInvoice.Source`. */
export const source: fc.Arbitrary<SalesInvoice.Source> = fc.record({
  system: systemId,
  id: fc.string({ minLength: 1, maxLength: 36 }),
  status: option(text)
})

const statuses: fc.Arbitrary<ReadonlyArray<InvoiceStatus>> = fc.uniqueArray(invoiceStatus, { maxLength: 4 })

/** `SalesInvoiceSummary` (API.1's `SalesInvoiceSummaryDto` plus `source` and `statuses`). */
export const salesInvoiceSummary: fc.Arbitrary<SalesInvoice.SalesInvoiceSummary> = fc.record({
  id: option(text),
  reference: option(text),
  dueDate: option(calendarDate),
  issueDate: option(calendarDate),
  createdDateTime: option(timestamp),
  modifiedDateTime: option(timestamp),
  isSent: option(fc.boolean()),
  accountingCustomerParty: option(customerParty),
  paymentTerms: option(paymentTerms),
  notes: fc.array(note, { maxLength: 2 }),
  totalBalanceAmount: option(money),
  legalMonetaryTotal: option(legalMonetaryTotal),
  paymentStatus: option(paymentStatus),
  source,
  statuses
})

/** `SalesInvoice` (API.1's `SalesInvoiceDto` plus `source` and `statuses`). */
export const salesInvoice: fc.Arbitrary<SalesInvoice.SalesInvoice> = fc.record({
  id: option(text),
  reference: option(text),
  buyerReference: option(text),
  sellerReference: option(text),
  bookedInvoiceIndicator: option(fc.boolean()),
  cancelledInvoiceIndicator: option(fc.boolean()),
  issueDate: option(calendarDate),
  issueTime: option(fc.stringMatching(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/)),
  dueDate: option(calendarDate),
  createdDateTime: option(timestamp),
  modifiedDateTime: option(timestamp),
  creditInvoice: option(creditInvoice),
  notes: fc.array(note, { maxLength: 2 }),
  orderReference: option(orderReference),
  documentCurrencyCode: option(documentCurrency),
  accountingCustomerParty: option(customerParty),
  paymentTerms: option(paymentTerms),
  taxTotals: fc.array(taxTotal, { maxLength: 2 }),
  totalBalanceAmount: option(money),
  legalMonetaryTotal: option(legalMonetaryTotal),
  paymentStatus: option(paymentStatus),
  isSent: option(fc.boolean()),
  isSold: option(fc.boolean()),
  reminder: option(reminder),
  invoiceLines: fc.array(invoiceLine, { maxLength: 3 }),
  source,
  statuses
})

// ---------------------------------------------------------------------------------------------------------
// SalesInvoiceInput
// ---------------------------------------------------------------------------------------------------------

/** One line to invoice (`SalesInvoiceLineInput`). */
export const salesInvoiceLineInput: fc.Arbitrary<SalesInvoiceInput.SalesInvoiceLineInput> = fc.record({
  invoicedQuantity: fc.record({ quantity: decimal, unitCode: option(fc.constantFrom("EA", "HUR", "DAY")) }),
  item: fc.record(
    {
      name: fc.string({ minLength: 1, maxLength: 24 }),
      description: option(text),
      sellersItemIdentification: option(fc.record({ id: option(text) })),
      classifiedTaxCategories: fc.array(
        fc.record({
          percent: option(fc.constantFrom("0", "6", "12", "25").map((rate) => BigDecimal.fromStringUnsafe(rate)))
        }),
        { maxLength: 1 }
      )
    },
    { requiredKeys: ["name", "description", "sellersItemIdentification"] }
  ),
  price: fc.record({ priceAmount: money })
})

/** A sales invoice to create (`SalesInvoiceInput`), with 1–3 lines. */
export const salesInvoiceInput: fc.Arbitrary<SalesInvoiceInput.SalesInvoiceInput> = fc.record(
  {
    reference: option(text),
    buyerReference: option(text),
    sellerReference: option(text),
    issueDate: option(calendarDate),
    dueDate: option(calendarDate),
    creditInvoice: option(
      fc.record(
        {
          creditInvoiceIndicator: option(fc.boolean()),
          creditInvoiceDocumentReferences: fc.array(creditInvoiceDocumentReference, { maxLength: 1 })
        },
        { requiredKeys: ["creditInvoiceIndicator"] }
      )
    ),
    notes: fc.array(note, { maxLength: 2 }),
    orderReference: option(orderReference),
    documentCurrencyCode: option(documentCurrency),
    accountingCustomerParty: customerParty,
    paymentTerms: option(paymentTerms),
    invoiceLines: fc.array(salesInvoiceLineInput, { minLength: 1, maxLength: 3 }),
    externalReference: option(text)
  },
  {
    requiredKeys: [
      "reference",
      "buyerReference",
      "sellerReference",
      "issueDate",
      "dueDate",
      "creditInvoice",
      "orderReference",
      "documentCurrencyCode",
      "accountingCustomerParty",
      "paymentTerms",
      "invoiceLines",
      "externalReference"
    ]
  }
)

// ---------------------------------------------------------------------------------------------------------
// Facts, queries, seeds
// ---------------------------------------------------------------------------------------------------------

/** `InvoiceFacts`, each fact sometimes unknown. Totals and balances share a sign, as adapters report them. */
export const invoiceFacts: fc.Arbitrary<InvoiceFacts> = fc
  .record({
    total: option(amount),
    balanceShare: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    balanceKnown: fc.boolean(),
    isCreditNote: option(fc.boolean()),
    booked: option(fc.boolean()),
    cancelled: option(fc.boolean()),
    draft: option(fc.boolean()),
    sent: option(fc.boolean()),
    sold: option(fc.boolean()),
    dueDate: option(calendarDate)
  })
  .map(({ balanceKnown, balanceShare, total, ...facts }) => {
    // The share only picks a point between 0 and the total; the balance itself is an exact decimal.
    const balance = Option.map(total, (gross) =>
      BigDecimal.make((gross.value * BigInt(Math.round(balanceShare * 1000))) / 1000n, gross.scale)
    )
    return { ...facts, total, balance: balanceKnown ? balance : Option.none() }
  })

/** A `ListQuery`; `fromInvoiceDate` never after `toInvoiceDate`. */
export const listQuery: fc.Arbitrary<ListQuery.ListQuery> = fc
  .record({
    status: option(invoiceStatus),
    from: option(calendarDate),
    to: option(calendarDate),
    createdSince: option(timestamp),
    modifiedSince: option(timestamp),
    orderBy: option(fc.constantFrom("DateAscending" as const, "DateDescending" as const)),
    include: fc.record({ paymentStatus: fc.boolean(), paymentTerms: fc.boolean() })
  })
  .map(({ from, to, ...query }): ListQuery.ListQuery => {
    const swap = Option.isSome(from) && Option.isSome(to) && from.value > to.value
    return { ...query, fromInvoiceDate: swap ? to : from, toInvoiceDate: swap ? from : to }
  })

/** API.1's page window: `Count` 1–100, `CurrentPage` 1–20. */
export const pageRequest: fc.Arbitrary<ListQuery.PageRequest> = fc.record({
  count: fc.integer({ min: 1, max: 100 }),
  currentPage: fc.integer({ min: 1, max: 20 })
})

/** A seed profile: any combination of what a vendor can represent. */
export const seedProfile: fc.Arbitrary<InvoiceSeed.SeedProfile> = fc.record({
  creditNotes: fc.boolean(),
  drafts: fc.boolean(),
  cancelled: fc.boolean(),
  unbooked: fc.boolean(),
  unsent: fc.boolean(),
  sold: fc.boolean(),
  partialPayments: fc.boolean(),
  countries: fc.subarray(["SE", "NO", "DK", "FI", "NL", "GB", "DE"], { minLength: 1 }),
  currencies: fc.subarray(["SEK", "EUR", "NOK", "DKK", "GBP"], { minLength: 1 }),
  vatRates: fc.subarray(["25", "25.5", "24", "21", "20", "12", "9", "6", "0"], { minLength: 1 })
})

/** A consistent `InvoiceSeed` from the simulator kit's generator (any generator seed, position and profile). */
export const invoiceSeed = (profile?: Partial<InvoiceSeed.SeedProfile>): fc.Arbitrary<InvoiceSeed.InvoiceSeed> =>
  fc
    .record({ seed: fc.integer(), index: fc.nat({ max: 5_000 }), asOf: calendarDate })
    .map(({ asOf, index, seed }) =>
      InvoiceSeed.at({ seed, count: index + 1, asOf, ...(profile === undefined ? {} : { profile }) }, index)
    )

/** A listing's worth of consistent seeds: `count` seeds of one generator. */
export const invoiceSeeds = (
  count: number,
  profile?: Partial<InvoiceSeed.SeedProfile>
): fc.Arbitrary<ReadonlyArray<InvoiceSeed.InvoiceSeed>> =>
  fc.integer().map((seed) => [...InvoiceSeed.generate({ seed, count, ...(profile === undefined ? {} : { profile }) })])
