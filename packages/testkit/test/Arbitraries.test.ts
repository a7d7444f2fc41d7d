import { assert, describe, it } from "@effect/vitest"
import { CalendarDate, ExactJson, ListQuery, Money, SalesInvoice, SalesInvoiceInput } from "@konto/core"
import { InvoiceSeed } from "@konto/simulator-kit"
import { BigDecimal, Option, Result, Schema } from "effect"
import * as fc from "fast-check"
import { Arbitraries } from "../src/index.ts"

const runs = { numRuns: 200 }

/** Encode, write JSON exactly, read it back, decode, encode again: the same JSON text. */
const jsonRoundTrips =
  <S extends Schema.Codec<unknown, unknown>>(schema: S) =>
  (value: S["Type"]): boolean => {
    const encoded = Schema.encodeUnknownResult(schema)(value)
    if (Result.isFailure(encoded)) throw new Error(`does not encode: ${encoded.failure.message}`)
    const text = ExactJson.stringify(encoded.success)
    const decoded = Schema.decodeUnknownResult(schema)(ExactJson.parse(text))
    if (Result.isFailure(decoded)) throw new Error(`does not decode: ${decoded.failure.message}\n${text}`)
    const again = Schema.encodeUnknownResult(schema)(decoded.success)
    return Result.isSuccess(again) && ExactJson.stringify(again.success) === text
  }

const jsonSchemas = [
  ["Money.Decimal", Money.Decimal, Arbitraries.decimal],
  ["Money.Money", Money.Money, Arbitraries.money],
  ["CalendarDate", CalendarDate.CalendarDate, Arbitraries.calendarDate],
  ["SalesInvoice.Timestamp", SalesInvoice.Timestamp, Arbitraries.timestamp],
  ["SalesInvoice.CustomerParty", SalesInvoice.CustomerParty, Arbitraries.customerParty],
  ["SalesInvoice.InvoiceLine", SalesInvoice.InvoiceLine, Arbitraries.invoiceLine],
  ["SalesInvoiceSummary", SalesInvoice.SalesInvoiceSummary, Arbitraries.salesInvoiceSummary],
  ["SalesInvoice", SalesInvoice.SalesInvoice, Arbitraries.salesInvoice],
  ["SalesInvoiceLineInput", SalesInvoiceInput.SalesInvoiceLineInput, Arbitraries.salesInvoiceLineInput],
  ["SalesInvoiceInput", SalesInvoiceInput.SalesInvoiceInput, Arbitraries.salesInvoiceInput],
  ["InvoiceSeed", InvoiceSeed.InvoiceSeed, Arbitraries.invoiceSeed()]
] as const

describe("arbitraries", () => {
  for (const [name, schema, arbitrary] of jsonSchemas) {
    it(`every generated ${name} encodes, and decodes back to the same value (law)`, () => {
      fc.assert(
        fc.property(arbitrary as fc.Arbitrary<unknown>, jsonRoundTrips(schema as Schema.Codec<unknown, unknown>)),
        runs
      )
    })
  }

  it("every generated ListQuery is a ListQuery and its date range is ordered (law)", () => {
    const isListQuery = Schema.is(ListQuery.ListQuery)
    fc.assert(
      fc.property(
        Arbitraries.listQuery,
        (query) =>
          isListQuery(query) &&
          !(
            Option.isSome(query.fromInvoiceDate) &&
            Option.isSome(query.toInvoiceDate) &&
            query.fromInvoiceDate.value > query.toInvoiceDate.value
          )
      ),
      runs
    )
  })

  it("every generated page request is a valid API.1 window (law)", () => {
    fc.assert(
      fc.property(
        Arbitraries.pageRequest,
        (request) => request.count >= 1 && request.count <= 100 && request.currentPage >= 1
      ),
      runs
    )
  })

  it("generated facts keep the balance between zero and the total, in its sign (law)", () => {
    fc.assert(
      fc.property(Arbitraries.invoiceFacts, (facts) => {
        if (Option.isNone(facts.total) || Option.isNone(facts.balance)) return true
        const negative = BigDecimal.isNegative(facts.total.value)
        const total = negative ? BigDecimal.negate(facts.total.value) : facts.total.value
        const balance = negative ? BigDecimal.negate(facts.balance.value) : facts.balance.value
        return !BigDecimal.isNegative(balance) && BigDecimal.isLessThanOrEqualTo(balance, total)
      }),
      runs
    )
  })

  it("generated seeds are consistent for any profile (law)", () => {
    fc.assert(
      fc.property(Arbitraries.seedProfile, fc.integer(), fc.nat({ max: 300 }), (profile, seed, index) => {
        const generated = InvoiceSeed.at({ seed, count: index + 1, profile }, index)
        const issues = InvoiceSeed.consistencyIssues(generated)
        return (
          issues.length === 0 &&
          (profile.creditNotes || !generated.isCreditNote) &&
          (profile.drafts || !generated.draft) &&
          (profile.cancelled || !generated.cancelled) &&
          (profile.unbooked || generated.booked || generated.draft) &&
          (profile.unsent || generated.sent || generated.draft) &&
          (profile.sold || !generated.sold) &&
          profile.currencies.includes(generated.currency) &&
          profile.countries.includes(generated.customer.countryCode)
        )
      }),
      runs
    )
  })

  it("raw wire amounts are written and read back exactly (law)", () => {
    fc.assert(
      fc.property(Arbitraries.rawAmount(), (raw) => {
        const text = ExactJson.stringify({ amount: raw })
        const read = ExactJson.parse(text) as { readonly amount: unknown }
        const decoded = Schema.decodeUnknownSync(Money.Decimal)(read.amount)
        return BigDecimal.equals(decoded, BigDecimal.fromStringUnsafe(raw.rawJSON))
      }),
      runs
    )
  })

  it("decimals go beyond a float's precision, and stay exact", () => {
    const samples = fc.sample(Arbitraries.decimal, { numRuns: 500, seed: 42 })
    assert.isTrue(samples.some((value) => Money.formatDecimal(value).replace(/[-.]/g, "").length > 17))
  })

  // Every struct arbitrary must produce exactly its schema's fields: a field added to core fails here until mapped.
  const structs = [
    ["SalesInvoice", SalesInvoice.SalesInvoice.fields, Arbitraries.salesInvoice],
    ["SalesInvoiceSummary", SalesInvoice.SalesInvoiceSummary.fields, Arbitraries.salesInvoiceSummary],
    ["SalesInvoiceInput", SalesInvoiceInput.SalesInvoiceInput.fields, Arbitraries.salesInvoiceInput],
    ["SalesInvoiceLineInput", SalesInvoiceInput.SalesInvoiceLineInput.fields, Arbitraries.salesInvoiceLineInput],
    ["Party", SalesInvoice.Party.fields, Arbitraries.party],
    ["LegalMonetaryTotal", SalesInvoice.LegalMonetaryTotal.fields, Arbitraries.legalMonetaryTotal],
    ["InvoiceLine", SalesInvoice.InvoiceLine.fields, Arbitraries.invoiceLine],
    ["ListQuery", ListQuery.ListQuery.fields, Arbitraries.listQuery],
    ["InvoiceSeed", InvoiceSeed.InvoiceSeed.fields, Arbitraries.invoiceSeed()]
  ] as const
  for (const [name, fields, arbitrary] of structs) {
    it(`the ${name} arbitrary covers exactly the schema's fields`, () => {
      const seen = new Set<string>()
      for (const value of fc.sample(arbitrary as fc.Arbitrary<object>, { numRuns: 100, seed: 1 })) {
        for (const key of Object.keys(value)) seen.add(key)
      }
      assert.deepStrictEqual([...seen].sort(), Object.keys(fields).sort())
    })
  }
})
