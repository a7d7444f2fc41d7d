import { assert, describe, it } from "@effect/vitest"
import { CalendarDate, deriveStatus, ExactJson, ListQuery, SalesInvoice } from "@konto/core"
import { InvoiceSeed } from "@konto/simulator-kit"
import { Arbitraries } from "@konto/testkit"
import { BigDecimal, DateTime, Option, Result, Schema } from "effect"
import * as fc from "fast-check"
import * as Mapping from "../src/mapping.ts"
import { listItemOf, parseLastModified } from "../src/simulator.ts"
import * as Wire from "../src/wire.ts"
import { consistentInvoice, looseListItemText } from "./FortnoxArbitraries.ts"

const runs = { numRuns: 300 }
const includeAll = { paymentStatus: true, paymentTerms: true }
const decodeListItem = Schema.decodeUnknownSync(Wire.InvoiceListItem)

/** Encodes with the canonical schema, writes JSON, reads it back: `true` when the value is canonical. */
const isCanonical = <S extends Schema.Codec<unknown, unknown>>(schema: S, value: unknown): boolean => {
  const encoded = Schema.encodeUnknownResult(schema)(value)
  if (Result.isFailure(encoded)) return false
  return Result.isSuccess(Schema.decodeUnknownResult(schema)(ExactJson.parse(ExactJson.stringify(encoded.success))))
}

const sameAmount = (
  money: Option.Option<{ readonly amount: BigDecimal.BigDecimal }>,
  expected: BigDecimal.BigDecimal | null | undefined
) =>
  expected === null || expected === undefined
    ? Option.isNone(money)
    : Option.isSome(money) && BigDecimal.equals(money.value.amount, expected)

describe("laws of the Fortnox mapping (fast-check)", () => {
  it("any list item Fortnox may send decodes and maps to a canonical summary with its amounts exact", () => {
    fc.assert(
      fc.property(looseListItemText, Arbitraries.calendarDate, (text, asOf) => {
        const item = decodeListItem(ExactJson.parse(text))
        const summary = Mapping.summaryFromListItem(item, { asOf, include: includeAll })
        assert.isTrue(isCanonical(SalesInvoice.SalesInvoiceSummary, summary))
        const totals = Option.getOrThrow(summary.legalMonetaryTotal)
        assert.isTrue(sameAmount(totals.taxInclusiveAmount, item.Total))
        assert.isTrue(sameAmount(summary.totalBalanceAmount, item.Balance))
      }),
      runs
    )
  })

  it("a status is asserted only when Fortnox's own fields establish it", () => {
    fc.assert(
      fc.property(looseListItemText, Arbitraries.calendarDate, (text, asOf) => {
        const item = decodeListItem(ExactJson.parse(text))
        const { statuses } = Mapping.summaryFromListItem(item, { asOf, include: includeAll })
        const has = (status: (typeof statuses)[number]) => statuses.includes(status)
        if (has("Unbooked")) assert.strictEqual(item.Booked, false)
        if (has("Unsent")) assert.strictEqual(item.Sent, false)
        if (has("Sold")) assert.strictEqual(item.NoxFinans, true)
        if (has("Cancelled")) assert.strictEqual(item.Cancelled, true)
        if (has("Paid") || has("Unpaid")) {
          assert.strictEqual(item.Cancelled, false)
          assert.isTrue(
            item.Total !== null && item.Total !== undefined && item.Balance !== null && item.Balance !== undefined
          )
        }
        if (has("Overdue")) assert.isTrue(Option.isSome(Mapping.calendarDate(item.DueDate)))
        assert.isFalse(has("Draft"))
      }),
      runs
    )
  })

  it("from Fortnox's records, konto recovers the seed's facts: statuses and payment as deriveStatus gives them", () => {
    fc.assert(
      fc.property(consistentInvoice, Arbitraries.calendarDate, ({ invoice, seed }, asOf) => {
        const summary = Mapping.summaryFromListItem(listItemOf(invoice), { asOf, include: includeAll })
        const expected = deriveStatus(InvoiceSeed.facts(seed), asOf)
        assert.deepStrictEqual([...summary.statuses].sort(), [...expected.statuses].sort())
        assert.deepStrictEqual(
          Option.flatMap(summary.paymentStatus, (status) => status.status),
          expected.payment
        )
        assert.isTrue(
          sameAmount(
            Option.flatMap(summary.legalMonetaryTotal, (totals) => totals.taxInclusiveAmount),
            seed.gross
          )
        )
        assert.isTrue(sameAmount(summary.totalBalanceAmount, seed.balance))
      }),
      runs
    )
  })

  it("the full invoice agrees with its list item, and carries the seed's net, VAT and rows exactly", () => {
    fc.assert(
      fc.property(consistentInvoice, Arbitraries.calendarDate, ({ invoice, seed }, asOf) => {
        const full = Mapping.invoiceFromWire(invoice, { asOf, include: includeAll })
        const summary = Mapping.summaryFromListItem(listItemOf(invoice), { asOf, include: includeAll })
        assert.isTrue(isCanonical(SalesInvoice.SalesInvoice, full))
        assert.deepStrictEqual(full.statuses, summary.statuses)
        const totals = Option.getOrThrow(full.legalMonetaryTotal)
        assert.isTrue(sameAmount(totals.taxExclusiveAmount, seed.net))
        assert.isTrue(sameAmount(totals.lineExtensionAmount, seed.net))
        assert.isTrue(sameAmount(Option.fromNullishOr(full.taxTotals[0]?.taxAmount), seed.vat))
        assert.strictEqual(full.invoiceLines.length, seed.lines.length)
        full.invoiceLines.forEach((line, index) => {
          assert.isTrue(sameAmount(line.lineExtensionAmount, seed.lines[index]?.net))
        })
        assert.deepStrictEqual(
          Option.flatMap(full.creditInvoice, (credit) => credit.creditInvoiceIndicator),
          Option.some(seed.isCreditNote)
        )
      }),
      runs
    )
  })

  it("Fortnox invoices encode then decode to the same text (wire round trip)", () => {
    fc.assert(
      fc.property(consistentInvoice, ({ invoice }) => {
        const text = ExactJson.stringify(Schema.encodeSync(Wire.InvoiceWrap)({ Invoice: invoice }))
        const again = ExactJson.stringify(
          Schema.encodeSync(Wire.InvoiceWrap)(Schema.decodeUnknownSync(Wire.InvoiceWrap)(ExactJson.parse(text)))
        )
        assert.strictEqual(again, text)
      }),
      runs
    )
  })
})

describe("laws of the create payload (fast-check)", () => {
  it("an input either is refused as InvalidInput or becomes a payload that encodes strictly with every line exact", () => {
    fc.assert(
      fc.property(Arbitraries.salesInvoiceInput, fc.string({ minLength: 1, maxLength: 100 }), (input, key) => {
        const result = Mapping.payloadFromInput(input, key)
        if (Result.isFailure(result)) {
          assert.strictEqual(result.failure._tag, "InvalidInput")
          return
        }
        const payload = result.success
        assert.isTrue(Result.isSuccess(Schema.encodeUnknownResult(Wire.InvoicePayloadWrap)({ Invoice: payload })))
        assert.strictEqual(payload.ExternalInvoiceReference1, key)
        assert.isAtMost(key.length, Mapping.externalReferenceMaxLength)
        assert.strictEqual(payload.InvoiceRows.length, input.invoiceLines.length)
        payload.InvoiceRows.forEach((row, index) => {
          const line = input.invoiceLines[index]!
          assert.isTrue(BigDecimal.equals(row.Price, line.price.priceAmount.amount))
          assert.isTrue(
            BigDecimal.equals(BigDecimal.fromStringUnsafe(row.DeliveredQuantity), line.invoicedQuantity.quantity)
          )
          assert.strictEqual(row.Description, line.item.name)
        })
      }),
      runs
    )
  })
})

describe("laws of the listing parameters (fast-check)", () => {
  it("Fortnox gets a filter exactly for the statuses it filters natively, and sorting exactly when an order is asked", () => {
    fc.assert(
      fc.property(Arbitraries.listQuery, (query) => {
        const parameters = Mapping.listParameters(query)
        const native = Option.flatMap(query.status, Mapping.statusFilter)
        assert.strictEqual(parameters.filter, Option.getOrUndefined(native))
        assert.strictEqual(parameters.sortby !== undefined, Option.isSome(query.orderBy))
        assert.strictEqual(parameters.fromdate, Option.getOrUndefined(query.fromInvoiceDate))
        assert.strictEqual(parameters.todate, Option.getOrUndefined(query.toInvoiceDate))
      }),
      runs
    )
  })

  it("lastmodified never misses a change: Fortnox's reading of it is at or before the instant", () => {
    fc.assert(
      fc.property(Arbitraries.timestamp, (instant) => {
        const since = parseLastModified(Mapping.lastModified(instant))
        const millis = DateTime.toEpochMillis(instant)
        assert.isDefined(since)
        assert.isAtMost(since ?? Infinity, millis)
        // Within the minute, except in the hour the clocks go back, which Swedish local time names twice.
        assert.isBelow(millis - (since ?? 0), 3_660_000)
      }),
      runs
    )
  })

  it("named case: outside the autumn hour, lastmodified is the instant's minute", () => {
    const instant = DateTime.makeUnsafe("2025-03-04T12:05:59.999Z")
    assert.strictEqual(Mapping.lastModified(instant), "2025-03-04 13:05")
    assert.strictEqual(parseLastModified("2025-03-04 13:05"), Date.parse("2025-03-04T12:05:00Z"))
  })

  it("named case: the query of all invoices sends no parameters", () => {
    assert.deepStrictEqual(Mapping.listParameters(ListQuery.all), {})
    assert.deepStrictEqual(
      Mapping.listParameters(
        ListQuery.make({
          status: Option.some("Overdue"),
          orderBy: Option.some("DateAscending"),
          fromInvoiceDate: Option.some(CalendarDate.make("2025-01-01"))
        })
      ),
      { filter: "unpaidoverdue", fromdate: "2025-01-01", sortby: "invoicedate", sortorder: "ascending" }
    )
  })
})
