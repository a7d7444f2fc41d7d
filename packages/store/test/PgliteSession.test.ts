/**
 * The in-process bridge to PGlite must give concurrent connections PostgreSQL's transaction semantics on a
 * single backend. (pglite-socket, which interleaves connections' messages, lost updates in exactly these cases.)
 */

import { once } from "node:events"
import { PgClient } from "@effect/sql-pg"
import { assert, describe, it } from "@effect/vitest"
import { PGlite } from "@electric-sql/pglite"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { BackendMutex, PgliteSession } from "../src/internal/PgliteSession.ts"

class Backend extends Context.Service<
  Backend,
  {
    readonly db: PGlite
    readonly mutex: BackendMutex
  }
>()("test/Backend") {}

const backend = Layer.effect(
  Backend,
  Effect.acquireRelease(
    Effect.promise(async () => ({ db: await PGlite.create(), mutex: new BackendMutex() })),
    ({ db }) => Effect.promise(() => db.close())
  )
)

/** A pool of wire connections to the shared backend: one "replica". */
const pool = Effect.gen(function* () {
  const { db, mutex } = yield* Backend
  const context = yield* Layer.build(
    PgClient.layerFrom(
      PgClient.make({
        stream: () => new PgliteSession(db, mutex),
        ssl: false,
        database: "postgres",
        username: "postgres",
        maxConnections: 4
      })
    )
  )
  return Context.get(context, SqlClient)
})

const frame = (type: string, body: Uint8Array): Uint8Array => {
  const bytes = new Uint8Array(5 + body.length)
  bytes[0] = type.charCodeAt(0)
  new DataView(bytes.buffer).setInt32(1, 4 + body.length)
  bytes.set(body, 5)
  return bytes
}
const startup = (): Uint8Array => {
  const parameters = new TextEncoder().encode("user\0postgres\0database\0postgres\0\0")
  const bytes = new Uint8Array(8 + parameters.length)
  const view = new DataView(bytes.buffer)
  view.setInt32(0, bytes.length)
  view.setInt32(4, 196608)
  bytes.set(parameters, 8)
  return bytes
}
const simpleQuery = (text: string) => frame("Q", new TextEncoder().encode(`${text}\0`))

/** Waits until the backend answered with ReadyForQuery (`Z`) `count` times. */
const readyForQuery = (session: PgliteSession, count: number) =>
  new Promise<void>((resolve) => {
    let seen = 0
    session.on("data", (chunk: Buffer) => {
      for (let offset = 0; offset < chunk.length; ) {
        if (chunk[offset] === 0x5a) seen++
        offset += 1 + chunk.readInt32BE(offset + 1)
      }
      if (seen >= count) resolve()
    })
  })

describe("PgliteSession", () => {
  it.layer(backend, { timeout: "60 seconds" })((it) => {
    it.effect("concurrent read-modify-write transactions on two pools lose no update", () =>
      Effect.gen(function* () {
        const a = yield* pool
        const b = yield* pool
        yield* a`CREATE TABLE counter (id integer PRIMARY KEY, n integer NOT NULL)`
        yield* a`INSERT INTO counter VALUES (1, 0)`
        const increment = (sql: SqlClient) =>
          sql.withTransaction(
            Effect.gen(function* () {
              const rows = yield* sql<{ readonly n: number }>`SELECT n FROM counter WHERE id = 1 FOR UPDATE`
              // Give every other connection the chance to run while this transaction is open.
              yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
              yield* sql`UPDATE counter SET n = ${(rows[0]?.n ?? 0) + 1} WHERE id = 1`
            })
          )
        yield* Effect.all(
          Array.from({ length: 100 }, (_, index) => increment(index % 2 === 0 ? a : b)),
          {
            concurrency: "unbounded"
          }
        )
        const rows = yield* b<{ readonly n: number }>`SELECT n FROM counter WHERE id = 1`
        assert.strictEqual(rows[0]?.n, 100)
      })
    )

    it.effect("concurrent statements on two pools each get their own answer", () =>
      Effect.gen(function* () {
        const a = yield* pool
        const b = yield* pool
        const answers = yield* Effect.all(
          Array.from({ length: 400 }, (_, index) =>
            (index % 2 === 0 ? a : b)<{ readonly echo: string }>`SELECT ${`value-${index}`}::text AS echo`.pipe(
              Effect.map((rows) => rows[0]?.echo === `value-${index}`)
            )
          ),
          { concurrency: "unbounded" }
        )
        assert.isTrue(answers.every(Boolean))
      })
    )

    it.effect("a failed transaction rolls back and the backend serves others", () =>
      Effect.gen(function* () {
        const a = yield* pool
        const b = yield* pool
        yield* a`CREATE TABLE failing (id integer PRIMARY KEY)`
        const failed = yield* Effect.flip(
          a.withTransaction(
            Effect.gen(function* () {
              yield* a`INSERT INTO failing VALUES (1)`
              yield* a`SELECT 1 / 0`
            })
          )
        )
        assert.strictEqual(failed._tag, "SqlError")
        const rows = yield* b<{ readonly count: number }>`SELECT count(*)::integer AS count FROM failing`
        assert.strictEqual(rows[0]?.count, 0)
      })
    )

    it.effect("a connection that goes away inside a transaction is rolled back, not left holding the backend", () =>
      Effect.gen(function* () {
        const { db, mutex } = yield* Backend
        const a = yield* pool
        yield* a`CREATE TABLE abandoned (id integer PRIMARY KEY)`
        const session = new PgliteSession(db, mutex)
        const answered = readyForQuery(session, 2)
        session.write(startup())
        session.write(simpleQuery("BEGIN; INSERT INTO abandoned VALUES (1)"))
        yield* Effect.promise(() => answered)
        assert.isTrue(db.isInTransaction())
        const closed = once(session, "close")
        session.destroy()
        yield* Effect.promise(() => closed)
        const rows = yield* a<{ readonly count: number }>`SELECT count(*)::integer AS count FROM abandoned`
        assert.strictEqual(rows[0]?.count, 0)
        assert.isFalse(db.isInTransaction())
      })
    )
  })
})
