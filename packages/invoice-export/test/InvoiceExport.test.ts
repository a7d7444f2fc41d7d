import { assert, describe, it } from "@effect/vitest"
import { ExactJson, type SalesInvoice } from "@konto/core"
import { Deferred, Effect, Fiber, Option, Stream } from "effect"
import { TestClock } from "effect/testing"
import { type ExportProgress, ExportSink, InvoiceExport, InvoiceFormat } from "../src/index.ts"
import { parseCsv } from "./csvParser.ts"
import { numbered, withReference } from "./fixtures.ts"

const pagesOf = (pages: number, pageSize: number): Stream.Stream<SalesInvoice.SalesInvoiceSummary> =>
  Stream.fromIterable(Array.from({ length: pages }, (_, page) => page)).pipe(
    Stream.flatMap((page) => Stream.fromIterable(numbered(pageSize, page * pageSize + 1)))
  )

describe("InvoiceExport.run", () => {
  it.effect("writes the CSV header and one record per invoice, and counts them", () =>
    Effect.gen(function* () {
      const memory = ExportSink.memory()
      const result = yield* InvoiceExport.run(pagesOf(3, 4), memory.sink, { encoder: InvoiceFormat.encoder("csv") })
      assert.strictEqual(result.count, 12)
      const records = parseCsv(memory.text())
      assert.strictEqual(records.length, 13)
      assert.deepStrictEqual(
        records.slice(1).map((record) => record[1]),
        numbered(12).map((s) => Option.getOrThrow(s.reference))
      )
    })
  )

  it.effect("writes whole lines only: every write ends at a line boundary", () =>
    Effect.gen(function* () {
      const memory = ExportSink.memory()
      yield* InvoiceExport.run(pagesOf(5, 7), memory.sink, { encoder: InvoiceFormat.encoder("ndjson") })
      assert.isAbove(memory.writes.length, 1)
      for (const write of memory.writes) assert.isTrue(write.endsWith("\n"))
    })
  )

  it.effect("splits a huge chunk into writes of at most maxInvoicesPerWrite invoices", () =>
    Effect.gen(function* () {
      const memory = ExportSink.memory()
      const result = yield* InvoiceExport.run(Stream.fromArray(numbered(2_500)), memory.sink, {
        encoder: InvoiceFormat.encoder("ndjson")
      })
      assert.strictEqual(result.count, 2_500)
      assert.deepStrictEqual(
        memory.writes.map((write) => write.split("\n").length - 1),
        [1_000, 1_000, 500]
      )
    })
  )

  it.effect("interrupted mid-stream (Ctrl-C), the output holds only complete lines", () =>
    Effect.gen(function* () {
      const memory = ExportSink.memory()
      const twoPagesWritten = yield* Deferred.make<void>()
      // Two pages arrive, then the vendor hangs: the export is interrupted while waiting for the third.
      const stream = Stream.concat(pagesOf(2, 50), Stream.never)
      const fiber = yield* InvoiceExport.run(stream, memory.sink, {
        encoder: InvoiceFormat.encoder("ndjson"),
        progressIntervalMillis: 0,
        onProgress: (progress) => (progress.count === 100 ? Deferred.succeed(twoPagesWritten, undefined) : Effect.void)
      }).pipe(Effect.forkChild)
      yield* Deferred.await(twoPagesWritten)
      yield* Fiber.interrupt(fiber)
      const text = memory.text()
      assert.isTrue(text.endsWith("\n"))
      const lines = text.split("\n").slice(0, -1)
      assert.strictEqual(lines.length, 100)
      for (const line of lines) assert.doesNotThrow(() => ExactJson.parse(line))
    })
  )

  it.effect("pulls the stream lazily: it never holds more than the chunk being written (constant memory)", () =>
    Effect.gen(function* () {
      let produced = 0
      let writtenBeforeLatest = 0
      const pageSize = 100
      const source = Stream.fromIterable(Array.from({ length: 200 }, (_, page) => page)).pipe(
        Stream.mapEffect((page) =>
          Effect.sync(() => {
            produced += pageSize
            return numbered(1, page * pageSize + 1)[0]!
          })
        ),
        Stream.flatMap((first) => Stream.fromIterable(Array.from({ length: pageSize }, () => first)))
      )
      let written = 0
      const sink: ExportSink.ExportSink = {
        target: "counter",
        write: (text) =>
          Effect.sync(() => {
            written += text.split("\n").length - 1
            // Whenever a page is written, at most that page was produced beyond what was written before.
            assert.isAtMost(produced - writtenBeforeLatest, pageSize)
            writtenBeforeLatest = written
          })
      }
      const result = yield* InvoiceExport.run(source, sink, { encoder: InvoiceFormat.encoder("ndjson") })
      assert.strictEqual(result.count, 20_000)
      assert.strictEqual(written, 20_000)
    })
  )

  it.effect("reports progress on the effect Clock: first at 0, then at most once per interval, then done", () =>
    Effect.gen(function* () {
      const reports: Array<ExportProgress.ExportProgress> = []
      // Each page takes one simulated second to arrive.
      const stream = pagesOf(10, 10).pipe(
        Stream.rechunk(10),
        Stream.mapArrayEffect((page) => Effect.as(Effect.sleep("1 second"), page))
      )
      const fiber = yield* InvoiceExport.run(stream, ExportSink.memory().sink, {
        encoder: InvoiceFormat.encoder("ndjson"),
        total: Option.some(100),
        progressIntervalMillis: 2_000,
        onProgress: (progress) => Effect.sync(() => void reports.push(progress))
      }).pipe(Effect.forkChild)
      for (let second = 0; second < 12; second++) {
        yield* Effect.yieldNow
        yield* TestClock.adjust("1 second")
      }
      const result = yield* Fiber.join(fiber)
      assert.strictEqual(result.count, 100)
      assert.strictEqual(result.elapsedMillis, 10_000)
      assert.deepStrictEqual(
        reports.map((report) => report.count),
        [0, 20, 40, 60, 80, 100, 100]
      )
      assert.deepStrictEqual(
        reports.map((report) => report.done),
        [false, false, false, false, false, false, true]
      )
      const second = reports[1]!
      assert.strictEqual(second.perSecond, 10)
      assert.deepStrictEqual(second.etaMillis, Option.some(8_000))
    })
  )

  it.effect("an empty listing still writes the CSV header", () =>
    Effect.gen(function* () {
      const memory = ExportSink.memory()
      const result = yield* InvoiceExport.run(Stream.empty, memory.sink, { encoder: InvoiceFormat.encoder("csv") })
      assert.strictEqual(result.count, 0)
      assert.strictEqual(parseCsv(memory.text()).length, 1)
    })
  )

  it.effect("a failing stream fails the export after the complete lines before it", () =>
    Effect.gen(function* () {
      const memory = ExportSink.memory()
      const failing = Stream.concat(
        Stream.fromIterable([withReference("A1"), withReference("A2")]),
        Stream.fail("vendor down" as const)
      )
      const error = yield* InvoiceExport.run(failing, memory.sink, { encoder: InvoiceFormat.encoder("ndjson") }).pipe(
        Effect.flip
      )
      assert.strictEqual(error, "vendor down")
      assert.strictEqual(memory.text().split("\n").length - 1, 2)
    })
  )
})
