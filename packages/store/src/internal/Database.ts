/**
 * The store's SQL client: an `@effect/sql-pg` pool over the embedded database or over PostgreSQL. One
 * dialect, so one migration set and one set of queries serve both.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import { fromSqlError, StoreError } from "../StoreError.ts"
import { EmbeddedPostgres } from "./EmbeddedPostgres.ts"

/** A pool over the embedded database; each pool is one "replica" of the store. */
export const layerEmbedded = (options?: {
  readonly maxConnections?: number | undefined
}): Layer.Layer<PgClient.PgClient | SqlClient, StoreError, EmbeddedPostgres> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const embedded = yield* EmbeddedPostgres
      return PgClient.layerFrom(
        PgClient.make({
          stream: embedded.connect,
          ssl: false,
          database: "postgres",
          username: "postgres",
          applicationName: "konto-store",
          // PGlite runs one statement at a time; a few connections let reads queue at the backend, not the pool.
          maxConnections: options?.maxConnections ?? 4
        }).pipe(Effect.mapError(fromSqlError("opening the embedded database")))
      )
    })
  )

/** A safe PostgreSQL identifier for a schema name. */
const schemaName = /^[a-z_][a-z0-9_]{0,62}$/

/** A pool over PostgreSQL; `schema` puts konto's tables in their own schema (created when missing). */
export const layerUrl = (options: {
  readonly url: Redacted.Redacted<string>
  readonly schema?: string | undefined
  readonly maxConnections?: number | undefined
}): Layer.Layer<PgClient.PgClient | SqlClient, StoreError> => {
  const schema = options.schema
  if (schema !== undefined && !schemaName.test(schema)) {
    return Layer.unwrap(
      Effect.fail(
        new StoreError({ reason: "Configuration", message: "the database schema name must match [a-z_][a-z0-9_]*" })
      )
    )
  }
  const pool = PgClient.make({
    url: options.url,
    applicationName: "konto-store",
    maxConnections: options.maxConnections ?? 10,
    ...(schema === undefined ? {} : { startupParameters: { search_path: schema } })
  }).pipe(
    Effect.tap((client) =>
      schema === undefined
        ? Effect.void
        : client`CREATE SCHEMA IF NOT EXISTS ${client(schema)}`.pipe(
            // Replicas starting together can race on CREATE SCHEMA; losing that race is fine.
            Effect.catch((error) =>
              client`SELECT 1 AS found FROM pg_namespace WHERE nspname = ${schema}`.pipe(
                Effect.flatMap((rows) => (rows.length > 0 ? Effect.void : Effect.fail(error)))
              )
            )
          )
    ),
    Effect.mapError(fromSqlError("connecting to PostgreSQL"))
  )
  return PgClient.layerFrom(pool)
}

/** Checks a PostgreSQL URL's shape without echoing it (it may carry a password). */
export const parseUrl = (url: Redacted.Redacted<string>): Effect.Effect<Redacted.Redacted<string>, StoreError> =>
  Effect.suspend(() => {
    const text = Redacted.value(url).trim()
    const parsed = URL.canParse(text) ? new URL(text) : undefined
    return parsed !== undefined && (parsed.protocol === "postgres:" || parsed.protocol === "postgresql:")
      ? Effect.succeed(Redacted.make(text, { label: "DatabaseUrl" }))
      : Effect.fail(
          new StoreError({
            reason: "Configuration",
            message: "KONTO_DATABASE_URL must be a postgres:// or postgresql:// URL"
          })
        )
  })
