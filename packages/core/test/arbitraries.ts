/**
 * Small fast-check arbitraries for core's own tests. The published, schema-derived arbitraries live in
 * `@konto/testkit`; these stay local so core's tests depend on nothing of ours.
 */

import {
  CalendarDate,
  type InvoiceFacts,
  InvoiceStatus,
  Money,
  type SalesInvoice,
  type SalesInvoiceInput,
  SystemId
} from "@konto/core"
import { BigDecimal, DateTime, Option } from "effect"
import * as fc from "fast-check"

/** Runs of every law (the brief asks for at least 200). */
export const lawRuns = { numRuns: 300 } as const

/** `Option.none()` or `Option.some` of a generated value. */
export const option = <A>(arbitrary: fc.Arbitrary<A>): fc.Arbitrary<Option.Option<A>> =>
  fc.oneof(
    fc.constant(Option.none<A>()),
    arbitrary.map((value) => Option.some(value))
  )

/** An exact decimal from an unscaled bigint and a scale (negative scales are multiples of powers of ten). */
export const decimal = (
  constraints: { readonly maxDigits?: number; readonly minScale?: number; readonly maxScale?: number } = {}
): fc.Arbitrary<BigDecimal.BigDecimal> => {
  const bound = 10n ** BigInt(constraints.maxDigits ?? 20)
  return fc
    .tuple(
      fc.bigInt({ min: -bound, max: bound }),
      fc.integer({ min: constraints.minScale ?? -3, max: constraints.maxScale ?? 8 })
    )
    .map(([value, scale]) => BigDecimal.make(value, scale))
}

/** A non-negative decimal (an amount). */
export const nonNegativeDecimal: fc.Arbitrary<BigDecimal.BigDecimal> = decimal().map(BigDecimal.abs)

/** A calendar date between 1990 and 2060 (plus far-off years 0020–9900, so that moving a few thousand days stays within yyyy). */
export const calendarDate: fc.Arbitrary<CalendarDate.CalendarDate> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .integer({ min: 0, max: 70 * 366 })
      .map((days) => CalendarDate.addDays(CalendarDate.make("1990-01-01"), days))
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0, max: 9900 * 365 })
      .map((days) => CalendarDate.addDays(CalendarDate.make("0020-01-01"), days))
  }
)

/** An instant with millisecond precision (what `Timestamp` carries). */
export const instant: fc.Arbitrary<DateTime.Utc> = fc
  .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) })
  .map((millis) => DateTime.makeUnsafe(millis))

/**
 * A balance for a given total: sometimes unrelated, often on the interesting edges (zero, the total, a part of
 * it, more than it, the opposite sign).
 */
export const balanceFor = (total: BigDecimal.BigDecimal): fc.Arbitrary<BigDecimal.BigDecimal> =>
  fc.oneof(
    decimal(),
    fc.constant(BigDecimal.fromBigInt(0n)),
    fc.constant(total),
    fc.constant(BigDecimal.negate(total)),
    fc.integer({ min: 0, max: 100 }).map((percent) => BigDecimal.multiply(total, BigDecimal.make(BigInt(percent), 2))),
    fc.integer({ min: 1, max: 1000 }).map((cents) => BigDecimal.sum(total, BigDecimal.make(BigInt(cents), 2)))
  )

const totalAndBalance: fc.Arbitrary<{
  total: Option.Option<BigDecimal.BigDecimal>
  balance: Option.Option<BigDecimal.BigDecimal>
}> = fc.oneof(
  {
    weight: 3,
    arbitrary: decimal().chain((total) =>
      balanceFor(total).map((balance) => ({ total: Option.some(total), balance: Option.some(balance) }))
    )
  },
  { weight: 1, arbitrary: fc.record({ total: option(decimal()), balance: option(decimal()) }) }
)

/** Invoice facts: every fact known or unknown, amounts exact, total and balance often related. */
export const invoiceFacts: fc.Arbitrary<InvoiceFacts> = fc
  .tuple(
    totalAndBalance,
    fc.record({
      isCreditNote: option(fc.boolean()),
      booked: option(fc.boolean()),
      cancelled: option(fc.boolean()),
      draft: option(fc.boolean()),
      sent: option(fc.boolean()),
      sold: option(fc.boolean()),
      dueDate: option(calendarDate)
    })
  )
  .map(([amounts, flags]): InvoiceFacts => ({ ...amounts, ...flags }))

/** Facts of a live invoice (known neither cancelled nor a draft) with total and balance known. */
export const liveInvoiceFacts: fc.Arbitrary<InvoiceFacts> = fc
  .tuple(
    invoiceFacts,
    decimal().chain((total) => fc.tuple(fc.constant(total), balanceFor(total)))
  )
  .map(
    ([facts, [total, balance]]): InvoiceFacts => ({
      ...facts,
      total: Option.some(total),
      balance: Option.some(balance),
      cancelled: Option.some(false),
      draft: Option.some(false)
    })
  )

const text: fc.Arbitrary<string> = fc.string({ maxLength: 12 })
const nullableText = option(text)

const currency: fc.Arbitrary<string | null> = fc.constantFrom("SEK", "EUR", "NOK", "DKK", null)

/** Money with an exact amount. */
export const money: fc.Arbitrary<Money.Money> = fc
  .tuple(decimal(), currency)
  .map(([amount, currencyId]) => Money.make(amount, currencyId))

const identifier: fc.Arbitrary<SalesInvoice.Identifier> = fc.record({
  id: nullableText,
  schemeId: option(fc.constantFrom("SE:ORGNR", "NO:ORGNR", "GLN", "EU:VAT"))
})

const address: fc.Arbitrary<SalesInvoice.Address> = fc.record({
  buildingNumber: nullableText,
  streetName: nullableText,
  additionalStreetName: nullableText,
  cityName: nullableText,
  postalZone: nullableText,
  country: option(fc.record({ identificationCode: option(fc.constantFrom("SE", "NO", "NL")), name: nullableText }))
})

const customerParty: fc.Arbitrary<SalesInvoice.CustomerParty> = fc.record({
  supplierAssignedAccountId: option(identifier),
  party: fc.record({
    partyIdentification: fc.array(identifier, { maxLength: 2 }),
    partyName: option(fc.record({ name: nullableText, languageId: nullableText })),
    postalAddress: option(address),
    partyLegalEntity: option(fc.record({ registrationName: nullableText, companyId: option(identifier) })),
    contact: option(fc.record({ name: nullableText, telephone: nullableText, email: nullableText }))
  })
})

const note = fc.record({ text: nullableText, languageId: nullableText })

const paymentTerms: fc.Arbitrary<SalesInvoice.PaymentTerms> = fc.record({
  paymentTermsId: option(identifier),
  notes: fc.array(note, { maxLength: 2 })
})

const legalMonetaryTotal: fc.Arbitrary<SalesInvoice.LegalMonetaryTotal> = fc.record({
  lineExtensionAmount: option(money),
  taxExclusiveAmount: option(money),
  taxInclusiveAmount: option(money),
  prepaidAmount: option(money),
  payableRoundingAmount: option(money),
  payableAmount: option(money)
})

const paymentStatus: fc.Arbitrary<SalesInvoice.PaymentStatus> = fc.record({
  status: option(fc.constantFrom("UNPAID", "PARTLY_PAID", "FULLY_PAID")),
  settlementDate: option(calendarDate)
})

const source: fc.Arbitrary<SalesInvoice.Source> = fc.record({
  system: fc.constantFrom(...Object.values(SystemId.FirstParty)).map(SystemId.make),
  id: text,
  status: nullableText
})

/** A set of statuses, each at most once, in the vocabulary's order. */
export const statuses: fc.Arbitrary<ReadonlyArray<InvoiceStatus>> = fc.subarray([...InvoiceStatus.literals])

const taxCategory = fc.record({
  id: option(fc.constantFrom("S", "Z", "E")),
  percent: option(decimal({ maxDigits: 4, minScale: 0, maxScale: 2 })),
  taxScheme: option(fc.record({ id: option(fc.constant("VAT")) })),
  taxExemptionReason: nullableText
})

const invoiceLine: fc.Arbitrary<SalesInvoice.InvoiceLine> = fc.record({
  id: nullableText,
  invoicedQuantity: option(fc.record({ quantity: option(decimal()), unitCode: nullableText })),
  lineExtensionAmount: option(money),
  item: fc.record({
    name: nullableText,
    description: nullableText,
    sellersItemIdentification: option(fc.record({ id: nullableText })),
    classifiedTaxCategories: fc.array(taxCategory, { maxLength: 2 })
  }),
  price: option(fc.record({ priceAmount: money }))
})

const taxTotal: fc.Arbitrary<SalesInvoice.TaxTotal> = fc.record({
  taxAmount: money,
  taxSubtotals: fc.array(
    fc.record({ taxableAmount: option(money), taxAmount: money, taxCategory: option(taxCategory) }),
    { maxLength: 2 }
  )
})

const documentReference = fc.record({
  id: nullableText,
  reference: nullableText,
  documentType: option(fc.constantFrom("Invoice" as const, "CreditInvoice" as const))
})

/** A summary as a listing returns it. */
export const salesInvoiceSummary: fc.Arbitrary<SalesInvoice.SalesInvoiceSummary> = fc.record({
  id: nullableText,
  reference: nullableText,
  dueDate: option(calendarDate),
  issueDate: option(calendarDate),
  createdDateTime: option(instant),
  modifiedDateTime: option(instant),
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

/** A full invoice. */
export const salesInvoice: fc.Arbitrary<SalesInvoice.SalesInvoice> = fc.record({
  id: nullableText,
  reference: nullableText,
  buyerReference: nullableText,
  sellerReference: nullableText,
  bookedInvoiceIndicator: option(fc.boolean()),
  cancelledInvoiceIndicator: option(fc.boolean()),
  issueDate: option(calendarDate),
  issueTime: option(fc.constantFrom("09:30:00", "23:59:59")),
  dueDate: option(calendarDate),
  createdDateTime: option(instant),
  modifiedDateTime: option(instant),
  creditInvoice: option(
    fc.record({
      creditInvoiceIndicator: option(fc.boolean()),
      creditInvoiceDocumentReferences: fc.array(documentReference, { maxLength: 2 })
    })
  ),
  notes: fc.array(note, { maxLength: 2 }),
  orderReference: option(fc.record({ buyerOrderId: nullableText, sellerOrderId: nullableText })),
  documentCurrencyCode: option(
    fc.record({ currency: option(fc.constantFrom("SEK", "EUR")), currencyRate: option(decimal({ maxDigits: 8 })) })
  ),
  accountingCustomerParty: option(customerParty),
  paymentTerms: option(paymentTerms),
  taxTotals: fc.array(taxTotal, { maxLength: 2 }),
  totalBalanceAmount: option(money),
  legalMonetaryTotal: option(legalMonetaryTotal),
  paymentStatus: option(paymentStatus),
  isSent: option(fc.boolean()),
  isSold: option(fc.boolean()),
  reminder: option(
    fc.record({ reminderSequence: option(fc.integer({ min: 0, max: 9 })), lastReminderDate: option(calendarDate) })
  ),
  invoiceLines: fc.array(invoiceLine, { maxLength: 3 }),
  source,
  statuses
})

/** A present key with a value, or the key left out (for `optionalKey` fields). */
const optionalKey = <K extends string, A>(key: K, arbitrary: fc.Arbitrary<A>): fc.Arbitrary<{ [P in K]?: A }> =>
  fc
    .option(arbitrary, { nil: undefined })
    .map((value) => (value === undefined ? {} : { [key]: value }) as { [P in K]?: A })

const lineInput: fc.Arbitrary<SalesInvoiceInput.SalesInvoiceLineInput> = fc
  .tuple(
    fc.record({
      invoicedQuantity: fc.record({ quantity: decimal({ maxDigits: 8 }), unitCode: nullableText }),
      price: fc.record({ priceAmount: money })
    }),
    fc.record({
      name: fc.string({ minLength: 1, maxLength: 12 }),
      description: nullableText,
      sellersItemIdentification: option(fc.record({ id: nullableText }))
    }),
    optionalKey(
      "classifiedTaxCategories",
      fc.array(fc.record({ percent: option(decimal({ maxDigits: 4, minScale: 0, maxScale: 2 })) }), { maxLength: 2 })
    )
  )
  .map(([line, item, categories]) => ({ ...line, item: { ...item, ...categories } }))

/** An invoice to create. */
export const salesInvoiceInput: fc.Arbitrary<SalesInvoiceInput.SalesInvoiceInput> = fc
  .tuple(
    fc.record({
      reference: nullableText,
      buyerReference: nullableText,
      sellerReference: nullableText,
      issueDate: option(calendarDate),
      dueDate: option(calendarDate),
      orderReference: option(fc.record({ buyerOrderId: nullableText, sellerOrderId: nullableText })),
      documentCurrencyCode: option(
        fc.record({ currency: option(fc.constantFrom("SEK", "EUR")), currencyRate: option(decimal({ maxDigits: 8 })) })
      ),
      accountingCustomerParty: customerParty,
      paymentTerms: option(paymentTerms),
      invoiceLines: fc.array(lineInput, { minLength: 1, maxLength: 3 }),
      externalReference: nullableText
    }),
    option(
      fc
        .tuple(
          fc.record({ creditInvoiceIndicator: option(fc.boolean()) }),
          optionalKey("creditInvoiceDocumentReferences", fc.array(documentReference, { maxLength: 2 }))
        )
        .map(([credit, references]) => ({ ...credit, ...references }))
    ),
    optionalKey("notes", fc.array(note, { maxLength: 2 }))
  )
  .map(([input, creditInvoice, notes]) => ({ ...input, creditInvoice, ...notes }))
