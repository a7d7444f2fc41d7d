import { assert, describe, it } from "@effect/vitest"
import { ExactJson } from "@konto/core"
import { BigDecimal, Schema } from "effect"
import * as fc from "fast-check"
import * as Wire from "../src/wire.ts"
import { invoice } from "./Fixtures.ts"
import { exampleInvoices } from "./MoneybirdOpenApi.ts"

const lawRuns = { numRuns: 300 }
const decimal = (text: string) => BigDecimal.fromStringUnsafe(text)

describe("wire: documented payloads", () => {
  it("every documented sales invoice of the spec decodes", () => {
    const invoices = exampleInvoices()
    assert.isAbove(invoices.length, 20)
    for (const value of invoices) {
      const decoded = invoice(value)
      assert.strictEqual(decoded.id, value["id"])
    }
  })

  it("a large integer id is read exactly (not through a float)", () => {
    const decoded = Schema.decodeUnknownSync(Wire.SalesInvoice)(
      ExactJson.parse(`{"id": 496081540407625376, "state": "open"}`)
    )
    assert.strictEqual(decoded.id, "496081540407625376")
  })

  it("amounts: decimal strings, the decimal comma, JSON numbers and raw numbers are exact", () => {
    const decode = Schema.decodeUnknownSync(Wire.Decimal)
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      ["121.0", "121"],
      ["-500.0", "-500"],
      ["10,95", "10.95"],
      ["12.", "12"],
      [129.95, "129.95"],
      [ExactJson.parse("12345678901234567.89"), "12345678901234567.89"]
    ]
    for (const [input, expected] of cases) {
      assert.isTrue(
        BigDecimal.equals(decode(input), decimal(expected)),
        `${JSON.stringify(input)} reads as ${expected}`
      )
    }
    assert.throws(() => decode("12 EUR"))
    assert.throws(() => decode(""))
  })

  it("amounts are written as Moneybird writes them", () => {
    const encode = Schema.encodeSync(Wire.Decimal)
    assert.strictEqual(encode(decimal("300")), "300.0")
    assert.strictEqual(encode(decimal("157.24")), "157.24")
    assert.strictEqual(encode(decimal("-363.00")), "-363.0")
  })

  it("law: an amount written then read is the same decimal", () => {
    const encode = Schema.encodeSync(Wire.Decimal)
    const decode = Schema.decodeUnknownSync(Wire.Decimal)
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 6 }),
        (unscaled, scale) => {
          const value = BigDecimal.make(unscaled, scale)
          assert.isTrue(BigDecimal.equals(decode(encode(value)), value))
        }
      ),
      lawRuns
    )
  })

  it("an id that is not digits is refused", () => {
    assert.throws(() => Schema.decodeUnknownSync(Wire.Identifier)("12a"))
  })
})

describe("wire: Moneybird's filter grammar", () => {
  it("terms by commas, values by pipes; a filter reads back into its terms, values may hold colons", () => {
    const terms: Wire.FilterTerms = [
      ["period", ["20260101..20261231"]],
      ["state", ["late", "reminded"]],
      ["updated_after", ["2026-08-21 13:50:12 UTC"]]
    ]
    assert.strictEqual(
      Wire.encodeFilter(terms),
      "period:20260101..20261231,state:late|reminded,updated_after:2026-08-21 13:50:12 UTC"
    )
    assert.deepStrictEqual(Wire.decodeFilter(Wire.encodeFilter(terms)), terms)
    assert.deepStrictEqual(Wire.decodeFilter(""), [])
  })
})
