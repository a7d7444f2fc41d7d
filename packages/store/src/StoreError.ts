/**
 * The store's infrastructure errors. Messages are safe to log and to show an operator: they never carry a
 * secret, a key, a token or a SQL parameter.
 */
import { Schema } from "effect"
import type { SqlError } from "effect/sql/SqlError"

/** Why the store failed. */
export const StoreErrorReason = Schema.Literals([
  "Configuration",
  "EncryptionKey",
  "Decryption",
  "Migration",
  "Unavailable",
  "Query"
])
export type StoreErrorReason = typeof StoreErrorReason.Type

/** The store failed: misconfigured, unreachable, a query failed, or stored data could not be decrypted. */
export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  reason: StoreErrorReason,
  message: Schema.String
}) {}

/** The embedded data directory is held by another process (or another store in this process). */
export class DataDirectoryLocked extends Schema.TaggedError<DataDirectoryLocked>()("DataDirectoryLocked", {
  dataDirectory: Schema.String,
  lockFile: Schema.String,
  pid: Schema.NullOr(Schema.Number),
  hostname: Schema.NullOr(Schema.String)
}) {
  override get message(): string {
    const holder =
      this.pid === null
        ? "another process"
        : `process ${this.pid}${this.hostname === null ? "" : ` on ${this.hostname}`}`
    return (
      `The data directory ${this.dataDirectory} is in use by ${holder}. ` +
      "An embedded (PGlite) store belongs to one process: stop that process, reach the store through the " +
      "running konto server, or set KONTO_DATABASE_URL to share a PostgreSQL database. " +
      `If no such process is running, delete ${this.lockFile}.`
    )
  }
}

/** Maps a SQL failure to a `StoreError` naming the operation; the driver's text is dropped (it may echo values). */
export const fromSqlError =
  (operation: string) =>
  (error: SqlError): StoreError => {
    const kind = error.reason._tag
    const unavailable = kind === "ConnectionError" || kind === "AuthenticationError" || kind === "AuthorizationError"
    return new StoreError({
      reason: unavailable ? "Unavailable" : "Query",
      message: unavailable
        ? `${operation}: the database is unavailable (${kind})`
        : `${operation}: the database rejected the statement (${kind})`
    })
  }
