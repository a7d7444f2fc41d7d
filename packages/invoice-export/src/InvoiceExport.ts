/**
 * The streaming export: invoices from a stream, encoded and written whole lines at a time, with progress reports.
 * Memory stays constant in the number of invoices — the stream is consumed a chunk (a vendor page) at a time and
 * nothing is collected — and each write holds whole lines only, so interrupting an export leaves a file of
 * complete lines. Time is read from the effect `Clock` (tests run it on `TestClock`).
 */
import type { SalesInvoice } from "@konto/core"
import { Clock, Effect, Option, Stream } from "effect"
import * as ExportProgress from "./ExportProgress.ts"
import type { ExportSink, ExportSinkError } from "./ExportSink.ts"
import type { InvoiceEncoder } from "./InvoiceFormat.ts"

/** How to run an export. */
export interface ExportOptions {
  readonly encoder: InvoiceEncoder
  /** How many invoices to expect, when known exactly (for the fraction and the ETA). */
  readonly total?: Option.Option<number> | undefined
  /** The least time between two progress reports (default 250 ms); the first and the final report always come. */
  readonly progressIntervalMillis?: number | undefined
  readonly onProgress?: ((progress: ExportProgress.ExportProgress) => Effect.Effect<void>) | undefined
}

/** What an export wrote. */
export interface ExportResult {
  readonly count: number
  readonly elapsedMillis: number
}

/** At most this many invoices go into one write, however large the stream's chunks are. */
export const maxInvoicesPerWrite = 1000

/** Writes every invoice of the stream to the sink, reporting progress; returns how many were written. */
export const run = <E, R>(
  invoices: Stream.Stream<SalesInvoice.SalesInvoiceSummary, E, R>,
  sink: ExportSink,
  options: ExportOptions
): Effect.Effect<ExportResult, E | ExportSinkError, R> =>
  Effect.gen(function* () {
    const { encoder } = options
    const total = options.total ?? Option.none()
    const interval = options.progressIntervalMillis ?? 250
    const onProgress = options.onProgress ?? (() => Effect.void)
    const startedAt = yield* Clock.currentTimeMillis
    let count = 0
    let reportedAt = startedAt
    const report = (now: number, done: boolean) =>
      onProgress(ExportProgress.make({ count, total, elapsedMillis: now - startedAt, done }))

    yield* report(startedAt, false)
    if (encoder.begin.length > 0) yield* sink.write(encoder.begin)

    const writeBatch = (batch: ReadonlyArray<SalesInvoice.SalesInvoiceSummary>) =>
      Effect.gen(function* () {
        let text = ""
        for (let index = 0; index < batch.length; index++) text += encoder.item(batch[index]!, count + index)
        yield* sink.write(text)
        count += batch.length
      })

    yield* Stream.runForEachArray(invoices, (chunk) =>
      Effect.gen(function* () {
        for (let offset = 0; offset < chunk.length; offset += maxInvoicesPerWrite) {
          yield* writeBatch(chunk.slice(offset, offset + maxInvoicesPerWrite))
        }
        const now = yield* Clock.currentTimeMillis
        if (now - reportedAt >= interval) {
          reportedAt = now
          yield* report(now, false)
        }
      })
    )

    const ending = encoder.end(count)
    if (ending.length > 0) yield* sink.write(ending)
    const finishedAt = yield* Clock.currentTimeMillis
    yield* report(finishedAt, true)
    return { count, elapsedMillis: finishedAt - startedAt }
  })
