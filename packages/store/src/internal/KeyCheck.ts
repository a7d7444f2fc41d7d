/**
 * Detects a wrong encryption key at start instead of at the first read of a credential: the first start seals a
 * known value into `konto_store_meta`; later starts must be able to open it.
 */
import { Effect, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { fromSqlError, StoreError } from "../StoreError.ts"
import { Cipher } from "./Cipher.ts"

const name = "encryption-key-check"
const associatedData = "konto/encryption-key-check/v1"
const plaintext = new TextEncoder().encode("konto encryption key check")

const Rows = Schema.Array(Schema.Struct({ value: Schema.Uint8Array }))

/** Seals the check value on first start; fails with reason `EncryptionKey` when the key cannot open it. */
export const ensure: Effect.Effect<void, StoreError, SqlClient | Cipher> = Effect.gen(function* () {
  const sql = yield* SqlClient
  const cipher = yield* Cipher
  yield* sql`
    INSERT INTO konto_store_meta (name, value) VALUES (${name}, ${cipher.seal(plaintext, associatedData)})
    ON CONFLICT (name) DO NOTHING`.pipe(Effect.mapError(fromSqlError("checking the encryption key")))
  const rows = yield* sql`SELECT value FROM konto_store_meta WHERE name = ${name}`.pipe(
    Effect.mapError(fromSqlError("checking the encryption key")),
    Effect.flatMap((rows) => Schema.decodeUnknownEffect(Rows)(rows)),
    Effect.mapError((error) =>
      error._tag === "StoreError"
        ? error
        : new StoreError({ reason: "Query", message: "checking the encryption key: the stored check is malformed" })
    )
  )
  const sealed = rows[0]?.value
  const opened = sealed === undefined ? undefined : yield* cipher.open(sealed, associatedData).pipe(Effect.option)
  if (opened === undefined || opened._tag === "None") {
    return yield* new StoreError({
      reason: "EncryptionKey",
      message:
        "the encryption key (KONTO_ENCRYPTION_KEY or the data directory's encryption.key) is not the key " +
        "this database was written with; stored credentials and tokens cannot be read with it"
    })
  }
})
