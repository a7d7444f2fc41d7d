import { ListQuery, SalesInvoices } from "@konto/core"
import { Effect } from "effect"
import { ExportSink, InvoiceExport, InvoiceFormat, ProgressBar } from "../src/index.ts"

/** Every invoice of the connection to a CSV file, with a progress line on stderr. */
export const exportAll = (path: string) =>
  Effect.gen(function* () {
    const invoices = yield* SalesInvoices.SalesInvoices
    const sink = yield* ExportSink.file(path) // closed with the scope
    return yield* InvoiceExport.run(invoices.list(ListQuery.all), sink, {
      encoder: InvoiceFormat.encoder("csv"),
      onProgress: (progress) => Effect.sync(() => process.stderr.write(`\r${ProgressBar.render(progress)}`))
    })
  }).pipe(Effect.scoped)
