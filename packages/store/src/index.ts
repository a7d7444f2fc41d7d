/**
 * @konto/store — consents, API keys, encrypted credentials, OAuth tokens and idempotency records, on embedded
 * PGlite (a data directory) or PostgreSQL, through `effect/sql` and `@effect/sql-pg`.
 */
export * as ApiKeys from "./ApiKeys.ts"
export * as Changes from "./Changes.ts"
export * as Consent from "./Consent.ts"
export * as Consents from "./Consents.ts"
export * as EncryptionKey from "./EncryptionKey.ts"
export * as Idempotency from "./Idempotency.ts"
export * as SqlTokenStore from "./SqlTokenStore.ts"
export * as Store from "./Store.ts"
export { DataDirectoryLocked, StoreError, StoreErrorReason } from "./StoreError.ts"
