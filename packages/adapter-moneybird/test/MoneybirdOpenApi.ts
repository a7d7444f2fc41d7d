/**
 * Moneybird's official OpenAPI document (`../shared/specs/moneybird/openapi.yml`, OpenAPI 3.1) as a JSON-schema
 * validator and a source of documented example payloads.
 *
 * - `validateResponse(path, method, status, body)` checks a body against the response schema the spec declares for
 *   that operation, with ajv's JSON Schema 2020-12 dialect (the spec closes its objects with
 *   `unevaluatedProperties: false`, so a body may carry no field Moneybird does not declare).
 * - `exampleInvoices()` is every documented `sales_invoice_response` example of the sales-invoice operations, in
 *   the order the spec lists them, each once.
 */

import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js"
import addFormats from "ajv-formats"
import { parse } from "yaml"

const specPath = fileURLToPath(new URL("../../../../shared/specs/moneybird/openapi.yml", import.meta.url))

type Json = { readonly [key: string]: unknown }

interface Operation {
  readonly responses?: Record<
    string,
    {
      readonly content?: Record<
        string,
        { readonly schema?: Json; readonly examples?: Record<string, { readonly value: unknown }> }
      >
    }
  >
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>
  readonly components: { readonly schemas: Record<string, Json>; readonly responses: Record<string, Json> }
}

/** Moneybird's OpenAPI document, as published. */
export const moneybirdOpenApi = parse(readFileSync(specPath, "utf8")) as OpenApiDocument

// strict: false because the document carries annotation keywords JSON Schema does not define (`example`); every
// validation keyword of the document is still enforced.
const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats.default(ajv)
ajv.addSchema({ $id: "moneybird", components: moneybirdOpenApi.components })

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

/** A response's JSON schema: `$ref`s to `#/components/responses/…` followed. */
const responseSchema = (path: string, method: string, status: string): Json => {
  const operation = moneybirdOpenApi.paths[path]?.[method]
  if (operation === undefined) throw new Error(`Moneybird's OpenAPI has no ${method.toUpperCase()} ${path}`)
  let response: unknown = operation.responses?.[status]
  if (isObject(response) && typeof response["$ref"] === "string") {
    response = moneybirdOpenApi.components.responses[response["$ref"].replace("#/components/responses/", "")]
  }
  const content =
    isObject(response) && isObject(response["content"]) ? response["content"]["application/json"] : undefined
  const schema = isObject(content) ? content["schema"] : undefined
  if (!isObject(schema))
    throw new Error(`Moneybird's OpenAPI has no JSON body for ${status} of ${method.toUpperCase()} ${path}`)
  return schema
}

const cache = new Map<string, ValidateFunction>()

/** Validates a body against the response schema of an operation; returns the errors (empty when valid). */
export const validateResponse = (
  path: string,
  method: "get" | "post" | "patch" | "delete",
  status: string,
  body: unknown
): ReadonlyArray<ErrorObject> => {
  const key = `${method} ${path} ${status}`
  let validator = cache.get(key)
  if (validator === undefined) {
    validator = ajv.compile({
      ...rebase(responseSchema(path, method, status)),
      $id: `moneybird-response-${cache.size}`
    })
    cache.set(key, validator)
  }
  return validator(body) ? [] : [...(validator.errors ?? [])]
}

/** Validates a body against a shared response of the spec (`#/components/responses/<name>`, e.g. `429_too_many_requests`). */
export const validateSharedResponse = (name: string, body: unknown): ReadonlyArray<ErrorObject> => {
  const key = `shared ${name}`
  let validator = cache.get(key)
  if (validator === undefined) {
    const response = moneybirdOpenApi.components.responses[name]
    const content =
      isObject(response) && isObject(response["content"]) ? response["content"]["application/json"] : undefined
    const schema = isObject(content) ? content["schema"] : undefined
    if (!isObject(schema)) throw new Error(`Moneybird's OpenAPI has no JSON body for the shared response ${name}`)
    validator = ajv.compile({ ...rebase(schema), $id: `moneybird-response-${cache.size}` })
    cache.set(key, validator)
  }
  return validator(body) ? [] : [...(validator.errors ?? [])]
}

/** Points a schema's document-local `$ref`s (`#/components/…`) at the document added to ajv. */
const rebase = (value: unknown): Json => {
  const walk = (inner: unknown): unknown => {
    if (Array.isArray(inner)) return inner.map(walk)
    if (!isObject(inner)) return inner
    return Object.fromEntries(
      Object.entries(inner).map(([key, child]) =>
        key === "$ref" && typeof child === "string" && child.startsWith("#/")
          ? [key, `moneybird${child}`]
          : [key, walk(child)]
      )
    )
  }
  return walk(value) as Json
}

/** The errors as one readable line, for assertion messages. */
export const describeErrors = (errors: ReadonlyArray<ErrorObject>): string =>
  errors
    .map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`)
    .join("; ")

/** A documented example: where it comes from and its value. */
export interface Example {
  readonly path: string
  readonly method: string
  readonly status: string
  readonly name: string
  readonly value: unknown
}

/** Every documented response example of the sales-invoice operations. */
export const salesInvoiceExamples = (): ReadonlyArray<Example> =>
  Object.entries(moneybirdOpenApi.paths)
    .filter(([path]) => path.startsWith("/{administration_id}/sales_invoices"))
    .flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        Object.entries(operation.responses ?? {}).flatMap(([status, response]) =>
          Object.entries(response.content?.["application/json"]?.examples ?? {}).map(([name, example]) => ({
            path,
            method,
            status,
            name,
            value: example.value
          }))
        )
      )
    )

/** Every documented sales invoice (`sales_invoice_response` examples, single or in lists), each id once. */
export const exampleInvoices = (): ReadonlyArray<Json> => {
  const seen = new Set<string>()
  const invoices: Array<Json> = []
  for (const example of salesInvoiceExamples()) {
    const values = Array.isArray(example.value) ? example.value : [example.value]
    for (const value of values) {
      if (!isObject(value) || typeof value["state"] !== "string" || typeof value["id"] !== "string") continue
      if (seen.has(value["id"])) continue
      seen.add(value["id"])
      invoices.push(value)
    }
  }
  return invoices
}

/** The documented example named `name` of an operation's response. */
export const example = (path: string, method: string, status: string, name: string): unknown => {
  const found = salesInvoiceExamples().find(
    (candidate) =>
      candidate.path === path && candidate.method === method && candidate.status === status && candidate.name === name
  )
  if (found === undefined)
    throw new Error(`Moneybird's OpenAPI has no example ${name} for ${status} of ${method} ${path}`)
  return found.value
}
