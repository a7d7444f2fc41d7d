/**
 * API keys: `konto_<id>_<secret>`, where the id (16 hex digits) is public and names the key in listings and
 * logs, and the secret is 32 random bytes (base64url). Only SHA-256 of the whole key is stored.
 *
 * Why SHA-256 and not bcrypt/scrypt/argon2: slow hashes protect low-entropy passwords from guessing. A 256-bit
 * random secret cannot be guessed, so a fast hash loses nothing, and verifying a key on every request stays
 * cheap. The hash is still one-way: a leaked table does not give out working keys.
 * Verification looks the key up by its id and compares the hashes in constant time.
 */

import { createHash, randomBytes, timingSafeEqual } from "node:crypto"
import { Context, DateTime, Effect, Layer, Option, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { announcing, Changes } from "./Changes.ts"
import { fromSqlError, StoreError } from "./StoreError.ts"

/** The public part of an API key: 16 lower-case hex digits. */
export const ApiKeyId = Schema.String.pipe(
  Schema.check(Schema.isPattern(/^[0-9a-f]{16}$/, { description: "16 lower-case hex digits" })),
  Schema.brand("konto/ApiKeyId")
)
export type ApiKeyId = typeof ApiKeyId.Type

/** Every key starts with this. */
export const keyPrefix = "konto_"

/** A key as stored: never the secret. */
export interface ApiKey {
  readonly id: ApiKeyId
  readonly label: string
  /** The visible start of the key, `konto_<id>`, to tell keys apart. */
  readonly prefix: string
  readonly createdAt: DateTime.Utc
  readonly lastUsedAt: Option.Option<DateTime.Utc>
  readonly revokedAt: Option.Option<DateTime.Utc>
}

/** A newly created key: the secret is shown once and cannot be recovered. */
export interface IssuedApiKey {
  readonly apiKey: ApiKey
  readonly key: Redacted.Redacted<string>
}

/** The key is malformed, unknown, wrong or revoked (deliberately not saying which). */
export class ApiKeyInvalid extends Schema.TaggedError<ApiKeyInvalid>()("ApiKeyInvalid", {}) {
  override get message(): string {
    return "the API key is not valid"
  }
}

/** No API key has this id. */
export class ApiKeyNotFound extends Schema.TaggedError<ApiKeyNotFound>()("ApiKeyNotFound", {
  id: Schema.String
}) {
  override get message(): string {
    return `API key ${this.id} does not exist`
  }
}

/** Creates, verifies, lists and revokes API keys. */
export class ApiKeys extends Context.Service<
  ApiKeys,
  {
    /** Creates a key; the returned secret is the only copy. */
    readonly create: (options: { readonly label: string }) => Effect.Effect<IssuedApiKey, StoreError>
    /** The key's record when it is valid and not revoked; records its use. */
    readonly verify: (key: Redacted.Redacted<string>) => Effect.Effect<ApiKey, ApiKeyInvalid | StoreError>
    /** Every key, revoked ones included, oldest first. */
    readonly list: Effect.Effect<ReadonlyArray<ApiKey>, StoreError>
    /** Revokes a key (idempotent); its consents become unreachable. Announced to the store's `Changes`. */
    readonly revoke: (id: string) => Effect.Effect<ApiKey, ApiKeyNotFound | StoreError>
    /**
     * Stores a key made elsewhere (e.g. a fixed demo key from configuration); idempotent for the same key.
     * Fails with `ApiKeyInvalid` when it is not a konto key or its id is taken by another key.
     */
    readonly register: (options: {
      readonly label: string
      readonly key: Redacted.Redacted<string>
    }) => Effect.Effect<ApiKey, ApiKeyInvalid | StoreError>
  }
>()("@konto/store/ApiKeys") {}

const keyFormat = /^konto_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/

/** SHA-256 of the whole key text. */
export const hashKey = (key: string): Uint8Array => new Uint8Array(createHash("sha256").update(key, "utf8").digest())

/** Splits a key into its id; `None` when it is not shaped like a konto key. */
export const parseKeyId = (key: string): Option.Option<ApiKeyId> => {
  const match = keyFormat.exec(key)
  return match?.[1] === undefined ? Option.none() : Option.some(match[1] as ApiKeyId)
}

// Recording every use would turn each request into a write; a minute's precision is enough for "last used".
const lastUsedPrecisionMillis = 60_000

interface ApiKeyRow {
  readonly id: string
  readonly label: string
  readonly key_hash: Uint8Array
  readonly created_at: Date
  readonly last_used_at: Date | null
  readonly revoked_at: Date | null
}

const optionalTime = (date: Date | null): Option.Option<DateTime.Utc> =>
  date === null ? Option.none() : Option.some(DateTime.fromDateUnsafe(date))

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id as ApiKeyId,
  label: row.label,
  prefix: `${keyPrefix}${row.id}`,
  createdAt: DateTime.fromDateUnsafe(row.created_at),
  lastUsedAt: optionalTime(row.last_used_at),
  revokedAt: optionalTime(row.revoked_at)
})

/** The API key service over the store's SQL client. */
export const make: Effect.Effect<ApiKeys["Service"], never, SqlClient | Changes> = Effect.gen(function* () {
  const sql = yield* SqlClient
  const changes = yield* Changes
  const now = Effect.map(DateTime.now, DateTime.toDateUtc)

  const create = Effect.fn("ApiKeys.create")(function* (options: { readonly label: string }) {
    const id = randomBytes(8).toString("hex")
    const key = `${keyPrefix}${id}_${randomBytes(32).toString("base64url")}`
    const createdAt = yield* now
    const rows = yield* sql<ApiKeyRow>`
      INSERT INTO konto_api_keys (id, label, key_hash, created_at)
      VALUES (${id}, ${options.label}, ${hashKey(key)}, ${createdAt})
      RETURNING *`.pipe(Effect.mapError(fromSqlError("creating an API key")))
    const row = rows[0]
    if (row === undefined) {
      return yield* new StoreError({ reason: "Query", message: "creating an API key returned no row" })
    }
    return { apiKey: toApiKey(row), key: Redacted.make(key, { label: "ApiKey" }) }
  })

  const verify = Effect.fn("ApiKeys.verify")(function* (key: Redacted.Redacted<string>) {
    const text = Redacted.value(key)
    const id = parseKeyId(text)
    if (Option.isNone(id)) return yield* new ApiKeyInvalid()
    const rows = yield* sql<ApiKeyRow>`SELECT * FROM konto_api_keys WHERE id = ${id.value}`.pipe(
      Effect.mapError(fromSqlError("verifying an API key"))
    )
    const row = rows[0]
    if (row === undefined || row.revoked_at !== null) return yield* new ApiKeyInvalid()
    const presented = hashKey(text)
    if (row.key_hash.length !== presented.length || !timingSafeEqual(row.key_hash, presented)) {
      return yield* new ApiKeyInvalid()
    }
    const usedAt = yield* now
    const lastUsed = row.last_used_at
    if (lastUsed === null || usedAt.getTime() - lastUsed.getTime() >= lastUsedPrecisionMillis) {
      yield* sql`UPDATE konto_api_keys SET last_used_at = ${usedAt} WHERE id = ${row.id}`.pipe(
        Effect.mapError(fromSqlError("recording an API key's use"))
      )
      return toApiKey({ ...row, last_used_at: usedAt })
    }
    return toApiKey(row)
  })

  const list = sql<ApiKeyRow>`SELECT * FROM konto_api_keys ORDER BY created_at, id`.pipe(
    Effect.map((rows) => rows.map(toApiKey)),
    Effect.mapError(fromSqlError("listing API keys")),
    Effect.withSpan("ApiKeys.list")
  )

  const revoke = Effect.fn("ApiKeys.revoke")(
    function* (id: string) {
      const revokedAt = yield* now
      const rows = yield* sql<ApiKeyRow>`
        UPDATE konto_api_keys SET revoked_at = COALESCE(revoked_at, ${revokedAt})
        WHERE id = ${id}
        RETURNING *`.pipe(Effect.mapError(fromSqlError("revoking an API key")))
      const row = rows[0]
      if (row === undefined) return yield* new ApiKeyNotFound({ id })
      return toApiKey(row)
    },
    (write, id) =>
      write.pipe(
        announcing(
          changes,
          { _tag: "ApiKeyRevoked", apiKeyId: id as ApiKeyId },
          (error: { readonly _tag: string }) => error._tag === "ApiKeyNotFound"
        )
      )
  )

  const register = Effect.fn("ApiKeys.register")(function* (options: {
    readonly label: string
    readonly key: Redacted.Redacted<string>
  }) {
    const text = Redacted.value(options.key)
    const id = parseKeyId(text)
    if (Option.isNone(id)) return yield* new ApiKeyInvalid()
    const keyHash = hashKey(text)
    const createdAt = yield* now
    yield* sql`
      INSERT INTO konto_api_keys (id, label, key_hash, created_at)
      VALUES (${id.value}, ${options.label}, ${keyHash}, ${createdAt})
      ON CONFLICT (id) DO NOTHING`.pipe(Effect.mapError(fromSqlError("registering an API key")))
    const rows = yield* sql<ApiKeyRow>`SELECT * FROM konto_api_keys WHERE id = ${id.value}`.pipe(
      Effect.mapError(fromSqlError("registering an API key"))
    )
    const row = rows[0]
    if (row === undefined || row.key_hash.length !== keyHash.length || !timingSafeEqual(row.key_hash, keyHash)) {
      return yield* new ApiKeyInvalid()
    }
    return toApiKey(row)
  })

  return ApiKeys.of({ create, verify, list, revoke, register })
})

/** The API key service, needing the store's SQL client and change announcements. */
export const layer: Layer.Layer<ApiKeys, never, SqlClient | Changes> = Layer.effect(ApiKeys, make)
