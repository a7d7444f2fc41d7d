// `konto export` end to end: constant memory over 10k and 100k simulated invoices, progress on stderr, whole lines
// when interrupted. The simulator's rate limits (and konto's client-side limiter) are scaled away with
// `--demo-rate-limit-scale none` for the memory runs, so they measure konto, not waiting.

import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, beforeAll, describe, it } from "@effect/vitest"
import { ExactJson, SalesInvoice } from "@konto/core"
import { Schema } from "effect"
import { buildTimeout, completion, ensureBuilt, lines, run, start, workingDirectory } from "./CliProcess.ts"

beforeAll(ensureBuilt, buildTimeout)

const decodeSummary = Schema.decodeUnknownSync(SalesInvoice.SalesInvoiceSummary)

const peakRssOf = (stderr: string): number => {
  const match = /^konto: peak-rss-bytes=(\d+)$/m.exec(stderr)
  if (match === null) throw new Error(`no peak memory report in: ${stderr}`)
  return Number(match[1])
}

const mebibytes = 1024 * 1024

/**
 * The bound: the 100k run's peak may exceed the 10k run's by at most this much. V8 lets its heap grow to several
 * times the live set before a full collection when allocation is fast, so both runs use the same fixed old-space
 * limit (128 MiB): collectable garbage is then collected, while an export that held its invoices (hundreds of MiB
 * at 100k) would run out of heap or grow its peak far beyond the bound.
 */
const bound = 64 * mebibytes
const heapLimit = ["--max-old-space-size=128"]

describe("konto export", () => {
  it("exports 100k simulated invoices with the peak memory of 10k (+64 MiB), progress on stderr", async () => {
    const directory = workingDirectory()
    const exportOf = (count: number) =>
      run(
        [
          "export",
          "--demo",
          "--demo-invoices",
          String(count),
          "--demo-rate-limit-scale",
          "none",
          "--out",
          `invoices-${count}.ndjson`,
          "--report-memory"
        ],
        { cwd: directory, nodeFlags: heapLimit }
      )
    const small = await exportOf(10_000)
    assert.strictEqual(small.code, 0, small.stderr)
    const large = await exportOf(100_000)
    assert.strictEqual(large.code, 0, large.stderr)

    const smallPeak = peakRssOf(small.stderr)
    const largePeak = peakRssOf(large.stderr)
    assert.isAtMost(
      largePeak,
      smallPeak + bound,
      `peak RSS: 10k ${(smallPeak / mebibytes).toFixed(0)} MiB, 100k ${(largePeak / mebibytes).toFixed(0)} MiB`
    )

    const text = readFileSync(join(directory, "invoices-100000.ndjson"), "utf8")
    assert.isTrue(text.endsWith("\n"))
    const written = text.split("\n").slice(0, -1)
    assert.strictEqual(written.length, 100_000)
    const first = decodeSummary(ExactJson.parse(written[0]!))
    const last = decodeSummary(ExactJson.parse(written[written.length - 1]!))
    assert.deepStrictEqual([first.reference._tag, last.source.system], ["Some", "fortnox"])

    // Progress: count of total, rate and ETA while running; the final line says how many and how fast.
    assert.strictEqual(large.stdout, "")
    const progress = lines(large.stderr)
    assert.isTrue(
      progress.some((line) => /^\[[#-]+\] +\d+% +[\d,]+\/100,000 +[\d,]+\/s +ETA \d+:\d{2}$/.test(line)),
      large.stderr
    )
    assert.isTrue(
      progress.some((line) => /^exported 100,000 invoices in \d+:\d{2} \([\d,]+\/s\)$/.test(line)),
      large.stderr
    )
    assert.include(progress, `wrote 100,000 invoices to invoices-100000.ndjson`)
  })

  it("writes CSV when the file is named .csv: the documented header and one record per invoice", async () => {
    const directory = workingDirectory()
    const result = await run(["export", "--demo", "--demo-invoices", "250", "--out", "invoices.csv"], {
      cwd: directory
    })
    assert.strictEqual(result.code, 0, result.stderr)
    const records = readFileSync(join(directory, "invoices.csv"), "utf8").split("\r\n")
    assert.strictEqual(records.at(-1), "")
    assert.strictEqual(records.length - 2, 250)
    assert.match(records[0]!, /^id,reference,issueDate,dueDate,/)
  })

  it("interrupted with Ctrl-C (SIGINT): exit 130 and the file holds only complete lines", async () => {
    const directory = workingDirectory()
    // At Fortnox's own rate limit (25 requests per 5 s) 100k invoices take a while: time to interrupt.
    const child = start(
      ["export", "--demo", "--demo-invoices", "100000", "--out", "partial.ndjson", "--progress-interval", "50"],
      { cwd: directory }
    )
    let seen = ""
    const interrupted = new Promise<void>((resolve) => {
      child.stderr?.on("data", (chunk: Buffer) => {
        seen += chunk.toString("utf8")
        if (/ [1-9][\d,]*\/100,000 /.test(seen)) {
          child.kill("SIGINT")
          resolve()
        }
      })
    })
    const result = completion(child)
    await interrupted
    const ended = await result
    assert.strictEqual(ended.code, 130)
    const text = readFileSync(join(directory, "partial.ndjson"), "utf8")
    assert.isTrue(text.length > 0 && text.endsWith("\n"))
    const written = text.split("\n").slice(0, -1)
    assert.isBelow(written.length, 100_000)
    for (const line of written) decodeSummary(ExactJson.parse(line))
  })

  it("an output file that cannot be created is exit 2 naming it", async () => {
    const directory = workingDirectory()
    const result = await run(["export", "--demo", "--out", "missing/invoices.csv"], { cwd: directory })
    assert.strictEqual(result.code, 2)
    assert.match(result.stderr, /^konto: cannot write to missing\/invoices\.csv: ENOENT/)
  })

  it("a file name without a known format is exit 2 (and no file is written)", async () => {
    const directory = workingDirectory()
    const result = await run(["export", "--demo", "--out", "invoices.xlsx"], { cwd: directory })
    assert.strictEqual(result.code, 2)
    assert.strictEqual(
      result.stderr,
      'konto: --out: cannot tell the format of "invoices.xlsx"; name it .ndjson or .csv, or pass --format\n'
    )
    assert.isFalse(existsSync(join(directory, "invoices.xlsx")))
  })
})
