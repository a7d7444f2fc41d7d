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

/** Parses JSON text, keeping every number exactly (see the module comment). */
export const parse = (text: string): unknown =>
  JSON.parse(text, reviveExact as (this: unknown, key: string, value: unknown) => unknown)

/** Serialises a value, writing raw JSON numbers verbatim. */
export const stringify = (value: unknown, space?: number): string => JSON.stringify(value, null, space)

/** A raw JSON number literal from decimal text (the caller guarantees the text is a JSON number). */
export const rawNumber = (decimalText: string): RawJsonNumber => JSON.rawJSON(decimalText)

/** Whether a value is a raw JSON value. */
export const isRaw = (value: unknown): value is RawJsonNumber => JSON.isRawJSON(value)
