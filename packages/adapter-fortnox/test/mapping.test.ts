import { assert, describe, it } from "@effect/vitest"
import { CalendarDate, deriveStatus, Money, SalesInvoice, SalesInvoiceInput } from "@konto/core"
import { BigDecimal, Option, Result, Schema } from "effect"
import * as Mapping from "../src/mapping.ts"
import * as Wire from "../src/wire.ts"
import { documentedItem, invoice, invoiceList } from "./Fixtures.ts"

const includeAll = { paymentStatus: true, paymentTerms: true }
const before = { asOf: CalendarDate.make("2014-11-20"), include: includeAll }
const afterDue = { asOf: CalendarDate.make("2015-01-01"), include: includeAll }

/** Asserts an exact amount (compared as decimals, so `1250` equals `1250.00`) and its currency. */
const assertAmount = (actual: Option.Option<Money.Money>, expected: string, currency: string | null) => {
  assert.isTrue(Option.isSome(actual), `expected ${expected} ${currency}, got none`)
  if (Option.isNone(actual)) return
  assert.isTrue(
    BigDecimal.equals(actual.value.amount, BigDecimal.fromStringUnsafe(expected)),
    `expected ${expected}, got ${BigDecimal.format(actual.value.amount)}`
  )
  assert.strictEqual(actual.value.currencyId, currency)
}

const assertDecimal = (actual: Option.Option<BigDecimal.BigDecimal>, expected: string) => {
  assert.isTrue(Option.isSome(actual) && BigDecimal.equals(actual.value, BigDecimal.fromStringUnsafe(expected)))
}

const encodeSummary = Schema.encodeSync(SalesInvoice.SalesInvoiceSummary)
const encodeInvoice = Schema.encodeSync(SalesInvoice.SalesInvoice)

describe("the documented list example, field by field", () => {
  const item = documentedItem()
  const summary = Mapping.summaryFromListItem(item, before)

  it("decodes exactly, the string CurrencyRate included", () => {
    assert.strictEqual(item.DocumentNumber, "1")
    assertDecimal(Option.fromNullishOr(item.Balance), "1250")
    assertDecimal(Option.fromNullishOr(item.Total), "1250")
    assertDecimal(Option.fromNullishOr(item.CurrencyRate), "1")
    assertDecimal(Option.fromNullishOr(item.CurrencyUnit), "1")
  })

  it("DocumentNumber is the id and the reference", () => {
    assert.deepStrictEqual(summary.id, Option.some("1"))
    assert.deepStrictEqual(summary.reference, Option.some("1"))
    assert.strictEqual(summary.source.system, "fortnox")
    assert.strictEqual(summary.source.id, "1")
    // Fortnox has no status field; its flags travel as indicators and statuses.
    assert.deepStrictEqual(summary.source.status, Option.none())
  })

  it("InvoiceDate and DueDate are the issue and due dates", () => {
    assert.deepStrictEqual(summary.issueDate, Option.some(CalendarDate.make("2014-11-11")))
    assert.deepStrictEqual(summary.dueDate, Option.some(CalendarDate.make("2014-12-12")))
  })

  it("Fortnox has no created or modified timestamp", () => {
    assert.isTrue(Option.isNone(summary.createdDateTime))
    assert.isTrue(Option.isNone(summary.modifiedDateTime))
  })

  it("CustomerNumber and CustomerName are the customer; a list item has no organisation number", () => {
    const party = Option.getOrThrow(summary.accountingCustomerParty)
    assert.deepStrictEqual(
      party.supplierAssignedAccountId,
      Option.some({ id: Option.some("100048"), schemeId: Option.none() })
    )
    assert.deepStrictEqual(
      party.party.partyName,
      Option.some({ name: Option.some("Kund 100048"), languageId: Option.none() })
    )
    assert.deepStrictEqual(party.party.partyIdentification, [])
    assert.isTrue(Option.isNone(party.party.postalAddress))
  })

  it("Total is the tax-inclusive amount, Balance the balance and the payable amount, in Currency", () => {
    assertAmount(summary.totalBalanceAmount, "1250", "SEK")
    const totals = Option.getOrThrow(summary.legalMonetaryTotal)
    assertAmount(totals.taxInclusiveAmount, "1250", "SEK")
    assertAmount(totals.payableAmount, "1250", "SEK")
    // The list item carries no Net, TotalVAT or RoundOff: the summary says so rather than guessing.
    assert.isTrue(Option.isNone(totals.lineExtensionAmount))
    assert.isTrue(Option.isNone(totals.taxExclusiveAmount))
    assert.isTrue(Option.isNone(totals.payableRoundingAmount))
    assert.isTrue(Option.isNone(totals.prepaidAmount))
  })

  it("TermsOfPayment is the payment terms code", () => {
    assert.deepStrictEqual(
      summary.paymentTerms,
      Option.some({
        paymentTermsId: Option.some({ id: Option.some("60"), schemeId: Option.none() }),
        notes: []
      })
    )
  })

  it("Sent is isSent", () => {
    assert.deepStrictEqual(summary.isSent, Option.some(false))
  })

  it("Balance = Total: unpaid, no settlement date", () => {
    assert.deepStrictEqual(
      summary.paymentStatus,
      Option.some({ status: Option.some("UNPAID" as const), settlementDate: Option.none() })
    )
  })

  it("statuses: Unpaid, Unbooked (Booked false), Unsent (Sent false), Sold (NoxFinans true)", () => {
    assert.deepStrictEqual(summary.statuses, ["Unpaid", "Unbooked", "Unsent", "Sold"])
  })

  it("past the due date it is also Overdue", () => {
    assert.deepStrictEqual(Mapping.summaryFromListItem(item, afterDue).statuses, [
      "Unpaid",
      "Overdue",
      "Unbooked",
      "Unsent",
      "Sold"
    ])
  })

  it("the facts are the list item's, draft a known false", () => {
    const facts = Mapping.listItemFacts(item)
    assertDecimal(facts.total, "1250")
    assertDecimal(facts.balance, "1250")
    assert.deepStrictEqual(facts.isCreditNote, Option.some(false))
    assert.deepStrictEqual(facts.booked, Option.some(false))
    assert.deepStrictEqual(facts.cancelled, Option.some(false))
    assert.deepStrictEqual(facts.draft, Option.some(false))
    assert.deepStrictEqual(facts.sent, Option.some(false))
    assert.deepStrictEqual(facts.sold, Option.some(true))
    assert.deepStrictEqual(facts.dueDate, Option.some(CalendarDate.make("2014-12-12")))
  })

  it("without includes, payment status and terms are left out", () => {
    const bare = Mapping.summaryFromListItem(item, {
      asOf: before.asOf,
      include: { paymentStatus: false, paymentTerms: false }
    })
    assert.isTrue(Option.isNone(bare.paymentStatus))
    assert.isTrue(Option.isNone(bare.paymentTerms))
    assert.deepStrictEqual(bare.statuses, summary.statuses)
  })

  it("encodes as a canonical summary, amounts as exact JSON numbers", () => {
    const encoded = encodeSummary(summary)
    assert.strictEqual(JSON.stringify(encoded.totalBalanceAmount), `{"amount":1250,"currencyId":"SEK"}`)
  })
})

describe("the documented cancelled invoice (DocumentNumber 3)", () => {
  const [item] = invoiceList("invoices-cancelled.documented.json").Invoices
  if (item === undefined) throw new Error("fixture has an invoice")
  const summary = Mapping.summaryFromListItem(item, afterDue)

  it("Balance 0 on a cancelled invoice is neither Paid nor Unpaid; it is Cancelled, Unbooked and Unsent", () => {
    assert.deepStrictEqual(summary.statuses, ["Cancelled", "Unbooked", "Unsent"])
  })

  it("NoxFinans is absent: sold is unknown, so Sold is never asserted", () => {
    assert.deepStrictEqual(Mapping.listItemFacts(item).sold, Option.none())
  })
})

describe("a full invoice (GET /3/invoices/{DocumentNumber}), field by field", () => {
  const wire = invoice("invoice.json")
  const asOf = CalendarDate.make("2025-04-20")
  const mapped = Mapping.invoiceFromWire(wire, { asOf, include: includeAll })

  it("references: YourReference, OurReference, YourOrderNumber; OrderReference 0 means none", () => {
    assert.deepStrictEqual(mapped.id, Option.some("1042"))
    assert.deepStrictEqual(mapped.reference, Option.some("1042"))
    assert.deepStrictEqual(mapped.buyerReference, Option.some("Bertil Köpare"))
    assert.deepStrictEqual(mapped.sellerReference, Option.some("Anna Säljare"))
    assert.deepStrictEqual(
      mapped.orderReference,
      Option.some({ buyerOrderId: Option.some("IO-55"), sellerOrderId: Option.none() })
    )
  })

  it('indicators: Booked, Cancelled, Sent, NoxFinans; Credit "false"', () => {
    assert.deepStrictEqual(mapped.bookedInvoiceIndicator, Option.some(true))
    assert.deepStrictEqual(mapped.cancelledInvoiceIndicator, Option.some(false))
    assert.deepStrictEqual(mapped.isSent, Option.some(true))
    assert.deepStrictEqual(mapped.isSold, Option.some(false))
    assert.deepStrictEqual(
      mapped.creditInvoice,
      Option.some({ creditInvoiceIndicator: Option.some(false), creditInvoiceDocumentReferences: [] })
    )
  })

  it("the customer: number, name, organisation number as SE:ORGNR, invoice address", () => {
    const party = Option.getOrThrow(mapped.accountingCustomerParty)
    assert.deepStrictEqual(
      party.supplierAssignedAccountId,
      Option.some({ id: Option.some("2001"), schemeId: Option.none() })
    )
    assert.deepStrictEqual(party.party.partyIdentification, [
      { id: Option.some("556677-8899"), schemeId: Option.some("SE:ORGNR") }
    ])
    assert.deepStrictEqual(
      party.party.partyLegalEntity,
      Option.some({
        registrationName: Option.some("Exempelbolaget AB"),
        companyId: Option.some({ id: Option.some("556677-8899"), schemeId: Option.some("SE:ORGNR") })
      })
    )
    assert.deepStrictEqual(
      party.party.postalAddress,
      Option.some({
        buildingNumber: Option.none(),
        streetName: Option.some("Storgatan 1"),
        additionalStreetName: Option.some("Box 12"),
        cityName: Option.some("Stockholm"),
        postalZone: Option.some("111 22"),
        country: Option.some({ identificationCode: Option.none(), name: Option.some("Sverige") })
      })
    )
  })

  it("currency and rate", () => {
    const currency = Option.getOrThrow(mapped.documentCurrencyCode)
    assert.deepStrictEqual(currency.currency, Option.some("SEK"))
    assertDecimal(currency.currencyRate, "1")
  })

  it("totals: Net, Total − TotalVAT − RoundOff, Total, RoundOff, Balance — exact", () => {
    const totals = Option.getOrThrow(mapped.legalMonetaryTotal)
    assertAmount(totals.lineExtensionAmount, "10099.7", "SEK")
    assertAmount(totals.taxExclusiveAmount, "10099.70", "SEK")
    assertAmount(totals.taxInclusiveAmount, "12547", "SEK")
    assertAmount(totals.payableRoundingAmount, "0.34", "SEK")
    assertAmount(totals.payableAmount, "7547", "SEK")
    assertAmount(mapped.totalBalanceAmount, "7547", "SEK")
    assert.isTrue(Option.isNone(totals.prepaidAmount))
  })

  it("VAT: TotalVAT as the tax total, each row's VAT rate as its tax category", () => {
    assert.strictEqual(mapped.taxTotals.length, 1)
    assertAmount(Option.fromNullishOr(mapped.taxTotals[0]?.taxAmount), "2446.96", "SEK")
    assert.deepStrictEqual(mapped.taxTotals[0]?.taxSubtotals, [])
  })

  it("rows: quantity and unit, article number, description, net price and net row total, VAT rate", () => {
    assert.strictEqual(mapped.invoiceLines.length, 2)
    const [first, second] = mapped.invoiceLines
    if (first === undefined || second === undefined) return
    assert.deepStrictEqual(first.id, Option.some("1"))
    assertDecimal(
      Option.flatMap(first.invoicedQuantity, (quantity) => quantity.quantity),
      "10"
    )
    assert.deepStrictEqual(
      Option.flatMap(first.invoicedQuantity, (quantity) => quantity.unitCode),
      Option.some("h")
    )
    assert.deepStrictEqual(first.item.name, Option.some("Konsulttimmar"))
    assert.deepStrictEqual(first.item.sellersItemIdentification, Option.some({ id: Option.some("KONS") }))
    assertAmount(first.lineExtensionAmount, "9500", "SEK")
    assertAmount(
      Option.map(first.price, (price) => price.priceAmount),
      "950",
      "SEK"
    )
    assertDecimal(
      Option.fromNullishOr(first.item.classifiedTaxCategories[0]).pipe(Option.flatMap((category) => category.percent)),
      "25"
    )
    assertAmount(second.lineExtensionAmount, "599.7", "SEK")
    assertAmount(
      Option.map(second.price, (price) => price.priceAmount),
      "199.9",
      "SEK"
    )
    assertDecimal(
      Option.fromNullishOr(second.item.classifiedTaxCategories[0]).pipe(Option.flatMap((category) => category.percent)),
      "12"
    )
  })

  it("notes, terms, reminder", () => {
    assert.deepStrictEqual(mapped.notes, [
      { text: Option.some("Tack för din beställning."), languageId: Option.none() }
    ])
    assert.deepStrictEqual(
      mapped.paymentTerms,
      Option.some({
        paymentTermsId: Option.some({ id: Option.some("30"), schemeId: Option.none() }),
        notes: []
      })
    )
    assert.deepStrictEqual(
      mapped.reminder,
      Option.some({ reminderSequence: Option.some(1), lastReminderDate: Option.some(CalendarDate.make("2025-04-10")) })
    )
  })

  it("partly paid and past due: PARTLY_PAID, Unpaid and Overdue; booked and sent", () => {
    assert.deepStrictEqual(
      Option.flatMap(mapped.paymentStatus, (status) => status.status),
      Option.some("PARTLY_PAID" as const)
    )
    assert.deepStrictEqual(mapped.statuses, ["Unpaid", "Overdue"])
  })

  it("its summary agrees with what the listing would show", () => {
    const summary = SalesInvoice.toSummary(mapped)
    assert.deepStrictEqual(summary.statuses, mapped.statuses)
    assert.deepStrictEqual(summary.issueDate, Option.some(CalendarDate.make("2025-03-03")))
  })

  it("encodes as a canonical invoice", () => {
    const encoded = encodeInvoice(mapped)
    assert.strictEqual(
      JSON.stringify(encoded.legalMonetaryTotal?.payableRoundingAmount),
      `{"amount":0.34,"currencyId":"SEK"}`
    )
  })
})

describe("a credit note", () => {
  const wire = invoice("credit-invoice.json")
  const mapped = Mapping.invoiceFromWire(wire, { asOf: CalendarDate.make("2025-03-20"), include: includeAll })

  it('negative totals; Credit "true"; CreditInvoiceReference is the credited invoice', () => {
    assertAmount(
      Option.flatMap(mapped.legalMonetaryTotal, (totals) => totals.taxInclusiveAmount),
      "-1250",
      "SEK"
    )
    assertAmount(mapped.totalBalanceAmount, "-1250", "SEK")
    assert.deepStrictEqual(
      mapped.creditInvoice,
      Option.some({
        creditInvoiceIndicator: Option.some(true),
        creditInvoiceDocumentReferences: [
          { id: Option.some("1"), reference: Option.some("1"), documentType: Option.some("Invoice" as const) }
        ]
      })
    )
    assertDecimal(
      Option.fromNullishOr(mapped.invoiceLines[0]).pipe(
        Option.flatMap((line) => line.invoicedQuantity),
        Option.flatMap((quantity) => quantity.quantity)
      ),
      "-1"
    )
  })

  it("an unsettled credit note is a mirrored unpaid invoice", () => {
    assert.deepStrictEqual(
      Option.flatMap(mapped.paymentStatus, (status) => status.status),
      Option.some("UNPAID" as const)
    )
    assert.deepStrictEqual(mapped.statuses, ["Unpaid", "Unsent"])
  })

  it("a settled credit note (Balance 0) is Paid, with FinalPayDate as its settlement date", () => {
    const settled = Mapping.invoiceFromWire(
      { ...wire, Balance: Money.zero, FinalPayDate: "2025-03-25" },
      { asOf: CalendarDate.make("2025-03-26"), include: includeAll }
    )
    assert.deepStrictEqual(
      settled.paymentStatus,
      Option.some({
        status: Option.some("FULLY_PAID" as const),
        settlementDate: Option.some(CalendarDate.make("2025-03-25"))
      })
    )
    assert.deepStrictEqual(settled.statuses, ["Paid", "Unsent"])
  })
})

describe("total mapping functions, with fallbacks for unknown vendor values", () => {
  it('Credit: "true", "false", booleans; anything else is unknown', () => {
    assert.deepStrictEqual(Mapping.creditFlag("true"), Option.some(true))
    assert.deepStrictEqual(Mapping.creditFlag("FALSE"), Option.some(false))
    assert.deepStrictEqual(Mapping.creditFlag(true), Option.some(true))
    assert.deepStrictEqual(Mapping.creditFlag("ja"), Option.none())
    assert.deepStrictEqual(Mapping.creditFlag(null), Option.none())
  })

  it('CreditInvoiceReference: 0, "0" and "" are none', () => {
    assert.deepStrictEqual(Mapping.creditReference("0"), Option.none())
    assert.deepStrictEqual(Mapping.creditReference(0), Option.none())
    assert.deepStrictEqual(Mapping.creditReference(""), Option.none())
    assert.deepStrictEqual(Mapping.creditReference(17), Option.some("17"))
  })

  it("dates: empty, null and invalid are unknown", () => {
    assert.deepStrictEqual(Mapping.calendarDate(""), Option.none())
    assert.deepStrictEqual(Mapping.calendarDate(null), Option.none())
    assert.deepStrictEqual(Mapping.calendarDate("2025-02-30"), Option.none())
    assert.deepStrictEqual(Mapping.calendarDate("2025-02-28"), Option.some(CalendarDate.make("2025-02-28")))
  })

  it("a list item with nothing but its number maps, every fact unknown", () => {
    const summary = Mapping.summaryFromListItem({ DocumentNumber: "9" }, afterDue)
    assert.deepStrictEqual(summary.statuses, [])
    assert.deepStrictEqual(summary.paymentStatus, Option.some({ status: Option.none(), settlementDate: Option.none() }))
    assert.deepStrictEqual(
      summary.accountingCustomerParty,
      Option.some({
        supplierAssignedAccountId: Option.none(),
        party: {
          partyIdentification: [],
          partyName: Option.none(),
          postalAddress: Option.none(),
          partyLegalEntity: Option.none(),
          contact: Option.none()
        }
      })
    )
  })

  it("nulls Fortnox sends for empty fields decode and read as unknown", () => {
    const item = Schema.decodeUnknownSync(Wire.InvoiceListItem)({
      DocumentNumber: "5",
      FinalPayDate: null,
      Total: null,
      Sent: null
    })
    const facts = Mapping.listItemFacts(item)
    assert.isTrue(Option.isNone(facts.total) && Option.isNone(facts.sent))
    assert.deepStrictEqual(deriveStatus(facts, afterDue.asOf).statuses, [])
  })
})

describe("create payload", () => {
  const input = Schema.decodeUnknownSync(SalesInvoiceInput.SalesInvoiceInput)({
    issueDate: "2025-05-02",
    dueDate: "2025-06-01",
    buyerReference: "Bertil Köpare",
    sellerReference: "Anna Säljare",
    notes: [{ text: "Tack!", languageId: null }],
    documentCurrencyCode: { currency: "SEK", currencyRate: null },
    accountingCustomerParty: {
      supplierAssignedAccountId: { id: "2001", schemeId: null },
      party: { partyIdentification: [], partyName: null, postalAddress: null, partyLegalEntity: null, contact: null }
    },
    paymentTerms: { paymentTermsId: { id: "30", schemeId: null }, notes: [] },
    invoiceLines: [
      {
        invoicedQuantity: { quantity: "2.5", unitCode: "h" },
        item: {
          name: "Konsulttimme",
          sellersItemIdentification: { id: "KONS" },
          classifiedTaxCategories: [{ percent: 25 }]
        },
        price: { priceAmount: { amount: "12345678901234.57", currencyId: "SEK" } }
      }
    ],
    externalReference: "PO-7781"
  })

  it("writes the idempotency key to ExternalInvoiceReference1 and the caller's reference to ExternalInvoiceReference2", () => {
    const payload = Result.getOrThrow(Mapping.payloadFromInput(input, "key-1"))
    assert.strictEqual(payload.CustomerNumber, "2001")
    assert.strictEqual(payload.ExternalInvoiceReference1, "key-1")
    assert.strictEqual(payload.ExternalInvoiceReference2, "PO-7781")
    assert.strictEqual(payload.InvoiceDate, "2025-05-02")
    assert.strictEqual(payload.DueDate, "2025-06-01")
    assert.strictEqual(payload.YourReference, "Bertil Köpare")
    assert.strictEqual(payload.OurReference, "Anna Säljare")
    assert.strictEqual(payload.Remarks, "Tack!")
    assert.strictEqual(payload.TermsOfPayment, "30")
    assert.strictEqual(payload.Currency, "SEK")
    assert.isFalse("CustomerName" in payload)
  })

  it("encodes rows strictly, the price as an exact JSON number and the quantity as text", () => {
    const payload = Result.getOrThrow(Mapping.payloadFromInput(input, "key-1"))
    const body = JSON.stringify(Schema.encodeSync(Wire.InvoicePayloadWrap)({ Invoice: payload }))
    assert.include(
      body,
      `"InvoiceRows":[{"ArticleNumber":"KONS","DeliveredQuantity":"2.5","Description":"Konsulttimme","Price":12345678901234.57,"Unit":"h","VAT":25}]`
    )
  })

  it("refuses an input without a customer number, before any request", () => {
    const withoutCustomer = {
      ...input,
      accountingCustomerParty: { ...input.accountingCustomerParty, supplierAssignedAccountId: Option.none() }
    }
    const result = Mapping.payloadFromInput(withoutCustomer, "key-1")
    assert.isTrue(Result.isFailure(result))
    if (Result.isFailure(result)) {
      assert.strictEqual(result.failure._tag, "InvalidInput")
      assert.strictEqual(result.failure.field, "accountingCustomerParty.supplierAssignedAccountId.id")
    }
  })

  it("refuses a key longer than ExternalInvoiceReference1 holds (80)", () => {
    assert.isTrue(Result.isSuccess(Mapping.payloadFromInput(input, "k".repeat(80))))
    assert.isTrue(Result.isFailure(Mapping.payloadFromInput(input, "k".repeat(81))))
  })

  it("refuses fractional VAT rates and lines in another currency", () => {
    const [line] = input.invoiceLines
    if (line === undefined) return
    const fractional = {
      ...input,
      invoiceLines: [
        {
          ...line,
          item: {
            ...line.item,
            classifiedTaxCategories: [{ percent: Option.some(BigDecimal.fromStringUnsafe("12.5")) }]
          }
        }
      ]
    }
    assert.isTrue(Result.isFailure(Mapping.payloadFromInput(fractional, "key-1")))
    const euro = { ...input, invoiceLines: [{ ...line, price: { priceAmount: Money.unsafeFromString("10", "EUR") } }] }
    assert.isTrue(Result.isFailure(Mapping.payloadFromInput(euro, "key-1")))
  })
})
