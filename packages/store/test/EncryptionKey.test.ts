/**
 * The encryption key: parsing `KONTO_ENCRYPTION_KEY`, and the key file generated into the data directory.
 */

import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { EncryptionKey } from "../src/index.ts"

const tempDirectory = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "konto-key-test-"))),
  (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
)

describe("EncryptionKey", () => {
  it.effect("decodes 32 bytes of base64 or base64url and nothing else", () =>
    Effect.gen(function* () {
      const bytes = Buffer.alloc(32, 0xfb)
      for (const text of [bytes.toString("base64"), bytes.toString("base64url"), ` ${bytes.toString("base64")}\n`]) {
        const key = yield* EncryptionKey.decode(Redacted.make(text), "KONTO_ENCRYPTION_KEY")
        assert.deepStrictEqual(Buffer.from(Redacted.value(key)), bytes)
      }
      for (const text of [
        "",
        "short",
        Buffer.alloc(31).toString("base64"),
        Buffer.alloc(33).toString("base64"),
        "!".repeat(44)
      ]) {
        const error = yield* Effect.flip(EncryptionKey.decode(Redacted.make(text), "KONTO_ENCRYPTION_KEY"))
        assert.strictEqual(error.reason, "Configuration")
        assert.include(error.message, "KONTO_ENCRYPTION_KEY")
        if (text.length > 0) assert.notInclude(error.message, text)
      }
    })
  )

  it.effect("generates a valid random key", () =>
    Effect.gen(function* () {
      const first = yield* EncryptionKey.generate
      const second = yield* EncryptionKey.generate
      assert.notStrictEqual(Redacted.value(first), Redacted.value(second))
      const decoded = yield* EncryptionKey.decode(first, "generated")
      assert.strictEqual(Redacted.value(decoded).length, 32)
    })
  )

  it.effect("creates the key file once, mode 0600, and reads it back afterwards", () =>
    Effect.gen(function* () {
      const directory = join(yield* tempDirectory, "nested", ".konto")
      const created = yield* EncryptionKey.loadOrCreate(directory)
      const path = join(directory, EncryptionKey.fileName)
      assert.strictEqual((yield* Effect.promise(() => stat(path))).mode & 0o777, 0o600)
      assert.strictEqual((yield* Effect.promise(() => readFile(path, "utf8"))).trim(), Redacted.value(created))
      const again = yield* EncryptionKey.loadOrCreate(directory)
      assert.strictEqual(Redacted.value(again), Redacted.value(created))
      yield* EncryptionKey.decode(again, path)
    })
  )

  it.effect("concurrent first starts agree on one key", () =>
    Effect.gen(function* () {
      const directory = yield* tempDirectory
      const keys = yield* Effect.all(
        Array.from({ length: 8 }, () => EncryptionKey.loadOrCreate(directory)),
        {
          concurrency: "unbounded"
        }
      )
      assert.strictEqual(new Set(keys.map(Redacted.value)).size, 1)
    })
  )

  it.effect("tightens a key file other users could read", () =>
    Effect.gen(function* () {
      const directory = yield* tempDirectory
      const path = join(directory, EncryptionKey.fileName)
      yield* Effect.promise(() => writeFile(path, `${Buffer.alloc(32, 1).toString("base64")}\n`))
      yield* Effect.promise(() => chmod(path, 0o644))
      yield* EncryptionKey.loadOrCreate(directory)
      assert.strictEqual((yield* Effect.promise(() => stat(path))).mode & 0o777, 0o600)
    })
  )
})
