import { assert, describe, it } from "@effect/vitest"
import { ExactJson } from "@konto/core"
import { Effect, Option, Stream } from "effect"
import { ExportSink, InvoiceExport, InvoiceFormat } from "../src/index.ts"
import { numbered } from "./fixtures.ts"

const render = (format: InvoiceFormat.InvoiceFormat, count: number) =>
  Effect.gen(function* () {
    const memory = ExportSink.memory()
    yield* InvoiceExport.run(Stream.fromIterable(numbered(count)), memory.sink, {
      encoder: InvoiceFormat.encoder(format)
    })
    return memory.text()
  })

describe("InvoiceFormat", () => {
  it.effect("json is one array document, empty or not, with exact amounts", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(JSON.parse(yield* render("json", 0)), [])
      const text = yield* render("json", 3)
      const parsed = ExactJson.parse(text) as ReadonlyArray<{ readonly reference: string }>
      assert.deepStrictEqual(
        parsed.map((entry) => entry.reference),
        ["INV1", "INV2", "INV3"]
      )
      assert.include(text, "12345678901234567.89")
    })
  )

  it.effect("ndjson is one line per invoice", () =>
    Effect.gen(function* () {
      const lines = (yield* render("ndjson", 4)).split("\n")
      assert.strictEqual(lines.length, 5)
      assert.strictEqual(lines[4], "")
    })
  )

  it.effect("table has a header and one line per invoice, and says so when there are none", () =>
    Effect.gen(function* () {
      const text = yield* render("table", 2)
      assert.match(text, /^NUMBER +ISSUED +DUE +CUSTOMER +TOTAL +BALANCE +CUR +STATUS\nINV1 .*\nINV2 .*\n$/)
      assert.match(yield* render("table", 0), /\n\(no invoices\)\n$/)
    })
  )

  it("the export format follows the file name", () => {
    assert.deepStrictEqual(InvoiceFormat.exportFormatOfPath("invoices.ndjson"), Option.some("ndjson"))
    assert.deepStrictEqual(InvoiceFormat.exportFormatOfPath("out/INVOICES.JSONL"), Option.some("ndjson"))
    assert.deepStrictEqual(InvoiceFormat.exportFormatOfPath("invoices.csv"), Option.some("csv"))
    assert.isTrue(Option.isNone(InvoiceFormat.exportFormatOfPath("invoices.xlsx")))
  })
})
