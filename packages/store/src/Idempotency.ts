/**
 * Idempotency records for creating requests with an `Idempotency-Key` (e.g. `POST …/salesinvoices`), keyed by
 * (API key, consent, key). `begin` claims the key or reports what happened to it before; the claimant `complete`s
 * it with the final response (replayed to every retry with the same body) or `abandon`s it so a retry may run.
 * A claim left in flight longer than `staleAfter` (a crashed replica) can be taken over by the next request.
 */

import { createHash, randomUUID } from "node:crypto"
import { Context, DateTime, Duration, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { ApiKeyId } from "./ApiKeys.ts"
import type { ConsentId } from "./Consent.ts"
import { fromSqlError, StoreError } from "./StoreError.ts"

/** What an idempotency key is scoped by. */
export interface IdempotencyScope {
  readonly apiKeyId: ApiKeyId
  readonly consentId: ConsentId
  /** The client's `Idempotency-Key`. */
  readonly key: string
}

/** The response replayed to a retry. */
export interface StoredResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** The claim on a key, held by the request that runs the operation. */
export interface IdempotencyLease {
  readonly scope: IdempotencyScope
  readonly token: string
}

/** What `begin` found. */
export type BeginResult =
  /** Nobody ran this key (or its stale claim was taken over): run the operation, then complete or abandon. */
  | { readonly _tag: "New"; readonly lease: IdempotencyLease }
  /** Another request is running it now (the API answers 409). */
  | { readonly _tag: "InFlight" }
  /** It ran to completion with the same body: replay the response. */
  | { readonly _tag: "Completed"; readonly response: StoredResponse }
  /** It was used with a different body (the API answers 422). */
  | { readonly _tag: "Mismatch" }

/** The lease was lost: the claim went stale and another request took the key over. */
export class IdempotencyLeaseLost extends Schema.TaggedError<IdempotencyLeaseLost>()("IdempotencyLeaseLost", {
  key: Schema.String
}) {
  override get message(): string {
    return `the claim on idempotency key ${this.key} was taken over after it went stale`
  }
}

/** Tuning of idempotency records. */
export interface IdempotencyOptions {
  /** How long a claim may stay in flight before another request may take it over. Default 2 minutes. */
  readonly staleAfter?: Duration.Input | undefined
  /** How long a completed response is replayed; afterwards the key is fresh again. Default 24 hours. */
  readonly retention?: Duration.Input | undefined
}

/** Begins, completes and abandons idempotent requests. */
export class Idempotency extends Context.Service<
  Idempotency,
  {
    /** Claims the key for a request body (its SHA-256 is stored), or reports its earlier use. */
    readonly begin: (
      scope: IdempotencyScope,
      requestBody: string | Uint8Array
    ) => Effect.Effect<BeginResult, StoreError>
    /** Records the final response for the claim. */
    readonly complete: (
      lease: IdempotencyLease,
      response: StoredResponse
    ) => Effect.Effect<void, IdempotencyLeaseLost | StoreError>
    /** Releases the claim without a response (the operation failed before any effect), so a retry can run. */
    readonly abandon: (lease: IdempotencyLease) => Effect.Effect<void, StoreError>
  }
>()("@konto/store/Idempotency") {}

const Headers = Schema.Record(Schema.String, Schema.String)
const RecordRow = Schema.Struct({
  request_hash: Schema.Uint8Array,
  lease: Schema.NullOr(Schema.String),
  started_at: Schema.Date,
  completed_at: Schema.NullOr(Schema.Date),
  response_status: Schema.NullOr(Schema.Number),
  response_headers: Schema.NullOr(Headers),
  response_body: Schema.NullOr(Schema.String)
})
const RecordRows = Schema.Array(RecordRow)

const hashBody = (body: string | Uint8Array): Uint8Array => new Uint8Array(createHash("sha256").update(body).digest())

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, index) => byte === b[index])

/** The idempotency service over the store's SQL client. */
export const make = (options?: IdempotencyOptions): Effect.Effect<Idempotency["Service"], never, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const staleAfterMillis = Duration.toMillis(Duration.fromInputUnsafe(options?.staleAfter ?? Duration.minutes(2)))
    const retentionMillis = Duration.toMillis(Duration.fromInputUnsafe(options?.retention ?? Duration.hours(24)))
    const malformed = new StoreError({ reason: "Query", message: "an idempotency record is malformed" })

    const begin = Effect.fn("Idempotency.begin")(function* (scope: IdempotencyScope, requestBody: string | Uint8Array) {
      const requestHash = hashBody(requestBody)
      const now = DateTime.toDateUtc(yield* DateTime.now)
      const lease: IdempotencyLease = { scope, token: randomUUID() }
      const where = sql`
        api_key_id = ${scope.apiKeyId} AND consent_id = ${scope.consentId} AND idempotency_key = ${scope.key}`
      return yield* sql
        .withTransaction(
          Effect.gen(function* () {
            const claimed = yield* sql`
          INSERT INTO konto_idempotency (api_key_id, consent_id, idempotency_key, request_hash, lease, started_at)
          VALUES (${scope.apiKeyId}, ${scope.consentId}, ${scope.key}, ${requestHash}, ${lease.token}, ${now})
          ON CONFLICT (api_key_id, consent_id, idempotency_key) DO NOTHING
          RETURNING lease`
            if (claimed.length > 0) return { _tag: "New", lease } satisfies BeginResult
            const rows = yield* sql`SELECT * FROM konto_idempotency WHERE ${where} FOR UPDATE`.pipe(
              Effect.flatMap((rows) => Schema.decodeUnknownEffect(RecordRows)(rows)),
              Effect.mapError((error) => (error._tag === "SqlError" ? error : malformed))
            )
            const record = rows[0]
            // Deleted between the insert and the read (its consent went away): claim it again on the next call.
            if (record === undefined) return { _tag: "InFlight" } satisfies BeginResult
            const age = now.getTime() - record.started_at.getTime()
            const expired =
              record.completed_at !== null && now.getTime() - record.completed_at.getTime() >= retentionMillis
            const stale = record.completed_at === null && age >= staleAfterMillis
            if (expired || stale) {
              yield* sql`
            UPDATE konto_idempotency
            SET request_hash = ${requestHash}, lease = ${lease.token}, started_at = ${now}, completed_at = NULL,
                response_status = NULL, response_headers = NULL, response_body = NULL
            WHERE ${where}`
              return { _tag: "New", lease } satisfies BeginResult
            }
            if (!sameBytes(record.request_hash, requestHash)) return { _tag: "Mismatch" } satisfies BeginResult
            if (record.completed_at === null || record.response_status === null) {
              return { _tag: "InFlight" } satisfies BeginResult
            }
            return {
              _tag: "Completed",
              response: {
                status: record.response_status,
                headers: record.response_headers ?? {},
                body: record.response_body ?? ""
              }
            } satisfies BeginResult
          })
        )
        .pipe(
          Effect.catchTag("SqlError", (error) => Effect.fail(fromSqlError("beginning an idempotent request")(error)))
        )
    })

    const complete = Effect.fn("Idempotency.complete")(function* (lease: IdempotencyLease, response: StoredResponse) {
      const now = DateTime.toDateUtc(yield* DateTime.now)
      const { scope } = lease
      const rows = yield* sql`
        UPDATE konto_idempotency
        SET completed_at = ${now}, lease = NULL, response_status = ${response.status},
            response_headers = ${JSON.stringify(response.headers)}::jsonb, response_body = ${response.body}
        WHERE api_key_id = ${scope.apiKeyId} AND consent_id = ${scope.consentId}
          AND idempotency_key = ${scope.key} AND lease = ${lease.token}
        RETURNING idempotency_key`.pipe(Effect.mapError(fromSqlError("completing an idempotent request")))
      if (rows.length === 0) return yield* new IdempotencyLeaseLost({ key: scope.key })
    })

    const abandon = Effect.fn("Idempotency.abandon")(function* (lease: IdempotencyLease) {
      const { scope } = lease
      yield* sql`
        DELETE FROM konto_idempotency
        WHERE api_key_id = ${scope.apiKeyId} AND consent_id = ${scope.consentId}
          AND idempotency_key = ${scope.key} AND lease = ${lease.token}`.pipe(
        Effect.mapError(fromSqlError("abandoning an idempotent request"))
      )
    })

    return Idempotency.of({ begin, complete, abandon })
  })

/** The idempotency service, needing the store's SQL client. */
export const layer = (options?: IdempotencyOptions): Layer.Layer<Idempotency, never, SqlClient> =>
  Layer.effect(Idempotency, make(options))
