import { assert, describe, it } from "@effect/vitest"
import { ExactJson, SalesInvoice } from "@konto/core"
import { Arbitraries } from "@konto/testkit"
import { Schema } from "effect"
import * as fc from "fast-check"
import { Ndjson } from "../src/index.ts"
import { documented } from "./fixtures.ts"

const decodeSummary = Schema.decodeUnknownSync(SalesInvoice.SalesInvoiceSummary)
const decodeInvoice = Schema.decodeUnknownSync(SalesInvoice.SalesInvoice)
const sameSummary = Schema.toEquivalence(SalesInvoice.SalesInvoiceSummary)
const sameInvoice = Schema.toEquivalence(SalesInvoice.SalesInvoice)

describe("Ndjson", () => {
  it("writes a 17-digit amount as the exact number literal", () => {
    const line = Ndjson.line(documented)
    assert.include(line, '"amount":12345678901234567.89')
    assert.include(line, '"isSent":null')
  })

  it("law: a listing entry is one line that reads back as the same invoice (200 runs)", () => {
    fc.assert(
      fc.property(Arbitraries.salesInvoiceSummary, (summary) => {
        const line = Ndjson.line(summary)
        assert.isTrue(line.endsWith("\n"))
        assert.strictEqual(line.indexOf("\n"), line.length - 1)
        assert.isTrue(sameSummary(decodeSummary(ExactJson.parse(line)), summary))
      }),
      { numRuns: 200 }
    )
  })

  it("law: a full invoice is one line that reads back as the same invoice (200 runs)", () => {
    fc.assert(
      fc.property(Arbitraries.salesInvoice, (invoice) => {
        const line = Ndjson.invoiceLine(invoice)
        assert.strictEqual(line.indexOf("\n"), line.length - 1)
        assert.isTrue(sameInvoice(decodeInvoice(ExactJson.parse(line)), invoice))
      }),
      { numRuns: 200 }
    )
  })
})
