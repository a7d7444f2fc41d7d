/**
 * Consents and their connections. Every read and write is scoped by the owning API key: another key's consent
 * behaves exactly as one that does not exist. Secrets are sealed as one AES-256-GCM blob per consent (a fresh
 * random nonce per write, the consent id as additional authenticated data) and opened only into the `Redacted`
 * values of a `Connection`.
 */

import { createHash, randomBytes, randomUUID } from "node:crypto"
import type { Connection } from "@konto/core"
import { SystemId } from "@konto/core"
import { Context, DateTime, Duration, Effect, Layer, Option, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import type { Fragment } from "effect/sql/Statement"
import { ApiKeyId } from "./ApiKeys.ts"
import { announcing, Changes } from "./Changes.ts"
import {
  type ConnectedConsent,
  type ConnectionInput,
  type Consent,
  type ConsentAccessToken,
  ConsentId,
  type ConsentInput,
  type ConsentPage,
  type ConsentPatch,
  type ConsentQuery,
  ConsentStatus,
  defaultTimeZone,
  type OneTimeCode
} from "./Consent.ts"
import { Cipher } from "./internal/Cipher.ts"
import * as TokenRows from "./internal/TokenRows.ts"
import { fromSqlError, StoreError } from "./StoreError.ts"

/** No consent with this id belongs to the API key. */
export class ConsentNotFound extends Schema.TaggedError<ConsentNotFound>()("ConsentNotFound", {
  consentId: Schema.String
}) {
  override get message(): string {
    return `consent ${this.consentId} does not exist`
  }
}

/** The consent has no accounting system attached yet. */
export class ConsentNotConnected extends Schema.TaggedError<ConsentNotConnected>()("ConsentNotConnected", {
  consentId: Schema.String
}) {
  override get message(): string {
    return `consent ${this.consentId} is not connected to an accounting system`
  }
}

/** The consent changed since the version the caller read (`If-Match` failed). */
export class ConsentVersionMismatch extends Schema.TaggedError<ConsentVersionMismatch>()("ConsentVersionMismatch", {
  consentId: Schema.String,
  expectedVersion: Schema.Number,
  currentVersion: Schema.Number
}) {
  override get message(): string {
    return `consent ${this.consentId} is at version ${this.currentVersion}, not ${this.expectedVersion}`
  }
}

/** The one-time code is unknown, used, expired or for another consent. */
export class OneTimeCodeInvalid extends Schema.TaggedError<OneTimeCodeInvalid>()("OneTimeCodeInvalid", {}) {
  override get message(): string {
    return "the one-time code is not valid"
  }
}

/** The consent access token is unknown or expired. */
export class ConsentAccessTokenInvalid extends Schema.TaggedError<ConsentAccessTokenInvalid>()(
  "ConsentAccessTokenInvalid",
  {}
) {
  override get message(): string {
    return "the consent access token is not valid"
  }
}

/** A consent's input is unusable: an unknown time zone, a base URL that is not http(s), an empty name. */
export class ConsentInputInvalid extends Schema.TaggedError<ConsentInputInvalid>()("ConsentInputInvalid", {
  field: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.field}: ${this.detail}`
  }
}

const isTimeZone = (timeZone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone })
    return true
  } catch {
    return false
  }
}

const isHttpUrl = (url: string): boolean => URL.canParse(url) && ["http:", "https:"].includes(new URL(url).protocol)

/** Checks the fields the store keeps verbatim and others later rely on. */
const validate = (fields: {
  readonly name?: string | undefined
  readonly timeZone?: string | undefined
  readonly baseUrl?: string | undefined
}): Effect.Effect<void, ConsentInputInvalid> => {
  if (fields.name !== undefined && fields.name.trim().length === 0) {
    return Effect.fail(new ConsentInputInvalid({ field: "name", detail: "must not be empty" }))
  }
  if (fields.timeZone !== undefined && !isTimeZone(fields.timeZone)) {
    return Effect.fail(new ConsentInputInvalid({ field: "timeZone", detail: "must be an IANA time zone" }))
  }
  if (fields.baseUrl !== undefined && !isHttpUrl(fields.baseUrl)) {
    return Effect.fail(new ConsentInputInvalid({ field: "baseUrl", detail: "must be an http(s) URL" }))
  }
  return Effect.void
}

/** How long a one-time code can be exchanged. */
export const oneTimeCodeLifetime = Duration.minutes(10)
/** How long a consent access token lives. */
export const accessTokenLifetime = Duration.hours(1)

/** Options for a write that must see a particular version (`If-Match`). */
export interface WriteOptions {
  readonly expectedVersion?: number | undefined
}

/** Consents of an API key, their connections, one-time codes and consent access tokens. */
export class Consents extends Context.Service<
  Consents,
  {
    readonly create: (
      apiKeyId: ApiKeyId,
      input: ConsentInput
    ) => Effect.Effect<Consent, ConsentInputInvalid | StoreError>
    readonly get: (apiKeyId: ApiKeyId, consentId: string) => Effect.Effect<Consent, ConsentNotFound | StoreError>
    readonly list: (apiKeyId: ApiKeyId, query?: ConsentQuery) => Effect.Effect<ConsentPage, StoreError>
    readonly update: (
      apiKeyId: ApiKeyId,
      consentId: string,
      patch: ConsentPatch,
      options?: WriteOptions
    ) => Effect.Effect<Consent, ConsentNotFound | ConsentVersionMismatch | ConsentInputInvalid | StoreError>
    /** Attaches (or replaces) the accounting system and credentials; status becomes `Accepted`; stored OAuth tokens are dropped. */
    readonly connect: (
      apiKeyId: ApiKeyId,
      consentId: string,
      connection: ConnectionInput,
      options?: WriteOptions
    ) => Effect.Effect<Consent, ConsentNotFound | ConsentVersionMismatch | ConsentInputInvalid | StoreError>
    /** Deletes the consent with its credentials, tokens, codes and idempotency records. */
    readonly remove: (apiKeyId: ApiKeyId, consentId: string) => Effect.Effect<void, ConsentNotFound | StoreError>
    /** The consent with its decrypted connection (whatever its status: the caller decides what a status allows). */
    readonly connection: (
      apiKeyId: ApiKeyId,
      consentId: string
    ) => Effect.Effect<ConnectedConsent, ConsentNotFound | ConsentNotConnected | StoreError>
    /** A single-use code (10 minutes) to hand to the customer's onboarding flow. */
    readonly createOneTimeCode: (
      apiKeyId: ApiKeyId,
      consentId: string
    ) => Effect.Effect<OneTimeCode, ConsentNotFound | StoreError>
    /** Exchanges a one-time code for an access token that acts for that consent (1 hour). */
    readonly exchangeOneTimeCode: (
      consentId: string,
      code: Redacted.Redacted<string>
    ) => Effect.Effect<ConsentAccessToken, OneTimeCodeInvalid | StoreError>
    /** The consent a live access token acts for. */
    readonly verifyAccessToken: (
      token: Redacted.Redacted<string>
    ) => Effect.Effect<Consent, ConsentAccessTokenInvalid | StoreError>
  }
>()("@konto/store/Consents") {}

const Settings = Schema.Record(Schema.String, Schema.String)
const SecretsJson = Schema.fromJsonString(Settings)

const ConsentRow = Schema.Struct({
  id: ConsentId,
  api_key_id: ApiKeyId,
  name: Schema.String,
  status: ConsentStatus,
  source: Schema.NullOr(SystemId.SystemId),
  system_settings_id: Schema.NullOr(Schema.String),
  is_test: Schema.Boolean,
  time_zone: Schema.String,
  base_url: Schema.NullOr(Schema.String),
  settings: Settings,
  secret_names: Schema.Array(Schema.String),
  created_on: Schema.Date,
  updated_on: Schema.NullOr(Schema.Date),
  version: Schema.Number
})
type ConsentRow = typeof ConsentRow.Type

const ConsentRows = Schema.Array(ConsentRow)
const SealedRow = Schema.Struct({ secrets: Schema.NullOr(Schema.Uint8Array) })

const toConsent = (row: ConsentRow): Consent => ({
  id: row.id,
  apiKeyId: row.api_key_id,
  name: row.name,
  status: row.status,
  source: Option.fromNullishOr(row.source),
  systemSettingsId: Option.fromNullishOr(row.system_settings_id),
  isTest: row.is_test,
  timeZone: row.time_zone,
  baseUrl: Option.fromNullishOr(row.base_url),
  settings: row.settings,
  secretNames: row.secret_names,
  createdOn: DateTime.fromDateUnsafe(row.created_on),
  updatedOn: Option.map(Option.fromNullishOr(row.updated_on), DateTime.fromDateUnsafe),
  version: row.version
})

const malformed = (operation: string) => () =>
  new StoreError({ reason: "Query", message: `${operation}: a stored consent is malformed` })

/** The additional authenticated data that binds a consent's sealed secrets to that consent. */
export const secretsAssociatedData = (consentId: string): string => `konto/consent-secrets/v1/${consentId}`

const sha256 = (text: string): Uint8Array => new Uint8Array(createHash("sha256").update(text, "utf8").digest())
const isConsentId = Schema.is(ConsentId)
const day = /^\d{4}-\d{2}-\d{2}$/

// Columns read for a consent; the sealed secrets are read only where they are opened.
const columns =
  "id, api_key_id, name, status, source, system_settings_id, is_test, time_zone, base_url, " +
  "settings, secret_names, created_on, updated_on, version"

const orderColumns = { createdOn: "created_on", updatedOn: "updated_on", name: "name" } as const

/** The consent service over the store's SQL client and cipher. */
export const make: Effect.Effect<Consents["Service"], never, SqlClient | Cipher | Changes> = Effect.gen(function* () {
  const sql = yield* SqlClient
  const cipher = yield* Cipher
  const changes = yield* Changes
  // Announced once the write ended (readers' caches drop their copy before it returns), unless it wrote nothing.
  const announced = (apiKeyId: ApiKeyId, consentId: string) =>
    announcing(
      changes,
      { _tag: "ConsentChanged", apiKeyId, consentId },
      (error: { readonly _tag: string }) =>
        error._tag === "ConsentNotFound" ||
        error._tag === "ConsentVersionMismatch" ||
        error._tag === "ConsentInputInvalid"
    )
  const now = Effect.map(DateTime.now, DateTime.toDateUtc)
  const consentColumns = sql.literal(columns)

  const decodeRows = (operation: string) => (rows: ReadonlyArray<unknown>) =>
    Schema.decodeUnknownEffect(ConsentRows)(rows).pipe(
      Effect.map((decoded) => decoded.map(toConsent)),
      Effect.mapError(malformed(operation))
    )

  const query = <A>(operation: string, statement: Effect.Effect<ReadonlyArray<A>, SqlError>) =>
    statement.pipe(Effect.mapError(fromSqlError(operation)))

  const seal = (consentId: string, secrets: Readonly<Record<string, Redacted.Redacted<string>>>) => {
    const plain: Record<string, string> = {}
    for (const [name, value] of Object.entries(secrets)) plain[name] = Redacted.value(value)
    return cipher.seal(new TextEncoder().encode(JSON.stringify(plain)), secretsAssociatedData(consentId))
  }

  const open = (consentId: string, sealed: Uint8Array) =>
    cipher.open(sealed, secretsAssociatedData(consentId)).pipe(
      Effect.flatMap((plain) =>
        Schema.decodeUnknownEffect(SecretsJson)(new TextDecoder().decode(plain)).pipe(
          Effect.mapError(
            () => new StoreError({ reason: "Decryption", message: `the secrets of consent ${consentId} are malformed` })
          )
        )
      ),
      Effect.map((plain) => {
        const secrets: Record<string, Redacted.Redacted<string>> = {}
        for (const [name, value] of Object.entries(plain)) secrets[name] = Redacted.make(value, { label: name })
        return secrets
      })
    )

  const findOne = (operation: string, apiKeyId: ApiKeyId, consentId: string) =>
    isConsentId(consentId)
      ? query(
          operation,
          sql`SELECT ${consentColumns} FROM konto_consents WHERE id = ${consentId} AND api_key_id = ${apiKeyId}`
        ).pipe(
          Effect.flatMap(decodeRows(operation)),
          Effect.map((consents) => Option.fromNullishOr(consents[0]))
        )
      : Effect.succeed(Option.none<Consent>())

  const get = Effect.fn("Consents.get")(function* (apiKeyId: ApiKeyId, consentId: string) {
    const found = yield* findOne("reading a consent", apiKeyId, consentId)
    if (Option.isNone(found)) return yield* new ConsentNotFound({ consentId })
    return found.value
  })

  const create = Effect.fn("Consents.create")(function* (apiKeyId: ApiKeyId, input: ConsentInput) {
    const id = randomUUID()
    const createdOn = yield* now
    const connection = input.connection
    const timeZone = connection?.timeZone ?? input.timeZone ?? defaultTimeZone
    yield* validate({ name: input.name, timeZone, baseUrl: connection?.baseUrl })
    const secrets = connection?.secrets ?? {}
    const insert = query(
      "creating a consent",
      sql`
        INSERT INTO konto_consents (
          id, api_key_id, name, status, source, system_settings_id, is_test, time_zone, base_url,
          settings, secret_names, secrets, created_on, updated_on, version
        ) VALUES (
          ${id}, ${apiKeyId}, ${input.name}, ${connection === undefined ? "Created" : "Accepted"},
          ${connection?.system ?? null}, ${input.systemSettingsId ?? null}, ${input.isTest ?? false},
          ${timeZone}, ${connection?.baseUrl ?? null},
          ${JSON.stringify(connection?.settings ?? {})}::jsonb, ${JSON.stringify(Object.keys(secrets))}::jsonb,
          ${connection === undefined ? null : seal(id, secrets)}, ${createdOn}, NULL, 1
        )
        RETURNING ${consentColumns}`
    )
    const oauth = connection?.oauth
    const rows = yield* oauth === undefined
      ? insert
      : sql
          .withTransaction(
            Effect.tap(insert, () =>
              query(
                "creating a consent",
                TokenRows.replace(sql, id, Option.some(TokenRows.seal(cipher, id, oauth)), createdOn).pipe(
                  Effect.as([])
                )
              )
            )
          )
          .pipe(Effect.catchTag("SqlError", (error) => Effect.fail(fromSqlError("creating a consent")(error))))
    const consents = yield* decodeRows("creating a consent")(rows)
    const consent = consents[0]
    if (consent === undefined) {
      return yield* new StoreError({ reason: "Query", message: "creating a consent returned no row" })
    }
    return consent
  })

  const list = Effect.fn("Consents.list")(function* (apiKeyId: ApiKeyId, request?: ConsentQuery) {
    const count = Math.min(100, Math.max(1, Math.trunc(request?.count ?? 50)))
    const currentPage = Math.max(1, Math.trunc(request?.currentPage ?? 1))
    const onDay = (column: string, value: string | undefined): ReadonlyArray<Fragment> => {
      if (value === undefined || !day.test(value)) return []
      const start = new Date(`${value}T00:00:00.000Z`)
      if (Number.isNaN(start.getTime())) return []
      const end = new Date(start.getTime() + 86_400_000)
      return [sql`${sql(column)} >= ${start} AND ${sql(column)} < ${end}`]
    }
    const filters: Array<Fragment> = [
      sql`api_key_id = ${apiKeyId}`,
      ...(request?.status === undefined ? [] : [sql`status = ${request.status}`]),
      ...(request?.source === undefined ? [] : [sql`source = ${request.source}`]),
      ...(request?.name === undefined ? [] : [sql`name = ${request.name}`]),
      ...(request?.isTest === undefined ? [] : [sql`is_test = ${request.isTest}`]),
      ...(request?.systemSettingsId === undefined ? [] : [sql`system_settings_id = ${request.systemSettingsId}`]),
      ...onDay("created_on", request?.createdOn),
      ...onDay("updated_on", request?.updatedOn)
    ]
    const where = sql.and(filters)
    const order = request?.orderBy ?? { field: "createdOn", direction: "asc" }
    const direction = sql.literal(order.direction === "desc" ? "DESC" : "ASC")
    const totals = yield* query(
      "listing consents",
      sql<{ readonly total: number }>`SELECT count(*)::integer AS total FROM konto_consents WHERE ${where}`
    )
    const totalResources = totals[0]?.total ?? 0
    const rows = yield* query(
      "listing consents",
      sql`
        SELECT ${consentColumns} FROM konto_consents WHERE ${where}
        ORDER BY ${sql(orderColumns[order.field])} ${direction} NULLS LAST, id ${direction}
        LIMIT ${count} OFFSET ${(currentPage - 1) * count}`
    )
    const consents = yield* decodeRows("listing consents")(rows)
    return {
      consents,
      totalResources,
      totalPages: Math.ceil(totalResources / count),
      currentPage
    }
  })

  /** Applies a change guarded by the owner and, when given, the expected version. */
  const change = (
    operation: string,
    apiKeyId: ApiKeyId,
    consentId: string,
    options: WriteOptions | undefined,
    set: (updatedOn: Date) => Fragment
  ) =>
    Effect.gen(function* () {
      if (!isConsentId(consentId)) return yield* new ConsentNotFound({ consentId })
      const updatedOn = yield* now
      const expected = options?.expectedVersion
      const rows = yield* query(
        operation,
        sql`
          UPDATE konto_consents SET ${set(updatedOn)}, updated_on = ${updatedOn}, version = version + 1
          WHERE id = ${consentId} AND api_key_id = ${apiKeyId}
            ${expected === undefined ? sql.literal("") : sql`AND version = ${expected}`}
          RETURNING ${consentColumns}`
      )
      const consents = yield* decodeRows(operation)(rows)
      const consent = consents[0]
      if (consent !== undefined) return consent
      const current = yield* findOne(operation, apiKeyId, consentId)
      if (Option.isNone(current)) return yield* new ConsentNotFound({ consentId })
      return yield* new ConsentVersionMismatch({
        consentId,
        expectedVersion: expected ?? current.value.version,
        currentVersion: current.value.version
      })
    })

  const update = Effect.fn("Consents.update")(
    function* (apiKeyId: ApiKeyId, consentId: string, patch: ConsentPatch, options?: WriteOptions) {
      yield* validate(patch)
      return yield* change(
        "updating a consent",
        apiKeyId,
        consentId,
        options,
        () =>
          sql`
        name = COALESCE(${patch.name ?? null}, name),
        status = COALESCE(${patch.status ?? null}, status),
        time_zone = COALESCE(${patch.timeZone ?? null}, time_zone)`
      )
    },
    (write, apiKeyId, consentId) => write.pipe(announced(apiKeyId, consentId))
  )

  const connect = Effect.fn("Consents.connect")(
    function* (apiKeyId: ApiKeyId, consentId: string, connection: ConnectionInput, options?: WriteOptions) {
      yield* validate(connection)
      const secrets = connection.secrets ?? {}
      return yield* sql
        .withTransaction(
          Effect.gen(function* () {
            const consent = yield* change(
              "connecting a consent",
              apiKeyId,
              consentId,
              options,
              () =>
                sql`
            status = 'Accepted',
            source = ${connection.system},
            time_zone = COALESCE(${connection.timeZone ?? null}, time_zone),
            base_url = ${connection.baseUrl ?? null},
            settings = ${JSON.stringify(connection.settings ?? {})}::jsonb,
            secret_names = ${JSON.stringify(Object.keys(secrets))}::jsonb,
            secrets = ${seal(consentId, secrets)}`
            )
            // Tokens of the old grant must not be used (nor refreshed over the new ones): replace or clear them
            // under the next version.
            const oauth = Option.map(Option.fromNullishOr(connection.oauth), (tokens) =>
              TokenRows.seal(cipher, consentId, tokens)
            )
            const replacedAt = DateTime.toDateUtc(consent.updatedOn.pipe(Option.getOrElse(() => consent.createdOn)))
            yield* query(
              "connecting a consent",
              TokenRows.replace(sql, consentId, oauth, replacedAt).pipe(Effect.as([]))
            )
            return consent
          })
        )
        .pipe(Effect.catchTag("SqlError", (error) => Effect.fail(fromSqlError("connecting a consent")(error))))
    },
    (write, apiKeyId, consentId) => write.pipe(announced(apiKeyId, consentId))
  )

  const remove = Effect.fn("Consents.remove")(
    function* (apiKeyId: ApiKeyId, consentId: string) {
      if (!isConsentId(consentId)) return yield* new ConsentNotFound({ consentId })
      const deleted = yield* sql
        .withTransaction(
          Effect.gen(function* () {
            const rows = yield* query(
              "deleting a consent",
              sql<{ readonly id: string }>`
            DELETE FROM konto_consents WHERE id = ${consentId} AND api_key_id = ${apiKeyId} RETURNING id`
            )
            if (rows.length > 0) {
              yield* query("deleting a consent", sql`DELETE FROM konto_oauth_tokens WHERE connection_id = ${consentId}`)
            }
            return rows.length > 0
          })
        )
        .pipe(Effect.catchTag("SqlError", (error) => Effect.fail(fromSqlError("deleting a consent")(error))))
      if (!deleted) return yield* new ConsentNotFound({ consentId })
    },
    (write, apiKeyId, consentId) => write.pipe(announced(apiKeyId, consentId))
  )

  const connection = Effect.fn("Consents.connection")(function* (apiKeyId: ApiKeyId, consentId: string) {
    const consent = yield* get(apiKeyId, consentId)
    if (Option.isNone(consent.source)) return yield* new ConsentNotConnected({ consentId })
    const rows = yield* query(
      "reading a consent's credentials",
      sql`SELECT secrets FROM konto_consents WHERE id = ${consent.id} AND api_key_id = ${apiKeyId}`
    )
    const sealed = yield* Schema.decodeUnknownEffect(SealedRow)(rows[0]).pipe(
      Effect.mapError(malformed("reading a consent's credentials"))
    )
    const secrets = sealed.secrets === null ? {} : yield* open(consent.id, sealed.secrets)
    const connection: Connection = {
      connectionId: consent.id,
      system: consent.source.value,
      timeZone: consent.timeZone,
      baseUrl: consent.baseUrl,
      settings: consent.settings,
      secrets
    }
    return { consent, connection }
  })

  const createOneTimeCode = Effect.fn("Consents.createOneTimeCode")(function* (apiKeyId: ApiKeyId, consentId: string) {
    const consent = yield* get(apiKeyId, consentId)
    const code = `konto_otc_${randomBytes(32).toString("base64url")}`
    const issuedAt = yield* DateTime.now
    const expiresAt = DateTime.addDuration(issuedAt, oneTimeCodeLifetime)
    yield* query(
      "creating a one-time code",
      sql`DELETE FROM konto_consent_codes WHERE consent_id = ${consent.id} AND expires_at < ${DateTime.toDateUtc(issuedAt)}`
    )
    yield* query(
      "creating a one-time code",
      sql`
        INSERT INTO konto_consent_codes (code_hash, consent_id, expires_at)
        VALUES (${sha256(code)}, ${consent.id}, ${DateTime.toDateUtc(expiresAt)})`
    )
    return { code: Redacted.make(code, { label: "OneTimeCode" }), expiresAt }
  })

  const exchangeOneTimeCode = Effect.fn("Consents.exchangeOneTimeCode")(function* (
    consentId: string,
    code: Redacted.Redacted<string>
  ) {
    if (!isConsentId(consentId)) return yield* new OneTimeCodeInvalid()
    const exchangedAt = yield* DateTime.now
    const at = DateTime.toDateUtc(exchangedAt)
    const token = `konto_cat_${randomBytes(32).toString("base64url")}`
    const expiresAt = DateTime.toDateUtc(DateTime.addDuration(exchangedAt, accessTokenLifetime))
    const exchanged = yield* sql
      .withTransaction(
        Effect.gen(function* () {
          // One statement marks the code used, so two concurrent exchanges cannot both succeed.
          const used = yield* query(
            "exchanging a one-time code",
            sql<{ readonly consent_id: string }>`
            UPDATE konto_consent_codes SET used_at = ${at}
            WHERE code_hash = ${sha256(Redacted.value(code))} AND consent_id = ${consentId}
              AND used_at IS NULL AND expires_at > ${at}
            RETURNING consent_id`
          )
          if (used.length === 0) return false
          yield* query(
            "exchanging a one-time code",
            sql`
            DELETE FROM konto_consent_tokens WHERE consent_id = ${consentId} AND expires_at < ${at}`
          )
          yield* query(
            "exchanging a one-time code",
            sql`
            INSERT INTO konto_consent_tokens (token_hash, consent_id, expires_at)
            VALUES (${sha256(token)}, ${consentId}, ${expiresAt})`
          )
          return true
        })
      )
      .pipe(Effect.catchTag("SqlError", (error) => Effect.fail(fromSqlError("exchanging a one-time code")(error))))
    if (!exchanged) return yield* new OneTimeCodeInvalid()
    return {
      consentId,
      token: Redacted.make(token, { label: "ConsentAccessToken" }),
      expiresIn: Math.round(Duration.toSeconds(accessTokenLifetime))
    }
  })

  const verifyAccessToken = Effect.fn("Consents.verifyAccessToken")(function* (token: Redacted.Redacted<string>) {
    const at = yield* now
    const rows = yield* query(
      "verifying a consent access token",
      sql`
        SELECT ${sql.literal(
          columns
            .split(", ")
            .map((column) => `c.${column}`)
            .join(", ")
        )}
        FROM konto_consent_tokens t
          JOIN konto_consents c ON c.id = t.consent_id
          JOIN konto_api_keys k ON k.id = c.api_key_id
        WHERE t.token_hash = ${sha256(Redacted.value(token))} AND t.expires_at > ${at} AND k.revoked_at IS NULL`
    )
    const consents = yield* decodeRows("verifying a consent access token")(rows)
    const consent = consents[0]
    if (consent === undefined) return yield* new ConsentAccessTokenInvalid()
    return consent
  })

  return Consents.of({
    create,
    get,
    list,
    update,
    connect,
    remove,
    connection,
    createOneTimeCode,
    exchangeOneTimeCode,
    verifyAccessToken
  })
})

/** The consent service, needing the store's SQL client, cipher and change announcements. */
export const layer: Layer.Layer<Consents, never, SqlClient | Cipher | Changes> = Layer.effect(Consents, make)
