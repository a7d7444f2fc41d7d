/**
 * The store suite, parameterised by the database driver: every behaviour is checked the same way on PGlite and
 * on PostgreSQL. Tests share one database per driver, so each works on its own API keys and consents.
 */

import { createHash } from "node:crypto"
import { assert, layer } from "@effect/vitest"
import { SystemId, TokenStore } from "@konto/core"
import { Context, DateTime, Effect, Fiber, Option, Redacted } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { TestClock } from "effect/testing"
import { ApiKeys, Changes, Consents, Idempotency, type StoreError } from "../src/index.ts"
import * as Migrations from "../src/internal/Migrations.ts"
import { type DriverLayer, StoreDriver } from "./StoreDriver.ts"

const fortnox = SystemId.make("fortnox")

const secretOf = (tokens: TokenStore.OAuthTokens) => Redacted.value(tokens.accessToken)

const tokens = (label: string, expiresAtMillis = 0): TokenStore.OAuthTokens => ({
  accessToken: Redacted.make(`access-${label}`),
  refreshToken: Redacted.make(`refresh-${label}`),
  expiresAtMillis
})

/** A fresh API key (each test owns its keys, so tests sharing one database never see each other's data). */
const newKey = (label = "test") => Effect.flatMap(ApiKeys.ApiKeys, (keys) => keys.create({ label }))

/** Every stored byte of a table as text, to look for plaintext secrets at rest. */
const tableText = (table: string) =>
  Effect.gen(function* () {
    const { sql } = yield* StoreDriver
    const rows = yield* sql.unsafe<Record<string, unknown>>(`SELECT * FROM ${table}`)
    return rows
      .map((row) =>
        Object.values(row)
          .map((value) => (value instanceof Uint8Array ? Buffer.from(value).toString("latin1") : JSON.stringify(value)))
          .join("\u0000")
      )
      .join("\n")
  })

/** Runs an effect that must fail with a `StoreError` of the given reason. */
const expectStoreError = <A, E extends { readonly _tag: string }, R>(
  effect: Effect.Effect<A, E, R>,
  reason: StoreError["reason"]
) =>
  Effect.gen(function* () {
    const error = yield* Effect.flip(effect)
    assert.strictEqual(error._tag, "StoreError")
    assert.strictEqual((error as unknown as StoreError).reason, reason)
  })

/** Registers the store suite against one driver. */
export const storeSuite = (name: string, driver: DriverLayer) =>
  layer(driver, { timeout: "60 seconds" })(`store on ${name}`, (it) => {
    it.effect("migrations are idempotent: a second and concurrent runs apply nothing", () =>
      Effect.gen(function* () {
        const { sql } = yield* StoreDriver
        const runs = yield* Effect.all([Migrations.run, Migrations.run, Migrations.run], { concurrency: 3 }).pipe(
          Effect.provideService(SqlClient, sql)
        )
        assert.deepStrictEqual(
          runs.map((applied) => applied.length),
          [0, 0, 0]
        )
        const recorded = yield* sql<{ readonly migration_id: number }>`SELECT migration_id FROM konto_migrations`
        const expected = Object.keys(Migrations.migrations).map((key) => Number(key.split("_")[0]))
        assert.deepStrictEqual(
          recorded.map((row) => row.migration_id),
          expected
        )
      })
    )

    it.effect("API keys: create, verify, list, revoke", () =>
      Effect.gen(function* () {
        const keys = yield* ApiKeys.ApiKeys
        const issued = yield* keys.create({ label: "ci" })
        assert.match(Redacted.value(issued.key), /^konto_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/)
        assert.isTrue(Redacted.value(issued.key).startsWith(issued.apiKey.prefix))
        assert.strictEqual(issued.apiKey.label, "ci")
        const verified = yield* keys.verify(issued.key)
        assert.strictEqual(verified.id, issued.apiKey.id)
        const listed = yield* keys.list
        assert.isTrue(listed.some((key) => key.id === issued.apiKey.id && Option.isNone(key.revokedAt)))
        const revoked = yield* keys.revoke(issued.apiKey.id)
        assert.isTrue(Option.isSome(revoked.revokedAt))
        const again = yield* keys.revoke(issued.apiKey.id)
        assert.deepStrictEqual(again.revokedAt, revoked.revokedAt)
        const refused = yield* Effect.flip(keys.verify(issued.key))
        assert.strictEqual(refused._tag, "ApiKeyInvalid")
        const missing = yield* Effect.flip(keys.revoke("0000000000000000"))
        assert.strictEqual(missing._tag, "ApiKeyNotFound")
      })
    )

    it.effect("API keys: a key made elsewhere can be registered, once", () =>
      Effect.gen(function* () {
        const keys = yield* ApiKeys.ApiKeys
        const id = Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString("hex")
        const key = Redacted.make(`konto_${id}_${Buffer.alloc(32, 5).toString("base64url")}`)
        const registered = yield* keys.register({ label: "demo", key })
        assert.strictEqual(registered.id, id)
        assert.deepStrictEqual(yield* keys.register({ label: "demo again", key }), registered)
        assert.strictEqual((yield* keys.verify(key)).id, id)
        const taken = Redacted.make(`konto_${id}_${Buffer.alloc(32, 6).toString("base64url")}`)
        assert.strictEqual((yield* Effect.flip(keys.register({ label: "clash", key: taken })))._tag, "ApiKeyInvalid")
        assert.strictEqual((yield* Effect.flip(keys.verify(taken)))._tag, "ApiKeyInvalid")
        const malformed = Redacted.make("not-a-konto-key")
        assert.strictEqual((yield* Effect.flip(keys.register({ label: "bad", key: malformed })))._tag, "ApiKeyInvalid")
      })
    )

    it.effect("API keys: a wrong, malformed or unknown key is rejected", () =>
      Effect.gen(function* () {
        const keys = yield* ApiKeys.ApiKeys
        const issued = yield* keys.create({ label: "victim" })
        const text = Redacted.value(issued.key)
        const lastChar = text.at(-1) === "A" ? "B" : "A"
        const candidates = [
          `${text.slice(0, -1)}${lastChar}`, // right id, wrong secret
          text.replace(/_[0-9a-f]{16}_/, "_ffffffffffffffff_"), // unknown id
          text.toUpperCase(),
          `${text} `,
          "",
          "konto_",
          "Bearer " + text
        ]
        for (const candidate of candidates) {
          const refused = yield* Effect.flip(keys.verify(Redacted.make(candidate)))
          assert.strictEqual(refused._tag, "ApiKeyInvalid", candidate)
        }
      })
    )

    it.effect("API keys: only a one-way hash is stored, never the key", () =>
      Effect.gen(function* () {
        const keys = yield* ApiKeys.ApiKeys
        const issued = yield* keys.create({ label: "at-rest" })
        const text = Redacted.value(issued.key)
        const secret = text.split("_").slice(2).join("_")
        const stored = yield* tableText("konto_api_keys")
        assert.isFalse(stored.includes(text))
        assert.isFalse(stored.includes(secret))
        assert.isFalse(stored.includes(Buffer.from(secret, "base64url").toString("latin1")))
        const { sql } = yield* StoreDriver
        const rows = yield* sql<{ readonly key_hash: Uint8Array }>`
          SELECT key_hash FROM konto_api_keys WHERE id = ${issued.apiKey.id}`
        const sha256 = createHash("sha256").update(text).digest()
        assert.deepStrictEqual(Buffer.from(rows[0]?.key_hash ?? []), sha256)
      })
    )

    it.effect("API keys: last use is recorded at most once a minute", () =>
      Effect.gen(function* () {
        const keys = yield* ApiKeys.ApiKeys
        const issued = yield* keys.create({ label: "usage" })
        assert.isTrue(Option.isNone(issued.apiKey.lastUsedAt))
        const first = yield* keys.verify(issued.key)
        assert.isTrue(Option.isSome(first.lastUsedAt))
        yield* TestClock.adjust("30 seconds")
        const second = yield* keys.verify(issued.key)
        assert.deepStrictEqual(second.lastUsedAt, first.lastUsedAt)
        yield* TestClock.adjust("31 seconds")
        const third = yield* keys.verify(issued.key)
        assert.notDeepEqual(third.lastUsedAt, first.lastUsedAt)
        const listed = (yield* keys.list).find((key) => key.id === issued.apiKey.id)
        assert.deepStrictEqual(listed?.lastUsedAt, third.lastUsedAt)
      })
    )

    it.effect("consents: create, get, update, connect, remove", () =>
      Effect.gen(function* () {
        const consents = yield* Consents.Consents
        const { apiKey } = yield* newKey()
        const created = yield* consents.create(apiKey.id, { name: "Acme AB", systemSettingsId: "s-1", isTest: true })
        assert.strictEqual(created.status, "Created")
        assert.strictEqual(created.timeZone, "Europe/Stockholm")
        assert.strictEqual(created.version, 1)
        assert.isTrue(Option.isNone(created.source))
        assert.isTrue(Option.isNone(created.updatedOn))
        assert.deepStrictEqual(created.systemSettingsId, Option.some("s-1"))
        assert.isTrue(created.isTest)
        assert.deepStrictEqual(yield* consents.get(apiKey.id, created.id), created)

        const notConnected = yield* Effect.flip(consents.connection(apiKey.id, created.id))
        assert.strictEqual(notConnected._tag, "ConsentNotConnected")

        yield* TestClock.adjust("1 hour")
        const renamed = yield* consents.update(
          apiKey.id,
          created.id,
          { name: "Acme Group AB" },
          {
            expectedVersion: 1
          }
        )
        assert.strictEqual(renamed.name, "Acme Group AB")
        assert.strictEqual(renamed.status, "Created")
        assert.strictEqual(renamed.version, 2)
        assert.isTrue(Option.isSome(renamed.updatedOn))

        const stale = yield* Effect.flip(consents.update(apiKey.id, created.id, { name: "x" }, { expectedVersion: 1 }))
        assert.strictEqual(stale._tag, "ConsentVersionMismatch")
        assert.strictEqual(stale._tag === "ConsentVersionMismatch" ? stale.currentVersion : -1, 2)

        const connected = yield* consents.connect(
          apiKey.id,
          created.id,
          {
            system: fortnox,
            timeZone: "Europe/Helsinki",
            baseUrl: "http://127.0.0.1:4010/fortnox",
            settings: { tenantId: "t-1" },
            secrets: { clientSecret: Redacted.make("c-secret"), refreshToken: Redacted.make("r-secret") }
          },
          { expectedVersion: 2 }
        )
        assert.strictEqual(connected.status, "Accepted")
        assert.deepStrictEqual(connected.source, Option.some(fortnox))
        assert.strictEqual(connected.timeZone, "Europe/Helsinki")
        assert.deepStrictEqual(connected.baseUrl, Option.some("http://127.0.0.1:4010/fortnox"))
        assert.deepStrictEqual(connected.settings, { tenantId: "t-1" })
        assert.deepStrictEqual([...connected.secretNames].sort(), ["clientSecret", "refreshToken"])

        const revoked = yield* consents.update(apiKey.id, created.id, { status: "Revoked" })
        assert.strictEqual(revoked.status, "Revoked")
        assert.strictEqual(revoked.name, "Acme Group AB")

        yield* consents.remove(apiKey.id, created.id)
        assert.strictEqual((yield* Effect.flip(consents.get(apiKey.id, created.id)))._tag, "ConsentNotFound")
        assert.strictEqual((yield* Effect.flip(consents.remove(apiKey.id, created.id)))._tag, "ConsentNotFound")
        assert.strictEqual((yield* Effect.flip(consents.get(apiKey.id, "not-a-uuid")))._tag, "ConsentNotFound")
      })
    )

    it.effect("consents: input is validated (name, time zone, base URL)", () =>
      Effect.gen(function* () {
        const consents = yield* Consents.Consents
        const { apiKey } = yield* newKey()
        const fields = [
          yield* Effect.flip(consents.create(apiKey.id, { name: "  " })),
          yield* Effect.flip(consents.create(apiKey.id, { name: "A", timeZone: "Mars/Olympus" })),
          yield* Effect.flip(
            consents.create(apiKey.id, {
              name: "A",
              connection: { system: fortnox, baseUrl: "file:///etc/passwd" }
            })
          )
        ].map((error) => (error._tag === "ConsentInputInvalid" ? error.field : error._tag))
        assert.deepStrictEqual(fields, ["name", "timeZone", "baseUrl"])
      })
    )

    it.effect("consents: listing filters, pages and orders", () =>
      Effect.gen(function* () {
        const consents = yield* Consents.Consents
        const { apiKey } = yield* newKey()
        for (const [index, name] of ["C", "A", "E", "B", "D"].entries()) {
          yield* TestClock.adjust("1 day")
          yield* consents.create(apiKey.id, {
            name,
            isTest: index % 2 === 0,
            ...(index < 2 ? { connection: { system: fortnox } } : {})
          })
        }
        const all = yield* consents.list(apiKey.id)
        assert.deepStrictEqual(
          all.consents.map((consent) => consent.name),
          ["C", "A", "E", "B", "D"]
        )
        assert.deepStrictEqual([all.totalResources, all.totalPages, all.currentPage], [5, 1, 1])

        const page2 = yield* consents.list(apiKey.id, {
          count: 2,
          currentPage: 2,
          orderBy: { field: "name", direction: "asc" }
        })
        assert.deepStrictEqual(
          page2.consents.map((consent) => consent.name),
          ["C", "D"]
        )
        assert.deepStrictEqual([page2.totalResources, page2.totalPages, page2.currentPage], [5, 3, 2])

        const beyond = yield* consents.list(apiKey.id, { count: 2, currentPage: 9 })
        assert.deepStrictEqual([beyond.consents.length, beyond.totalResources], [0, 5])

        const newestFirst = yield* consents.list(apiKey.id, { orderBy: { field: "createdOn", direction: "desc" } })
        assert.deepStrictEqual(
          newestFirst.consents.map((consent) => consent.name),
          ["D", "B", "E", "A", "C"]
        )

        const accepted = yield* consents.list(apiKey.id, { status: "Accepted" })
        assert.deepStrictEqual(
          accepted.consents.map((consent) => consent.name),
          ["C", "A"]
        )
        const bySource = yield* consents.list(apiKey.id, { source: "fortnox", isTest: true })
        assert.deepStrictEqual(
          bySource.consents.map((consent) => consent.name),
          ["C"]
        )
        const byName = yield* consents.list(apiKey.id, { name: "E" })
        assert.deepStrictEqual(
          byName.consents.map((consent) => consent.name),
          ["E"]
        )

        const third = all.consents[2]
        assert.isDefined(third)
        const day = third === undefined ? "" : DateTime.formatIso(third.createdOn).slice(0, 10)
        const onDay = yield* consents.list(apiKey.id, { createdOn: day })
        assert.deepStrictEqual(
          onDay.consents.map((consent) => consent.name),
          ["E"]
        )
      })
    )

    it.effect("consents: another API key's consent behaves as not found", () =>
      Effect.gen(function* () {
        const consents = yield* Consents.Consents
        const owner = (yield* newKey("owner")).apiKey.id
        const other = (yield* newKey("other")).apiKey.id
        const consent = yield* consents.create(owner, {
          name: "Owned",
          connection: { system: fortnox, secrets: { apiToken: Redacted.make("owner-token") } }
        })
        const attempts = [
          yield* Effect.flip(consents.get(other, consent.id)),
          yield* Effect.flip(consents.update(other, consent.id, { name: "stolen" })),
          yield* Effect.flip(consents.connect(other, consent.id, { system: fortnox })),
          yield* Effect.flip(consents.connection(other, consent.id)),
          yield* Effect.flip(consents.createOneTimeCode(other, consent.id)),
          yield* Effect.flip(consents.remove(other, consent.id))
        ]
        assert.deepStrictEqual(
          attempts.map((error) => error._tag),
          Array(6).fill("ConsentNotFound")
        )
        assert.strictEqual((yield* consents.list(other)).totalResources, 0)
        assert.deepStrictEqual(yield* consents.get(owner, consent.id), consent)
        const { connection } = yield* consents.connection(owner, consent.id)
        assert.strictEqual(Redacted.value(connection.secrets["apiToken"] ?? Redacted.make("")), "owner-token")
      })
    )

    it.effect("changes: revocations and consent writes are announced once committed, failed writes never", () =>
      Effect.gen(function* () {
        const keys = yield* ApiKeys.ApiKeys
        const consents = yield* Consents.Consents
        const changes = yield* Changes.Changes
        const owner = yield* newKey("announced")
        const other = yield* newKey("bystander")
        const seen: Array<string> = []
        const record = (line: string) =>
          Effect.sync(() => {
            seen.push(line)
          })
        // What a listener reads is what a request after the write would read: the write is already committed.
        yield* changes.subscribe((change) =>
          change.apiKeyId !== owner.apiKey.id
            ? Effect.void
            : change._tag === "ApiKeyRevoked"
              ? keys.verify(owner.key).pipe(
                  Effect.match({
                    onFailure: (error) => `revoked ${error._tag}`,
                    onSuccess: () => "revoked but still valid"
                  }),
                  Effect.flatMap(record)
                )
              : consents.get(change.apiKeyId, change.consentId).pipe(
                  Effect.match({
                    onFailure: (error) => `consent ${error._tag}`,
                    onSuccess: (consent) => `consent v${consent.version} ${consent.status} ${consent.name}`
                  }),
                  Effect.flatMap(record)
                )
        )
        // A listener's defect is not the writer's failure.
        yield* changes.subscribe(() => Effect.die("a broken listener"))

        const consent = yield* consents.create(owner.apiKey.id, { name: "Watched" })
        yield* consents.get(owner.apiKey.id, consent.id)
        assert.deepStrictEqual(seen, [], "creating and reading announce nothing")

        yield* consents.update(owner.apiKey.id, consent.id, { name: "Renamed" })
        yield* consents.connect(owner.apiKey.id, consent.id, { system: fortnox })
        yield* consents.update(owner.apiKey.id, consent.id, { status: "Revoked" })
        yield* Effect.flip(consents.update(owner.apiKey.id, consent.id, { name: "x" }, { expectedVersion: 1 }))
        yield* Effect.flip(consents.update(other.apiKey.id, consent.id, { name: "stolen" }))
        yield* consents.remove(owner.apiKey.id, consent.id)
        yield* keys.revoke(owner.apiKey.id)
        assert.deepStrictEqual(seen, [
          "consent v2 Created Renamed",
          "consent v3 Accepted Renamed",
          "consent v4 Revoked Renamed",
          "consent ConsentNotFound",
          "revoked ApiKeyInvalid"
        ])
      }).pipe(Effect.scoped)
    )

    it.effect("changes: a revocation interrupted at any point is never committed unannounced", () =>
      Effect.gen(function* () {
        const keys = yield* ApiKeys.ApiKeys
        const changes = yield* Changes.Changes
        const heard = new Set<string>()
        yield* changes.subscribe((change) =>
          Effect.sync(() => {
            heard.add(change.apiKeyId)
          })
        )
        const outcomes = new Set<string>()
        for (let ticks = 0; ticks < 12; ticks++) {
          const { apiKey, key } = yield* newKey(`interrupted after ${ticks}`)
          const revoking = yield* Effect.forkChild(keys.revoke(apiKey.id))
          for (let tick = 0; tick < ticks; tick++) yield* Effect.yieldNow
          yield* Fiber.interrupt(revoking)
          const revoked = yield* keys.verify(key).pipe(
            Effect.match({ onFailure: () => true, onSuccess: () => false })
          )
          outcomes.add(revoked ? "revoked" : "untouched")
          if (revoked) assert.isTrue(heard.has(apiKey.id), `revoked after ${ticks} ticks without an announcement`)
        }
        // Some interruptions land before the write, some after it: both sides are exercised.
        assert.deepStrictEqual([...outcomes].sort(), ["revoked", "untouched"])
      }).pipe(Effect.scoped)
    )

    it.effect("changes: a listener hears nothing once its scope closed", () =>
      Effect.gen(function* () {
        const keys = yield* ApiKeys.ApiKeys
        const changes = yield* Changes.Changes
        const first = yield* newKey("first")
        const second = yield* newKey("second")
        const heard: Array<string> = []
        yield* Effect.scoped(
          Effect.gen(function* () {
            yield* changes.subscribe((change) =>
              Effect.sync(() => {
                heard.push(change.apiKeyId)
              })
            )
            yield* keys.revoke(first.apiKey.id)
          })
        )
        yield* keys.revoke(second.apiKey.id)
        assert.deepStrictEqual(heard, [first.apiKey.id])
      })
    )

    it.effect("credentials are encrypted at rest and decrypted into a Connection", () =>
      Effect.gen(function* () {
        const consents = yield* Consents.Consents
        const { apiKey } = yield* newKey()
        const secret = "s3cr3t-client-secret-value"
        const consent = yield* consents.create(apiKey.id, {
          name: "Encrypted",
          connection: {
            system: fortnox,
            settings: { administrationId: "adm-1" },
            secrets: { clientSecret: Redacted.make(secret) }
          }
        })
        const stored = yield* tableText("konto_consents")
        assert.isFalse(stored.includes(secret))
        assert.isTrue(stored.includes("adm-1"))

        const { connection } = yield* consents.connection(apiKey.id, consent.id)
        assert.strictEqual(connection.connectionId, consent.id)
        assert.strictEqual(connection.system, fortnox)
        assert.strictEqual(connection.timeZone, "Europe/Stockholm")
        assert.deepStrictEqual(connection.settings, { administrationId: "adm-1" })
        assert.deepStrictEqual(Object.keys(connection.secrets), ["clientSecret"])
        assert.strictEqual(Redacted.value(connection.secrets["clientSecret"] ?? Redacted.make("")), secret)
        assert.isFalse(String(connection.secrets["clientSecret"]).includes(secret))

        // Each write draws a fresh nonce: the same secrets never seal to the same bytes.
        const { sql } = yield* StoreDriver
        const sealed = () =>
          sql<{ readonly secrets: Uint8Array }>`SELECT secrets FROM konto_consents WHERE id = ${consent.id}`.pipe(
            Effect.map((rows) => Buffer.from(rows[0]?.secrets ?? []).toString("hex"))
          )
        const before = yield* sealed()
        yield* consents.connect(apiKey.id, consent.id, {
          system: fortnox,
          settings: { administrationId: "adm-1" },
          secrets: { clientSecret: Redacted.make(secret) }
        })
        assert.notStrictEqual(yield* sealed(), before)
      })
    )

    it.effect("a tampered or moved secrets blob fails with a Decryption StoreError", () =>
      Effect.gen(function* () {
        const consents = yield* Consents.Consents
        const { sql } = yield* StoreDriver
        const { apiKey } = yield* newKey()
        const connection = { system: fortnox, secrets: { apiToken: Redacted.make("token") } }
        const first = yield* consents.create(apiKey.id, { name: "First", connection })
        const second = yield* consents.create(apiKey.id, { name: "Second", connection })
        // The blob is bound to its consent: copied onto another consent it does not open.
        yield* sql`UPDATE konto_consents SET secrets = (SELECT secrets FROM konto_consents WHERE id = ${first.id})
          WHERE id = ${second.id}`
        yield* expectStoreError(consents.connection(apiKey.id, second.id), "Decryption")
        // One flipped bit and the authentication tag no longer matches.
        yield* sql`UPDATE konto_consents SET secrets = overlay(secrets placing '\\xff'::bytea from 20 for 1)
          WHERE id = ${first.id}`
        yield* expectStoreError(consents.connection(apiKey.id, first.id), "Decryption")
      })
    )

    it.effect("a replica with another encryption key is refused at start", () =>
      Effect.gen(function* () {
        const driver = yield* StoreDriver
        const otherKey = Redacted.make(Buffer.alloc(32, 7).toString("base64"))
        yield* expectStoreError(Effect.scoped(driver.replica(otherKey)), "EncryptionKey")
        const malformedKey = Redacted.make("not-a-key")
        yield* expectStoreError(Effect.scoped(driver.replica(malformedKey)), "Configuration")
      })
    )

    it.effect("one-time codes: single use, short-lived, exchanged for a consent access token", () =>
      Effect.gen(function* () {
        const consents = yield* Consents.Consents
        const { apiKey } = yield* newKey()
        const consent = yield* consents.create(apiKey.id, { name: "Onboarding" })
        const other = yield* consents.create(apiKey.id, { name: "Other" })
        const otc = yield* consents.createOneTimeCode(apiKey.id, consent.id)
        const wrongConsent = yield* Effect.flip(consents.exchangeOneTimeCode(other.id, otc.code))
        assert.strictEqual(wrongConsent._tag, "OneTimeCodeInvalid")
        const token = yield* consents.exchangeOneTimeCode(consent.id, otc.code)
        assert.strictEqual(token.consentId, consent.id)
        assert.strictEqual(token.expiresIn, 3600)
        assert.strictEqual((yield* consents.verifyAccessToken(token.token)).id, consent.id)
        const reused = yield* Effect.flip(consents.exchangeOneTimeCode(consent.id, otc.code))
        assert.strictEqual(reused._tag, "OneTimeCodeInvalid")
        const stored = yield* tableText("konto_consent_codes")
        assert.isFalse(stored.includes(Redacted.value(otc.code)))

        const late = yield* consents.createOneTimeCode(apiKey.id, consent.id)
        yield* TestClock.adjust("11 minutes")
        const tooLate = yield* Effect.flip(consents.exchangeOneTimeCode(consent.id, late.code))
        assert.strictEqual(tooLate._tag, "OneTimeCodeInvalid")
        yield* TestClock.adjust("50 minutes")
        const expired = yield* Effect.flip(consents.verifyAccessToken(token.token))
        assert.strictEqual(expired._tag, "ConsentAccessTokenInvalid")
      })
    )

    it.effect("one-time codes: concurrent exchanges of one code succeed once", () =>
      Effect.gen(function* () {
        const consents = yield* Consents.Consents
        const { apiKey } = yield* newKey()
        const consent = yield* consents.create(apiKey.id, { name: "Race" })
        const otc = yield* consents.createOneTimeCode(apiKey.id, consent.id)
        const results = yield* Effect.all(
          Array.from({ length: 10 }, () => Effect.result(consents.exchangeOneTimeCode(consent.id, otc.code))),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(results.filter((result) => result._tag === "Success").length, 1)
      })
    )

    it.effect("token store: compare-and-set by version, tokens encrypted at rest", () =>
      Effect.gen(function* () {
        const store = yield* TokenStore.TokenStore
        const connectionId = crypto.randomUUID()
        assert.isTrue(Option.isNone(yield* store.load(connectionId)))
        const first = yield* store.compareAndSet(connectionId, null, tokens("one", 1000))
        assert.strictEqual(first._tag, "Updated")
        assert.strictEqual(first._tag === "Updated" ? first.stored.version : 0, 1)
        const again = yield* store.compareAndSet(connectionId, null, tokens("late"))
        assert.strictEqual(again._tag, "Conflict")
        if (again._tag === "Conflict") {
          assert.strictEqual(Option.getOrThrow(again.current).version, 1)
          assert.strictEqual(secretOf(Option.getOrThrow(again.current).tokens), "access-one")
        }
        const second = yield* store.compareAndSet(connectionId, 1, tokens("two", 2000))
        assert.strictEqual(second._tag === "Updated" ? second.stored.version : 0, 2)
        const stale = yield* store.compareAndSet(connectionId, 1, tokens("stale"))
        assert.strictEqual(stale._tag, "Conflict")
        const loaded = Option.getOrThrow(yield* store.load(connectionId))
        assert.strictEqual(loaded.version, 2)
        assert.strictEqual(secretOf(loaded.tokens), "access-two")
        assert.strictEqual(Redacted.value(loaded.tokens.refreshToken), "refresh-two")
        assert.strictEqual(loaded.tokens.expiresAtMillis, 2000)
        const stored = yield* tableText("konto_oauth_tokens")
        assert.isFalse(stored.includes("access-two"))
        assert.isFalse(stored.includes("refresh-two"))
      })
    )

    it.effect("token store: connecting anew replaces or clears the tokens without reusing a version", () =>
      Effect.gen(function* () {
        const consents = yield* Consents.Consents
        const store = yield* TokenStore.TokenStore
        const { apiKey } = yield* newKey()
        const consent = yield* consents.create(apiKey.id, {
          name: "OAuth",
          connection: { system: fortnox, oauth: tokens("initial", 1_000) }
        })
        const initial = Option.getOrThrow(yield* store.load(consent.id))
        assert.deepStrictEqual([initial.version, secretOf(initial.tokens)], [1, "access-initial"])

        // A replica read version 1, then the customer connected again without tokens: the tokens are gone, and
        // that replica's refresh from the old grant must not land.
        yield* consents.connect(apiKey.id, consent.id, { system: fortnox })
        assert.isTrue(Option.isNone(yield* store.load(consent.id)))
        const late = yield* store.compareAndSet(consent.id, 1, tokens("refreshed-from-old-grant"))
        assert.deepStrictEqual(late, { _tag: "Conflict", current: Option.none() })
        const fresh = yield* store.compareAndSet(consent.id, null, tokens("fresh"))
        assert.strictEqual(fresh._tag === "Updated" ? fresh.stored.version : 0, 3)

        // Connecting again with tokens replaces them under the next version, also for a refresh in flight.
        yield* consents.connect(apiKey.id, consent.id, { system: fortnox, oauth: tokens("reconnected") })
        const reconnected = Option.getOrThrow(yield* store.load(consent.id))
        assert.deepStrictEqual([reconnected.version, secretOf(reconnected.tokens)], [4, "access-reconnected"])
        assert.strictEqual((yield* store.compareAndSet(consent.id, 3, tokens("stale")))._tag, "Conflict")

        yield* consents.remove(apiKey.id, consent.id)
        assert.isTrue(Option.isNone(yield* store.load(consent.id)))
      })
    )

    it.effect(
      "two replicas racing 50 refreshes on one token row: exactly one wins per version",
      () =>
        Effect.gen(function* () {
          const driver = yield* StoreDriver
          const replicaA = yield* TokenStore.TokenStore
          const replicaB = Context.get(yield* driver.replica(), TokenStore.TokenStore)
          const connectionId = crypto.randomUUID()
          yield* replicaA.compareAndSet(connectionId, null, tokens("seed"))

          // Round 1: everyone read version 1; only one may replace it.
          const round = yield* Effect.all(
            Array.from({ length: 50 }, (_, index) =>
              (index % 2 === 0 ? replicaA : replicaB).compareAndSet(connectionId, 1, tokens(`round-${index}`))
            ),
            { concurrency: "unbounded" }
          )
          const winners = round.flatMap((result) => (result._tag === "Updated" ? [result.stored] : []))
          assert.strictEqual(winners.length, 1)
          const winner = winners[0]
          assert.strictEqual(winner?.version, 2)
          for (const result of round) {
            if (result._tag === "Conflict") {
              const current = Option.getOrThrow(result.current)
              assert.strictEqual(current.version, 2)
              assert.strictEqual(secretOf(current.tokens), winner === undefined ? "" : secretOf(winner.tokens))
            }
          }

          // Round 2: 50 refreshers, each retrying until it has refreshed once.
          const refresh = (
            replica: TokenStore.TokenStore["Service"],
            index: number
          ): Effect.Effect<number, TokenStore.TokenStoreError> =>
            Effect.gen(function* () {
              const current = Option.getOrThrow(yield* replica.load(connectionId))
              const result = yield* replica.compareAndSet(connectionId, current.version, tokens(`refresher-${index}`))
              return result._tag === "Updated" ? result.stored.version : yield* refresh(replica, index)
            })
          const versions = yield* Effect.all(
            Array.from({ length: 50 }, (_, index) => refresh(index % 2 === 0 ? replicaA : replicaB, index)),
            { concurrency: "unbounded" }
          )
          assert.deepStrictEqual(
            [...versions].sort((a, b) => a - b),
            Array.from({ length: 50 }, (_, i) => i + 3)
          )
          assert.strictEqual(Option.getOrThrow(yield* replicaB.load(connectionId)).version, 52)
        }),
      60_000
    )

    it.effect("idempotency: new, in flight, mismatch, completed, abandoned", () =>
      Effect.gen(function* () {
        const idempotency = yield* Idempotency.Idempotency
        const consents = yield* Consents.Consents
        const { apiKey } = yield* newKey()
        const consent = yield* consents.create(apiKey.id, { name: "Invoices" })
        const scope = { apiKeyId: apiKey.id, consentId: consent.id, key: "create-1" }
        const body = JSON.stringify({ reference: "1001", amount: 1250.75 })

        const started = yield* idempotency.begin(scope, body)
        assert.strictEqual(started._tag, "New")
        assert.strictEqual((yield* idempotency.begin(scope, body))._tag, "InFlight")
        assert.strictEqual((yield* idempotency.begin(scope, `${body} `))._tag, "Mismatch")
        if (started._tag !== "New") return
        const response = { status: 201, headers: { location: "/invoices/1" }, body: '{"id":"1","total":1250.75}' }
        yield* idempotency.complete(started.lease, response)
        const replayed = yield* idempotency.begin(scope, body)
        assert.deepStrictEqual(replayed, { _tag: "Completed", response })
        assert.strictEqual((yield* idempotency.begin(scope, "{}"))._tag, "Mismatch")

        // The same key under another consent or API key is another record.
        const otherConsent = yield* consents.create(apiKey.id, { name: "Other" })
        assert.strictEqual((yield* idempotency.begin({ ...scope, consentId: otherConsent.id }, body))._tag, "New")

        const failing = { ...scope, key: "create-2" }
        const attempt = yield* idempotency.begin(failing, body)
        if (attempt._tag !== "New") return assert.fail("expected a new claim")
        yield* idempotency.abandon(attempt.lease)
        assert.strictEqual((yield* idempotency.begin(failing, body))._tag, "New")
      })
    )

    it.effect("idempotency: a stale claim is taken over, and its old holder cannot complete", () =>
      Effect.gen(function* () {
        const idempotency = yield* Idempotency.Idempotency
        const consents = yield* Consents.Consents
        const { apiKey } = yield* newKey()
        const consent = yield* consents.create(apiKey.id, { name: "Crash" })
        const scope = { apiKeyId: apiKey.id, consentId: consent.id, key: "crashed" }
        const crashed = yield* idempotency.begin(scope, "{}")
        yield* TestClock.adjust("119 seconds")
        assert.strictEqual((yield* idempotency.begin(scope, "{}"))._tag, "InFlight")
        yield* TestClock.adjust("2 seconds")
        const recovered = yield* idempotency.begin(scope, "{}")
        assert.strictEqual(recovered._tag, "New")
        if (crashed._tag !== "New" || recovered._tag !== "New") return
        const lost = yield* Effect.flip(idempotency.complete(crashed.lease, { status: 201, headers: {}, body: "old" }))
        assert.strictEqual(lost._tag, "IdempotencyLeaseLost")
        yield* idempotency.complete(recovered.lease, { status: 201, headers: {}, body: "new" })
        const replay = yield* idempotency.begin(scope, "{}")
        assert.strictEqual(replay._tag === "Completed" ? replay.response.body : "", "new")
      })
    )

    it.effect("idempotency: concurrent requests with one key, across replicas, claim it once", () =>
      Effect.gen(function* () {
        const driver = yield* StoreDriver
        const idempotencyA = yield* Idempotency.Idempotency
        const idempotencyB = Context.get(yield* driver.replica(), Idempotency.Idempotency)
        const consents = yield* Consents.Consents
        const { apiKey } = yield* newKey()
        const consent = yield* consents.create(apiKey.id, { name: "Burst" })
        const scope = { apiKeyId: apiKey.id, consentId: consent.id, key: "burst" }
        const results = yield* Effect.all(
          Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? idempotencyA : idempotencyB).begin(scope, "{}")),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(results.filter((result) => result._tag === "New").length, 1)
        assert.strictEqual(results.filter((result) => result._tag === "InFlight").length, 19)
      })
    )
  })
