/**
 * The capability matrix over the registered connectors: answers "may I?" before any I/O and renders the
 * matrix as data, Markdown or a table.
 */
import { Context, Effect, Layer } from "effect"
import type { Capabilities, DimensionSupport, OperationSupport } from "./Capabilities.ts"
import {
  type ConnectorError,
  type NotSupported,
  NotSupported as NotSupportedError,
  type Operation
} from "./ConnectorError.ts"
import { ConnectorRegistry, type UnknownSystem } from "./ConnectorRegistry.ts"
import { invoiceStatuses } from "./InvoiceStatus.ts"
import type { ListQuery } from "./ListQuery.ts"
import { checkQuery } from "./SalesInvoices.ts"

/** One system's row. */
export interface CapabilityRow {
  readonly system: string
  readonly displayName: string
  readonly capabilities: Capabilities
}

/** Answers capability questions over the registered connectors. */
export class CapabilityMatrix extends Context.Service<
  CapabilityMatrix,
  {
    readonly rows: ReadonlyArray<CapabilityRow>
    readonly row: (system: string) => Effect.Effect<CapabilityRow, UnknownSystem>
    /** Fails with `NotSupported` (or `InvalidInput`) when the system cannot serve the query. */
    readonly checkQuery: (system: string, query: ListQuery) => Effect.Effect<void, UnknownSystem | ConnectorError>
    readonly checkOperation: (
      system: string,
      operation: Extract<Operation, "list" | "get" | "create">
    ) => Effect.Effect<void, UnknownSystem | NotSupported>
  }
>()("@konto/core/CapabilityMatrix") {}

/** The matrix over the registry. */
export const layer: Layer.Layer<CapabilityMatrix, never, ConnectorRegistry> = Layer.effect(
  CapabilityMatrix,
  Effect.gen(function* () {
    const registry = yield* ConnectorRegistry
    const rows = registry.connectors.map((connector) => ({
      system: connector.id,
      displayName: connector.displayName,
      capabilities: connector.capabilities
    }))
    const row = (system: string) =>
      registry.get(system).pipe(
        Effect.map((connector) => ({
          system: connector.id,
          displayName: connector.displayName,
          capabilities: connector.capabilities
        }))
      )
    return CapabilityMatrix.of({
      rows,
      row,
      checkQuery: (system, query) =>
        registry
          .get(system)
          .pipe(
            Effect.flatMap((connector) =>
              checkQuery(connector.id, connector.displayName, connector.capabilities, query)
            )
          ),
      checkOperation: (system, operation) =>
        registry.get(system).pipe(
          Effect.flatMap((connector) => {
            const support = connector.capabilities.operations[operation]
            return support.support === "not-supported"
              ? Effect.fail(notSupportedOperation(connector.id, connector.displayName, operation, support))
              : Effect.void
          })
        )
    })
  })
)

const notSupportedOperation = (
  system: string,
  displayName: string,
  operation: Operation,
  support: Extract<OperationSupport, { support: "not-supported" }>
) =>
  new NotSupportedError({
    system,
    operation,
    reason: support.reason,
    detail: `${displayName} does not support ${operation}: ${support.detail}`
  })

const dimensionCell = (support: DimensionSupport): string =>
  support.mode === "native"
    ? "native"
    : support.mode === "emulated"
      ? "emulated"
      : support.reason === "vendor-cannot"
        ? "—"
        : "not built"

const operationCell = (support: OperationSupport): string =>
  support.support === "not-supported" ? (support.reason === "vendor-cannot" ? "—" : "not built") : support.support

/** The matrix as a Markdown document (docs/capability-matrix.md). */
export const renderMarkdown = (rows: ReadonlyArray<CapabilityRow>): string => {
  const lines: Array<string> = []
  lines.push("# Capability matrix", "")
  lines.push(
    "Generated from the registered connectors' capability rows by `./run capability-matrix`; a test keeps it current."
  )
  lines.push(
    "",
    "Legend: `native` — the vendor does it; `emulated` — konto does it over the vendor's pages; `—` — the vendor cannot; `not built` — konto has not built it yet.",
    ""
  )
  lines.push("## Operations", "")
  lines.push("| System | id | list | get | create | page size | totals | rate limits |")
  lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |")
  for (const row of rows) {
    const c = row.capabilities
    const limits = c.rateLimits
      .map((limit) => `${limit.requests}/${formatMillis(limit.perMillis)} per ${limit.scope}`)
      .join("; ")
    lines.push(
      `| ${row.displayName} | \`${row.system}\` | ${operationCell(c.operations.list)} | ${operationCell(c.operations.get)} | ${operationCell(c.operations.create)} | ${c.paging.maxPageSize} | ${c.paging.totals} | ${limits || "—"} |`
    )
  }
  lines.push("", "## Status filters", "")
  lines.push(`| System | ${invoiceStatuses.join(" | ")} |`)
  lines.push(`| --- | ${invoiceStatuses.map(() => "---").join(" | ")} |`)
  for (const row of rows) {
    lines.push(
      `| ${row.displayName} | ${invoiceStatuses.map((status) => dimensionCell(row.capabilities.statusFilters[status])).join(" | ")} |`
    )
  }
  lines.push("", "## Other query dimensions and includes", "")
  lines.push(
    "| System | invoice date range | created since | modified since | order by date | include paymentStatus | include paymentTerms |"
  )
  lines.push("| --- | --- | --- | --- | --- | --- | --- |")
  for (const row of rows) {
    const c = row.capabilities
    lines.push(
      `| ${row.displayName} | ${dimensionCell(c.invoiceDateRange)} | ${dimensionCell(c.createdSince)} | ${dimensionCell(c.modifiedSince)} | ${dimensionCell(c.orderByDate)} | ${operationCell(c.includes.paymentStatus)} | ${operationCell(c.includes.paymentTerms)} |`
    )
  }
  lines.push("", "## Reasons", "")
  for (const row of rows) {
    const notes = reasons(row.capabilities)
    if (notes.length === 0) continue
    lines.push(`### ${row.displayName}`, "")
    for (const note of notes) lines.push(`- ${note}`)
    lines.push("")
  }
  return lines.join("\n").trimEnd() + "\n"
}

const reasons = (c: Capabilities): Array<string> => {
  const notes: Array<string> = []
  const dimension = (name: string, support: DimensionSupport) => {
    if (support.mode === "emulated") notes.push(`${name}: emulated — ${support.detail}`)
    if (support.mode === "not-supported")
      notes.push(
        `${name}: ${support.reason === "vendor-cannot" ? "the vendor cannot" : "not built yet"} — ${support.detail}`
      )
  }
  const operation = (name: string, support: OperationSupport) => {
    if (support.support === "not-supported")
      notes.push(
        `${name}: ${support.reason === "vendor-cannot" ? "the vendor cannot" : "not built yet"} — ${support.detail}`
      )
  }
  operation("list", c.operations.list)
  operation("get", c.operations.get)
  operation("create", c.operations.create)
  for (const status of invoiceStatuses) dimension(`Status ${status}`, c.statusFilters[status])
  dimension("Invoice date range", c.invoiceDateRange)
  dimension("Created since", c.createdSince)
  dimension("Modified since", c.modifiedSince)
  dimension("Order by date", c.orderByDate)
  return notes
}

const formatMillis = (millis: number): string =>
  millis % 86_400_000 === 0
    ? `${millis / 86_400_000} d`
    : millis % 60_000 === 0
      ? `${millis / 60_000} min`
      : `${millis / 1000} s`
