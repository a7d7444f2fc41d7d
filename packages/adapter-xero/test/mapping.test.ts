import { assert, describe, it } from "@effect/vitest"
import { CalendarDate, deriveStatus, ExactJson, type Money, SalesInvoice, SalesInvoiceInput } from "@konto/core"
import { BigDecimal, DateTime, Option, Result, Schema } from "effect"
import fc from "fast-check"
import { invoiceFacts, statusFacts, toDocumentInput, toSalesInvoice, toSalesInvoiceSummary } from "../src/mapping.ts"
import {
  creditNoteDocument,
  invoiceDocument,
  XeroCreditNote,
  XeroCreditNoteSummaries,
  XeroCreditNotes,
  XeroCreditNotesInput,
  type XeroDocument,
  XeroInvoice,
  XeroInvoiceSummaries,
  XeroInvoices,
  XeroInvoicesInput
} from "../src/wire.ts"
import { xeroDocumentArbitrary, xeroDocumentsArbitrary } from "./arbitraries.ts"
import { exampleCreditNotes, exampleInvoices, exampleWith } from "./officialSpec.ts"

const decodeInvoice = Schema.decodeUnknownSync(XeroInvoice)
const decodeCreditNote = Schema.decodeUnknownSync(XeroCreditNote)
const date = CalendarDate.make
const decimal = BigDecimal.fromStringUnsafe

const listed = exampleInvoices("/Invoices", "get")
const created = exampleInvoices("/Invoices", "put")
const fetched = exampleInvoices("/Invoices/{InvoiceID}", "get")
const updated = exampleInvoices("/Invoices/{InvoiceID}", "post")
const creditNote = exampleCreditNotes("/CreditNotes/{CreditNoteID}", "get")

const map = (document: XeroDocument, asOf: string) =>
  toSalesInvoice(document, { asOf: date(asOf), includePaymentStatus: true })

const assertMoney = (actual: Option.Option<Money.Money>, amount: string, currency: string | null = "NZD") => {
  assert.isTrue(Option.isSome(actual), `expected ${amount} ${currency}`)
  const money = Option.getOrThrow(actual)
  assert.isTrue(
    BigDecimal.equals(money.amount, decimal(amount)),
    `expected ${amount}, got ${BigDecimal.format(money.amount)}`
  )
  assert.strictEqual(money.currencyId, currency)
}

const totals = (invoice: SalesInvoice.SalesInvoice) => Option.getOrThrow(invoice.legalMonetaryTotal)

describe("documented examples, field by field", () => {
  it("INV-0002 (GET /Invoices): paid in full", () => {
    const invoice = map(invoiceDocument(decodeInvoice(exampleWith(listed, "InvoiceNumber", "INV-0002"))), "2019-01-01")
    assert.deepStrictEqual(invoice.id, Option.some("046d8a6d-1ae1-4b4d-9340-5601bdf41b87"))
    assert.deepStrictEqual(invoice.reference, Option.some("INV-0002"))
    assert.deepStrictEqual(invoice.buyerReference, Option.some("Red Fish, Blue Fish"))
    assert.deepStrictEqual(invoice.sellerReference, Option.none())
    assert.deepStrictEqual(invoice.issueDate, Option.some(date("2018-10-20")))
    assert.deepStrictEqual(invoice.dueDate, Option.some(date("2018-12-30")))
    assert.deepStrictEqual(invoice.createdDateTime, Option.none())
    assert.strictEqual(DateTime.formatIso(Option.getOrThrow(invoice.modifiedDateTime)), "2018-11-02T16:36:32.690Z")
    assert.deepStrictEqual(invoice.isSent, Option.some(true))
    assert.deepStrictEqual(invoice.isSold, Option.none())
    assert.deepStrictEqual(invoice.bookedInvoiceIndicator, Option.some(true))
    assert.deepStrictEqual(invoice.cancelledInvoiceIndicator, Option.some(false))
    assert.deepStrictEqual(
      invoice.creditInvoice,
      Option.some({ creditInvoiceIndicator: Option.some(false), creditInvoiceDocumentReferences: [] })
    )
    const currency = Option.getOrThrow(invoice.documentCurrencyCode)
    assert.deepStrictEqual(currency.currency, Option.some("NZD"))
    assert.isTrue(BigDecimal.equals(Option.getOrThrow(currency.currencyRate), decimal("1")))
    assertMoney(totals(invoice).lineExtensionAmount, "40")
    assertMoney(totals(invoice).taxExclusiveAmount, "40")
    assertMoney(totals(invoice).taxInclusiveAmount, "46")
    assertMoney(totals(invoice).prepaidAmount, "46")
    assertMoney(totals(invoice).payableAmount, "0")
    assert.deepStrictEqual(totals(invoice).payableRoundingAmount, Option.none())
    assertMoney(invoice.totalBalanceAmount, "0")
    assert.strictEqual(invoice.taxTotals.length, 1)
    assertMoney(Option.some(invoice.taxTotals[0]!.taxAmount), "6")
    assert.deepStrictEqual(
      invoice.paymentStatus,
      Option.some({ status: Option.some("FULLY_PAID" as const), settlementDate: Option.some(date("2018-11-29")) })
    )
    assert.deepStrictEqual(invoice.paymentTerms, Option.none())
    assert.deepStrictEqual(invoice.statuses, ["Paid"])
    assert.deepStrictEqual(invoice.source, {
      system: "xero",
      id: "046d8a6d-1ae1-4b4d-9340-5601bdf41b87",
      status: Option.some("PAID")
    })
    assert.deepStrictEqual(invoice.invoiceLines, [])
    const customer = Option.getOrThrow(invoice.accountingCustomerParty)
    assert.deepStrictEqual(
      customer.supplierAssignedAccountId,
      Option.some({ id: Option.some("a3675fc4-f8dd-4f03-ba5b-f1870566bcd7"), schemeId: Option.none() })
    )
    assert.deepStrictEqual(
      customer.party.partyName,
      Option.some({ name: Option.some("Barney Rubble-83203"), languageId: Option.none() })
    )
    assert.deepStrictEqual(
      customer.party.partyLegalEntity,
      Option.some({ registrationName: Option.some("Barney Rubble-83203"), companyId: Option.none() })
    )
    assert.deepStrictEqual(customer.party.postalAddress, Option.none())
    assert.deepStrictEqual(customer.party.contact, Option.none())
    assert.deepStrictEqual(customer.party.partyIdentification, [])
  })

  it("INV-0003 (GET /Invoices): unpaid, overdue from the day after its due date; SentToContact absent is unknown", () => {
    const document = invoiceDocument(decodeInvoice(exampleWith(listed, "InvoiceNumber", "INV-0003")))
    const onDueDate = map(document, "2018-11-07")
    assert.deepStrictEqual(onDueDate.statuses, ["Unpaid"])
    assert.deepStrictEqual(map(document, "2018-11-08").statuses, ["Unpaid", "Overdue"])
    assert.deepStrictEqual(onDueDate.isSent, Option.none())
    assert.deepStrictEqual(onDueDate.buyerReference, Option.none())
    assertMoney(onDueDate.totalBalanceAmount, "115")
    assertMoney(totals(onDueDate).prepaidAmount, "0")
    assert.deepStrictEqual(
      onDueDate.paymentStatus,
      Option.some({ status: Option.some("UNPAID" as const), settlementDate: Option.none() })
    )
  })

  it("INV-0003, partly paid and partly credited: prepaid is AmountPaid + AmountCredited, still Unpaid", () => {
    const record = {
      ...exampleWith(listed, "InvoiceNumber", "INV-0003"),
      AmountPaid: 15,
      AmountCredited: 20,
      AmountDue: 80
    }
    const invoice = map(invoiceDocument(decodeInvoice(record)), "2018-11-07")
    assertMoney(totals(invoice).prepaidAmount, "35")
    assertMoney(totals(invoice).payableAmount, "80")
    assert.deepStrictEqual(
      invoice.paymentStatus,
      Option.some({ status: Option.some("PARTLY_PAID" as const), settlementDate: Option.none() })
    )
    assert.deepStrictEqual(invoice.statuses, ["Unpaid"])
  })

  it("INV-0001 (GET /Invoices): voided is cancelled, never paid or unpaid", () => {
    const invoice = map(invoiceDocument(decodeInvoice(exampleWith(listed, "InvoiceNumber", "INV-0001"))), "2019-01-01")
    assert.deepStrictEqual(invoice.statuses, ["Cancelled"])
    assert.deepStrictEqual(invoice.cancelledInvoiceIndicator, Option.some(true))
    assert.deepStrictEqual(invoice.source.status, Option.some("VOIDED"))
  })

  it("INV-0007 (PUT /Invoices): contact with address, phone and e-mail; a line", () => {
    const invoice = map(invoiceDocument(decodeInvoice(exampleWith(created, "InvoiceNumber", "INV-0007"))), "2019-03-11")
    // Due 2018-12-10, before it was issued: overdue as soon as it exists; SentToContact false is Unsent.
    assert.deepStrictEqual(invoice.statuses, ["Unpaid", "Overdue", "Unsent"])
    const party = Option.getOrThrow(invoice.accountingCustomerParty).party
    assert.deepStrictEqual(
      party.postalAddress,
      Option.some({
        buildingNumber: Option.none(),
        streetName: Option.none(),
        additionalStreetName: Option.none(),
        cityName: Option.some("Anytown"),
        postalZone: Option.some("10101"),
        country: Option.some({ identificationCode: Option.none(), name: Option.some("USA") })
      })
    )
    assert.deepStrictEqual(
      party.contact,
      Option.some({
        name: Option.some("Liam Gallagher"),
        telephone: Option.some("212 222-2222"),
        email: Option.some("liam@rockstar.com")
      })
    )
    assert.strictEqual(invoice.invoiceLines.length, 1)
    const line = invoice.invoiceLines[0]!
    assert.deepStrictEqual(line.id, Option.some("5f7a612b-fdcc-4d33-90fa-a9f6bc6db32f"))
    assert.isTrue(BigDecimal.equals(Option.getOrThrow(Option.getOrThrow(line.invoicedQuantity).quantity), decimal("2")))
    assert.deepStrictEqual(Option.getOrThrow(line.invoicedQuantity).unitCode, Option.none())
    assertMoney(line.lineExtensionAmount, "40")
    assertMoney(
      Option.map(line.price, (price) => price.priceAmount),
      "20"
    )
    assert.deepStrictEqual(line.item.name, Option.some("Acme Tires"))
    assert.deepStrictEqual(line.item.description, Option.some("Acme Tires"))
    assert.deepStrictEqual(line.item.sellersItemIdentification, Option.none())
    assert.deepStrictEqual(line.item.classifiedTaxCategories, [
      { id: Option.some("NONE"), percent: Option.none(), taxScheme: Option.none(), taxExemptionReason: Option.none() }
    ])
    // AmountCredited is absent here: prepaid is still Total − AmountDue.
    assertMoney(totals(invoice).prepaidAmount, "0")
  })

  it("INV-0006 (GET /Invoices/{InvoiceID}): large amounts exact, item code", () => {
    const invoice = map(invoiceDocument(decodeInvoice(exampleWith(fetched, "InvoiceNumber", "INV-0006"))), "2019-04-01")
    assertMoney(totals(invoice).taxInclusiveAmount, "148062.76")
    assertMoney(totals(invoice).prepaidAmount, "148062.76")
    assert.deepStrictEqual(invoice.statuses, ["Paid", "Unsent"])
    assert.deepStrictEqual(
      invoice.paymentStatus,
      Option.some({ status: Option.some("FULLY_PAID" as const), settlementDate: Option.some(date("2019-03-19")) })
    )
    const line = invoice.invoiceLines[0]!
    assert.deepStrictEqual(line.item.sellersItemIdentification, Option.some({ id: Option.some("123") }))
    assert.deepStrictEqual(line.item.name, Option.some("Guitars Fender Strat"))
  })

  it("INV-0008 (POST /Invoices/{InvoiceID}): awaiting approval is unbooked, no longer a draft", () => {
    const invoice = map(invoiceDocument(decodeInvoice(exampleWith(updated, "InvoiceNumber", "INV-0008"))), "2019-03-11")
    assert.deepStrictEqual(invoice.statuses, ["Unpaid", "Unbooked", "Unsent"])
    assert.deepStrictEqual(invoice.bookedInvoiceIndicator, Option.some(false))
    assert.deepStrictEqual(
      invoice.paymentStatus,
      Option.some({ status: Option.some("UNPAID" as const), settlementDate: Option.none() })
    )
    assert.deepStrictEqual(
      invoice.invoiceLines[0]!.item.classifiedTaxCategories.map((category) => category.id),
      [Option.some("OUTPUT2")]
    )
    assertMoney(invoice.invoiceLines[0]!.lineExtensionAmount, "500")
    assertMoney(invoice.taxTotals[0] === undefined ? Option.none() : Option.some(invoice.taxTotals[0].taxAmount), "75")
  })

  it("CN-0005 (GET /CreditNotes/{CreditNoteID}): a sales credit note, mirrored to negative amounts", () => {
    const invoice = map(
      creditNoteDocument(decodeCreditNote(exampleWith(creditNote, "CreditNoteNumber", "CN-0005"))),
      "2019-03-06"
    )
    assert.deepStrictEqual(invoice.id, Option.some("249f15fa-f2a7-4acc-8769-0984103f2225"))
    assert.deepStrictEqual(invoice.reference, Option.some("CN-0005"))
    assert.deepStrictEqual(invoice.buyerReference, Option.some("US Tour"))
    assert.deepStrictEqual(invoice.issueDate, Option.some(date("2019-03-05")))
    assert.deepStrictEqual(invoice.dueDate, Option.none())
    assert.deepStrictEqual(
      invoice.creditInvoice,
      Option.some({ creditInvoiceIndicator: Option.some(true), creditInvoiceDocumentReferences: [] })
    )
    assertMoney(totals(invoice).lineExtensionAmount, "-30")
    assertMoney(totals(invoice).taxInclusiveAmount, "-34.5")
    assertMoney(totals(invoice).prepaidAmount, "-2")
    assertMoney(totals(invoice).payableAmount, "-32.5")
    assertMoney(invoice.totalBalanceAmount, "-32.5")
    assertMoney(Option.some(invoice.taxTotals[0]!.taxAmount), "-4.5")
    const line = invoice.invoiceLines[0]!
    assertMoney(line.lineExtensionAmount, "-30")
    // Mirrored by quantity: a price is never negative.
    assertMoney(
      Option.map(line.price, (price) => price.priceAmount),
      "30"
    )
    assert.isTrue(
      BigDecimal.equals(Option.getOrThrow(Option.getOrThrow(line.invoicedQuantity).quantity), decimal("-1"))
    )
    // 2.00 of 34.50 refunded: partly settled, so Unpaid like its mirror.
    assert.deepStrictEqual(
      invoice.paymentStatus,
      Option.some({ status: Option.some("PARTLY_PAID" as const), settlementDate: Option.none() })
    )
    assert.deepStrictEqual(invoice.statuses, ["Unpaid"])
    assert.deepStrictEqual(invoice.source, {
      system: "xero",
      id: "249f15fa-f2a7-4acc-8769-0984103f2225",
      status: Option.some("AUTHORISED")
    })
  })

  it("a credit note's allocations are its references to the invoices it credits", () => {
    const record = {
      ...exampleWith(creditNote, "CreditNoteNumber", "CN-0005"),
      Allocations: [
        {
          Amount: 34.5,
          Date: "/Date(1551744000000+0000)/",
          Invoice: { InvoiceID: "d4956132-ed94-4dd7-9eaa-aa22dfdf06f2", InvoiceNumber: "INV-0001" }
        }
      ]
    }
    const invoice = map(creditNoteDocument(decodeCreditNote(record)), "2019-03-06")
    assert.deepStrictEqual(Option.getOrThrow(invoice.creditInvoice).creditInvoiceDocumentReferences, [
      {
        id: Option.some("d4956132-ed94-4dd7-9eaa-aa22dfdf06f2"),
        reference: Option.some("INV-0001"),
        documentType: Option.some("Invoice" as const)
      }
    ])
  })
})

describe("fallbacks", () => {
  it("a status Xero adds later asserts nothing and is kept in source", () => {
    const record = { ...exampleWith(listed, "InvoiceNumber", "INV-0003"), Status: "ARCHIVED" }
    const invoice = map(invoiceDocument(decodeInvoice(record)), "2019-01-01")
    assert.deepStrictEqual(invoice.statuses, [])
    assert.deepStrictEqual(invoice.bookedInvoiceIndicator, Option.none())
    assert.deepStrictEqual(invoice.cancelledInvoiceIndicator, Option.none())
    assert.deepStrictEqual(invoice.source.status, Option.some("ARCHIVED"))
  })

  it("tax-inclusive lines are made net; an unknown LineAmountTypes leaves line amounts unknown", () => {
    const base = exampleWith(updated, "InvoiceNumber", "INV-0008")
    const inclusive = map(invoiceDocument(decodeInvoice({ ...base, LineAmountTypes: "Inclusive" })), "2019-03-11")
      .invoiceLines[0]!
    assertMoney(inclusive.lineExtensionAmount, "425")
    assert.deepStrictEqual(inclusive.price, Option.none())
    const unknown = map(invoiceDocument(decodeInvoice({ ...base, LineAmountTypes: "Compound" })), "2019-03-11")
      .invoiceLines[0]!
    assert.deepStrictEqual(unknown.lineExtensionAmount, Option.none())
    assert.deepStrictEqual(unknown.price, Option.none())
  })

  it("every documented status code has its facts", () => {
    assert.deepStrictEqual(statusFacts(Option.some("DRAFT")), {
      draft: Option.some(true),
      cancelled: Option.some(false),
      booked: Option.some(false)
    })
    assert.deepStrictEqual(statusFacts(Option.some("SUBMITTED")), {
      draft: Option.some(false),
      cancelled: Option.some(false),
      booked: Option.some(false)
    })
    assert.deepStrictEqual(statusFacts(Option.some("AUTHORISED")), {
      draft: Option.some(false),
      cancelled: Option.some(false),
      booked: Option.some(true)
    })
    assert.deepStrictEqual(statusFacts(Option.some("PAID")), {
      draft: Option.some(false),
      cancelled: Option.some(false),
      booked: Option.some(true)
    })
    assert.deepStrictEqual(statusFacts(Option.some("VOIDED")), {
      draft: Option.some(false),
      cancelled: Option.some(true),
      booked: Option.some(true)
    })
    assert.deepStrictEqual(statusFacts(Option.some("DELETED")), {
      draft: Option.some(false),
      cancelled: Option.some(true),
      booked: Option.some(false)
    })
    assert.deepStrictEqual(statusFacts(Option.none()), {
      draft: Option.none(),
      cancelled: Option.none(),
      booked: Option.none()
    })
  })

  it("without the paymentStatus include there is no payment status", () => {
    const invoice = toSalesInvoice(invoiceDocument(decodeInvoice(listed[1])), {
      asOf: date("2019-01-01"),
      includePaymentStatus: false
    })
    assert.deepStrictEqual(invoice.paymentStatus, Option.none())
    assert.deepStrictEqual(invoice.statuses, ["Paid"])
  })
})

const asOfArbitrary = fc
  .integer({ min: 17_167, max: 20_819 })
  .map((day) => date(new Date(day * 86_400_000).toISOString().slice(0, 10)))
const encodeSalesInvoice = Schema.encodeSync(SalesInvoice.SalesInvoice)
const decodeSalesInvoice = Schema.decodeUnknownSync(SalesInvoice.SalesInvoice)
const salesInvoiceEquivalence = Schema.toEquivalence(SalesInvoice.SalesInvoice)

describe("laws", () => {
  it("mapped invoices encode and decode as canonical invoices", () => {
    fc.assert(
      fc.property(
        fc.oneof(xeroDocumentArbitrary("invoice"), xeroDocumentArbitrary("creditNote")),
        asOfArbitrary,
        (record, asOf) => {
          const document =
            "InvoiceID" in record
              ? invoiceDocument(decodeInvoice(record))
              : creditNoteDocument(decodeCreditNote(record))
          const invoice = map(document, asOf)
          const again = decodeSalesInvoice(JSON.parse(JSON.stringify(encodeSalesInvoice(invoice))))
          assert.deepStrictEqual(again.statuses, invoice.statuses)
          assert.isTrue(salesInvoiceEquivalence(again, invoice))
        }
      ),
      { numRuns: 200 }
    )
  })

  it("amounts are preserved exactly; credit notes are mirrored", () => {
    fc.assert(
      fc.property(fc.oneof(xeroDocumentArbitrary("invoice"), xeroDocumentArbitrary("creditNote")), (record) => {
        const isCredit = "CreditNoteID" in record
        const document = isCredit
          ? creditNoteDocument(decodeCreditNote(record))
          : invoiceDocument(decodeInvoice(record))
        const invoice = map(document, "2020-01-01")
        const signed = (value: unknown) => {
          const exact = decimal(String(value))
          return isCredit ? BigDecimal.negate(exact) : exact
        }
        const total = Option.getOrThrow(totals(invoice).taxInclusiveAmount).amount
        assert.isTrue(BigDecimal.equals(total, signed(record["Total"])))
        const balance = Option.getOrThrow(invoice.totalBalanceAmount).amount
        assert.isTrue(BigDecimal.equals(balance, signed(isCredit ? record["RemainingCredit"] : record["AmountDue"])))
        assert.isTrue(
          BigDecimal.equals(Option.getOrThrow(totals(invoice).lineExtensionAmount).amount, signed(record["SubTotal"]))
        )
      }),
      { numRuns: 200 }
    )
  })

  it("a credit note has the statuses of the invoice it mirrors", () => {
    fc.assert(
      fc.property(xeroDocumentArbitrary("invoice"), asOfArbitrary, (record, asOf) => {
        const asCreditNote = {
          ...record,
          Type: "ACCRECCREDIT",
          CreditNoteID: record["InvoiceID"],
          CreditNoteNumber: record["InvoiceNumber"],
          RemainingCredit: record["AmountDue"]
        }
        const invoice = map(invoiceDocument(decodeInvoice(record)), asOf)
        const credit = map(creditNoteDocument(decodeCreditNote(asCreditNote)), asOf)
        assert.deepStrictEqual(credit.statuses, invoice.statuses)
        assert.deepStrictEqual(
          Option.flatMap(credit.paymentStatus, (status) => status.status),
          Option.flatMap(invoice.paymentStatus, (status) => status.status)
        )
      }),
      { numRuns: 200 }
    )
  })

  it("the statuses are deriveStatus of the facts", () => {
    fc.assert(
      fc.property(
        fc.oneof(xeroDocumentArbitrary("invoice"), xeroDocumentArbitrary("creditNote")),
        asOfArbitrary,
        (record, asOf) => {
          const document =
            "InvoiceID" in record
              ? invoiceDocument(decodeInvoice(record))
              : creditNoteDocument(decodeCreditNote(record))
          assert.deepStrictEqual(map(document, asOf).statuses, deriveStatus(invoiceFacts(document), asOf).statuses)
        }
      ),
      { numRuns: 200 }
    )
  })
})

const encodeSummary = Schema.encodeSync(SalesInvoice.SalesInvoiceSummary)
const summaryEquivalence = Schema.toEquivalence(SalesInvoice.SalesInvoiceSummary)

/**
 * A listing page as the client reads it (Xero's JSON text, `ExactJson.parse`), mapped two ways: decoded with the
 * summary schemas and mapped by `toSalesInvoiceSummary` (konto's listing path), and decoded with the complete
 * schemas, mapped by `toSalesInvoice` and cut by core's `SalesInvoice.toSummary`.
 */
const summariesBothWays = (
  records: ReadonlyArray<Record<string, unknown>>,
  options: { readonly asOf: CalendarDate.CalendarDate; readonly includePaymentStatus: boolean }
) => {
  const invoicesText = JSON.stringify({
    pagination: { page: 1, pageSize: 1000, pageCount: 1, itemCount: records.length },
    Invoices: records.filter((record) => "InvoiceID" in record)
  })
  const creditNotesText = JSON.stringify({ CreditNotes: records.filter((record) => "CreditNoteID" in record) })
  const viaSummary = [
    ...Schema.decodeUnknownSync(XeroInvoiceSummaries)(ExactJson.parse(invoicesText)).Invoices.map(invoiceDocument),
    ...Schema.decodeUnknownSync(XeroCreditNoteSummaries)(ExactJson.parse(creditNotesText)).CreditNotes.map(
      creditNoteDocument
    )
  ].map((document) => toSalesInvoiceSummary(document, options))
  const viaComplete = [
    ...Schema.decodeUnknownSync(XeroInvoices)(ExactJson.parse(invoicesText)).Invoices.map(invoiceDocument),
    ...Schema.decodeUnknownSync(XeroCreditNotes)(ExactJson.parse(creditNotesText)).CreditNotes.map(creditNoteDocument)
  ].map((document) => SalesInvoice.toSummary(toSalesInvoice(document, options)))
  return { viaSummary, viaComplete }
}

const assertSameSummaries = (
  viaSummary: ReadonlyArray<SalesInvoice.SalesInvoiceSummary>,
  viaComplete: ReadonlyArray<SalesInvoice.SalesInvoiceSummary>
) => {
  assert.strictEqual(viaSummary.length, viaComplete.length)
  // The wire form too: the same decimals at the same scale, the same nulls, the same statuses in the same order.
  assert.deepStrictEqual(
    viaSummary.map((summary) => encodeSummary(summary)),
    viaComplete.map((summary) => encodeSummary(summary))
  )
  for (const [index, summary] of viaSummary.entries()) assert.isTrue(summaryEquivalence(summary, viaComplete[index]!))
}

describe("listing pages: the summary schema", () => {
  it("law: a page decoded with the summary schemas maps to exactly the summaries of the complete documents", () => {
    fc.assert(
      fc.property(xeroDocumentsArbitrary(), asOfArbitrary, fc.boolean(), (records, asOf, includePaymentStatus) => {
        const { viaSummary, viaComplete } = summariesBothWays(records, { asOf, includePaymentStatus })
        assertSameSummaries(viaSummary, viaComplete)
      }),
      { numRuns: 200 }
    )
  })

  it("the documented examples (contacts with addresses and phones, allocations, large amounts) agree both ways", () => {
    const documented = [
      ...listed,
      ...created,
      ...fetched,
      ...updated,
      ...creditNote,
      ...exampleCreditNotes("/CreditNotes", "get")
    ]
    for (const asOf of ["2018-01-01", "2019-01-01", "2030-01-01"]) {
      const { viaSummary, viaComplete } = summariesBothWays(documented, {
        asOf: date(asOf),
        includePaymentStatus: true
      })
      assert.strictEqual(viaSummary.length, documented.length)
      assertSameSummaries(viaSummary, viaComplete)
    }
  })

  it("decodes no line items: a page whose lines the complete schema refuses still lists", () => {
    const record = { ...exampleWith(listed, "InvoiceNumber", "INV-0002"), LineItems: [{ Quantity: "two" }] }
    const text = JSON.stringify({ Invoices: [record] })
    assert.isTrue(Schema.decodeUnknownResult(XeroInvoices)(ExactJson.parse(text))._tag === "Failure")
    const page = Schema.decodeUnknownSync(XeroInvoiceSummaries)(ExactJson.parse(text))
    assert.deepStrictEqual(Object.keys(page.Invoices[0]!).includes("LineItems"), false)
    const summary = toSalesInvoiceSummary(invoiceDocument(page.Invoices[0]!), {
      asOf: date("2019-01-01"),
      includePaymentStatus: true
    })
    assert.deepStrictEqual(summary.statuses, ["Paid"])
  })
})

const documentedRequest: SalesInvoiceInput.SalesInvoiceInput = Schema.decodeUnknownSync(
  SalesInvoiceInput.SalesInvoiceInput
)({
  reference: null,
  accountingCustomerParty: {
    supplierAssignedAccountId: { id: "430fa14a-f945-44d3-9f97-5df5e28441b8", schemeId: null },
    party: {
      partyIdentification: [],
      partyName: { name: "Liam Gallagher", languageId: null },
      postalAddress: null,
      partyLegalEntity: null,
      contact: null
    }
  },
  issueDate: "2019-03-11",
  dueDate: "2018-12-10",
  buyerReference: "Website Design",
  invoiceLines: [
    {
      invoicedQuantity: { quantity: 2 },
      item: { name: "Acme Tires" },
      price: { priceAmount: { amount: 20, currencyId: "NZD" } }
    }
  ]
})

describe("canonical input → Xero", () => {
  it("writes the documented PUT /Invoices request: an existing contact by ContactID, a draft", () => {
    const written = toDocumentInput(documentedRequest)
    assert.isTrue(Result.isSuccess(written))
    const document = Result.getOrThrow(written)
    assert.strictEqual(document._tag, "Invoice")
    if (document._tag !== "Invoice") return
    assert.deepStrictEqual(
      JSON.parse(JSON.stringify(Schema.encodeSync(XeroInvoicesInput)({ Invoices: [document.invoice] }))),
      {
        Invoices: [
          {
            Type: "ACCREC",
            Contact: { ContactID: "430fa14a-f945-44d3-9f97-5df5e28441b8" },
            LineItems: [{ Description: "Acme Tires", Quantity: 2, UnitAmount: 20 }],
            Date: "2019-03-11",
            DueDate: "2018-12-10",
            Reference: "Website Design",
            LineAmountTypes: "Exclusive",
            Status: "DRAFT"
          }
        ]
      }
    )
  })

  it("a contact without a Xero id is matched by name, with its number, company number and e-mail", () => {
    const decoded = Schema.decodeUnknownSync(SalesInvoiceInput.SalesInvoiceInput)({
      reference: "INV-0100",
      accountingCustomerParty: {
        supplierAssignedAccountId: { id: "CUST-7", schemeId: null },
        party: {
          partyIdentification: [],
          partyName: { name: "Ridgeway University", languageId: null },
          postalAddress: null,
          partyLegalEntity: {
            registrationName: "Ridgeway University Ltd",
            companyId: { id: "559079-0100", schemeId: "SE:ORGNR" }
          },
          contact: { name: null, telephone: null, email: "ap@ridgeway.example" }
        }
      },
      externalReference: "order 17",
      documentCurrencyCode: { currency: "SEK", currencyRate: 1.25 },
      invoiceLines: [
        {
          invoicedQuantity: { quantity: 1 },
          item: { name: "Tuition" },
          price: { priceAmount: { amount: 100, currencyId: "SEK" } }
        }
      ]
    })
    const document = Result.getOrThrow(toDocumentInput(decoded))
    assert.strictEqual(document._tag, "Invoice")
    if (document._tag !== "Invoice") return
    assert.deepStrictEqual(document.invoice.Contact, {
      ContactNumber: "CUST-7",
      Name: "Ridgeway University",
      CompanyNumber: "559079-0100",
      EmailAddress: "ap@ridgeway.example"
    })
    assert.strictEqual(document.invoice.InvoiceNumber, "INV-0100")
    assert.strictEqual(document.invoice.Reference, "order 17")
    assert.strictEqual(document.invoice.CurrencyCode, "SEK")
    assert.isTrue(BigDecimal.equals(document.invoice.CurrencyRate!, decimal("1.25")))
  })

  it("a credit note goes to /CreditNotes with Xero's positive amounts", () => {
    const decoded = Schema.decodeUnknownSync(SalesInvoiceInput.SalesInvoiceInput)({
      reference: "CN-0100",
      creditInvoice: { creditInvoiceIndicator: true },
      accountingCustomerParty: {
        supplierAssignedAccountId: null,
        party: {
          partyIdentification: [],
          partyName: { name: "Liam Gallagher", languageId: null },
          postalAddress: null,
          partyLegalEntity: null,
          contact: null
        }
      },
      invoiceLines: [
        {
          invoicedQuantity: { quantity: -1 },
          item: { name: "Mic Stand" },
          price: { priceAmount: { amount: 30, currencyId: "NZD" } }
        }
      ]
    })
    const document = Result.getOrThrow(toDocumentInput(decoded))
    assert.strictEqual(document._tag, "CreditNote")
    if (document._tag !== "CreditNote") return
    const body = JSON.parse(
      JSON.stringify(Schema.encodeSync(XeroCreditNotesInput)({ CreditNotes: [document.creditNote] }))
    )
    assert.deepStrictEqual(body, {
      CreditNotes: [
        {
          Type: "ACCRECCREDIT",
          Contact: { Name: "Liam Gallagher" },
          LineItems: [{ Description: "Mic Stand", Quantity: 1, UnitAmount: 30 }],
          LineAmountTypes: "Exclusive",
          Status: "DRAFT",
          CreditNoteNumber: "CN-0100"
        }
      ]
    })
  })

  it("a party Xero cannot find or create is invalid input", () => {
    const decoded = Schema.decodeUnknownSync(SalesInvoiceInput.SalesInvoiceInput)({
      accountingCustomerParty: {
        supplierAssignedAccountId: null,
        party: { partyIdentification: [], partyName: null, postalAddress: null, partyLegalEntity: null, contact: null }
      },
      invoiceLines: [
        {
          invoicedQuantity: { quantity: 1 },
          item: { name: "Mic Stand" },
          price: { priceAmount: { amount: 30, currencyId: "NZD" } }
        }
      ]
    })
    const written = toDocumentInput(decoded)
    assert.isTrue(Result.isFailure(written))
    if (Result.isFailure(written)) {
      assert.strictEqual(written.failure._tag, "InvalidInput")
      assert.strictEqual(written.failure.field, "accountingCustomerParty")
    }
  })
})
