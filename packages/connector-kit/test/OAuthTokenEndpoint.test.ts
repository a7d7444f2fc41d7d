import { assert, describe, it } from "@effect/vitest"
import { OAuthTokenEndpoint } from "@konto/connector-kit"
import { Effect, Redacted } from "effect"
import { TestClock } from "effect/testing"
import * as FakeHttp from "./FakeHttp.ts"

const options = (clientAuthentication: "basic" | "body"): OAuthTokenEndpoint.TokenEndpointOptions => ({
  system: "fortnox",
  url: "https://apps.fortnox.se/oauth-v1/token",
  clientId: "client-1",
  clientSecret: Redacted.make("s3cret"),
  clientAuthentication
})

describe("OAuthTokenEndpoint", () => {
  it.effect("refreshes with Basic client authentication; a rotated refresh token replaces the old", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(1_000_000)
      const fake = FakeHttp.sequence([
        FakeHttp.json(200, {
          access_token: "at-2",
          refresh_token: "rt-2",
          expires_in: 3600,
          token_type: "bearer",
          scope: "invoice"
        })
      ])
      const endpoint = OAuthTokenEndpoint.makeWith(fake.client, options("basic"))
      const tokens = yield* endpoint.refresh(Redacted.make("rt-1"))
      assert.strictEqual(Redacted.value(tokens.accessToken), "at-2")
      assert.strictEqual(Redacted.value(tokens.refreshToken), "rt-2")
      assert.strictEqual(tokens.expiresAtMillis, 1_000_000 + 3_600_000)
      const seen = fake.seen[0]!
      assert.strictEqual(seen.method, "POST")
      assert.strictEqual(seen.headers["authorization"], `Basic ${Buffer.from("client-1:s3cret").toString("base64")}`)
      assert.strictEqual(seen.contentType, "application/x-www-form-urlencoded")
      assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(seen.body)), {
        grant_type: "refresh_token",
        refresh_token: "rt-1"
      })
    })
  )

  it.effect("client credentials in the form body; no new refresh token keeps the old one", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([FakeHttp.json(200, { access_token: "at-2", expires_in: 7200 })])
      const endpoint = OAuthTokenEndpoint.makeWith(fake.client, options("body"))
      const tokens = yield* endpoint.refresh(Redacted.make("rt-1"))
      assert.strictEqual(Redacted.value(tokens.refreshToken), "rt-1")
      assert.strictEqual(tokens.expiresAtMillis, 7_200_000)
      assert.isUndefined(fake.seen[0]!.headers["authorization"])
      assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(fake.seen[0]!.body)), {
        grant_type: "refresh_token",
        refresh_token: "rt-1",
        client_id: "client-1",
        client_secret: "s3cret"
      })
    })
  )

  it.effect("exchanges an authorization code", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([
        FakeHttp.json(200, { access_token: "at-1", refresh_token: "rt-1", expires_in: 1800 })
      ])
      const tokens = yield* OAuthTokenEndpoint.makeWith(fake.client, options("basic")).exchangeCode(
        Redacted.make("code-1"),
        "https://konto.test/callback"
      )
      assert.strictEqual(Redacted.value(tokens.refreshToken), "rt-1")
      assert.deepStrictEqual(Object.fromEntries(new URLSearchParams(fake.seen[0]!.body)), {
        grant_type: "authorization_code",
        code: "code-1",
        redirect_uri: "https://konto.test/callback"
      })
      const noRefresh = FakeHttp.sequence([FakeHttp.json(200, { access_token: "at-1", expires_in: 1800 })])
      const error = yield* Effect.flip(
        OAuthTokenEndpoint.makeWith(noRefresh.client, options("basic")).exchangeCode(
          Redacted.make("c"),
          "https://konto.test/cb"
        )
      )
      assert.strictEqual(error._tag, "Unauthorized")
      assert.include(error.message, "offline_access")
    })
  )

  it.effect("invalid_grant and invalid_client become Unauthorized asking to reconnect, without retries", () =>
    Effect.gen(function* () {
      for (const [status, code] of [
        [400, "invalid_grant"],
        [401, "invalid_client"]
      ] as const) {
        const fake = FakeHttp.sequence([
          FakeHttp.json(status, { error: code, error_description: "Invalid refresh token" })
        ])
        const error = yield* Effect.flip(
          OAuthTokenEndpoint.makeWith(fake.client, options("basic")).refresh(Redacted.make("rt-1"))
        )
        assert.strictEqual(error._tag, "Unauthorized")
        assert.include(error.message, "reconnect the fortnox account")
        assert.strictEqual(error.operation, "refresh-token")
        assert.notInclude(JSON.stringify(error) + error.message, "rt-1")
        assert.notInclude(JSON.stringify(error) + error.message, "s3cret")
        assert.strictEqual(fake.seen.length, 1)
      }
    })
  )

  it.effect("a 5xx is not retried (a lost answer could spend a single-use refresh token)", () =>
    Effect.gen(function* () {
      const fake = FakeHttp.sequence([
        { status: 503 },
        FakeHttp.json(200, { access_token: "at", refresh_token: "rt", expires_in: 1 })
      ])
      const error = yield* Effect.flip(
        OAuthTokenEndpoint.makeWith(fake.client, options("basic")).refresh(Redacted.make("rt-1"))
      )
      assert.strictEqual(error._tag, "UpstreamUnavailable")
      assert.strictEqual(fake.seen.length, 1)
    })
  )
})
