import { assert, describe, it } from "@effect/vitest"
import {
  CalendarDate,
  Capabilities,
  CapabilityMatrix,
  ConnectorRegistry,
  InvalidInput,
  invoiceStatuses,
  ListQuery,
  NotSupported
} from "@konto/core"
import { Effect, Layer, Option } from "effect"
import { capabilitiesWith } from "./capabilityRows.ts"
import { acme, connector, ledger } from "./connectors.ts"

const matrixLayer = CapabilityMatrix.layer.pipe(Layer.provide(ConnectorRegistry.layer([acme, ledger])))

describe("CapabilityMatrix", () => {
  it.effect("checkQuery refuses an unsupported status filter with API.1's message", () =>
    Effect.gen(function* () {
      const matrix = yield* CapabilityMatrix.CapabilityMatrix
      const error = yield* matrix.checkQuery("acme", ListQuery.make({ status: Option.some("Sold") })).pipe(Effect.flip)
      assert.instanceOf(error, NotSupported)
      assert.strictEqual(error.message, "Filtering by status Sold is not supported by Acme Books")
      yield* matrix.checkQuery("acme", ListQuery.make({ status: Option.some("Paid") }))
      yield* matrix.checkQuery("ledger-one", ListQuery.make({ status: Option.some("Sold") }))
    }).pipe(Effect.provide(matrixLayer))
  )

  it.effect("checkQuery refuses unsupported dimensions, invalid ranges and unknown systems", () =>
    Effect.gen(function* () {
      const matrix = yield* CapabilityMatrix.CapabilityMatrix
      const range = ListQuery.make({ fromInvoiceDate: Option.some(CalendarDate.make("2025-01-01")) })
      const notBuilt = yield* matrix.checkQuery("ledger-one", range).pipe(Effect.flip)
      assert.isTrue(notBuilt._tag === "NotSupported" && notBuilt.reason === "not-built")
      assert.strictEqual(
        notBuilt.message,
        "Filtering by invoice date is not supported by Ledger One: date filter not mapped yet"
      )
      const backwards = ListQuery.make({
        fromInvoiceDate: Option.some(CalendarDate.make("2025-02-01")),
        toInvoiceDate: Option.some(CalendarDate.make("2025-01-01"))
      })
      assert.instanceOf(yield* matrix.checkQuery("acme", backwards).pipe(Effect.flip), InvalidInput)
      const unknown = yield* matrix.checkQuery("nope", ListQuery.all).pipe(Effect.flip)
      assert.strictEqual(unknown._tag, "UnknownSystem")
    }).pipe(Effect.provide(matrixLayer))
  )

  it.effect("checkOperation refuses not-supported operations; beta is allowed", () =>
    Effect.gen(function* () {
      const matrix = yield* CapabilityMatrix.CapabilityMatrix
      yield* matrix.checkOperation("ledger-one", "get")
      yield* matrix.checkOperation("acme", "create")
      const error = yield* matrix.checkOperation("ledger-one", "create").pipe(Effect.flip)
      assert.isTrue(error._tag === "NotSupported" && error.reason === "not-built" && error.operation === "create")
      assert.strictEqual(
        error.message,
        "Ledger One does not support create: the vendor's create endpoint is not mapped yet"
      )
    }).pipe(Effect.provide(matrixLayer))
  )

  it.effect("rows mirror the registry", () =>
    Effect.gen(function* () {
      const matrix = yield* CapabilityMatrix.CapabilityMatrix
      assert.deepStrictEqual(
        matrix.rows.map((row) => row.system),
        ["acme", "ledger-one"]
      )
      assert.strictEqual((yield* matrix.row("ledger-one")).displayName, "Ledger One")
    }).pipe(Effect.provide(matrixLayer))
  )

  it.effect("renderMarkdown names every system and every status, and the reasons", () =>
    Effect.gen(function* () {
      const matrix = yield* CapabilityMatrix.CapabilityMatrix
      const markdown = CapabilityMatrix.renderMarkdown(matrix.rows)
      for (const row of matrix.rows) {
        assert.include(markdown, row.displayName)
        assert.include(markdown, `\`${row.system}\``)
      }
      const statusHeader = markdown.split("\n").find((line) => line.startsWith("| System | Paid"))
      assert.strictEqual(statusHeader, `| System | ${invoiceStatuses.join(" | ")} |`)
      assert.include(markdown, "Status Sold: the vendor cannot — no factoring flag")
      assert.include(markdown, "create: not built yet — the vendor's create endpoint is not mapped yet")
      assert.include(markdown, "25/5 s per access token")
      assert.isTrue(markdown.endsWith("\n") && !markdown.endsWith("\n\n"))
    }).pipe(Effect.provide(matrixLayer))
  )

  it("renderMarkdown lists the reasons of every row, after rows without any", () => {
    const plain = connector("plain", "Plain Books", capabilitiesWith(Capabilities.native))
    const markdown = CapabilityMatrix.renderMarkdown(
      [plain, acme, ledger].map((entry) => ({
        system: entry.id,
        displayName: entry.displayName,
        capabilities: entry.capabilities
      }))
    )
    assert.notInclude(markdown, "### Plain Books")
    assert.include(markdown, "### Acme Books")
    assert.include(markdown, "### Ledger One")
    assert.include(markdown, "Invoice date range: not built yet — date filter not mapped yet")
  })
})
