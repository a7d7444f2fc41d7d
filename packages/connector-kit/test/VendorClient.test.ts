import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Option, Redacted, Schema } from "effect"
import { Money } from "@konto/core"
import { ClientAuth, VendorClient } from "@konto/connector-kit"
import * as FakeHttp from "./FakeHttp.ts"

const Invoices = Schema.Struct({
  Invoices: Schema.Array(Schema.Struct({ DocumentNumber: Schema.String, Total: Money.Decimal }))
})

describe("VendorClient", () => {
  it.effect("GETs JSON with query, default headers and bearer auth, exact decimals", () =>
    Effect.gen(function*() {
      const fake = FakeHttp.make(() => ({ status: 200, body: `{"Invoices":[{"DocumentNumber":"1","Total":12345678901234567.89}]}` }))
      const client = VendorClient.makeWith(fake.client, {
        system: "fortnox",
        baseUrl: "https://api.fortnox.se/3",
        headers: { "x-extra": "yes" },
        auth: ClientAuth.bearer(Redacted.make("secret-token"))
      })
      const body = yield* client.getJson("/invoices", { operation: "list", query: { page: 2, limit: 500, filter: undefined } }, Invoices)
      assert.isTrue(BigDecimal.equals(body.Invoices[0]!.Total, BigDecimal.fromStringUnsafe("12345678901234567.89")))
      const seen = fake.seen[0]!
      assert.strictEqual(seen.url.toString(), "https://api.fortnox.se/3/invoices?page=2&limit=500")
      assert.strictEqual(seen.headers["authorization"], "Bearer secret-token")
      assert.strictEqual(seen.headers["x-extra"], "yes")
      assert.strictEqual(seen.headers["accept"], "application/json")
      void Option.none()
    }))
})
