/**
 * Exact money. Amounts are `BigDecimal`s inside konto, never binary floats.
 *
 * Decoding accepts what vendors send: a JSON number (read exactly from its shortest round-trip text, which is
 * exact for decimals of at most 15 significant digits), a numeric string, or a raw JSON number kept by
 * `ExactJson.parse` (exact at any length). Encoding writes a raw JSON number literal made from the decimal's
 * text, so `JSON.stringify` emits `1250.75`, not `"1250.75"` and not `1250.7500000001`.
 */
import { BigDecimal, Effect, Option, Schema, SchemaIssue, SchemaTransformation } from "effect"
import * as ExactJson from "./ExactJson.ts"

const RawJsonNumberSchema = Schema.declare((u: unknown): u is ExactJson.RawJsonNumber => ExactJson.isRaw(u), {
  expected: "a raw JSON number"
})

const decimalTextPattern = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

const parseDecimal = (text: string): Option.Option<BigDecimal.BigDecimal> =>
  decimalTextPattern.test(text) ? BigDecimal.fromString(text) : Option.none()

/**
 * The decimal's text as a JSON number, without trailing zeros: plain (`1250.75`) unless the normalised scale is
 * 16 or more in size, then exponent form (`1e+20`), which is still exact and keeps hostile inputs such as
 * `1e999999999` from expanding into a huge string.
 */
export const formatDecimal = (value: BigDecimal.BigDecimal): string => BigDecimal.format(value)

/** A decimal number on the wire: JSON number, numeric string or raw JSON number in; raw JSON number out. */
export const Decimal = Schema.Union([Schema.Number, Schema.String, RawJsonNumberSchema]).pipe(
  Schema.decodeTo(
    Schema.BigDecimal,
    SchemaTransformation.transformEffect({
      decode: (input, options) => {
        const text =
          typeof input === "number"
            ? Number.isFinite(input)
              ? String(input)
              : ""
            : typeof input === "string"
              ? input.trim()
              : input.rawJSON
        const parsed = parseDecimal(text)
        return Option.isSome(parsed)
          ? Effect.succeed(parsed.value)
          : Effect.fail(
              new SchemaIssue.InvalidValue(
                { message: `Expected a decimal number, got ${JSON.stringify(text)}` },
                input,
                options
              )
            )
      },
      encode: (value) =>
        Effect.succeed<number | string | ExactJson.RawJsonNumber>(ExactJson.rawNumber(formatDecimal(value)))
    })
  ),
  Schema.annotate({ description: "An exact decimal number" })
)

/** ISO 4217 currency code, e.g. `SEK`. */
export const CurrencyCode = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[A-Z]{3}$/, { description: "an ISO 4217 currency code such as SEK" }))
)
export type CurrencyCode = typeof CurrencyCode.Type

/** An amount with its currency: API.1's `AmountTypeDto` (`amount`, `currencyId`). */
export const Money = Schema.Struct({
  amount: Decimal,
  currencyId: Schema.NullOr(Schema.String)
})
export type Money = typeof Money.Type

/** Builds money from an exact decimal. */
export const make = (amount: BigDecimal.BigDecimal, currencyId: string | null): Money => ({ amount, currencyId })

/** Builds money from decimal text; throws on text that is not a decimal (for literals in code and tests). */
export const unsafeFromString = (text: string, currencyId: string | null): Money => {
  const parsed = parseDecimal(text)
  if (Option.isNone(parsed)) throw new Error(`Not a decimal: ${text}`)
  return { amount: parsed.value, currencyId }
}

/** Reads decimal text exactly; `None` for anything that is not a plain decimal. */
export const decimalFromString = parseDecimal

/** Reads a vendor float exactly from its shortest round-trip text (exact for ≤ 15 significant digits). */
export const decimalFromNumber = (value: number): Option.Option<BigDecimal.BigDecimal> =>
  Number.isFinite(value) ? parseDecimal(String(value)) : Option.none()

/** Decimal zero. */
export const zero: BigDecimal.BigDecimal = BigDecimal.fromBigInt(0n)

/** Sum of decimals, exact. */
export const sum = (values: Iterable<BigDecimal.BigDecimal>): BigDecimal.BigDecimal => {
  let total = zero
  for (const value of values) total = BigDecimal.sum(total, value)
  return total
}

/** Same value at any scale (`1.5` equals `1.50`). */
export const equals = (a: BigDecimal.BigDecimal, b: BigDecimal.BigDecimal): boolean => BigDecimal.equals(a, b)

/** Same amount and currency. */
export const moneyEquals = (a: Money, b: Money): boolean =>
  a.currencyId === b.currencyId && BigDecimal.equals(a.amount, b.amount)
