/**
 * The databases the shared store suite runs on: PGlite always, PostgreSQL when `KONTO_TEST_DATABASE_URL` is
 * set. Each run isolates itself (a fresh data directory, or a fresh schema dropped at the end), so repeated and
 * parallel runs never collide.
 */

import { randomBytes } from "node:crypto"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Scope } from "effect"
import { Context, Effect, Layer, Redacted } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import { SqlClient as SqlClientService } from "effect/sql/SqlClient"
import { EncryptionKey, Store, type StoreError } from "../src/index.ts"
import * as Database from "../src/internal/Database.ts"
import { EmbeddedPostgres, layer as embeddedLayer } from "../src/internal/EmbeddedPostgres.ts"

/** A database under test and a way to open more store replicas on it. */
export class StoreDriver extends Context.Service<
  StoreDriver,
  {
    readonly name: string
    /** The key the default replica was opened with. */
    readonly encryptionKey: Redacted.Redacted<string>
    /** Raw SQL on the database under test, to look at what is stored at rest. */
    readonly sql: SqlClient
    /** Another replica of the store: its own connection pool on the same database. */
    readonly replica: (
      encryptionKey?: Redacted.Redacted<string>
    ) => Effect.Effect<Context.Context<Store.Services>, StoreError, Scope.Scope>
  }
>()("test/StoreDriver") {}

/** A driver with its default store replica. */
export type DriverLayer = Layer.Layer<StoreDriver | Store.Services, unknown>

const withDefaultReplica = (driver: Layer.Layer<StoreDriver, unknown>): DriverLayer =>
  Layer.unwrap(
    Effect.gen(function* () {
      const { encryptionKey } = yield* StoreDriver
      return Layer.effectContext(Effect.flatMap(StoreDriver, (driver) => driver.replica(encryptionKey)))
    })
  ).pipe(Layer.provideMerge(driver))

const testKey = EncryptionKey.generate

const sqlOf = <E>(client: Layer.Layer<SqlClient, E>) =>
  Layer.build(client).pipe(Effect.map((context) => Context.get(context, SqlClientService)))

/** The embedded store in a fresh temporary data directory (one PGlite for the whole file). */
export const pglite: DriverLayer = withDefaultReplica(
  Layer.effect(
    StoreDriver,
    Effect.gen(function* () {
      const dataDirectory = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "konto-store-test-"))),
        (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
      )
      const embedded = yield* Layer.build(embeddedLayer(dataDirectory))
      const pool = Database.layerEmbedded().pipe(Layer.provide(Layer.succeedContext(embedded)))
      const encryptionKey = yield* testKey
      return StoreDriver.of({
        name: "PGlite",
        encryptionKey,
        sql: yield* sqlOf(pool),
        replica: (key = encryptionKey) =>
          Layer.build(
            Store.layerSql({ encryptionKey: key }).pipe(
              Layer.provide(Database.layerEmbedded()),
              Layer.provide(Layer.succeedContext(embedded))
            )
          )
      })
    })
  )
)

/** PostgreSQL at `url`, in a schema of its own that is dropped at the end. */
export const postgres = (url: string): DriverLayer =>
  withDefaultReplica(
    Layer.effect(
      StoreDriver,
      Effect.gen(function* () {
        const databaseUrl = Redacted.make(url)
        const schema = `konto_test_${randomBytes(6).toString("hex")}`
        const admin = yield* sqlOf(Database.layerUrl({ url: databaseUrl, maxConnections: 1 }))
        yield* Effect.addFinalizer(() => Effect.ignore(admin`DROP SCHEMA IF EXISTS ${admin(schema)} CASCADE`))
        const encryptionKey = yield* testKey
        return StoreDriver.of({
          name: "PostgreSQL",
          encryptionKey,
          sql: yield* sqlOf(Database.layerUrl({ url: databaseUrl, schema, maxConnections: 2 })),
          replica: (key = encryptionKey) =>
            Layer.build(
              Store.layerSql({ encryptionKey: key }).pipe(
                Layer.provide(Database.layerUrl({ url: databaseUrl, schema, maxConnections: 10 }))
              )
            )
        })
      })
    )
  )

/** The drivers of this run: PGlite, plus PostgreSQL when `KONTO_TEST_DATABASE_URL` names one. */
export const drivers = (): ReadonlyArray<{ readonly name: string; readonly layer: DriverLayer }> => {
  const url = process.env["KONTO_TEST_DATABASE_URL"]?.trim()
  return [
    { name: "PGlite", layer: pglite },
    ...(url === undefined || url === "" ? [] : [{ name: "PostgreSQL", layer: postgres(url) }])
  ]
}

export { EmbeddedPostgres }
