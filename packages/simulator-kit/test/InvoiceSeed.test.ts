import { assert, describe, it } from "@effect/vitest"
import { CalendarDate, deriveStatus, ExactJson } from "@konto/core"
import { BigDecimal, DateTime, Option, Schema } from "effect"
import { InvoiceSeed } from "../src/index.ts"

const encode = Schema.encodeSync(InvoiceSeed.InvoiceSeed)
const decode = Schema.decodeUnknownSync(InvoiceSeed.InvoiceSeed)
const json = (seed: InvoiceSeed.InvoiceSeed) => ExactJson.stringify(encode(seed))

const options: InvoiceSeed.GeneratorOptions = { seed: 42, count: 2_000 }
const seeds = [...InvoiceSeed.generate(options)]

describe("InvoiceSeed generator", () => {
  it("is deterministic, and `at` computes the same seed as the stream", () => {
    const again = [...InvoiceSeed.generate({ seed: 42, count: 50 })]
    assert.deepStrictEqual(again.map(json), seeds.slice(0, 50).map(json))
    assert.strictEqual(json(InvoiceSeed.at(options, 1_234)), json(seeds[1_234] as InvoiceSeed.InvoiceSeed))
    const other = [...InvoiceSeed.generate({ seed: 43, count: 50 })]
    assert.notDeepEqual(other.map(json), again.map(json))
  })

  it("makes consistent seeds, all issued, created and modified before asOf", () => {
    const asOfMidnight = Date.parse(`${InvoiceSeed.defaultAsOf}T00:00:00Z`)
    for (const seed of seeds) {
      assert.deepStrictEqual(InvoiceSeed.consistencyIssues(seed), [], `seed ${seed.number}`)
      const created = DateTime.toEpochMillis(seed.createdAt)
      const issued = Date.parse(`${seed.issueDate}T00:00:00Z`)
      assert.isTrue(
        created >= issued && created < issued + 86_400_000,
        `seed ${seed.number} is created on its issue date`
      )
      assert.isTrue(DateTime.toEpochMillis(seed.modifiedAt) < asOfMidnight)
      assert.strictEqual(created % 60_000, 0)
      const terms = (Date.parse(`${seed.dueDate}T00:00:00Z`) - issued) / 86_400_000
      assert.include([10, 14, 15, 20, 30, 45, 60], terms)
      // Dates are real calendar dates (the schema's check).
      assert.strictEqual(CalendarDate.make(seed.issueDate), seed.issueDate)
    }
  })

  it("round-trips through its schema and JSON exactly", () => {
    for (const seed of seeds.slice(0, 200)) {
      const text = json(seed)
      assert.strictEqual(json(decode(ExactJson.parse(text))), text)
    }
  })

  it("covers every kind of invoice konto distinguishes", () => {
    const statuses = new Set(
      seeds.flatMap((seed) => deriveStatus(InvoiceSeed.facts(seed), InvoiceSeed.defaultAsOf).statuses)
    )
    assert.deepStrictEqual([...statuses].sort(), [
      "Cancelled",
      "Draft",
      "Overdue",
      "Paid",
      "Sold",
      "Unbooked",
      "Unpaid",
      "Unsent"
    ])
    const payments = new Set(
      seeds.map((seed) => Option.getOrNull(deriveStatus(InvoiceSeed.facts(seed), InvoiceSeed.defaultAsOf).payment))
    )
    assert.deepStrictEqual([...payments].sort(), ["FULLY_PAID", "PARTLY_PAID", "UNPAID"])
    assert.isTrue(seeds.some((seed) => seed.isCreditNote && Option.isSome(seed.creditedNumber)))
    assert.isTrue(seeds.some((seed) => Option.isNone(seed.customer.organisationNumber)))
  })

  it("stays within a restrictive profile", () => {
    const profile: InvoiceSeed.SeedProfile = {
      ...InvoiceSeed.defaultProfile,
      creditNotes: false,
      drafts: true,
      unbooked: false,
      sold: false,
      partialPayments: false,
      countries: ["NL"],
      currencies: ["EUR"],
      vatRates: ["21", "9"]
    }
    let drafts = 0
    for (const seed of InvoiceSeed.generate({ seed: 3, count: 1_000, profile })) {
      assert.isFalse(seed.isCreditNote)
      // `unbooked: false` speaks of issued invoices: drafts (always unbooked, unsent) are the only unbooked ones.
      if (seed.draft) drafts++
      assert.strictEqual(seed.booked, !seed.draft)
      assert.isFalse(seed.sold)
      assert.isTrue(BigDecimal.isZero(seed.balance) || BigDecimal.equals(seed.balance, seed.gross))
      assert.strictEqual(seed.currency, "EUR")
      assert.strictEqual(seed.customer.countryCode, "NL")
      for (const line of seed.lines) assert.include(["21", "9"], BigDecimal.format(line.vatPercent))
    }
    assert.isAbove(drafts, 0)
  })

  it("numbers are consecutive digits, found back by indexOfNumber", () => {
    assert.strictEqual(seeds[0]?.number, "1001")
    assert.strictEqual(seeds[0]?.id, "1")
    assert.strictEqual(InvoiceSeed.indexOfNumber(options, "1500"), 499)
    assert.isUndefined(InvoiceSeed.indexOfNumber(options, "999"))
    assert.isUndefined(InvoiceSeed.indexOfNumber(options, "3001"))
    assert.isUndefined(InvoiceSeed.indexOfNumber(options, "10a"))
  })

  it("writes amounts exactly, as raw JSON numbers or fixed-point text", () => {
    const value = BigDecimal.fromStringUnsafe("12345678901234567.5")
    assert.strictEqual(ExactJson.stringify({ total: InvoiceSeed.rawAmount(value) }), `{"total":12345678901234567.5}`)
    assert.strictEqual(InvoiceSeed.amountText(value), "12345678901234567.50")
    assert.strictEqual(InvoiceSeed.amountText(BigDecimal.fromStringUnsafe("-0.05")), "-0.05")
    assert.strictEqual(InvoiceSeed.amountText(BigDecimal.fromStringUnsafe("1250")), "1250.00")
    assert.strictEqual(InvoiceSeed.amountText(BigDecimal.fromStringUnsafe("3"), 0), "3")
  })

  it("customers are a deterministic pool with valid Swedish organisation numbers (Luhn)", () => {
    const pool = InvoiceSeed.customers({ seed: 9, count: 1 })
    assert.strictEqual(pool.length, 25)
    for (const customer of pool) {
      Option.map(customer.organisationNumber, (number) => {
        const digits = number.replace("-", "")
        assert.match(number, /^\d{6}-\d{4}$/)
        let sum = 0
        for (let index = 0; index < 10; index++) {
          let value = Number(digits[index]) * (index % 2 === 0 ? 2 : 1)
          if (value > 9) value -= 9
          sum += value
        }
        assert.strictEqual(sum % 10, 0, number)
      })
    }
  })
})
