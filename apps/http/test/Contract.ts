/**
 * API.1's published contract as a JSON-schema validator: `validate("SalesInvoiceDto", body)` checks a body
 * against that component schema of `../shared/specs/zwapgrid/` with ajv (OpenAPI 3.0 `nullable` understood).
 */

import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv"
import addFormats from "ajv-formats"

const specsFolder = fileURLToPath(new URL("../../../../shared/specs/zwapgrid/", import.meta.url))

interface OpenApiDocument {
  readonly components: { readonly schemas: Record<string, unknown> }
}

const load = (file: string): OpenApiDocument => JSON.parse(readFileSync(specsFolder + file, "utf8")) as OpenApiDocument

/** The accounting contract (sales invoices). */
export const accountingContract = load("zwapgrid-accounting-api.json")
/** The consents contract. */
export const consentsContract = load("zwapgrid-consents-api.json")

const makeValidator = (document: OpenApiDocument, id: string) => {
  // strict: false because OpenAPI 3.0 schemas carry keywords JSON Schema does not know (`nullable` is supported,
  // `example`-style extras are not); every validation keyword of the contract is still enforced.
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  for (const format of ["int32", "int64", "double", "float"]) ajv.addFormat(format, true)
  ajv.addSchema({ $id: id, components: document.components })
  const cache = new Map<string, ValidateFunction>()
  return (component: string, value: unknown): ReadonlyArray<ErrorObject> => {
    let validate = cache.get(component)
    if (validate === undefined) {
      validate = ajv.getSchema(`${id}#/components/schemas/${component}`)
      if (validate === undefined) throw new Error(`no component ${component} in ${id}`)
      cache.set(component, validate)
    }
    return validate(value) ? [] : [...(validate.errors ?? [])]
  }
}

/** Validates against a component of the accounting contract; returns the errors (empty when valid). */
export const validateAccounting = makeValidator(accountingContract, "accounting")
/** Validates against a component of the consents contract; returns the errors (empty when valid). */
export const validateConsents = makeValidator(consentsContract, "consents")

/** The errors as one readable line, for assertion messages. */
export const describeErrors = (errors: ReadonlyArray<ErrorObject>): string =>
  errors
    .map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`)
    .join("; ")
