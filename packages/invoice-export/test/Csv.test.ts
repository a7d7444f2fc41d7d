import { assert, describe, it } from "@effect/vitest"
import { Money } from "@konto/core"
import { Arbitraries } from "@konto/testkit"
import { Option } from "effect"
import * as fc from "fast-check"
import { Csv, InvoiceColumns } from "../src/index.ts"
import { parseCsv } from "./csvParser.ts"
import { documented } from "./fixtures.ts"

describe("Csv.field (RFC 4180 quoting)", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["carriage\rreturn", '"carriage\rreturn"'],
    [" spaces kept ", " spaces kept "]
  ])("%j is written as %j", (value, expected) => {
    assert.strictEqual(Csv.field(value), expected)
  })

  it("law: any record reads back as the same fields (200 runs)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 8 }), (fields) => {
        assert.deepStrictEqual(parseCsv(Csv.record(fields)), [fields])
      }),
      { numRuns: 300 }
    )
  })
})

describe("Csv invoices", () => {
  it("the header names the documented columns", () => {
    assert.deepStrictEqual(parseCsv(Csv.header), [[...InvoiceColumns.names]])
    assert.deepStrictEqual(InvoiceColumns.names, [
      "id",
      "reference",
      "issueDate",
      "dueDate",
      "customerNumber",
      "customerName",
      "customerCompanyId",
      "currency",
      "taxExclusiveAmount",
      "taxInclusiveAmount",
      "payableAmount",
      "totalBalanceAmount",
      "paymentStatus",
      "statuses",
      "isSent",
      "createdDateTime",
      "modifiedDateTime",
      "sourceSystem",
      "sourceId",
      "sourceStatus"
    ])
  })

  it("writes the documented entry: exact amounts, quoted name, unknown facts empty, derived statuses", () => {
    const [record] = parseCsv(Csv.line(documented))
    const byName = Object.fromEntries(InvoiceColumns.names.map((name, index) => [name, record?.[index]]))
    assert.deepStrictEqual(byName, {
      id: "5050d6f7-d16a-4376-b00d-a20390c77bde",
      reference: "INV001",
      issueDate: "2025-01-29",
      dueDate: "2025-02-28",
      customerNumber: "CUST001",
      customerName: 'Kund, "Nord" AB',
      customerCompanyId: "559079-0100",
      currency: "SEK",
      taxExclusiveAmount: "",
      taxInclusiveAmount: "12345678901234567.89",
      payableAmount: "800.5",
      totalBalanceAmount: "800.5",
      paymentStatus: "PARTLY_PAID",
      statuses: "Unpaid|Overdue",
      isSent: "",
      createdDateTime: "2025-01-29T10:15:00.000Z",
      modifiedDateTime: "",
      sourceSystem: "fortnox",
      sourceId: "1001",
      sourceStatus: ""
    })
  })

  it("law: every invoice is one record with one field per column, amounts exact (200 runs)", () => {
    fc.assert(
      fc.property(Arbitraries.salesInvoiceSummary, (summary) => {
        const records = parseCsv(Csv.line(summary))
        assert.strictEqual(records.length, 1)
        const record = records[0]!
        assert.strictEqual(record.length, InvoiceColumns.columns.length)
        const balance = record[InvoiceColumns.names.indexOf("totalBalanceAmount")]!
        Option.match(summary.totalBalanceAmount, {
          onNone: () => assert.strictEqual(balance, ""),
          onSome: (money) => {
            const read = Money.decimalFromString(balance)
            assert.isTrue(Option.isSome(read) && Money.equals(read.value, money.amount))
          }
        })
      }),
      { numRuns: 200 }
    )
  })

  it("a false fact is written as false, never confused with unknown", () => {
    const sent = { ...documented, isSent: Option.some(false) }
    const record = parseCsv(Csv.line(sent))[0]!
    assert.strictEqual(record[InvoiceColumns.names.indexOf("isSent")], "false")
  })
})
