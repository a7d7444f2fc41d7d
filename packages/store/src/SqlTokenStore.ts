/**
 * core's `TokenStore` on the store's database. A compare-and-set runs in a transaction that locks the
 * connection's row (`SELECT … FOR UPDATE`), so concurrent replicas refreshing one connection queue on the row:
 * the first writes the next version, every other sees `Conflict` with the winner's tokens and uses those. Tokens
 * are sealed at rest like credentials (AES-256-GCM, the connection id as additional authenticated data).
 *
 * Versions never restart for a connection: after its tokens were cleared (a consent connected anew), the next
 * write continues from the last version instead of starting again at 1. Always use the version returned.
 */
import { TokenStore } from "@konto/core"
import { DateTime, Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { Cipher } from "./internal/Cipher.ts"
import * as TokenRows from "./internal/TokenRows.ts"

/** The additional authenticated data that binds sealed tokens to their connection. */
export const tokensAssociatedData: (connectionId: string) => string = TokenRows.associatedData

/** The token store over the store's SQL client and cipher. */
export const make: Effect.Effect<TokenStore.TokenStore["Service"], never, SqlClient | Cipher> = Effect.gen(
  function* () {
    const sql = yield* SqlClient
    const cipher = yield* Cipher

    const failure = (connectionId: string, detail: string) => new TokenStore.TokenStoreError({ connectionId, detail })
    const fromSql = (connectionId: string, operation: string) => (error: SqlError) =>
      failure(connectionId, `${operation}: the database failed (${error.reason._tag})`)

    const current = (connectionId: string, lock: boolean) =>
      TokenRows.read(sql, connectionId, lock).pipe(
        Effect.mapError((error) =>
          error._tag === "SqlError"
            ? fromSql(connectionId, "loading tokens")(error)
            : failure(connectionId, "a stored token row is malformed")
        )
      )

    const stored = (connectionId: string, row: Option.Option<TokenRows.TokenRow>) =>
      Effect.gen(function* () {
        if (Option.isNone(row) || Option.isNone(row.value.sealed)) return Option.none<TokenStore.StoredTokens>()
        const tokens = yield* TokenRows.open(cipher, connectionId, row.value.sealed.value).pipe(
          Effect.mapError(() => failure(connectionId, "the stored tokens could not be decrypted or are malformed"))
        )
        return Option.some<TokenStore.StoredTokens>({ tokens, version: row.value.version })
      })

    const load = (connectionId: string) =>
      current(connectionId, false).pipe(
        Effect.flatMap((row) => stored(connectionId, row)),
        Effect.withSpan("TokenStore.load")
      )

    const compareAndSet = (connectionId: string, expectedVersion: number | null, tokens: TokenStore.OAuthTokens) =>
      Effect.gen(function* () {
        const updatedAt = DateTime.toDateUtc(yield* DateTime.now)
        const sealed = TokenRows.seal(cipher, connectionId, tokens)
        const row = yield* current(connectionId, true)
        const present = yield* stored(connectionId, row)
        const presentVersion = Option.match(present, { onNone: () => null, onSome: (value) => value.version })
        if (presentVersion !== expectedVersion) {
          return { _tag: "Conflict", current: present } satisfies TokenStore.CompareAndSetResult
        }
        const written = Option.isNone(row)
          ? // No row to lock yet: a concurrent first write is caught by the primary key instead.
            sql<{ readonly version: number }>`
              INSERT INTO konto_oauth_tokens (connection_id, version, tokens, updated_at)
              VALUES (${connectionId}, 1, ${sealed}, ${updatedAt})
              ON CONFLICT (connection_id) DO NOTHING
              RETURNING version`
          : sql<{ readonly version: number }>`
              UPDATE konto_oauth_tokens SET version = version + 1, tokens = ${sealed}, updated_at = ${updatedAt}
              WHERE connection_id = ${connectionId} AND version = ${row.value.version}
              RETURNING version`
        const rows = yield* written.pipe(Effect.mapError(fromSql(connectionId, "storing tokens")))
        const version = rows[0]?.version
        if (version === undefined) {
          const latest = yield* Effect.flatMap(current(connectionId, false), (latest) => stored(connectionId, latest))
          return { _tag: "Conflict", current: latest } satisfies TokenStore.CompareAndSetResult
        }
        return { _tag: "Updated", stored: { tokens, version } } satisfies TokenStore.CompareAndSetResult
      }).pipe(
        sql.withTransaction,
        Effect.catchTag("SqlError", (error) => Effect.fail(fromSql(connectionId, "storing tokens")(error))),
        Effect.withSpan("TokenStore.compareAndSet")
      )

    return TokenStore.TokenStore.of({ load, compareAndSet })
  }
)

/** The SQL token store as core's `TokenStore`, needing the store's SQL client and cipher. */
export const layer: Layer.Layer<TokenStore.TokenStore, never, SqlClient | Cipher> = Layer.effect(
  TokenStore.TokenStore,
  make
)
