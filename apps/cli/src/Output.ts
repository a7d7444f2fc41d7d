/**
 * Where command output goes: results to stdout (pipes and `--format json` stay clean), everything for people to
 * stderr.
 */
import { ExportSink } from "@konto/invoice-export"
import { Effect } from "effect"

/** stdout as an export sink (waits for each write; a closed pipe fails with `EPIPE`). */
export const stdout: ExportSink.ExportSink = ExportSink.writable(process.stdout, "stdout")

/** Writes text to stdout. */
export const print = (text: string) => stdout.write(text)

/** Writes one line for people to stderr. */
export const note = (line: string) => Effect.sync(() => void process.stderr.write(`${line}\n`))
