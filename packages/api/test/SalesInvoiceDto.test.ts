import { assert, describe, it } from "@effect/vitest"
import { SalesInvoiceDto } from "@konto/api"
import { ExactJson, Money, SalesInvoice } from "@konto/core"
import { BigDecimal, Option, Schema } from "effect"
import { describeErrors, validateAccounting } from "./Contract.ts"
import { fullInvoice, unknownInvoice } from "./fixtures.ts"

const encodeInvoice = Schema.encodeSync(SalesInvoiceDto.SalesInvoiceDto)
const encodeSummary = Schema.encodeSync(SalesInvoiceDto.SalesInvoiceSummaryDto)
const decodeInvoice = Schema.decodeUnknownSync(SalesInvoiceDto.SalesInvoiceDto)

/** What a client receives: the encoded DTO through exact JSON text. */
const wire = (encoded: unknown): { readonly text: string; readonly json: unknown } => {
  const text = ExactJson.stringify(encoded)
  return { text, json: JSON.parse(text) }
}

describe("SalesInvoiceDto", () => {
  for (const [name, invoice] of [
    ["every fact known", fullInvoice],
    ["every fact unknown", unknownInvoice]
  ] as const) {
    it(`validates against API.1's SalesInvoiceDto (${name})`, () => {
      const { json } = wire(encodeInvoice(SalesInvoiceDto.fromSalesInvoice(invoice)))
      const errors = validateAccounting("SalesInvoiceDto", json)
      assert.deepStrictEqual(errors, [], describeErrors(errors))
    })

    it(`validates against API.1's SalesInvoiceSummaryDto (${name})`, () => {
      const summary = SalesInvoiceDto.fromSalesInvoiceSummary(SalesInvoice.toSummary(invoice))
      const { json } = wire(encodeSummary(summary))
      const errors = validateAccounting("SalesInvoiceSummaryDto", json)
      assert.deepStrictEqual(errors, [], describeErrors(errors))
    })
  }

  it("drops konto's extras", () => {
    const { json } = wire(encodeInvoice(SalesInvoiceDto.fromSalesInvoice(fullInvoice)))
    assert.isFalse(Object.hasOwn(json as object, "source"))
    assert.isFalse(Object.hasOwn(json as object, "statuses"))
  })

  it("writes a 17-digit amount as an exact JSON number literal", () => {
    const { text } = wire(encodeInvoice(SalesInvoiceDto.fromSalesInvoice(fullInvoice)))
    assert.include(text, `"taxInclusiveAmount":{"amount":12345678901234567.89,"currencyId":"SEK"}`)
    const read = decodeInvoice(ExactJson.parse(text))
    const total = Option.flatMap(read.legalMonetaryTotal, (totals) => totals.taxInclusiveAmount)
    assert.isTrue(
      Option.isSome(total) && BigDecimal.equals(total.value.amount, BigDecimal.fromStringUnsafe("12345678901234567.89"))
    )
  })

  it("leaves unknown objects out and writes unknown primitives as null", () => {
    const { json } = wire(encodeInvoice(SalesInvoiceDto.fromSalesInvoice(unknownInvoice)))
    const body = json as Record<string, unknown>
    assert.isFalse(Object.hasOwn(body, "paymentStatus"))
    assert.isFalse(Object.hasOwn(body, "legalMonetaryTotal"))
    assert.strictEqual(body["reference"], null)
    assert.strictEqual(body["isSent"], null)
  })

  it("reads back what it writes, and reads null in place of an absent object", () => {
    const { json } = wire(encodeInvoice(SalesInvoiceDto.fromSalesInvoice(fullInvoice)))
    const read = decodeInvoice(json)
    assert.deepStrictEqual(read.reference, fullInvoice.reference)
    assert.isTrue(Option.isSome(read.accountingCustomerParty))
    const withNulls = decodeInvoice({ ...(json as object), paymentStatus: null, reminder: null })
    assert.isTrue(Option.isNone(withNulls.paymentStatus))
  })

  it("shows an item's tax scheme as API.1's taxSchemeId and leaves out the exemption reason", () => {
    const { json } = wire(encodeInvoice(SalesInvoiceDto.fromSalesInvoice(fullInvoice)))
    const category = (json as { invoiceLines: Array<{ item: { classifiedTaxCategories: Array<unknown> } }> })
      .invoiceLines[0]?.item.classifiedTaxCategories[0]
    assert.deepStrictEqual(category, {
      id: "S",
      percent: 25,
      taxScheme: { taxSchemeId: { id: "VAT", schemeId: null } }
    })
  })

  it("shows a listing's party without address and contact", () => {
    const summary = SalesInvoiceDto.fromSalesInvoiceSummary(SalesInvoice.toSummary(fullInvoice))
    const { json } = wire(encodeSummary(summary))
    const party = (json as { accountingCustomerParty: { party: Record<string, unknown> } }).accountingCustomerParty
      .party
    assert.deepStrictEqual(Object.keys(party).sort(), ["partyIdentification", "partyLegalEntity", "partyName"])
  })

  it("keeps amounts exact beyond a float's precision", () => {
    const amount = Money.unsafeFromString("123456789012345678901234567.125", "EUR")
    const { text } = wire(Schema.encodeSync(SalesInvoiceDto.AmountTypeDto)(amount))
    assert.strictEqual(text, `{"amount":123456789012345678901234567.125,"currencyId":"EUR"}`)
  })
})
