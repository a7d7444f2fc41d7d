import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Option } from "effect"
import { InvoiceTable, Table } from "../src/index.ts"
import { documented } from "./fixtures.ts"

interface Row {
  readonly name: string
  readonly amount: string
}

const columns: ReadonlyArray<Table.Column<Row>> = [
  { header: "NAME", width: 6, value: (row) => row.name },
  { header: "AMOUNT", align: "right", width: 8, value: (row) => row.amount }
]

describe("Table.render", () => {
  it("fits widths to the longest value and right-aligns numbers", () => {
    const text = Table.render(columns, [
      { name: "Ada", amount: "1.00" },
      { name: "Grace Hopper", amount: "12345.50" }
    ])
    assert.strictEqual(text, "NAME            AMOUNT\n" + "Ada               1.00\n" + "Grace Hopper  12345.50\n")
  })

  it("turns control characters into spaces, so a row stays one line and cannot drive the terminal", () => {
    const text = Table.render(columns, [{ name: "a\nb\u001b[2Jc", amount: "1" }])
    assert.strictEqual(text.split("\n").length, 3)
    assert.notInclude(text, "\u001b")
  })
})

describe("Table.fixed", () => {
  it("keeps declared widths and cuts longer values with an ellipsis", () => {
    const table = Table.fixed(columns)
    assert.strictEqual(table.header, "NAME      AMOUNT\n")
    assert.strictEqual(table.row({ name: "Grace Hopper", amount: "1.00" }), "Grace…      1.00\n")
    assert.strictEqual(table.row({ name: "Ada", amount: "1234567890.00" }), "Ada     1234567890.00\n")
    const lastColumnLong = Table.fixed<Row>([columns[1]!, { header: "NAME", width: 4, value: (row) => row.name }])
    assert.strictEqual(lastColumnLong.row({ name: "Grace Hopper", amount: "1" }), "       1  Grace Hopper\n")
  })
})

describe("InvoiceTable", () => {
  it("shows amounts exactly with at least two decimals", () => {
    assert.strictEqual(InvoiceTable.amountText(BigDecimal.fromStringUnsafe("1250.5")), "1250.50")
    assert.strictEqual(InvoiceTable.amountText(BigDecimal.fromStringUnsafe("-3")), "-3.00")
    assert.strictEqual(InvoiceTable.amountText(BigDecimal.fromStringUnsafe("0.125")), "0.125")
    assert.strictEqual(
      InvoiceTable.amountText(BigDecimal.fromStringUnsafe("12345678901234567.89")),
      "12345678901234567.89"
    )
  })

  it("renders a listing row at fixed widths, unknown facts as —, amounts never cut", () => {
    const row = InvoiceTable.listing.row({ ...documented, dueDate: Option.none() })
    assert.strictEqual(
      row,
      'INV001      2025-01-29  —           Kund, "Nord" AB           12345678901234567.89         800.50  SEK  Unpaid, Overdue\n'
    )
    const header = InvoiceTable.listing.header
    assert.strictEqual(header.indexOf("ISSUED"), row.indexOf("2025-01-29"))
  })
})
