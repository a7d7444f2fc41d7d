/**
 * JSON that keeps decimal numbers exact.
 *
 * `JSON.parse` turns `12345678901234567.89` into a binary float and loses digits. `parse` here uses the
 * reviver's `context.source` (Node ≥ 21) to keep the source text of every number whose float does not hold the
 * same decimal value, as a raw JSON value; `stringify` writes raw JSON values verbatim (`JSON.rawJSON`). Money
 * schemas accept numbers, numeric strings and raw JSON numbers alike.
 *
 * What is kept is each number's exact value, not its spelling: `1.50` and `1.000000` come back as the floats `1.5`
 * and `1`, whose shortest text is the same decimal (konto writes decimals without trailing zeros anyway), while
 * `12345678901234567.89`, `1e2` and `-0` come back raw.
 */

/** A number literal kept as its source text (what `JSON.rawJSON` returns). */
export interface RawJsonNumber {
  readonly rawJSON: string
}

declare global {
  interface JSON {
    rawJSON(text: string): RawJsonNumber
    isRawJSON(value: unknown): value is RawJsonNumber
  }
}

const trailingFractionZeros = /\.?0+$/

/**
 * Whether the float read from a number token holds the token's exact decimal value: its shortest text is the
 * token itself, or the token with trailing fraction zeros dropped (`1.50` → `1.5`, `2.000` → `2`). Anything else
 * (lost precision, an exponent, `-0`) is not proven and keeps its source text.
 */
const floatHoldsToken = (token: string, float: number): boolean => {
  const shortest = String(float)
  if (shortest === token) return true
  const dot = token.indexOf(".")
  if (dot === -1 || token.charCodeAt(token.length - 1) !== 48 /* 0 */) return false
  for (let index = dot + 1; index < token.length; index++) {
    const code = token.charCodeAt(index)
    if (code < 48 || code > 57) return false // an exponent: not proven here
  }
  return shortest === token.replace(trailingFractionZeros, "")
}

const reviveExact = (_key: string, value: unknown, context?: { readonly source?: string }): unknown =>
  // Only numbers whose float holds another value than their source pay for a raw value.
  typeof value === "number" && context?.source !== undefined && !floatHoldsToken(context.source, value)
    ? JSON.rawJSON(context.source)
    : value

// One token at a time: a whole string (escapes included, so digits inside strings are never taken for numbers) or
// a number. Sound for valid JSON: outside strings, only number tokens start with a digit or a minus.
const stringOrNumber = /"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*/g

/** Whether every number in the text is held exactly by its float (so the reviver would change nothing). */
const numbersAreCanonical = (text: string): boolean => {
  stringOrNumber.lastIndex = 0
  for (let match = stringOrNumber.exec(text); match !== null; match = stringOrNumber.exec(text)) {
    const token = match[0]
    if (token.charCodeAt(0) !== 34 /* " */ && !floatHoldsToken(token, Number(token))) return false
  }
  return true
}

/** Parses JSON text with the exact reviver on every value (what `parse` always returns). */
export const parseWithReviver = (text: string): unknown =>
  JSON.parse(text, reviveExact as (this: unknown, key: string, value: unknown) => unknown)

/**
 * Parses JSON text, keeping every number exactly (see the module comment). The reviver costs several times
 * `JSON.parse`, and most vendor payloads hold only numbers a float holds exactly (≤ 15 significant digits, no
 * exponents; trailing fraction zeros such as Xero's `16.00` are fine): for those a scan of the number tokens proves the reviver would change nothing,
 * and plain `JSON.parse` gives the identical result.
 */
export const parse = (text: string): unknown =>
  numbersAreCanonical(text) ? JSON.parse(text) : parseWithReviver(text)

/** Serialises a value, writing raw JSON numbers verbatim. */
export const stringify = (value: unknown, space?: number): string => JSON.stringify(value, null, space)

/** A raw JSON number literal from decimal text (the caller guarantees the text is a JSON number). */
export const rawNumber = (decimalText: string): RawJsonNumber => JSON.rawJSON(decimalText)

/** Whether a value is a raw JSON value. */
export const isRaw = (value: unknown): value is RawJsonNumber => JSON.isRawJSON(value)
