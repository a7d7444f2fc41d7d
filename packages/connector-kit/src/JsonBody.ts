/**
 * Vendor JSON bodies read exactly and decoded with a schema, failing with core's `UnexpectedPayload`.
 *
 * Text is parsed with `ExactJson.parse`, so a vendor's `12345678901234567.89` stays exact for `Money.Decimal`.
 * Two kinds of failure, told apart by the error's `path`:
 * - the body is not JSON (empty, truncated mid-transfer, an HTML error page): `path` is `"(body)"`. On an
 *   idempotent call this is treated as a transport fault and retried (`isTransient`), because a cut
 *   connection or a proxy's maintenance page is not the vendor's answer;
 * - the JSON does not match the schema: `path` is the decode path, e.g. `Invoices[3].Total`, or `"(root)"`.
 *   This is the vendor's real answer, so it is never retried.
 */

import { type ConnectorError, ExactJson, UnexpectedPayload } from "@konto/core"
import { Effect, Predicate, Schema, SchemaIssue, SchemaParser, SchemaTransformation } from "effect"
import type { ErrorContext } from "./HttpErrors.ts"

/** The `path` of an `UnexpectedPayload` whose body was not JSON at all (empty, truncated, HTML). */
export const unparsableBodyPath = "(body)"

/** The `path` of an `UnexpectedPayload` about the whole document. */
export const rootPath = "(root)"

const identifier = /^[A-Za-z_$@][A-Za-z0-9_$@-]*$/

/** Renders a decode path the way vendor docs write it: `Invoices[3].Total`, `["odd key"]`; `(root)` when empty. */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  if (path.length === 0) return rootPath
  let out = ""
  for (const key of path) {
    if (Predicate.isNumber(key)) {
      out += `[${key}]`
    } else if (Predicate.isString(key) && identifier.test(key)) {
      out += out === "" ? key : `.${key}`
    } else {
      out += `[${JSON.stringify(String(key))}]`
    }
  }
  return out
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const shorten = (text: string, length: number): string => {
  const line = text.replace(/\s+/g, " ").trim()
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`
}

/** The first problem of a schema issue as `{ path, detail }` (detail at most 200 characters). */
export const describeIssue = (issue: SchemaIssue.Issue): { readonly path: string; readonly detail: string } => {
  const issues = formatter(issue).issues
  const first = issues[0]
  if (first === undefined) return { path: rootPath, detail: "does not match the expected shape" }
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""
  return {
    path: formatPath(
      (first.path ?? []).map((segment) =>
        Predicate.isObject(segment) && "key" in segment ? segment.key : segment
      ) as ReadonlyArray<PropertyKey>
    ),
    detail: shorten(first.message, 200) + more
  }
}

/** Parses body text exactly; not JSON (empty, truncated, HTML) → `UnexpectedPayload` at `(body)`. */
export const parse = (context: ErrorContext, text: string): Effect.Effect<unknown, UnexpectedPayload> =>
  Effect.try({
    try: () => {
      if (text.trim() === "") throw new SyntaxError("empty response body")
      return ExactJson.parse(text)
    },
    catch: (cause) =>
      new UnexpectedPayload({
        system: context.system,
        operation: context.operation,
        path: unparsableBodyPath,
        detail: `not JSON (${text.length} characters): ${shorten(cause instanceof Error ? cause.message : String(cause), 120)}`
      })
  })

/** Decodes a parsed value with a schema; a mismatch → `UnexpectedPayload` with the decode path. */
export const decodeValue = <S extends Schema.Constraint>(
  context: ErrorContext,
  schema: S,
  value: unknown
): Effect.Effect<S["Type"], UnexpectedPayload, S["DecodingServices"]> =>
  SchemaParser.decodeUnknownEffect(schema)(value).pipe(
    Effect.mapError((issue) => {
      const described = describeIssue(issue)
      return new UnexpectedPayload({
        system: context.system,
        operation: context.operation,
        path: described.path,
        detail: described.detail
      })
    })
  )

/** Parses body text exactly and decodes it with a schema. */
export const decode = <S extends Schema.Constraint>(
  context: ErrorContext,
  schema: S,
  text: string
): Effect.Effect<S["Type"], UnexpectedPayload, S["DecodingServices"]> =>
  Effect.flatMap(parse(context, text), (value) => decodeValue(context, schema, value))

/** Whether an error is an unparsable body (`(body)`): a transport fault that an idempotent call may retry. */
export const isTransient = (error: ConnectorError | { readonly _tag: string }): boolean =>
  error._tag === "UnexpectedPayload" && (error as UnexpectedPayload).path === unparsableBodyPath

const RawNumber = Schema.declare((u: unknown): u is ExactJson.RawJsonNumber => ExactJson.isRaw(u), {
  expected: "a JSON number"
})

/**
 * A JSON number as a JS number, also when `ExactJson.parse` kept it raw (`1.50`, `0.00`, `1e2`): for counts,
 * page numbers and other non-money numbers in wire schemas. Money stays `Money.Decimal`.
 */
export const NumberFromJson: Schema.Codec<number, unknown> = Schema.Union([Schema.Number, RawNumber]).pipe(
  Schema.decodeTo(
    Schema.Number,
    SchemaTransformation.transform({
      decode: (input) => (Predicate.isNumber(input) ? input : Number(input.rawJSON)),
      encode: (value) => value
    })
  )
)
