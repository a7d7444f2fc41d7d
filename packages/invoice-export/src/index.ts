/**
 * @konto/invoice-export — canonical sales invoices out of konto: NDJSON and CSV with exact decimals, terminal
 * tables, and a constant-memory streaming export with progress (count, rate, ETA) that writes whole lines only.
 */
export * as CapabilityTable from "./CapabilityTable.ts"
export * as Csv from "./Csv.ts"
export * as ExportProgress from "./ExportProgress.ts"
export * as ExportSink from "./ExportSink.ts"
export * as InvoiceColumns from "./InvoiceColumns.ts"
export * as InvoiceExport from "./InvoiceExport.ts"
export * as InvoiceFormat from "./InvoiceFormat.ts"
export * as InvoiceTable from "./InvoiceTable.ts"
export * as Ndjson from "./Ndjson.ts"
export * as ProgressBar from "./ProgressBar.ts"
export * as Table from "./Table.ts"
