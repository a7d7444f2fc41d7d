/**
 * Xero's official OpenAPI document (`test/spec/xero_accounting.yaml`, see `test/spec/SOURCE.md`): its documented
 * example payloads, and validators for its response schemas. The document is large: a test file imports this
 * module once and shares what it built.
 */

import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Ajv, type ValidateFunction } from "ajv"
import addFormatsModule from "ajv-formats"
import { parse } from "yaml"

const specPath = fileURLToPath(new URL("./spec/xero_accounting.yaml", import.meta.url))

interface OpenApiDocument {
  readonly paths: Record<
    string,
    Record<
      string,
      {
        readonly responses?: Record<string, { readonly content?: Record<string, { readonly example?: unknown }> }>
      }
    >
  >
  readonly components: { readonly schemas: Record<string, unknown> }
}

/** The parsed document. */
export const spec: OpenApiDocument = parse(readFileSync(specPath, "utf8"))

/** The documented example of an operation's response (`GET /Invoices` 200, …). */
export const responseExample = (path: string, method: string, status = "200"): unknown => {
  const example = spec.paths[path]?.[method]?.responses?.[status]?.content?.["application/json"]?.example
  if (example === undefined) throw new Error(`no documented example for ${method.toUpperCase()} ${path} ${status}`)
  return example
}

interface Envelope {
  readonly Invoices?: ReadonlyArray<Record<string, unknown>>
  readonly CreditNotes?: ReadonlyArray<Record<string, unknown>>
}

/** The documented example invoices of an operation, as Xero sends them. */
export const exampleInvoices = (path: string, method: string): ReadonlyArray<Record<string, unknown>> =>
  (responseExample(path, method) as Envelope).Invoices ?? []

/** The documented example credit notes of an operation, as Xero sends them. */
export const exampleCreditNotes = (path: string, method: string): ReadonlyArray<Record<string, unknown>> =>
  (responseExample(path, method) as Envelope).CreditNotes ?? []

/** The documented example record with a field value (`InvoiceNumber: "INV-0002"`). */
export const exampleWith = (
  records: ReadonlyArray<Record<string, unknown>>,
  field: string,
  value: string
): Record<string, unknown> => {
  const found = records.find((record) => record[field] === value)
  if (found === undefined) throw new Error(`no documented example with ${field} ${value}`)
  return found
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

const ajv = new Ajv({
  // OpenAPI 3.0 adds keywords JSON Schema does not know (`example`, `x-is-money`, `externalDocs`, …).
  strict: false,
  allErrors: true,
  validateFormats: true
})
addFormats(ajv)
// OpenAPI's numeric formats say how wide a number is, not what it looks like.
ajv.addFormat("double", { type: "number", validate: () => true })
ajv.addFormat("int32", { type: "number", validate: () => true })
ajv.addFormat("int64", { type: "number", validate: () => true })
ajv.addSchema({ $id: "xero", components: spec.components })

const validators = new Map<string, ValidateFunction>()

/** A validator for one of the document's schemas (`Invoices`, `CreditNotes`, `Error`). */
export const validatorFor = (schemaName: string): ValidateFunction => {
  const existing = validators.get(schemaName)
  if (existing !== undefined) return existing
  const validate = ajv.compile({ $ref: `xero#/components/schemas/${schemaName}` })
  validators.set(schemaName, validate)
  return validate
}

/** Validation errors of a body against a schema, as readable lines (empty when valid). */
export const schemaErrors = (schemaName: string, body: unknown): ReadonlyArray<string> => {
  const validate = validatorFor(schemaName)
  return validate(body) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ""}`)
}
