import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { HttpClientRequest } from "effect/http"
import { TestClock } from "effect/testing"
import { simulator } from "./fixtures/acmeSimulator.ts"

describe("the README's example simulator", () => {
  it.effect("pages, filters, authenticates and rotates refresh tokens", () =>
    Effect.gen(function* () {
      const sim = yield* simulator.make({ invoiceCount: 40, seed: 7 })
      const connection = simulator.demoConnection(sim.baseUrl)
      const unauthorized = yield* sim.client.get(`${connection.baseUrl}/invoices`)
      assert.strictEqual(unauthorized.status, 401)

      const refresh = (refreshToken: string) =>
        HttpClientRequest.post(connection.settings.tokenUrl ?? "").pipe(
          HttpClientRequest.basicAuth("demo-client", connection.secrets.clientSecret ?? ""),
          HttpClientRequest.bodyUrlParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
          sim.client.execute
        )
      const first = yield* refresh(connection.tokens?.refreshToken ?? "")
      assert.strictEqual(first.status, 200)
      const tokens = (yield* first.json) as {
        readonly access_token: string
        readonly refresh_token: string
        readonly expires_in: number
      }
      assert.strictEqual(tokens.expires_in, 3600)
      // Single-use refresh tokens: the old one is spent.
      const reused = yield* refresh(connection.tokens?.refreshToken ?? "")
      assert.strictEqual(reused.status, 400)
      assert.deepStrictEqual(yield* reused.json, { error: "invalid_grant", error_description: "Invalid refresh token" })

      const authorized = { headers: { authorization: `Bearer ${tokens.access_token}` } }
      const page = yield* sim.client.get(`${connection.baseUrl}/invoices`, {
        ...authorized,
        urlParams: { page: 2, limit: 15 }
      })
      const body = (yield* page.json) as {
        readonly Invoices: ReadonlyArray<{ readonly InvoiceNo: string }>
        readonly TotalPages: number
      }
      assert.strictEqual(body.TotalPages, 3)
      assert.deepStrictEqual(
        body.Invoices.map((invoice) => invoice.InvoiceNo),
        Array.from({ length: 15 }, (_, i) => String(1016 + i))
      )
      const one = yield* sim.client.get(`${connection.baseUrl}/invoices/1001`, authorized)
      assert.strictEqual(one.status, 200)

      // Access tokens expire on the Clock.
      yield* TestClock.adjust(3_600_000)
      const expired = yield* sim.client.get(`${connection.baseUrl}/invoices/1001`, authorized)
      assert.strictEqual(expired.status, 401)
      assert.strictEqual(sim.requests.count("GET /api/invoices/:InvoiceNo"), 2)
      assert.strictEqual(sim.requests.count("POST /oauth/token"), 2)
    })
  )
})
