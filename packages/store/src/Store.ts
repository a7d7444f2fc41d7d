/**
 * The whole store as layers: `ApiKeys`, `Consents`, `Idempotency` and core's `TokenStore`, on an embedded PGlite
 * data directory (default) or on PostgreSQL (`databaseUrl`), migrated and key-checked at start.
 *
 * PGlite belongs to one process: a data directory is locked by the store that opened it. The CLI and a running
 * server share an embedded store only through that server; several processes or replicas share PostgreSQL.
 */

import { resolve } from "node:path"
import type { TokenStore } from "@konto/core"
import { Config, Effect, Layer, Option, Redacted } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import * as ApiKeys from "./ApiKeys.ts"
import * as Changes from "./Changes.ts"
import * as Consents from "./Consents.ts"
import * as EncryptionKey from "./EncryptionKey.ts"
import * as Idempotency from "./Idempotency.ts"
import * as Cipher from "./internal/Cipher.ts"
import * as Database from "./internal/Database.ts"
import * as EmbeddedPostgres from "./internal/EmbeddedPostgres.ts"
import * as KeyCheck from "./internal/KeyCheck.ts"
import * as Migrations from "./internal/Migrations.ts"
import * as SqlTokenStore from "./SqlTokenStore.ts"
import { type DataDirectoryLocked, StoreError } from "./StoreError.ts"

/** Everything the store provides. */
export type Services =
  | ApiKeys.ApiKeys
  | Consents.Consents
  | Idempotency.Idempotency
  | TokenStore.TokenStore
  | Changes.Changes

/** An embedded store in a data directory. */
export interface EmbeddedOptions {
  readonly dataDirectory: string
  /** Base64 32 bytes; when absent, `<dataDirectory>/encryption.key` is used (generated on first start). */
  readonly encryptionKey?: Redacted.Redacted<string> | undefined
  readonly idempotency?: Idempotency.IdempotencyOptions | undefined
}

/** A store on PostgreSQL, shared by any number of replicas. */
export interface PostgresOptions {
  readonly databaseUrl: Redacted.Redacted<string>
  /** Base64 32 bytes; every replica must use the same key. */
  readonly encryptionKey: Redacted.Redacted<string>
  /** A schema for konto's tables (created when missing); default: the connection's `search_path`. */
  readonly schema?: string | undefined
  /** Pool size per replica; default 10. */
  readonly maxConnections?: number | undefined
  readonly idempotency?: Idempotency.IdempotencyOptions | undefined
}

/** Where the store lives. */
export type StoreOptions = EmbeddedOptions | PostgresOptions

/** The data directory used when none is configured: `.konto` under the working directory. */
export const defaultDataDirectory = (): string => resolve(process.cwd(), ".konto")

/**
 * The store's services over a SQL client you provide (it must speak PostgreSQL): runs the migrations, checks
 * the encryption key, then builds the services. `layer` uses it; it is public for custom pools.
 */
export const layerSql = (options: {
  readonly encryptionKey: Redacted.Redacted<string>
  readonly idempotency?: Idempotency.IdempotencyOptions | undefined
}): Layer.Layer<Services, StoreError, SqlClient> => {
  const cipher = Layer.unwrap(
    EncryptionKey.decode(options.encryptionKey, "the encryption key").pipe(Effect.map(Cipher.layer))
  )
  const ready = Layer.effectDiscard(Effect.andThen(Migrations.run, KeyCheck.ensure))
  const services = Layer.mergeAll(
    ApiKeys.layer,
    Consents.layer,
    Idempotency.layer(options.idempotency),
    SqlTokenStore.layer
  )
  // One registry shared by the writers and whoever listens (e.g. a server's caches).
  return services.pipe(Layer.provide(ready), Layer.provide(cipher), Layer.provideMerge(Changes.layer))
}

const isPostgres = (options: StoreOptions): options is PostgresOptions => "databaseUrl" in options

/** The store on PostgreSQL (`databaseUrl`) or on an embedded data directory. */
export const layer = (options: StoreOptions): Layer.Layer<Services, StoreError | DataDirectoryLocked> => {
  if (isPostgres(options)) {
    return Layer.unwrap(
      Database.parseUrl(options.databaseUrl).pipe(
        Effect.map((url) =>
          layerSql(options).pipe(
            Layer.provide(Database.layerUrl({ url, schema: options.schema, maxConnections: options.maxConnections }))
          )
        )
      )
    )
  }
  const dataDirectory = resolve(options.dataDirectory)
  return Layer.unwrap(
    (options.encryptionKey === undefined
      ? EncryptionKey.loadOrCreate(dataDirectory)
      : Effect.succeed(options.encryptionKey)
    ).pipe(
      Effect.map((encryptionKey) =>
        layerSql({ encryptionKey, idempotency: options.idempotency }).pipe(
          Layer.provide(Database.layerEmbedded()),
          Layer.provide(EmbeddedPostgres.layer(dataDirectory))
        )
      )
    )
  )
}

/** The store's settings as read from the environment, before they are checked. */
export interface StoreSettings {
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  readonly dataDirectory: Option.Option<string>
  readonly encryptionKey: Option.Option<Redacted.Redacted<string>>
  readonly schema: Option.Option<string>
}

/**
 * Reads `KONTO_DATABASE_URL` (PostgreSQL; unset or empty: embedded), `KONTO_DATA_DIR` (default `.konto` under
 * the working directory), `KONTO_ENCRYPTION_KEY` (base64 32 bytes) and `KONTO_DATABASE_SCHEMA` (optional).
 */
export const config: Config.Config<StoreSettings> = Config.all({
  databaseUrl: Config.option(Config.Redacted("KONTO_DATABASE_URL")),
  dataDirectory: Config.option(Config.String("KONTO_DATA_DIR")),
  encryptionKey: Config.option(Config.Redacted("KONTO_ENCRYPTION_KEY")),
  schema: Config.option(Config.String("KONTO_DATABASE_SCHEMA"))
})

const present = (value: Option.Option<Redacted.Redacted<string>>): Option.Option<Redacted.Redacted<string>> =>
  Option.filter(value, (secret) => Redacted.value(secret).trim().length > 0)

const nonEmpty = (value: Option.Option<string>): Option.Option<string> =>
  Option.filter(value, (text) => text.trim().length > 0)

/**
 * Turns settings into options. With PostgreSQL an encryption key is required: replicas must share it, and a key
 * generated on one machine would be lost with that machine.
 */
export const fromSettings = (settings: StoreSettings): Effect.Effect<StoreOptions, StoreError> => {
  const databaseUrl = present(settings.databaseUrl)
  const encryptionKey = present(settings.encryptionKey)
  if (Option.isNone(databaseUrl)) {
    return Effect.succeed({
      dataDirectory: resolve(Option.getOrElse(nonEmpty(settings.dataDirectory), defaultDataDirectory)),
      encryptionKey: Option.getOrUndefined(encryptionKey)
    })
  }
  if (Option.isNone(encryptionKey)) {
    return Effect.fail(
      new StoreError({
        reason: "Configuration",
        message:
          "KONTO_ENCRYPTION_KEY is required with KONTO_DATABASE_URL: every replica must use the same key " +
          "(generate one with `openssl rand -base64 32`)"
      })
    )
  }
  return Effect.succeed({
    databaseUrl: databaseUrl.value,
    encryptionKey: encryptionKey.value,
    schema: Option.getOrUndefined(nonEmpty(settings.schema))
  })
}

/** The store configured from the environment (see `config`). */
export const layerConfig = (
  settings: Config.Config<StoreSettings> = config
): Layer.Layer<Services, StoreError | DataDirectoryLocked> =>
  Layer.unwrap(
    settings.pipe(
      Effect.mapError(
        (error) =>
          new StoreError({ reason: "Configuration", message: `reading the store's configuration: ${error.message}` })
      ),
      Effect.flatMap(fromSettings),
      Effect.map(layer)
    )
  )
