import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { PassThrough, Writable } from "node:stream"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ExportSink } from "../src/index.ts"

const temporaryDirectory = () => mkdtempSync(join(tmpdir(), "konto-invoice-export-"))

describe("ExportSink.file", () => {
  it.effect("creates (or truncates) the file, writes every piece, closes with the scope", () =>
    Effect.gen(function* () {
      const path = join(temporaryDirectory(), "out.ndjson")
      yield* Effect.scoped(
        Effect.gen(function* () {
          const sink = yield* ExportSink.file(path)
          yield* sink.write('{"a":1}\n')
          yield* sink.write('{"b":"å"}\n')
        })
      )
      assert.strictEqual(readFileSync(path, "utf8"), '{"a":1}\n{"b":"å"}\n')
      yield* Effect.scoped(Effect.flatMap(ExportSink.file(path), (sink) => sink.write("x\n")))
      assert.strictEqual(readFileSync(path, "utf8"), "x\n")
    })
  )

  it.effect("fails with ExportSinkError naming the path and the system error code", () =>
    Effect.gen(function* () {
      const path = join(temporaryDirectory(), "missing", "out.csv")
      const error = yield* Effect.scoped(ExportSink.file(path)).pipe(Effect.flip)
      assert.strictEqual(error._tag, "ExportSinkError")
      assert.strictEqual(error.code, "ENOENT")
      assert.include(error.message, path)
    })
  )
})

describe("ExportSink.writable", () => {
  it.effect("waits for the stream to take each write, in order", () =>
    Effect.gen(function* () {
      const stream = new PassThrough()
      const chunks: Array<string> = []
      stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")))
      const sink = ExportSink.writable(stream, "stdout")
      yield* sink.write("one\n")
      yield* sink.write("")
      yield* sink.write("two\n")
      assert.deepStrictEqual(chunks, ["one\n", "two\n"])
    })
  )

  it.effect("a closed pipe fails with the stream's error code (EPIPE)", () =>
    Effect.gen(function* () {
      const broken = new Writable({
        write: (_chunk, _encoding, callback) => callback(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }))
      })
      const error = yield* ExportSink.writable(broken, "stdout").write("x\n").pipe(Effect.flip)
      assert.strictEqual(error.code, "EPIPE")
      assert.strictEqual(error.target, "stdout")
    })
  )
})

describe("ExportSink.writable on a stream that errors", () => {
  it.effect("the stream's error event is not thrown: the failure reaches the write only", () =>
    Effect.gen(function* () {
      const broken = new Writable({
        write: (_chunk, _encoding, callback) => callback(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }))
      })
      // No listener of the test's own: without the sink's, the error event would be unhandled and crash.
      const sink = ExportSink.writable(broken, "stdout")
      const error = yield* sink.write("x\n").pipe(Effect.flip)
      assert.strictEqual(error.code, "EPIPE")
      assert.isAbove(broken.listenerCount("error"), 0)
    })
  )
})
