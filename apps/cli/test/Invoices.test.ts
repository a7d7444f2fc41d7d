import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { assert, beforeAll, describe, it } from "@effect/vitest"
import { ExactJson, SalesInvoice } from "@konto/core"
import { BigDecimal, Option, Schema } from "effect"
import { buildTimeout, completion, ensureBuilt, lines, run, start, workingDirectory } from "./CliProcess.ts"

beforeAll(ensureBuilt, buildTimeout)

const decodeSummary = Schema.decodeUnknownSync(SalesInvoice.SalesInvoiceSummary)
const decodeInvoice = Schema.decodeUnknownSync(SalesInvoice.SalesInvoice)

/** A minimal RFC 4180 split for the test's own files (no quoted commas in the columns compared). */
const csvRecords = (text: string) => text.split("\r\n").filter((line) => line !== "")

describe("konto invoices --demo (a simulated Fortnox, no credentials)", () => {
  it("lists the invoices as a table", async () => {
    const result = await run(["invoices", "list", "--demo"])
    assert.strictEqual(result.code, 0)
    const rows = lines(result.stdout)
    assert.match(rows[0] ?? "", /^NUMBER +ISSUED +DUE +CUSTOMER +TOTAL +BALANCE +CUR +STATUS$/)
    assert.strictEqual(rows.length, 26)
    assert.match(rows[1] ?? "", /^1001 +\d{4}-\d{2}-\d{2} +\d{4}-\d{2}-\d{2} +.+ +-?\d+\.\d{2} +-?\d+\.\d{2} +SEK +/)
    assert.strictEqual(result.stderr, "")
  })

  it("--format ndjson: one canonical invoice per line, each decodes", async () => {
    const result = await run(["invoices", "list", "--demo", "--demo-invoices", "40", "--format", "ndjson"])
    assert.strictEqual(result.code, 0)
    const entries = lines(result.stdout).map((line) => decodeSummary(ExactJson.parse(line)))
    assert.strictEqual(entries.length, 40)
    for (const entry of entries) assert.strictEqual(entry.source.system, "fortnox")
  })

  it("--format json is one array; --format csv has the documented header", async () => {
    const [json, csv] = await Promise.all([
      run(["invoices", "list", "--demo", "--format", "json", "--limit", "5"]),
      run(["invoices", "list", "--demo", "--format", "csv"])
    ])
    assert.strictEqual(json.code, 0)
    assert.lengthOf(ExactJson.parse(json.stdout) as ReadonlyArray<unknown>, 5)
    assert.strictEqual(csv.code, 0)
    const records = csvRecords(csv.stdout)
    assert.match(records[0] ?? "", /^id,reference,issueDate,dueDate,customerNumber,customerName,/)
    assert.strictEqual(records.length, 26)
  })

  it("filters by derived status and invoice dates", async () => {
    const [overdue, dated] = await Promise.all([
      run(["invoices", "list", "--demo", "--demo-invoices", "60", "--status", "Overdue", "--format", "ndjson"]),
      run([
        "invoices",
        "list",
        "--demo",
        "--demo-invoices",
        "60",
        "--from",
        "2025-01-01",
        "--to",
        "2025-03-31",
        "--format",
        "ndjson"
      ])
    ])
    assert.strictEqual(overdue.code, 0)
    const overdueEntries = lines(overdue.stdout).map((line) => decodeSummary(ExactJson.parse(line)))
    assert.isAbove(overdueEntries.length, 0)
    for (const entry of overdueEntries) assert.include(entry.statuses, "Overdue")
    assert.strictEqual(dated.code, 0)
    const datedEntries = lines(dated.stdout).map((line) => decodeSummary(ExactJson.parse(line)))
    assert.isAbove(datedEntries.length, 0)
    for (const entry of datedEntries) {
      const issued = entry.issueDate.pipe((date) => (date._tag === "Some" ? date.value : ""))
      assert.isTrue(issued >= "2025-01-01" && issued <= "2025-03-31", issued)
    }
  })

  it("a filter the system cannot serve is exit 4 with API.1's message, before any output", async () => {
    const result = await run(["invoices", "list", "--demo", "--status", "Draft"])
    assert.strictEqual(result.code, 4)
    assert.strictEqual(result.stdout, "")
    assert.strictEqual(result.stderr, "konto: Filtering by status Draft is not supported by Fortnox\n")
  })

  it("gets one invoice in full (json decodes as the canonical invoice; table shows its lines)", async () => {
    const [json, table] = await Promise.all([
      run(["invoices", "get", "1002", "--demo"]),
      run(["invoices", "get", "1002", "--demo", "--format", "table"])
    ])
    assert.strictEqual(json.code, 0)
    const invoice = decodeInvoice(ExactJson.parse(json.stdout))
    assert.strictEqual(invoice.source.id, "1002")
    assert.isAbove(invoice.invoiceLines.length, 0)
    assert.strictEqual(table.code, 0)
    assert.match(table.stdout, /^Number +1002$/m)
    assert.match(table.stdout, /^LINE +DESCRIPTION +QUANTITY +PRICE +AMOUNT$/m)
  })

  it("an unknown invoice is exit 3 with one line; --verbose adds the cause", async () => {
    const [plain, verbose] = await Promise.all([
      run(["invoices", "get", "99999", "--demo"]),
      run(["invoices", "get", "99999", "--demo", "--verbose"])
    ])
    assert.strictEqual(plain.code, 3)
    assert.strictEqual(plain.stdout, "")
    assert.strictEqual(plain.stderr, "konto: SalesInvoice 99999 was not found in fortnox\n")
    assert.strictEqual(verbose.code, 3)
    assert.isAbove(lines(verbose.stderr).length, 1)
    assert.include(verbose.stderr, "NotFound")
  })

  it("creates an invoice from an API.1 JSON file, amounts exact", async () => {
    const directory = workingDirectory()
    const file = join(directory, "invoice.json")
    writeFileSync(
      file,
      JSON.stringify({
        issueDate: "2025-06-01",
        dueDate: "2025-07-01",
        accountingCustomerParty: {
          supplierAssignedAccountId: { id: "101" },
          party: { partyName: { name: "Kund AB" } }
        },
        invoiceLines: [
          {
            invoicedQuantity: { quantity: 2 },
            item: { name: "Consulting hour" },
            price: { priceAmount: { amount: 1250.5, currencyId: "SEK" } }
          }
        ]
      })
    )
    const result = await run(["invoices", "create", "--demo", "--file", file], { cwd: directory })
    assert.strictEqual(result.code, 0, result.stderr)
    const created = decodeInvoice(ExactJson.parse(result.stdout))
    assert.strictEqual(created.source.system, "fortnox")
    const line = created.invoiceLines[0]
    assert.isTrue(
      line !== undefined &&
        Option.isSome(line.lineExtensionAmount) &&
        BigDecimal.equals(line.lineExtensionAmount.value.amount, BigDecimal.fromStringUnsafe("2501")),
      result.stdout
    )
  })

  it("an invalid input file is exit 2 naming the file", async () => {
    const directory = workingDirectory()
    const file = join(directory, "invoice.json")
    writeFileSync(file, JSON.stringify({ invoiceLines: [] }))
    const [invalid, missing] = await Promise.all([
      run(["invoices", "create", "--demo", "--file", file], { cwd: directory }),
      run(["invoices", "create", "--demo", "--file", join(directory, "nope.json")], { cwd: directory })
    ])
    assert.strictEqual(invalid.code, 2)
    assert.match(invalid.stderr, /^konto: --file: .*invoice\.json is not a sales invoice input: /)
    assert.strictEqual(missing.code, 2)
    assert.match(missing.stderr, /^konto: --file: cannot read .*nope\.json/)
  })

  it("without --consent or --demo, or with an unknown demo system, is exit 2", async () => {
    const [neither, unknown, both] = await Promise.all([
      run(["invoices", "list"]),
      run(["invoices", "list", "--demo=nosuch"]),
      run(["invoices", "list", "--demo", "--consent", "c1"])
    ])
    assert.strictEqual(neither.code, 2)
    assert.match(neither.stderr, /^konto: which invoices\? name a consent with --consent <id>/)
    assert.strictEqual(unknown.code, 2)
    assert.match(unknown.stderr, /^konto: --demo: no simulator for "nosuch" \(try fortnox, moneybird, xero/)
    assert.strictEqual(both.code, 2)
  })

  it("--demo=<system> reads that simulated system (Xero, Moneybird)", async () => {
    const systems = ["xero", "moneybird"]
    const results = await Promise.all(
      systems.map((system) =>
        run(["invoices", "list", `--demo=${system}`, "--demo-invoices", "7", "--format", "ndjson"])
      )
    )
    results.forEach((result, index) => {
      assert.strictEqual(result.code, 0, result.stderr)
      const entries = lines(result.stdout).map((line) => decodeSummary(ExactJson.parse(line)))
      assert.strictEqual(entries.length, 7)
      for (const entry of entries) assert.strictEqual(entry.source.system, systems[index])
    })
  })

  it("a reader that stops early (`| head`) ends the listing quietly with 0", async () => {
    const child = start([
      "invoices",
      "list",
      "--demo",
      "--demo-invoices",
      "100000",
      "--demo-rate-limit-scale",
      "none",
      "--format",
      "ndjson"
    ])
    child.stdout?.once("data", () => child.stdout?.destroy())
    const result = await completion(child)
    assert.strictEqual(result.code, 0)
    assert.strictEqual(result.stderr, "")
  })
})
