/**
 * `konto export`: every invoice of a consent (or a simulated system) to an NDJSON or CSV file, streamed with
 * constant memory, with a progress bar on stderr (count, rate, ETA when the system reports a total). Interrupting
 * (Ctrl-C) leaves a file of complete lines.
 */
import { Emulation, type ListQuery, type SalesInvoices } from "@konto/core"
import type { ExportProgress } from "@konto/invoice-export"
import { ExportSink, InvoiceExport, InvoiceFormat, ProgressBar } from "@konto/invoice-export"
import { Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as CommandFailure from "../CommandFailure.ts"
import * as InvoiceSource from "../InvoiceSource.ts"
import * as Output from "../Output.ts"
import { UsageError } from "../UsageError.ts"
import { checkQuery, queryFlags, queryOf } from "./Invoices.ts"

/** The exact number of invoices the export will write, when the system can tell without konto filtering. */
const totalOf = (salesInvoices: SalesInvoices.SalesInvoicesShape, query: ListQuery.ListQuery) =>
  salesInvoices.capabilities.paging.totals === "exact" &&
  !Emulation.isEmulating(Emulation.plan(salesInvoices.capabilities, query))
    ? salesInvoices.page(query, { count: 1, currentPage: 1 }).pipe(
        Effect.map((page) => page.totalResources),
        // Only for the ETA: if counting fails, the listing itself reports the failure.
        Effect.orElseSucceed(() => Option.none<number>())
      )
    : Effect.succeed(Option.none<number>())

/** Progress on stderr: redrawn in place on a terminal, otherwise one line per report. */
const progressWriter = (interactive: boolean) => (progress: ExportProgress.ExportProgress) =>
  Effect.sync(() => {
    const line = ProgressBar.render(progress)
    if (interactive) process.stderr.write(`\r\u001b[2K${line}${progress.done ? "\n" : ""}`)
    else process.stderr.write(`${line}\n`)
  })

/** The command. */
export const exportCommand = Command.make(
  "export",
  {
    ...queryFlags,
    out: Flag.String("out").pipe(
      Flag.withAlias("o"),
      Flag.withDescription("The file to write (created or overwritten): .ndjson / .jsonl or .csv")
    ),
    format: Flag.Literals("format", InvoiceFormat.ExportFormat.literals).pipe(
      Flag.withDescription("ndjson or csv (default: from the file name)"),
      Flag.optional
    ),
    progressInterval: Flag.Int("progress-interval").pipe(
      Flag.withDescription("Milliseconds between progress reports (default: 250 on a terminal, 1000 otherwise)"),
      Flag.optional
    )
  },
  (input) =>
    CommandFailure.handle(
      Effect.scoped(
        Effect.gen(function* () {
          const format = Option.orElse(input.format, () => InvoiceFormat.exportFormatOfPath(input.out))
          if (Option.isNone(format)) {
            return yield* new UsageError({
              message: `--out: cannot tell the format of "${input.out}"; name it .ndjson or .csv, or pass --format`
            })
          }
          const source = yield* InvoiceSource.open(input)
          const query = queryOf(input, source.timeZone)
          yield* checkQuery(source.salesInvoices, query)
          const total = yield* totalOf(source.salesInvoices, query)
          const sink = yield* ExportSink.file(input.out)
          const interactive = process.stderr.isTTY === true
          const result = yield* InvoiceExport.run(source.salesInvoices.list(query), sink, {
            encoder: InvoiceFormat.encoder(format.value),
            total,
            progressIntervalMillis: Option.getOrElse(input.progressInterval, () => (interactive ? 250 : 1000)),
            onProgress: progressWriter(interactive)
          })
          yield* Output.note(`wrote ${ProgressBar.count(result.count)} invoices to ${input.out}`)
        })
      )
    )
).pipe(
  Command.withDescription("Export every invoice to an NDJSON or CSV file, streamed, with progress on stderr"),
  Command.withExamples([
    { command: "konto export --consent <id> --out invoices.ndjson", description: "Every invoice, one JSON per line" },
    {
      command: "konto export --demo --demo-invoices 100000 --out invoices.csv",
      description: "100,000 simulated invoices as CSV"
    }
  ])
)
