/**
 * Reading the store's configuration from the environment.
 */

import { resolve } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option, Redacted } from "effect"
import { Store } from "../src/index.ts"

const settingsFrom = (env: Record<string, string>) =>
  Store.config.pipe(Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env))))

const key = Buffer.alloc(32, 3).toString("base64")

describe("Store configuration", () => {
  it.effect("no KONTO_DATABASE_URL: embedded in .konto under the working directory", () =>
    Effect.gen(function* () {
      const options = yield* Effect.flatMap(settingsFrom({}), Store.fromSettings)
      assert.deepStrictEqual(options, { dataDirectory: resolve(".konto"), encryptionKey: undefined })
      const blank = yield* Effect.flatMap(
        settingsFrom({ KONTO_DATABASE_URL: " ", KONTO_DATA_DIR: "" }),
        Store.fromSettings
      )
      assert.deepStrictEqual(blank, { dataDirectory: resolve(".konto"), encryptionKey: undefined })
    })
  )

  it.effect("KONTO_DATA_DIR and KONTO_ENCRYPTION_KEY are used for the embedded store", () =>
    Effect.gen(function* () {
      const options = yield* Effect.flatMap(
        settingsFrom({ KONTO_DATA_DIR: "/var/lib/konto", KONTO_ENCRYPTION_KEY: key }),
        Store.fromSettings
      )
      assert.strictEqual("dataDirectory" in options ? options.dataDirectory : "", "/var/lib/konto")
      assert.strictEqual(options.encryptionKey === undefined ? "" : Redacted.value(options.encryptionKey), key)
    })
  )

  it.effect("PostgreSQL with a key, and an optional schema", () =>
    Effect.gen(function* () {
      const options = yield* Effect.flatMap(
        settingsFrom({
          KONTO_DATABASE_URL: "postgres://konto:pw@db:5432/konto",
          KONTO_ENCRYPTION_KEY: key,
          KONTO_DATABASE_SCHEMA: "konto"
        }),
        Store.fromSettings
      )
      assert.isTrue("databaseUrl" in options)
      if ("databaseUrl" in options) {
        assert.strictEqual(Redacted.value(options.databaseUrl), "postgres://konto:pw@db:5432/konto")
        assert.strictEqual(options.schema, "konto")
      }
    })
  )

  it.effect("PostgreSQL without KONTO_ENCRYPTION_KEY fails with a clear Configuration error, before connecting", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Layer.build(Store.layerConfig()).pipe(
          Effect.provide(
            ConfigProvider.layer(
              ConfigProvider.fromEnvRecord({
                KONTO_DATABASE_URL: "postgres://konto:hunter2@127.0.0.1:1/konto"
              })
            )
          ),
          Effect.scoped
        )
      )
      assert.strictEqual(error._tag, "StoreError")
      if (error._tag === "StoreError") {
        assert.strictEqual(error.reason, "Configuration")
        assert.include(error.message, "KONTO_ENCRYPTION_KEY")
        assert.notInclude(error.message, "hunter2")
      }
    })
  )

  it.effect("a database URL that is not postgres:// is refused without echoing it", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Effect.scoped(
          Layer.build(
            Store.layer({
              databaseUrl: Redacted.make("mysql://root:hunter2@db/konto"),
              encryptionKey: Redacted.make(key)
            })
          )
        )
      )
      assert.strictEqual(error._tag === "StoreError" ? error.reason : error._tag, "Configuration")
      assert.notInclude(error.message, "hunter2")
    })
  )

  it.effect("settings keep the database URL redacted", () =>
    Effect.gen(function* () {
      const settings = yield* settingsFrom({ KONTO_DATABASE_URL: "postgres://konto:hunter2@db/konto" })
      assert.isTrue(Option.isSome(settings.databaseUrl))
      assert.notInclude(String(settings.databaseUrl), "hunter2")
    })
  )
})
