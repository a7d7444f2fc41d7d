import { assert, describe, it } from "@effect/vitest"
import { KontoApi } from "@konto/api"
import { OpenApi } from "effect/http-api"
import { expect } from "vitest"
import { accountingContract, consentsContract } from "./Contract.ts"

const document = OpenApi.fromApi(KontoApi)

interface ContractOperation {
  readonly parameters?: ReadonlyArray<{ readonly name: string; readonly in: string }>
}
type ContractPaths = Record<string, Record<string, ContractOperation>>

const contractPaths = (contract: object): ContractPaths => (contract as { paths: ContractPaths }).paths

/** The API.1 operations konto serves: every one must exist with every parameter API.1 names. */
const served: ReadonlyArray<readonly [ContractPaths, string, string]> = [
  [contractPaths(accountingContract), "/api/v1/consents/{consentId}/salesinvoices", "get"],
  [contractPaths(accountingContract), "/api/v1/consents/{consentId}/salesinvoices", "post"],
  [contractPaths(accountingContract), "/api/v1/consents/{consentId}/salesinvoices/{salesInvoiceId}", "get"],
  [contractPaths(consentsContract), "/api/v1/consents", "post"],
  [contractPaths(consentsContract), "/api/v1/consents", "get"],
  [contractPaths(consentsContract), "/api/v1/consents/{consentId}", "get"],
  [contractPaths(consentsContract), "/api/v1/consents/{consentId}", "patch"],
  [contractPaths(consentsContract), "/api/v1/consents/{consentId}", "delete"],
  [contractPaths(consentsContract), "/api/v1/consents/{consentId}/otc", "post"],
  [contractPaths(consentsContract), "/api/v1/consents/auth/token", "post"]
]

// Consent-list filters konto does not offer (test consents and system settings do not exist in konto).
const consentListParametersNotServed = new Set(["CreatedOn", "UpdatedOn", "IsTest", "SystemSettingsId"])

describe("KontoApi's OpenAPI document", () => {
  it("is pinned (a change to the API shows up in review)", async () => {
    await expect(JSON.stringify(document, null, 2) + "\n").toMatchFileSnapshot("./openapi.snapshot.json")
  })

  for (const [paths, path, method] of served) {
    it(`serves API.1's ${method.toUpperCase()} ${path} with its parameters`, () => {
      const operation = (document.paths as Record<string, Record<string, ContractOperation> | undefined>)[path]?.[
        method
      ]
      assert.isDefined(operation, `${method} ${path} is missing`)
      const names = new Set(
        (operation?.parameters ?? []).map((parameter) => `${parameter.in}:${parameter.name.toLowerCase()}`)
      )
      for (const parameter of paths[path]?.[method]?.parameters ?? []) {
        if (path === "/api/v1/consents" && consentListParametersNotServed.has(parameter.name)) continue
        if (parameter.name === "If-Match") continue
        assert.isTrue(
          names.has(`${parameter.in}:${parameter.name.toLowerCase()}`),
          `${parameter.in} parameter ${parameter.name}`
        )
      }
    })
  }

  it("requires the API key (API.1's ApiKey scheme) on the sales-invoice routes", () => {
    const operation = document.paths["/api/v1/consents/{consentId}/salesinvoices"]?.get
    assert.deepStrictEqual(operation?.security, [{ ApiKey: [] }])
    assert.deepStrictEqual(document.components.securitySchemes["ApiKey"], {
      type: "apiKey",
      name: "x-api-key",
      in: "header"
    })
  })

  it("documents amounts as JSON numbers", () => {
    const amount = document.components.schemas["AmountTypeDto"] as { properties: { amount: { type: string } } }
    assert.strictEqual(amount.properties.amount.type, "number")
    assert.notInclude(JSON.stringify(document), `"enum":["Infinity","-Infinity","NaN"]`)
  })
})
