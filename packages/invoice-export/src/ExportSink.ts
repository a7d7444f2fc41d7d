/**
 * Where an export's text goes. Every `write` hands over whole lines and completes them before it returns, so an
 * interrupted export (Ctrl-C) leaves only complete lines behind: the file sink writes synchronously (an
 * interruption cannot land inside a write), the stream sink waits for each write's callback.
 */

import * as fs from "node:fs"
import { Effect, Schema, type Scope } from "effect"

/** Writing failed (disk full, closed pipe, no permission). */
export class ExportSinkError extends Schema.TaggedError<ExportSinkError>()("ExportSinkError", {
  target: Schema.String,
  /** The system error code when there is one (`EPIPE`, `ENOSPC`, …). */
  code: Schema.NullOr(Schema.String),
  detail: Schema.String
}) {
  override get message(): string {
    return `cannot write to ${this.target}: ${this.detail}`
  }
}

/** A destination for whole lines of text. */
export interface ExportSink {
  /** What is written to (a path, `stdout`), for messages. */
  readonly target: string
  /** Writes the text completely, or fails. */
  readonly write: (text: string) => Effect.Effect<void, ExportSinkError>
}

const errorCode = (cause: unknown): string | null =>
  typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string" ? cause.code : null

const sinkError = (target: string, cause: unknown) =>
  new ExportSinkError({
    target,
    code: errorCode(cause),
    detail: cause instanceof Error ? cause.message : String(cause)
  })

/**
 * A file, created or truncated, closed when the scope closes. Each `write` is synchronous, so an interrupted
 * export never stops inside one.
 */
export const file = (path: string): Effect.Effect<ExportSink, ExportSinkError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.try({ try: () => fs.openSync(path, "w"), catch: (cause) => sinkError(path, cause) }),
    (descriptor) => Effect.sync(() => fs.closeSync(descriptor))
  ).pipe(
    Effect.map(
      (descriptor): ExportSink => ({
        target: path,
        write: (text) =>
          Effect.try({
            try: () => {
              const bytes = Buffer.from(text, "utf8")
              let offset = 0
              while (offset < bytes.length) offset += fs.writeSync(descriptor, bytes, offset)
            },
            catch: (cause) => sinkError(path, cause)
          })
      })
    )
  )

/**
 * A Node writable stream (e.g. `process.stdout`); each write waits until the stream took it (back-pressure). A
 * failed write (`EPIPE` when the reader went away) fails that write; the sink listens for the stream's `error`
 * event so the same failure is not also thrown as an unhandled event.
 */
export const writable = (stream: NodeJS.WritableStream, target: string): ExportSink => {
  stream.on("error", ignoreStreamError)
  const write = (text: string): Effect.Effect<void, ExportSinkError> =>
    text.length === 0
      ? Effect.void
      : Effect.callback<void, ExportSinkError>((resume) => {
          stream.write(text, (error) => resume(error == null ? Effect.void : Effect.fail(sinkError(target, error))))
        })
  return { target, write }
}

// Failures reach the writer through each write's callback.
const ignoreStreamError = (): void => undefined

/** An in-memory sink (tests): every write, in order. */
export const memory = (): {
  readonly sink: ExportSink
  readonly writes: ReadonlyArray<string>
  readonly text: () => string
} => {
  const writes: Array<string> = []
  return {
    sink: { target: "memory", write: (text) => Effect.sync(() => void writes.push(text)) },
    writes,
    text: () => writes.join("")
  }
}
