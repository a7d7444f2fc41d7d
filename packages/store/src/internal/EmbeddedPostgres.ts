/**
 * The embedded database: one PGlite instance over `<dataDirectory>/pgdata`, locked to this process, reached
 * through in-process wire connections (`PgliteSession`) by as many `@effect/sql-pg` pools as needed.
 */

import { join, resolve } from "node:path"
import type { Duplex } from "node:stream"
import { PGlite } from "@electric-sql/pglite"
import { Context, Effect, Layer } from "effect"
import { type DataDirectoryLocked, StoreError } from "../StoreError.ts"
import * as DataDirectoryLock from "./DataDirectoryLock.ts"
import { BackendMutex, PgliteSession } from "./PgliteSession.ts"

/** The PGlite data folder inside the data directory. */
export const databaseFolder = "pgdata"

/** An open embedded database. */
export class EmbeddedPostgres extends Context.Service<
  EmbeddedPostgres,
  {
    readonly dataDirectory: string
    /** Opens a new wire connection (what `PgClient`'s `stream` option wants). */
    readonly connect: () => Duplex
  }
>()("@konto/store/EmbeddedPostgres") {}

/** Locks the data directory, opens PGlite (a few seconds on first start: it runs initdb), closes it at the end. */
export const layer = (dataDirectory: string): Layer.Layer<EmbeddedPostgres, StoreError | DataDirectoryLocked> =>
  Layer.effect(
    EmbeddedPostgres,
    Effect.gen(function* () {
      const directory = resolve(dataDirectory)
      yield* DataDirectoryLock.acquire(directory)
      const db = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: () => PGlite.create(join(directory, databaseFolder)),
          catch: () =>
            new StoreError({
              reason: "Unavailable",
              message: `could not open the embedded database in ${join(directory, databaseFolder)}`
            })
        }),
        (db) => Effect.promise(() => db.close().catch(() => undefined))
      )
      const mutex = new BackendMutex()
      return EmbeddedPostgres.of({
        dataDirectory: directory,
        connect: () => new PgliteSession(db, mutex)
      })
    })
  )
