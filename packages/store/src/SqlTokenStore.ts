/**
 * core's `TokenStore` on the store's database. A compare-and-set runs in a transaction that locks the
 * connection's row (`SELECT … FOR UPDATE`), so concurrent replicas refreshing one connection queue on the row:
 * the first writes version n+1, every other sees `Conflict` with the winner's tokens and uses those. Tokens are
 * sealed at rest like credentials (AES-256-GCM, the connection id as additional authenticated data).
 */
import { TokenStore } from "@konto/core"
import { DateTime, Effect, Layer, Option, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { Cipher } from "./internal/Cipher.ts"

/** The additional authenticated data that binds sealed tokens to their connection. */
export const tokensAssociatedData = (connectionId: string): string => `konto/oauth-tokens/v1/${connectionId}`

const TokensJson = Schema.fromJsonString(
  Schema.Struct({
    accessToken: Schema.String,
    refreshToken: Schema.String,
    expiresAtMillis: Schema.Number
  })
)

const TokenRow = Schema.Struct({ version: Schema.Number, tokens: Schema.Uint8Array })
const TokenRows = Schema.Array(TokenRow)

/** The token store over the store's SQL client and cipher. */
export const make: Effect.Effect<TokenStore.TokenStore["Service"], never, SqlClient | Cipher> = Effect.gen(
  function* () {
    const sql = yield* SqlClient
    const cipher = yield* Cipher

    const failure = (connectionId: string, detail: string) => new TokenStore.TokenStoreError({ connectionId, detail })
    const fromSql = (connectionId: string, operation: string) => (error: SqlError) =>
      failure(connectionId, `${operation}: the database failed (${error.reason._tag})`)

    const seal = (connectionId: string, tokens: TokenStore.OAuthTokens): Uint8Array =>
      cipher.seal(
        new TextEncoder().encode(
          Schema.encodeSync(TokensJson)({
            accessToken: Redacted.value(tokens.accessToken),
            refreshToken: Redacted.value(tokens.refreshToken),
            expiresAtMillis: tokens.expiresAtMillis
          })
        ),
        tokensAssociatedData(connectionId)
      )

    const open = (connectionId: string, row: typeof TokenRow.Type) =>
      cipher.open(row.tokens, tokensAssociatedData(connectionId)).pipe(
        Effect.flatMap((plain) => Schema.decodeUnknownEffect(TokensJson)(new TextDecoder().decode(plain))),
        Effect.mapError(() => failure(connectionId, "the stored tokens could not be decrypted or are malformed")),
        Effect.map(
          (tokens): TokenStore.StoredTokens => ({
            version: row.version,
            tokens: {
              accessToken: Redacted.make(tokens.accessToken, { label: "accessToken" }),
              refreshToken: Redacted.make(tokens.refreshToken, { label: "refreshToken" }),
              expiresAtMillis: tokens.expiresAtMillis
            }
          })
        )
      )

    const decodeRows = (connectionId: string) => (rows: ReadonlyArray<unknown>) =>
      Schema.decodeUnknownEffect(TokenRows)(rows).pipe(
        Effect.mapError(() => failure(connectionId, "a stored token row is malformed"))
      )

    const read = (connectionId: string, lock: boolean) =>
      (lock
        ? sql`SELECT version, tokens FROM konto_oauth_tokens WHERE connection_id = ${connectionId} FOR UPDATE`
        : sql`SELECT version, tokens FROM konto_oauth_tokens WHERE connection_id = ${connectionId}`
      ).pipe(
        Effect.mapError(fromSql(connectionId, "loading tokens")),
        Effect.flatMap(decodeRows(connectionId)),
        Effect.flatMap((rows) =>
          rows[0] === undefined ? Effect.succeed(Option.none()) : Effect.asSome(open(connectionId, rows[0]))
        )
      )

    const load = (connectionId: string) => read(connectionId, false).pipe(Effect.withSpan("TokenStore.load"))

    const compareAndSet = (connectionId: string, expectedVersion: number | null, tokens: TokenStore.OAuthTokens) =>
      Effect.gen(function* () {
        const updatedAt = DateTime.toDateUtc(yield* DateTime.now)
        const sealed = seal(connectionId, tokens)
        const current = yield* read(connectionId, true)
        const currentVersion = Option.match(current, { onNone: () => null, onSome: (stored) => stored.version })
        if (currentVersion !== expectedVersion) {
          return { _tag: "Conflict", current } satisfies TokenStore.CompareAndSetResult
        }
        const version = (expectedVersion ?? 0) + 1
        const written =
          expectedVersion === null
            ? // No row to lock yet: a concurrent first write is caught by the primary key instead.
              sql`
            INSERT INTO konto_oauth_tokens (connection_id, version, tokens, updated_at)
            VALUES (${connectionId}, ${version}, ${sealed}, ${updatedAt})
            ON CONFLICT (connection_id) DO NOTHING
            RETURNING version`
            : sql`
            UPDATE konto_oauth_tokens SET version = ${version}, tokens = ${sealed}, updated_at = ${updatedAt}
            WHERE connection_id = ${connectionId} AND version = ${expectedVersion}
            RETURNING version`
        const rows = yield* written.pipe(Effect.mapError(fromSql(connectionId, "storing tokens")))
        if (rows.length === 0) {
          return {
            _tag: "Conflict",
            current: yield* read(connectionId, false)
          } satisfies TokenStore.CompareAndSetResult
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
