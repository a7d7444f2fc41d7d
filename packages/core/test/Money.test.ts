import { assert, describe, it } from "@effect/vitest"
import { ExactJson, Money } from "@konto/core"
import { BigDecimal, Exit, Option, Schema } from "effect"
import * as fc from "fast-check"
import { decimal, lawRuns, money } from "./arbitraries.ts"

const decodeDecimal = Schema.decodeUnknownExit(Money.Decimal)
const encodeMoney = Schema.encodeSync(Money.Money)
const decodeMoney = Schema.decodeUnknownSync(Money.Money)

const decoded = (input: unknown): BigDecimal.BigDecimal => {
  const exit = decodeDecimal(input)
  if (Exit.isFailure(exit)) throw new Error(`expected ${String(input)} to decode`)
  return exit.value
}

const assertDecimal = (actual: BigDecimal.BigDecimal, expected: string) =>
  assert.isTrue(
    BigDecimal.equals(actual, BigDecimal.fromStringUnsafe(expected)),
    `${BigDecimal.format(actual)} ≠ ${expected}`
  )

/** Decimal digit strings of a length in [min, max]. */
const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(..."0123456789"), { minLength: min, maxLength: max }).map((d) => d.join(""))

describe("ExactJson", () => {
  it("parse keeps 12345678901234567.89 exact", () => {
    const parsed = ExactJson.parse(`{"amount":12345678901234567.89}`) as { amount: unknown }
    assert.isTrue(ExactJson.isRaw(parsed.amount))
    assertDecimal(decoded(parsed.amount), "12345678901234567.89")
    // The plain parser loses the cents: this is what ExactJson is for.
    const lossy = JSON.parse(`{"amount":12345678901234567.89}`) as { amount: number }
    assert.isFalse(BigDecimal.equals(decoded(lossy.amount), BigDecimal.fromStringUnsafe("12345678901234567.89")))
  })

  it("parse leaves 1250.75 a plain number", () => {
    const parsed = ExactJson.parse(`{"amount":1250.75,"count":3}`) as { amount: unknown; count: unknown }
    assert.strictEqual(parsed.amount, 1250.75)
    assert.strictEqual(parsed.count, 3)
  })

  it("1e2 and -0 survive parse with their source text", () => {
    const parsed = ExactJson.parse(`[1e2,-0,-0.00]`) as Array<unknown>
    assert.deepStrictEqual(
      parsed.map((value) => (ExactJson.isRaw(value) ? value.rawJSON : value)),
      ["1e2", "-0", "-0.00"]
    )
    assertDecimal(decoded(parsed[0]), "100")
    assertDecimal(decoded(parsed[1]), "0")
  })

  // Xero writes `16.00` and quantities as `1.000000`: the float holds the same decimal, so no raw value is needed.
  it("trailing fraction zeros come back as the plain float of the same value", () => {
    const parsed = ExactJson.parse(`[1.50,16.00,1.000000,100.0,0.0]`) as Array<unknown>
    assert.deepStrictEqual(parsed, [1.5, 16, 1, 100, 0])
    assert.deepStrictEqual(ExactJson.parseWithReviver(`[1.50,16.00,1.000000,100.0,0.0]`), [1.5, 16, 1, 100, 0])
    // Zeros that are not all trailing still need their source: 12345678901234567.10 is not a float.
    assert.isTrue(ExactJson.isRaw((ExactJson.parse(`[12345678901234567.10]`) as Array<unknown>)[0]))
  })

  it("stringify writes raw numbers verbatim and round-trips parse", () => {
    const text = `{"a":12345678901234567.89,"b":1.5,"c":[1e2,"1.50",null,true]}`
    assert.strictEqual(ExactJson.stringify(ExactJson.parse(text)), text)
  })

  // parse skips the reviver when a scan proves it would change nothing; the result must be the reviver's, always.
  it("parse gives exactly what the reviver gives, for any mix of numbers and number-like strings (law)", () => {
    const numberLiteral = fc
      .tuple(
        fc.boolean(),
        fc.oneof(fc.constant("0"), fc.tuple(fc.constantFrom(..."123456789"), digits(0, 20)).map(([a, b]) => a + b)),
        fc.option(digits(1, 12), { nil: undefined }),
        fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), digits(1, 2)), { nil: undefined })
      )
      .map(([negative, whole, fraction, exponent]) =>
        [negative ? "-" : "", whole, fraction === undefined ? "" : `.${fraction}`, exponent?.join("") ?? ""].join("")
      )
    // Numbers inside strings, next to quotes, backslashes, colons and commas (JSON.stringify escapes them).
    const stringLiteral = fc
      .tuple(fc.string({ maxLength: 6 }), numberLiteral, fc.constantFrom("", ", ", ": ", '"', "\\", '\\"', "[1.50"))
      .map(([before, number, after]) => JSON.stringify(`${before}${number}${after}`))
    const value = fc.oneof(numberLiteral, stringLiteral, fc.constantFrom("true", "null", "[]", "{}"))
    const text = fc
      .array(fc.tuple(fc.string({ maxLength: 4 }), value, fc.constantFrom("", " ", "\n ")), { maxLength: 8 })
      .map(
        (entries) => `{${entries.map(([key, item, space], index) => `${JSON.stringify(`${key}${index}`)}:${space}${item}`).join(",")}}`
      )
    fc.assert(
      fc.property(text, (json) => {
        const outcome = (parse: (text: string) => unknown): string => {
          try {
            return ExactJson.stringify(parse(json))
          } catch (error) {
            return `throws ${String(error)}`
          }
        }
        assert.strictEqual(outcome(ExactJson.parse), outcome(ExactJson.parseWithReviver), json)
      }),
      { numRuns: lawRuns.numRuns * 3 }
    )
  })

  it("parse keeps the exact decimal value of every number (law)", () => {
    const numberLiteral = fc
      .tuple(
        fc.boolean(),
        fc.oneof(fc.constant("0"), fc.tuple(fc.constantFrom(..."123456789"), digits(0, 22)).map(([a, b]) => a + b)),
        fc.option(fc.tuple(digits(0, 14), digits(0, 8).map((d) => d.replace(/./g, "0"))), { nil: undefined }),
        fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), digits(1, 2)), { nil: undefined })
      )
      .filter(([, , fraction]) => fraction === undefined || fraction[0].length + fraction[1].length > 0)
      .map(([negative, whole, fraction, exponent]) =>
        [negative ? "-" : "", whole, fraction === undefined ? "" : `.${fraction.join("")}`, exponent?.join("") ?? ""].join(
          ""
        )
      )
    fc.assert(
      fc.property(fc.array(numberLiteral, { minLength: 1, maxLength: 6 }), (literals) => {
        const parsed = ExactJson.parse(`[${literals.join(",")}]`) as Array<unknown>
        literals.forEach((literal, index) => {
          assertDecimal(decoded(parsed[index]), literal)
        })
      }),
      { numRuns: lawRuns.numRuns * 3 }
    )
  })

  it("parse leaves strings that look like numbers alone", () => {
    assert.deepStrictEqual(ExactJson.parse(`{"amount":"1.50"}`), { amount: "1.50" })
  })
})

describe("Money.Decimal", () => {
  it("encodes to a JSON number literal, not a string", () => {
    const encoded = encodeMoney(Money.unsafeFromString("1250.75", "SEK"))
    assert.strictEqual(ExactJson.stringify(encoded), `{"amount":1250.75,"currencyId":"SEK"}`)
    assert.strictEqual(JSON.stringify(encoded), `{"amount":1250.75,"currencyId":"SEK"}`)
  })

  it("encodes large and long decimals exactly", () => {
    assert.strictEqual(
      ExactJson.stringify(encodeMoney(Money.unsafeFromString("12345678901234567.89", null))),
      `{"amount":12345678901234567.89,"currencyId":null}`
    )
    assert.strictEqual(
      ExactJson.stringify(encodeMoney(Money.unsafeFromString("-0.000001", "EUR"))),
      `{"amount":-0.000001,"currencyId":"EUR"}`
    )
  })

  it("encodes huge magnitudes in exponent form, exactly, and decodes them back", () => {
    const huge = Money.make(BigDecimal.make(1n, -20), "SEK")
    const text = ExactJson.stringify(encodeMoney(huge))
    assert.strictEqual(text, `{"amount":1e+20,"currencyId":"SEK"}`)
    assert.isTrue(Money.moneyEquals(decodeMoney(ExactJson.parse(text)), huge))
  })

  it("decodes JS numbers, numeric strings and raw JSON numbers", () => {
    assertDecimal(decoded(1250.75), "1250.75")
    assertDecimal(decoded(0.1), "0.1")
    assertDecimal(decoded("1250.75"), "1250.75")
    assertDecimal(decoded(" 42 "), "42")
    assertDecimal(decoded("-3.5e-2"), "-0.035")
    assertDecimal(decoded(ExactJson.rawNumber("99999999999999999999.99")), "99999999999999999999.99")
    assertDecimal(decoded(1e21), "1000000000000000000000")
  })

  it('rejects what is not a decimal: "abc", NaN, Infinity, "", and loose forms', () => {
    for (const input of [
      "abc",
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      "",
      " ",
      "NaN",
      "Infinity",
      "1,5",
      "+1",
      ".5",
      "1.",
      "0x10",
      "1e",
      null,
      true,
      {}
    ]) {
      assert.isTrue(Exit.isFailure(decodeDecimal(input)), `${JSON.stringify(input)} should not decode`)
    }
  })

  it("1.5 equals 1.50", () => {
    assert.isTrue(Money.equals(decoded("1.5"), decoded("1.50")))
    assert.isTrue(Money.equals(decoded(ExactJson.parse("1.50")), decoded(1.5)))
    assert.isFalse(Money.equals(decoded("1.5"), decoded("1.51")))
    assert.isTrue(Money.moneyEquals(Money.unsafeFromString("1.5", "SEK"), Money.unsafeFromString("1.50", "SEK")))
    assert.isFalse(Money.moneyEquals(Money.unsafeFromString("1.5", "SEK"), Money.unsafeFromString("1.5", "EUR")))
  })

  it("generated decimals round-trip: encode, ExactJson.stringify, ExactJson.parse, decode", () => {
    fc.assert(
      fc.property(money, (value) => {
        const text = ExactJson.stringify(encodeMoney(value))
        const back = decodeMoney(ExactJson.parse(text))
        assert.isTrue(Money.moneyEquals(back, value), `${text} came back as ${BigDecimal.format(back.amount)}`)
      }),
      lawRuns
    )
  })

  it("generated decimals of at most 15 significant digits decode exactly from a plain JSON.parse float", () => {
    fc.assert(
      fc.property(decimal({ maxDigits: 15, minScale: 0, maxScale: 6 }), (value) => {
        const text = Money.formatDecimal(value)
        assert.isTrue(BigDecimal.equals(decoded(JSON.parse(text)), value), text)
      }),
      lawRuns
    )
  })

  it("generated decimals decode from their text as strings", () => {
    fc.assert(
      fc.property(decimal(), (value) => {
        assert.isTrue(BigDecimal.equals(decoded(Money.formatDecimal(value)), value))
      }),
      lawRuns
    )
  })
})

describe("Money helpers", () => {
  it("sum is exact where floats are not", () => {
    const values = ["0.1", "0.2", "0.3"].map(BigDecimal.fromStringUnsafe)
    assert.isTrue(BigDecimal.equals(Money.sum(values), BigDecimal.fromStringUnsafe("0.6")))
    assert.notStrictEqual(0.1 + 0.2 + 0.3, 0.6)
    assert.isTrue(BigDecimal.equals(Money.sum([]), Money.zero))
    assert.isTrue(
      BigDecimal.equals(
        Money.sum(["12345678901234567.89", "0.11"].map(BigDecimal.fromStringUnsafe)),
        BigDecimal.fromStringUnsafe("12345678901234568")
      )
    )
  })

  it("sum agrees with pairwise addition in any order", () => {
    fc.assert(
      fc.property(fc.array(decimal(), { maxLength: 8 }), (values) => {
        const forward = Money.sum(values)
        const backward = Money.sum([...values].reverse())
        const pairwise = values.reduce((total, value) => BigDecimal.sum(total, value), Money.zero)
        assert.isTrue(BigDecimal.equals(forward, backward) && BigDecimal.equals(forward, pairwise))
      }),
      lawRuns
    )
  })

  it("decimalFromNumber reads a float's shortest text; non-finite is none", () => {
    assertDecimal(Option.getOrThrow(Money.decimalFromNumber(1250.75)), "1250.75")
    assert.isTrue(Option.isNone(Money.decimalFromNumber(Number.NaN)))
    assert.isTrue(Option.isNone(Money.decimalFromNumber(Number.POSITIVE_INFINITY)))
  })

  it("decimalFromString and unsafeFromString reject non-decimals", () => {
    assert.isTrue(Option.isNone(Money.decimalFromString("")))
    assert.isTrue(Option.isNone(Money.decimalFromString("1 000")))
    assert.throws(() => Money.unsafeFromString("abc", "SEK"))
  })

  it("CurrencyCode accepts ISO 4217 codes only", () => {
    assert.isTrue(Schema.is(Money.CurrencyCode)("SEK"))
    assert.isFalse(Schema.is(Money.CurrencyCode)("sek"))
    assert.isFalse(Schema.is(Money.CurrencyCode)("SEKR"))
  })
})
