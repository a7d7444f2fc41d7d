import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { describeErrors, validateConsents } from "./Contract.ts"
import { at, connectedConsent, list, send, TestEnv, layer as testEnv } from "./TestServer.ts"

const assertValid = (component: string, body: unknown) => {
  const errors = validateConsents(component, body)
  assert.deepStrictEqual(errors, [], describeErrors(errors))
}

layer(testEnv(), { timeout: 60_000 })("consents", (it) => {
  it.effect("creates, lists, gets, renames and deletes a consent as API.1 does", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const created = yield* send(env, "POST", "/api/v1/consents", { body: { name: "Kund AB", systemsSettings: null } })
      assert.strictEqual(created.status, 201, created.text)
      assertValid("ConsentDto", created.json)
      assert.strictEqual(at(created.json, "status"), 0)
      assert.strictEqual(at(created.json, "source"), null)
      const id = String(at(created.json, "id"))

      const listed = yield* send(env, "GET", "/api/v1/consents?Count=100")
      assert.strictEqual(listed.status, 200)
      assertValid("ConsentDtoPagedResultDto", listed.json)
      assert.isTrue(list(listed.json, "data").some((consent) => at(consent, "id") === id))

      const got = yield* send(env, "GET", `/api/v1/consents/${id}`)
      assert.strictEqual(got.status, 200)
      assertValid("ConsentDto", got.json)
      const etag = got.headers.get("etag")
      assert.isNotNull(etag)

      const renamed = yield* send(env, "PATCH", `/api/v1/consents/${id}`, {
        body: { name: "Kund AB (SE)" },
        headers: { "if-match": etag ?? "" }
      })
      assert.strictEqual(renamed.status, 204, renamed.text)
      const stale = yield* send(env, "PATCH", `/api/v1/consents/${id}`, {
        body: { name: "Other" },
        headers: { "if-match": etag ?? "" }
      })
      assert.strictEqual(stale.status, 412)
      assert.strictEqual(at((yield* send(env, "GET", `/api/v1/consents/${id}`)).json, "name"), "Kund AB (SE)")

      assert.strictEqual((yield* send(env, "DELETE", `/api/v1/consents/${id}`)).status, 204)
      assert.strictEqual((yield* send(env, "GET", `/api/v1/consents/${id}`)).status, 404)
    })
  )

  it.effect("connects a consent after the connector checks the credentials", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const created = yield* send(env, "POST", "/api/v1/consents", { body: { name: "Kund AB" } })
      const id = String(at(created.json, "id"))
      const rejected = yield* send(env, "PUT", `/api/v1/consents/${id}/connection`, {
        body: { system: "testbooks", secrets: { apiToken: "wrong-token-123" }, settings: { companyId: "c1" } }
      })
      assert.strictEqual(rejected.status, 422, rejected.text)
      assert.notInclude(rejected.text, "wrong-token-123")
      assert.strictEqual(at((yield* send(env, "GET", `/api/v1/consents/${id}`)).json, "status"), 0)

      const missing = yield* send(env, "PUT", `/api/v1/consents/${id}/connection`, { body: { system: "testbooks" } })
      assert.strictEqual(missing.status, 400, missing.text)
      assert.strictEqual(at(missing.json, "parameter"), "apiToken")

      const unknown = yield* send(env, "PUT", `/api/v1/consents/${id}/connection`, { body: { system: "nosuchbooks" } })
      assert.strictEqual(unknown.status, 400)
      assert.strictEqual(at(unknown.json, "parameter"), "system")

      const connected = yield* send(env, "PUT", `/api/v1/consents/${id}/connection`, {
        body: {
          system: "testbooks",
          secrets: { apiToken: env.vendor.token },
          settings: { companyId: "c1" },
          timeZone: "Europe/Oslo"
        }
      })
      assert.strictEqual(connected.status, 200, connected.text)
      assertValid("ConsentDto", connected.json)
      assert.strictEqual(at(connected.json, "status"), 1)
      assert.strictEqual(at(connected.json, "source"), "testbooks")
      assert.notInclude(connected.text, env.vendor.token)
    })
  )

  it.effect("connects with OAuth tokens and keeps the ones a refresh during the check rotated to", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const id = String(at((yield* send(env, "POST", "/api/v1/consents", { body: { name: "OAuth AB" } })).json, "id"))
      const connected = yield* send(env, "PUT", `/api/v1/consents/${id}/connection`, {
        body: { system: "oauthbooks", oauth: { accessToken: "initial-access", refreshToken: "refresh-1" } }
      })
      assert.strictEqual(connected.status, 200, connected.text)
      // Only the rotated access token works upstream: the listing succeeds only if those were stored.
      const listing = yield* send(env, "GET", `/api/v1/consents/${id}/salesinvoices`)
      assert.strictEqual(listing.status, 200, listing.text)
      assert.notInclude(connected.text, "refresh-1")
    })
  )

  it.effect("answers 409 for a consent that is not connected, or revoked", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const created = yield* send(env, "POST", "/api/v1/consents", { body: { name: "Kund AB" } })
      const notConnected = yield* send(env, "GET", `/api/v1/consents/${at(created.json, "id")}/salesinvoices`)
      assert.strictEqual(notConnected.status, 409)
      const id = yield* connectedConsent(env)
      assert.strictEqual((yield* send(env, "PATCH", `/api/v1/consents/${id}`, { body: { status: 2 } })).status, 204)
      assert.strictEqual(at((yield* send(env, "GET", `/api/v1/consents/${id}`)).json, "status"), 2)
      assert.strictEqual((yield* send(env, "GET", `/api/v1/consents/${id}/salesinvoices`)).status, 409)
      const badStatus = yield* send(env, "PATCH", `/api/v1/consents/${id}`, { body: { status: 1 } })
      assert.strictEqual(badStatus.status, 400)
      assert.strictEqual(at(badStatus.json, "parameter"), "status")
    })
  )

  it.effect("hands out a one-time code whose token connects that consent only", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const first = String(at((yield* send(env, "POST", "/api/v1/consents", { body: { name: "First" } })).json, "id"))
      const second = String(at((yield* send(env, "POST", "/api/v1/consents", { body: { name: "Second" } })).json, "id"))
      const otc = yield* send(env, "POST", `/api/v1/consents/${first}/otc`)
      assert.strictEqual(otc.status, 201, otc.text)
      assertValid("OtcDto", otc.json)
      const exchanged = yield* send(env, "POST", "/api/v1/consents/auth/token", {
        key: null,
        body: { grantType: "otc", consentId: first, code: at(otc.json, "code") }
      })
      assert.strictEqual(exchanged.status, 200, exchanged.text)
      assertValid("AccessTokenDto", exchanged.json)
      const again = yield* send(env, "POST", "/api/v1/consents/auth/token", {
        key: null,
        body: { consentId: first, code: at(otc.json, "code") }
      })
      assert.strictEqual(again.status, 401, "a code is single-use")

      const bearer = { authorization: `Bearer ${at(exchanged.json, "token")}` }
      const body = { system: "testbooks", secrets: { apiToken: env.vendor.token }, settings: { companyId: "c1" } }
      const other = yield* send(env, "PUT", `/api/v1/consents/${second}/connection`, {
        key: null,
        headers: bearer,
        body
      })
      assert.strictEqual(other.status, 404)
      const own = yield* send(env, "PUT", `/api/v1/consents/${first}/connection`, { key: null, headers: bearer, body })
      assert.strictEqual(own.status, 200, own.text)
      const listing = yield* send(env, "GET", `/api/v1/consents/${first}/salesinvoices`, { key: null, headers: bearer })
      assert.strictEqual(listing.status, 401, "a consent token only connects")
    })
  )

  it.effect("keeps each API key's consents to itself", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const id = yield* connectedConsent(env)
      const other = { key: env.otherApiKey }
      assert.strictEqual((yield* send(env, "GET", `/api/v1/consents/${id}`, other)).status, 404)
      assert.strictEqual((yield* send(env, "GET", `/api/v1/consents/${id}/salesinvoices`, other)).status, 404)
      assert.strictEqual((yield* send(env, "GET", `/api/v1/consents/${id}/salesinvoices/1001`, other)).status, 404)
      assert.strictEqual(
        (yield* send(env, "PATCH", `/api/v1/consents/${id}`, { ...other, body: { name: "x" } })).status,
        404
      )
      assert.strictEqual((yield* send(env, "DELETE", `/api/v1/consents/${id}`, other)).status, 404)
      assert.strictEqual((yield* send(env, "POST", `/api/v1/consents/${id}/otc`, other)).status, 404)
      const listed = yield* send(env, "GET", "/api/v1/consents", other)
      assert.isFalse(list(listed.json, "data").some((consent) => at(consent, "id") === id))
      assert.strictEqual((yield* send(env, "GET", `/api/v1/consents/${id}`)).status, 200)
    })
  )

  it.effect("requires a valid API key on every /api route, before anything else is checked", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const unchecked = yield* send(env, "GET", "/api/v1/consents/not-a-guid/salesinvoices?Count=0", {
        key: null,
        correlationId: null
      })
      assert.strictEqual(unchecked.status, 401, unchecked.text)
      const id = yield* connectedConsent(env)
      for (const path of [
        "/api/v1/consents",
        `/api/v1/consents/${id}`,
        `/api/v1/consents/${id}/salesinvoices`,
        "/api/v1/systems"
      ]) {
        const missing = yield* send(env, "GET", path, { key: null })
        assert.strictEqual(missing.status, 401, path)
        assert.strictEqual(missing.headers.get("content-type"), "application/problem+json")
        const wrong = yield* send(env, "GET", path, { key: "konto_0123456789abcdef_" + "A".repeat(43) })
        assert.strictEqual(wrong.status, 401, path)
      }
    })
  )

  it.effect("marks a consent inactive when its system refuses the stored credentials", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const id = yield* connectedConsent(env)
      const refused = yield* send(env, "GET", `/api/v1/consents/${id}/salesinvoices/refused`)
      assert.strictEqual(refused.status, 502)
      assert.strictEqual(at((yield* send(env, "GET", `/api/v1/consents/${id}`)).json, "status"), 3)
    })
  )

  it.effect("serves the capability matrix", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const systems = yield* send(env, "GET", "/api/v1/systems")
      assert.strictEqual(systems.status, 200)
      assert.deepStrictEqual(
        list(systems.json).map((system) => at(system, "id")),
        ["testbooks", "readbooks", "oauthbooks"]
      )
      const one = yield* send(env, "GET", "/api/v1/systems/testbooks")
      assert.strictEqual(at(one.json, "capabilities", "statusFilters", "Cancelled", "mode"), "not-supported")
      assert.deepStrictEqual(
        list(one.json, "connectionFields").map((field) => at(field, "name")),
        ["apiToken", "companyId"]
      )
      assert.strictEqual((yield* send(env, "GET", "/api/v1/systems/nosuch")).status, 404)
    })
  )
})
