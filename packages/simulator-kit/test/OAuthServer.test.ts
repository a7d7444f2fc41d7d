import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { HttpClientRequest } from "effect/http"
import { TestClock } from "effect/testing"
import { OAuthServer, Route, Simulator, SimulatorResponse } from "../src/index.ts"

const makeWorld = (options?: Partial<OAuthServer.OAuthServerOptions>) =>
  Effect.gen(function* () {
    const oauth = OAuthServer.make({
      clientId: "client",
      clientSecret: "secret",
      initial: { accessToken: "a0", refreshToken: "r0", accessTokenExpiresAtMillis: 1_000 },
      refreshTokenTtlMillis: 86_400_000,
      ...options
    })
    const simulator = yield* Simulator.make({
      name: "oauth",
      routes: [
        oauth.tokenRoute("/token"),
        Route.get("/me", (request) =>
          oauth.authenticate(request).pipe(Effect.as(SimulatorResponse.json(200, { ok: true })))
        )
      ]
    })
    const token = (fields: Record<string, string>) =>
      HttpClientRequest.post("http://oauth/token").pipe(
        HttpClientRequest.bodyUrlParams(fields),
        simulator.client.execute
      )
    const me = (accessToken: string) =>
      simulator.client
        .get("http://oauth/me", { headers: { authorization: `Bearer ${accessToken}` } })
        .pipe(Effect.map((response) => response.status))
    return { oauth, token, me }
  })

describe("OAuthServer", () => {
  it.effect("client credentials in the form work too; wrong ones are invalid_client", () =>
    Effect.gen(function* () {
      const { token } = yield* makeWorld()
      const refused = yield* token({
        grant_type: "refresh_token",
        refresh_token: "r0",
        client_id: "client",
        client_secret: "nope"
      })
      assert.strictEqual(refused.status, 401)
      assert.deepStrictEqual(yield* refused.json, {
        error: "invalid_client",
        error_description: "Invalid client credentials"
      })
      const unsupported = yield* token({ grant_type: "password", client_id: "client", client_secret: "secret" })
      assert.strictEqual(unsupported.status, 400)
      const granted = yield* token({
        grant_type: "refresh_token",
        refresh_token: "r0",
        client_id: "client",
        client_secret: "secret"
      })
      assert.strictEqual(granted.status, 200)
    })
  )

  it.effect("access tokens expire on the Clock; refresh tokens expire and rotate", () =>
    Effect.gen(function* () {
      const { me, oauth, token } = yield* makeWorld()
      assert.strictEqual(yield* me("a0"), 200)
      assert.strictEqual(yield* me("unknown"), 401)
      yield* TestClock.adjust(1_000)
      assert.strictEqual(yield* me("a0"), 401)
      const first = (yield* (yield* token({
        grant_type: "refresh_token",
        refresh_token: "r0",
        client_id: "client",
        client_secret: "secret"
      })).json) as {
        readonly access_token: string
        readonly refresh_token: string
      }
      assert.strictEqual(oauth.currentRefreshToken(), first.refresh_token)
      assert.strictEqual(yield* me(first.access_token), 200)
      oauth.expireAccessTokens()
      assert.strictEqual(yield* me(first.access_token), 401)
      yield* TestClock.adjust(86_400_000)
      const expired = yield* token({
        grant_type: "refresh_token",
        refresh_token: first.refresh_token,
        client_id: "client",
        client_secret: "secret"
      })
      assert.strictEqual(expired.status, 400)
      assert.strictEqual(oauth.refreshes(), 1)
    })
  )

  it.effect("without rotation a refresh token can be used again", () =>
    Effect.gen(function* () {
      const { token } = yield* makeWorld({ rotateRefreshTokens: false })
      const refresh = { grant_type: "refresh_token", refresh_token: "r0", client_id: "client", client_secret: "secret" }
      assert.strictEqual((yield* token(refresh)).status, 200)
      const again = (yield* (yield* token(refresh)).json) as { readonly refresh_token: string }
      assert.strictEqual(again.refresh_token, "r0")
    })
  )
})
