import { assert, describe, it } from "@effect/vitest"
import { ExactJson, Money, SalesInvoice, SalesInvoiceInput } from "@konto/core"
import { BigDecimal, Exit, Option, Schema } from "effect"
import * as fc from "fast-check"
import { lawRuns, salesInvoice, salesInvoiceInput, salesInvoiceSummary } from "./arbitraries.ts"

/** The schema laws every canonical shape obeys. */
const schemaLaws = <S extends Schema.Codec<unknown, unknown>>(
  name: string,
  schema: S,
  arbitrary: fc.Arbitrary<S["Type"]>
) => {
  const is = Schema.is(schema)
  const encode = Schema.encodeSync(schema)
  const decode = Schema.decodeUnknownExit(schema)
  const equivalent = Schema.toEquivalence(schema)

  describe(name, () => {
    it("generated values decode", () => {
      fc.assert(
        fc.property(arbitrary, (value) => {
          assert.isTrue(is(value), "the value is a member of the schema")
          const exit = decode(encode(value))
          assert.isTrue(Exit.isSuccess(exit), Exit.isFailure(exit) ? String(exit.cause) : "")
        }),
        lawRuns
      )
    })

    it("encode then decode round-trips through exact JSON text", () => {
      fc.assert(
        fc.property(arbitrary, (value) => {
          const text = ExactJson.stringify(encode(value))
          const exit = decode(ExactJson.parse(text))
          assert.isTrue(Exit.isSuccess(exit) && equivalent(exit.value, value), text)
        }),
        lawRuns
      )
    })

    it("encoded JSON never carries amounts as strings, and unknowns are null", () => {
      fc.assert(
        fc.property(arbitrary, (value) => {
          const text = ExactJson.stringify(encode(value))
          assert.notMatch(text, /"amount":"/)
          assert.notMatch(text, /"_tag":"(None|Some)"/)
        }),
        { numRuns: 100 }
      )
    })
  })
}

schemaLaws("SalesInvoice schema", SalesInvoice.SalesInvoice, salesInvoice)
schemaLaws("SalesInvoiceSummary schema", SalesInvoice.SalesInvoiceSummary, salesInvoiceSummary)
schemaLaws("SalesInvoiceInput schema", SalesInvoiceInput.SalesInvoiceInput, salesInvoiceInput)

describe("SalesInvoice equivalence", () => {
  it("compares amounts by value, not scale (the round-trip check can fail)", () => {
    const equivalent = Schema.toEquivalence(SalesInvoice.SalesInvoiceSummary)
    const [summary] = fc.sample(salesInvoiceSummary, { numRuns: 1, seed: 7 })
    if (summary === undefined) throw new Error("no sample")
    const withBalance = (amount: string) => ({
      ...summary,
      totalBalanceAmount: Option.some(Money.unsafeFromString(amount, "SEK"))
    })
    assert.isTrue(equivalent(withBalance("1.5"), withBalance("1.50")))
    assert.isFalse(equivalent(withBalance("1.5"), withBalance("1.51")))
  })
})

describe("SalesInvoice wire form", () => {
  const documented = {
    id: "5050d6f7-d16a-4376-b00d-a20390c77bde",
    reference: "INV001",
    dueDate: "2025-02-28",
    issueDate: "2025-01-29",
    createdDateTime: "2025-01-29T10:15:00Z",
    modifiedDateTime: null,
    isSent: null,
    accountingCustomerParty: {
      supplierAssignedAccountId: { id: "CUST001", schemeId: null },
      party: {
        partyIdentification: [{ id: "559079-0100", schemeId: "SE:ORGNR" }],
        partyName: { name: "Kund AB", languageId: null },
        postalAddress: null,
        partyLegalEntity: null,
        contact: null
      }
    },
    paymentTerms: null,
    notes: [],
    totalBalanceAmount: { amount: 800.0, currencyId: "SEK" },
    legalMonetaryTotal: {
      lineExtensionAmount: null,
      taxExclusiveAmount: null,
      taxInclusiveAmount: { amount: 1000.0, currencyId: "SEK" },
      prepaidAmount: { amount: 100.0, currencyId: "SEK" },
      payableRoundingAmount: { amount: 0.05, currencyId: "SEK" },
      payableAmount: { amount: 800.0, currencyId: "SEK" }
    },
    paymentStatus: { status: "PARTLY_PAID", settlementDate: null },
    source: { system: "fortnox", id: "1001", status: null },
    statuses: ["Unpaid"]
  }

  it("decodes the field notes' example listing entry; unknowns become none", () => {
    const summary = Schema.decodeUnknownSync(SalesInvoice.SalesInvoiceSummary)(documented)
    assert.isTrue(Option.isNone(summary.isSent))
    assert.isTrue(Option.isNone(summary.modifiedDateTime))
    const total = Option.flatMap(summary.legalMonetaryTotal, (totals) => totals.taxInclusiveAmount)
    assert.isTrue(Option.isSome(total) && BigDecimal.equals(total.value.amount, BigDecimal.fromStringUnsafe("1000")))
    assert.strictEqual(
      Option.getOrThrow(summary.accountingCustomerParty).party.partyIdentification[0]?.schemeId.pipe(Option.getOrThrow),
      "SE:ORGNR"
    )
  })

  it("encodes none as null and amounts as numbers", () => {
    const summary = Schema.decodeUnknownSync(SalesInvoice.SalesInvoiceSummary)(documented)
    const wire = JSON.parse(
      ExactJson.stringify(Schema.encodeSync(SalesInvoice.SalesInvoiceSummary)(summary))
    ) as Record<string, unknown>
    assert.isNull(wire["isSent"])
    assert.deepStrictEqual(wire["totalBalanceAmount"], { amount: 800, currencyId: "SEK" })
    assert.strictEqual(wire["createdDateTime"], "2025-01-29T10:15:00.000Z")
  })

  it("rejects an invalid calendar date and an unknown status", () => {
    const decode = Schema.decodeUnknownExit(SalesInvoice.SalesInvoiceSummary)
    assert.isTrue(Exit.isFailure(decode({ ...documented, dueDate: "2025-02-30" })))
    assert.isTrue(Exit.isFailure(decode({ ...documented, statuses: ["Settled"] })))
    assert.isTrue(Exit.isFailure(decode({ ...documented, totalBalanceAmount: { amount: "abc", currencyId: "SEK" } })))
  })

  it("toSummary keeps the summary fields of a full invoice", () => {
    fc.assert(
      fc.property(salesInvoice, (invoice) => {
        const summary = SalesInvoice.toSummary(invoice)
        assert.isTrue(Schema.is(SalesInvoice.SalesInvoiceSummary)(summary))
        assert.deepStrictEqual(Object.keys(summary).sort(), Object.keys(SalesInvoice.SalesInvoiceSummary.fields).sort())
        assert.strictEqual(summary.source, invoice.source)
        assert.strictEqual(summary.totalBalanceAmount, invoice.totalBalanceAmount)
      }),
      { numRuns: 200 }
    )
  })
})

describe("SalesInvoiceInput", () => {
  const minimal = {
    accountingCustomerParty: {
      supplierAssignedAccountId: { id: "CUST001", schemeId: null },
      party: { partyIdentification: [], partyName: null, postalAddress: null, partyLegalEntity: null, contact: null }
    },
    invoiceLines: [
      {
        invoicedQuantity: { quantity: 2 },
        item: { name: "Consulting" },
        price: { priceAmount: { amount: 1250.75, currencyId: "SEK" } }
      }
    ]
  }

  it("decodes a minimal input; optional fields become none", () => {
    const input = Schema.decodeUnknownSync(SalesInvoiceInput.SalesInvoiceInput)(minimal)
    assert.isTrue(Option.isNone(input.externalReference))
    assert.isTrue(Option.isNone(input.dueDate))
    assert.isTrue(
      BigDecimal.equals(input.invoiceLines[0]!.price.priceAmount.amount, BigDecimal.fromStringUnsafe("1250.75"))
    )
  })

  it("requires at least one line and a non-empty item name", () => {
    const decode = Schema.decodeUnknownExit(SalesInvoiceInput.SalesInvoiceInput)
    assert.isTrue(Exit.isFailure(decode({ ...minimal, invoiceLines: [] })))
    assert.isTrue(
      Exit.isFailure(
        decode({
          ...minimal,
          invoiceLines: [{ ...minimal.invoiceLines[0], item: { name: "" } }]
        })
      )
    )
  })
})
