/**
 * Fortnox's own OpenAPI document (`../shared/specs/fortnox/openapi-fortnox.json`) as a JSON-schema validator:
 * `validate("fortnox_Invoice_Wrap", body)` checks a body against that component schema with ajv.
 *
 * Two deliberate adjustments, both stricter or documented:
 * - every object schema is closed (`additionalProperties: false`), so a body may carry no field Fortnox does not
 *   declare — the simulator cannot drift into inventing fields;
 * - `fortnox_InvoiceListItem_Wrap` gains `MetaInformation`, which every documented list response carries and the
 *   OpenAPI omits (a known gap of the document, see `SOURCE.md`).
 */

import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv"
import addFormats from "ajv-formats"

const specPath = fileURLToPath(new URL("../../../../shared/specs/fortnox/openapi-fortnox.json", import.meta.url))

type JsonSchema = { [key: string]: unknown }

interface OpenApiDocument {
  readonly components: { readonly schemas: Record<string, JsonSchema> }
}

/** Fortnox's OpenAPI document, as published. */
export const fortnoxOpenApi = JSON.parse(readFileSync(specPath, "utf8")) as OpenApiDocument

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const closed = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(closed)
  if (!isObject(schema)) return schema
  const copy: JsonSchema = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)]))
  if (isObject(copy["properties"]) && copy["additionalProperties"] === undefined) copy["additionalProperties"] = false
  return copy
}

const metaInformation: JsonSchema = {
  type: "object",
  required: ["@TotalResources", "@TotalPages", "@CurrentPage"],
  properties: {
    "@TotalResources": { type: "integer", minimum: 0 },
    "@TotalPages": { type: "integer", minimum: 0 },
    "@CurrentPage": { type: "integer", minimum: 1 }
  },
  additionalProperties: false
}

const schemas = closed(fortnoxOpenApi.components.schemas) as Record<string, JsonSchema>
const listWrap = schemas["fortnox_InvoiceListItem_Wrap"] as JsonSchema
schemas["fortnox_InvoiceListItem_Wrap"] = {
  ...listWrap,
  required: ["Invoices", "MetaInformation"],
  properties: { ...(listWrap["properties"] as JsonSchema), MetaInformation: metaInformation }
}

// strict: false because OpenAPI 3.0 schemas carry keywords JSON Schema does not know (`x-fn-*`, `example`);
// every validation keyword of the document is still enforced.
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats.default(ajv)
ajv.addFormat("int32", {
  type: "number",
  validate: (value: number) => Number.isInteger(value) && Math.abs(value) < 2 ** 31
})
ajv.addFormat("int64", { type: "number", validate: (value: number) => Number.isInteger(value) })
ajv.addFormat("double", { type: "number", validate: (value: number) => Number.isFinite(value) })
ajv.addFormat("float", { type: "number", validate: (value: number) => Number.isFinite(value) })
ajv.addSchema({ $id: "fortnox", components: { schemas } })

const cache = new Map<string, ValidateFunction>()

/** Validates a body against a component schema of Fortnox's OpenAPI; returns the errors (empty when valid). */
export const validate = (component: string, value: unknown): ReadonlyArray<ErrorObject> => {
  let validator = cache.get(component)
  if (validator === undefined) {
    validator = ajv.getSchema(`fortnox#/components/schemas/${component}`)
    if (validator === undefined) throw new Error(`Fortnox's OpenAPI has no component ${component}`)
    cache.set(component, validator)
  }
  return validator(value) ? [] : [...(validator.errors ?? [])]
}

/** The errors as one readable line, for assertion messages. */
export const describeErrors = (errors: ReadonlyArray<ErrorObject>): string =>
  errors
    .map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`)
    .join("; ")
