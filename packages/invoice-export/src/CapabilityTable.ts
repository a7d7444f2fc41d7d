/**
 * The capability matrix as a terminal table: one row per system with its operations, page size, and which query
 * dimensions it serves natively, which konto emulates, and which are not supported (`—` the vendor cannot, `*` not
 * built yet). The full reasons are in the Markdown form (`CapabilityMatrix.renderMarkdown`).
 */
import { type Capabilities, type CapabilityMatrix, invoiceStatuses } from "@konto/core"
import * as Table from "./Table.ts"

const operation = (support: Capabilities.OperationSupport): string =>
  support.support === "not-supported" ? (support.reason === "vendor-cannot" ? "—" : "not built") : support.support

const dimensions = (
  capabilities: Capabilities.Capabilities
): ReadonlyArray<readonly [string, Capabilities.DimensionSupport]> => [
  ...invoiceStatuses.map((status) => [status, capabilities.statusFilters[status]] as const),
  ["dates", capabilities.invoiceDateRange],
  ["created", capabilities.createdSince],
  ["modified", capabilities.modifiedSince],
  ["order", capabilities.orderByDate]
]

const served = (capabilities: Capabilities.Capabilities, mode: Capabilities.DimensionSupport["mode"]): string =>
  dimensions(capabilities)
    .filter(([, support]) => support.mode === mode)
    .map(([name, support]) => (support.mode === "not-supported" && support.reason === "not-built" ? `${name}*` : name))
    .join(" ") || "—"

/** The table's columns. */
export const columns: ReadonlyArray<Table.Column<CapabilityMatrix.CapabilityRow>> = [
  { header: "SYSTEM", value: (row) => row.system },
  { header: "NAME", value: (row) => row.displayName },
  { header: "LIST", value: (row) => operation(row.capabilities.operations.list) },
  { header: "GET", value: (row) => operation(row.capabilities.operations.get) },
  { header: "CREATE", value: (row) => operation(row.capabilities.operations.create) },
  { header: "PAGE", align: "right", value: (row) => String(row.capabilities.paging.maxPageSize) },
  { header: "NATIVE", value: (row) => served(row.capabilities, "native") },
  { header: "EMULATED", value: (row) => served(row.capabilities, "emulated") },
  { header: "NOT SUPPORTED", value: (row) => served(row.capabilities, "not-supported") }
]

/** The matrix as table lines, with a legend. */
export const render = (rows: ReadonlyArray<CapabilityMatrix.CapabilityRow>): string =>
  Table.render(columns, rows) +
  "\nNATIVE: the system filters; EMULATED: konto filters over the system's pages; — the system cannot; * not built yet.\n"
