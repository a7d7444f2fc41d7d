/**
 * The short-lived caches of verified API keys and consents, seen from outside: a store wrapped to count its reads,
 * a time to live far longer than any test (so whatever a test sees change was invalidated, not expired).
 */
import { assert, layer } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { counting, since, tally } from "./CountingStore.ts"
import { connectedConsent, send, TestEnv, layer as testEnv } from "./TestServer.ts"

const konto = (id: string, fill: string) => `konto_${id}_${fill.repeat(43)}`
const revocable = konto("c3c3c3c3c3c3c3c3", "R")
const [first, second, third] = [
  konto("e1e1e1e1e1e1e1e1", "A"),
  konto("e2e2e2e2e2e2e2e2", "B"),
  konto("e3e3e3e3e3e3e3e3", "C")
]
const late = konto("d4d4d4d4d4d4d4d4", "L")

const listing = (consentId: string) => `/api/v1/consents/${consentId}/salesinvoices?Count=2`

const cachedReads = tally()

layer(
  testEnv(
    { accessCache: { timeToLive: "1 hour", capacity: 2 } },
    [revocable, first, second, third],
    counting(cachedReads)
  ),
  { timeout: 60_000 }
)("access cache", (it) => {
  it.effect("a busy caller costs the store no key check and no consent read after the first request", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      assert.strictEqual((yield* send(env, "GET", listing(consentId))).status, 200)
      const before = { ...cachedReads }
      for (let request = 0; request < 5; request++) {
        const reply = yield* send(env, "GET", listing(consentId))
        assert.strictEqual(reply.status, 200, reply.text)
      }
      assert.deepStrictEqual(since(cachedReads, before), { verify: 0, consent: 0, connection: 0 })
    })
  )

  it.effect("a key revoked in this process is refused on the very next request", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env, revocable)
      assert.strictEqual((yield* send(env, "GET", listing(consentId), { key: revocable })).status, 200)
      assert.strictEqual((yield* send(env, "GET", listing(consentId), { key: revocable })).status, 200)
      yield* env.apiKeys.revoke("c3c3c3c3c3c3c3c3")
      const refused = yield* send(env, "GET", listing(consentId), { key: revocable })
      assert.strictEqual(refused.status, 401, refused.text)
      assert.strictEqual((yield* send(env, "GET", "/api/v1/consents", { key: revocable })).status, 401)
      assert.strictEqual((yield* send(env, "GET", "/api/v1/consents")).status, 200, "other keys are unaffected")
    })
  )

  it.effect("a consent revoked, reconnected or deleted through the API is seen by the very next request", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const revoked = yield* connectedConsent(env)
      assert.strictEqual((yield* send(env, "GET", listing(revoked))).status, 200)
      assert.strictEqual(
        (yield* send(env, "PATCH", `/api/v1/consents/${revoked}`, { body: { status: 2 } })).status,
        204
      )
      assert.strictEqual((yield* send(env, "GET", listing(revoked))).status, 409)

      const reconnected = yield* connectedConsent(env)
      assert.strictEqual((yield* send(env, "GET", listing(reconnected))).status, 200)
      const connected = yield* send(env, "PUT", `/api/v1/consents/${reconnected}/connection`, {
        body: { system: "testbooks", secrets: { apiToken: env.vendor.token }, settings: { companyId: "c2" } }
      })
      assert.strictEqual(connected.status, 200, connected.text)
      const before = { ...cachedReads }
      assert.strictEqual((yield* send(env, "GET", listing(reconnected))).status, 200)
      const afterReconnect = since(cachedReads, before)
      // The new version is read, and its connection (the new credentials) is built anew.
      assert.strictEqual(afterReconnect.consent, 1)
      assert.strictEqual(afterReconnect.connection, 1)

      assert.strictEqual((yield* send(env, "DELETE", `/api/v1/consents/${reconnected}`)).status, 204)
      assert.strictEqual((yield* send(env, "GET", listing(reconnected))).status, 404)
    })
  )

  it.effect("a refused key is not remembered: registered a moment later, it works at once", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      assert.strictEqual((yield* send(env, "GET", "/api/v1/consents", { key: late })).status, 401)
      const before = { ...cachedReads }
      assert.strictEqual((yield* send(env, "GET", "/api/v1/consents", { key: late })).status, 401)
      assert.strictEqual(since(cachedReads, before).verify, 1)
      yield* env.apiKeys.register({ label: "late", key: Redacted.make(late) })
      assert.strictEqual((yield* send(env, "GET", "/api/v1/consents", { key: late })).status, 200)
    })
  )

  it.effect("at most `capacity` keys are remembered, the least recently used dropped first", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const before = { ...cachedReads }
      const verifiesAfter = []
      for (const key of [first, second, first, second, third, second, first]) {
        assert.strictEqual((yield* send(env, "GET", "/api/v1/consents", { key })).status, 200)
        verifiesAfter.push(since(cachedReads, before).verify)
      }
      // first, second: checked; first, second: remembered; third: checked (first dropped); second: remembered;
      // first: checked again.
      assert.deepStrictEqual(verifiesAfter, [1, 2, 2, 2, 3, 3, 4])
    })
  )

  it.effect("at most `capacity` consents are remembered, the least recently used dropped first", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const [a, b, c] = [yield* connectedConsent(env), yield* connectedConsent(env), yield* connectedConsent(env)]
      const before = { ...cachedReads }
      const readsAfter = []
      for (const consentId of [a, b, a, b, c, b, a]) {
        assert.strictEqual((yield* send(env, "GET", listing(consentId))).status, 200)
        readsAfter.push(since(cachedReads, before).consent)
      }
      assert.deepStrictEqual(readsAfter, [1, 2, 2, 2, 3, 3, 4])
    })
  )
})

const uncachedReads = tally()

layer(testEnv({ accessCache: { timeToLive: 0 } }, [], counting(uncachedReads)), { timeout: 60_000 })(
  "access cache turned off",
  (it) => {
    it.effect("every request checks its key and reads its consent", () =>
      Effect.gen(function* () {
        const env = yield* TestEnv
        const consentId = yield* connectedConsent(env)
        assert.strictEqual((yield* send(env, "GET", listing(consentId))).status, 200)
        const before = { ...uncachedReads }
        for (let request = 0; request < 3; request++) {
          assert.strictEqual((yield* send(env, "GET", listing(consentId))).status, 200)
        }
        // The connection itself stays shared: only the consent's version is read, not its credentials.
        assert.deepStrictEqual(since(uncachedReads, before), { verify: 3, consent: 3, connection: 0 })
      })
    )
  }
)
