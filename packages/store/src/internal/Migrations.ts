/**
 * The store's one migration set (PGlite and PostgreSQL share the dialect), run by effect's SQL migrator at
 * start. On PostgreSQL the migrator locks its table, so replicas starting together migrate once.
 * Migrations are append-only: never edit a released one, add the next number.
 */
import { Effect } from "effect"
import * as Migrator from "effect/sql/Migrator"
import { SqlClient } from "effect/sql/SqlClient"
import { StoreError } from "../StoreError.ts"

/** The table the migrator records applied migrations in. */
export const table = "konto_migrations"

const initial = Effect.gen(function* () {
  const sql = yield* SqlClient
  yield* sql`
    CREATE TABLE konto_api_keys (
      id text PRIMARY KEY,
      label text NOT NULL,
      key_hash bytea NOT NULL,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`
  yield* sql`
    CREATE TABLE konto_consents (
      id uuid PRIMARY KEY,
      api_key_id text NOT NULL REFERENCES konto_api_keys (id) ON DELETE CASCADE,
      name text NOT NULL,
      status text NOT NULL CHECK (status IN ('Created', 'Accepted', 'Revoked', 'Inactive')),
      source text,
      system_settings_id text,
      is_test boolean NOT NULL,
      time_zone text NOT NULL,
      base_url text,
      settings jsonb NOT NULL,
      secret_names jsonb NOT NULL,
      secrets bytea,
      created_on timestamptz NOT NULL,
      updated_on timestamptz,
      version integer NOT NULL
    )`
  yield* sql`CREATE INDEX konto_consents_by_api_key ON konto_consents (api_key_id, created_on, id)`
  yield* sql`
    CREATE TABLE konto_consent_codes (
      code_hash bytea PRIMARY KEY,
      consent_id uuid NOT NULL REFERENCES konto_consents (id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`
  yield* sql`
    CREATE TABLE konto_consent_tokens (
      token_hash bytea PRIMARY KEY,
      consent_id uuid NOT NULL REFERENCES konto_consents (id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL
    )`
  // Keyed by connection id (a consent id), without a foreign key: core's TokenStore serves any connection.
  yield* sql`
    CREATE TABLE konto_oauth_tokens (
      connection_id text PRIMARY KEY,
      version integer NOT NULL,
      tokens bytea NOT NULL,
      updated_at timestamptz NOT NULL
    )`
  yield* sql`
    CREATE TABLE konto_idempotency (
      api_key_id text NOT NULL,
      consent_id uuid NOT NULL REFERENCES konto_consents (id) ON DELETE CASCADE,
      idempotency_key text NOT NULL,
      request_hash bytea NOT NULL,
      lease text,
      started_at timestamptz NOT NULL,
      completed_at timestamptz,
      response_status integer,
      response_headers jsonb,
      response_body text,
      PRIMARY KEY (api_key_id, consent_id, idempotency_key)
    )`
  yield* sql`
    CREATE TABLE konto_store_meta (
      name text PRIMARY KEY,
      value bytea NOT NULL
    )`
})

// Clearing a connection's tokens keeps its row, so its version keeps growing across reconnects.
const clearableTokens = Effect.gen(function* () {
  const sql = yield* SqlClient
  yield* sql`ALTER TABLE konto_oauth_tokens ALTER COLUMN tokens DROP NOT NULL`
})

/** Every migration, by `<id>_<name>`. */
export const migrations = {
  "1_initial": initial,
  "2_clearable_tokens": clearableTokens
}

/** Applies pending migrations; returns the ones it applied (none when the schema is current). */
export const run: Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  StoreError,
  SqlClient
> = Migrator.make({})({ loader: Migrator.fromRecord(migrations), table }).pipe(
  Effect.mapError(
    (error) =>
      new StoreError({
        reason: "Migration",
        message:
          error._tag === "MigrationError"
            ? `migrating the store failed: ${error.message}`
            : `migrating the store failed: the database rejected a statement (${error.reason._tag})`
      })
  )
)
