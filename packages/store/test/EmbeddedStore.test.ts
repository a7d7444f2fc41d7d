/**
 * The embedded store across restarts: one process at a time, data and key kept in the data directory.
 */

import { mkdtemp, rm, stat } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { SystemId } from "@konto/core"
import { Context, Effect, Exit, Layer, Redacted, Scope } from "effect"
import { ApiKeys, Consents, EncryptionKey, Store } from "../src/index.ts"

describe("embedded store", () => {
  it.effect(
    "locks its data directory, and keeps data and key across a restart",
    () =>
      Effect.gen(function* () {
        const dataDirectory = yield* Effect.acquireRelease(
          Effect.promise(() => mkdtemp(join(tmpdir(), "konto-embedded-test-"))),
          (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
        )
        const running = yield* Scope.make()
        const first = yield* Layer.build(Store.layer({ dataDirectory })).pipe(Scope.provide(running))
        const issued = yield* Context.get(first, ApiKeys.ApiKeys).create({ label: "restart" })
        const consent = yield* Context.get(first, Consents.Consents).create(issued.apiKey.id, {
          name: "Kept",
          connection: { system: SystemId.make("fortnox"), secrets: { apiToken: Redacted.make("kept-token") } }
        })
        const keyFile = join(dataDirectory, EncryptionKey.fileName)
        assert.strictEqual((yield* Effect.promise(() => stat(keyFile))).mode & 0o777, 0o600)

        const second = yield* Effect.flip(Effect.scoped(Layer.build(Store.layer({ dataDirectory }))))
        assert.strictEqual(second._tag, "DataDirectoryLocked")

        yield* Scope.close(running, Exit.void)

        yield* Effect.scoped(
          Effect.gen(function* () {
            const reopened = yield* Layer.build(Store.layer({ dataDirectory }))
            const apiKey = yield* Context.get(reopened, ApiKeys.ApiKeys).verify(issued.key)
            const { connection } = yield* Context.get(reopened, Consents.Consents).connection(apiKey.id, consent.id)
            assert.strictEqual(Redacted.value(connection.secrets["apiToken"] ?? Redacted.make("")), "kept-token")
          })
        )

        const wrongKey = yield* Effect.flip(
          Effect.scoped(
            Layer.build(
              Store.layer({
                dataDirectory,
                encryptionKey: Redacted.make(Buffer.alloc(32, 9).toString("base64"))
              })
            )
          )
        )
        assert.strictEqual(wrongKey._tag === "StoreError" ? wrongKey.reason : wrongKey._tag, "EncryptionKey")
      }),
    60_000
  )
})
