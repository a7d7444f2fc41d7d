/**
 * The `konto_oauth_tokens` rows: one per connection, holding the sealed tokens (or none) under a version that
 * only ever grows. Clearing a connection's tokens keeps its row and version, so a replica still holding a version
 * read before a reconnect can never overwrite the new grant's tokens with ones refreshed from the old grant.
 */
import type { TokenStore } from "@konto/core"
import { Effect, Option, Redacted, Schema } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { StoreError } from "../StoreError.ts"
import type { Cipher } from "./Cipher.ts"

/** The additional authenticated data that binds sealed tokens to their connection. */
export const associatedData = (connectionId: string): string => `konto/oauth-tokens/v1/${connectionId}`

const TokensJson = Schema.fromJsonString(
  Schema.Struct({
    accessToken: Schema.String,
    refreshToken: Schema.String,
    expiresAtMillis: Schema.Number
  })
)

const Row = Schema.Struct({ version: Schema.Number, tokens: Schema.NullOr(Schema.Uint8Array) })
const Rows = Schema.Array(Row)

/** A connection's row: its version, and its tokens when any are stored. */
export interface TokenRow {
  readonly version: number
  readonly sealed: Option.Option<Uint8Array>
}

/** Seals tokens for a connection. */
export const seal = (cipher: Cipher["Service"], connectionId: string, tokens: TokenStore.OAuthTokens): Uint8Array =>
  cipher.seal(
    new TextEncoder().encode(
      Schema.encodeSync(TokensJson)({
        accessToken: Redacted.value(tokens.accessToken),
        refreshToken: Redacted.value(tokens.refreshToken),
        expiresAtMillis: tokens.expiresAtMillis
      })
    ),
    associatedData(connectionId)
  )

/** Opens a connection's sealed tokens; a `Decryption` error when they do not open or are malformed. */
export const open = (
  cipher: Cipher["Service"],
  connectionId: string,
  sealed: Uint8Array
): Effect.Effect<TokenStore.OAuthTokens, StoreError> =>
  cipher.open(sealed, associatedData(connectionId)).pipe(
    Effect.flatMap((plain) =>
      Schema.decodeUnknownEffect(TokensJson)(new TextDecoder().decode(plain)).pipe(
        Effect.mapError(() => new StoreError({ reason: "Decryption", message: "stored OAuth tokens are malformed" }))
      )
    ),
    Effect.map(
      (tokens): TokenStore.OAuthTokens => ({
        accessToken: Redacted.make(tokens.accessToken, { label: "accessToken" }),
        refreshToken: Redacted.make(tokens.refreshToken, { label: "refreshToken" }),
        expiresAtMillis: tokens.expiresAtMillis
      })
    )
  )

/** Reads a connection's row, locking it for the transaction when `lock` is set. */
export const read = (
  sql: SqlClient,
  connectionId: string,
  lock: boolean
): Effect.Effect<Option.Option<TokenRow>, SqlError | Schema.SchemaError> =>
  (lock
    ? sql`SELECT version, tokens FROM konto_oauth_tokens WHERE connection_id = ${connectionId} FOR UPDATE`
    : sql`SELECT version, tokens FROM konto_oauth_tokens WHERE connection_id = ${connectionId}`
  ).pipe(
    Effect.flatMap((rows) => Schema.decodeUnknownEffect(Rows)(rows)),
    Effect.map((rows) =>
      Option.map(Option.fromNullishOr(rows[0]), (row) => ({
        version: row.version,
        sealed: Option.fromNullishOr(row.tokens)
      }))
    )
  )

/**
 * Replaces a connection's tokens (or clears them with `None`) under the next version, whatever is stored: for
 * writes that supersede any refresh in flight (connecting a consent anew). Run it in a transaction.
 */
export const replace = (
  sql: SqlClient,
  connectionId: string,
  sealed: Option.Option<Uint8Array>,
  updatedAt: Date
): Effect.Effect<void, SqlError> =>
  Option.match(sealed, {
    onNone: () =>
      sql`
        UPDATE konto_oauth_tokens SET version = version + 1, tokens = NULL, updated_at = ${updatedAt}
        WHERE connection_id = ${connectionId} AND tokens IS NOT NULL`,
    onSome: (tokens) =>
      sql`
        INSERT INTO konto_oauth_tokens (connection_id, version, tokens, updated_at)
        VALUES (${connectionId}, 1, ${tokens}, ${updatedAt})
        ON CONFLICT (connection_id) DO UPDATE
          SET version = konto_oauth_tokens.version + 1, tokens = EXCLUDED.tokens, updated_at = EXCLUDED.updated_at`
  }).pipe(Effect.asVoid)
