/**
 * JSON that keeps decimal numbers exact.
 *
 * `JSON.parse` turns `12345678901234567.89` into a binary float and loses digits. `parse` here uses the
 * reviver's `context.source` (Node ≥ 21) to keep the source text of every number whose float would not
 * print back to the same text, as a raw JSON value; `stringify` writes raw JSON values verbatim
 * (`JSON.rawJSON`). Money schemas accept numbers, numeric strings and raw JSON numbers alike.
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

const reviveExact = (_key: string, value: unknown, context?: { readonly source?: string }): unknown => {
  if (typeof value === "number" && context?.source !== undefined && String(value) !== context.source) {
    // Only numbers whose float prints differently from their source (precision lost, or a form such as
    // "1.50" / "1e2") pay for a raw value; the common case stays a plain number.
    return JSON.rawJSON(context.source)
  }
  return value
}

// One token at a time: a whole string (escapes included, so digits inside strings are never taken for numbers) or
// a number. Sound for valid JSON: outside strings, only number tokens start with a digit or a minus.
const stringOrNumber = /"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*/g

/** Whether every number in the text prints back as its own source text (so the reviver would change nothing). */
const numbersAreCanonical = (text: string): boolean => {
  stringOrNumber.lastIndex = 0
  for (let match = stringOrNumber.exec(text); match !== null; match = stringOrNumber.exec(text)) {
    const token = match[0]
    if (token.charCodeAt(0) !== 34 /* " */ && String(Number(token)) !== token) return false
  }
  return true
}

/** Parses JSON text with the exact reviver on every value (what `parse` always returns). */
export const parseWithReviver = (text: string): unknown =>
  JSON.parse(text, reviveExact as (this: unknown, key: string, value: unknown) => unknown)

/**
 * Parses JSON text, keeping every number exactly (see the module comment). The reviver costs several times
 * `JSON.parse`, and most vendor payloads hold only numbers a float prints back exactly (≤ 15 significant digits,
 * no trailing zeros or exponents): for those a scan of the number tokens proves the reviver would change nothing,
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
