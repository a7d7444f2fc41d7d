import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { type Connection, SystemId, TokenStore } from "@konto/core"
import { BigDecimal, Effect, Layer, Option, Redacted, Stream } from "effect"
import * as ExampleClient from "./ExampleClient.ts"
import * as FakeHttp from "./FakeHttp.ts"

const connection: Connection = {
  connectionId: "consent-1",
  system: SystemId.make("example"),
  timeZone: "Europe/Stockholm",
  baseUrl: Option.some("http://simulator.test/3"),
  settings: { clientId: "client-1" },
  secrets: { clientSecret: Redacted.make("s3cret") }
}

/** A vendor of `total` invoices, paged by `page`/`limit` with MetaInformation, answering one invoice by number. */
const vendor = (total: number) =>
  FakeHttp.make((request) => {
    if (request.url.pathname === "/3/invoices") {
      const page = Number(request.url.searchParams.get("page"))
      const limit = Number(request.url.searchParams.get("limit"))
      const start = (page - 1) * limit
      const invoices = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, index) => ({
        DocumentNumber: String(start + index + 1),
        Total: 100.1
      }))
      return FakeHttp.json(200, {
        Invoices: invoices,
        MetaInformation: { "@TotalResources": total, "@TotalPages": Math.ceil(total / limit), "@CurrentPage": page }
      })
    }
    if (request.url.pathname === "/3/invoices/7") {
      return { status: 200, body: `{"Invoice":{"DocumentNumber":"7","Total":12345678901234567.89}}` }
    }
    return FakeHttp.json(404, { ErrorInformation: { error: 1, message: "Kan inte hitta fakturan.", code: 2000434 } })
  })

const tokens = Layer.effectDiscard(
  Effect.gen(function* () {
    const store = yield* TokenStore.TokenStore
    yield* store.compareAndSet("consent-1", null, {
      accessToken: Redacted.make("access-1"),
      refreshToken: Redacted.make("refresh-1"),
      expiresAtMillis: 3_600_000
    })
  })
)

describe("the README's example client", () => {
  it.effect("streams every invoice from 500-item pages, serves a window, gets one, maps a 404", () => {
    const fake = vendor(1_234)
    return Effect.gen(function* () {
      const client = yield* ExampleClient.ExampleClient
      const all = yield* Stream.runCollect(client.invoices)
      assert.strictEqual(all.length, 1_234)
      assert.deepStrictEqual(
        fake.seen.map((seen) => seen.url.search),
        ["?page=1&limit=500", "?page=2&limit=500", "?page=3&limit=500"]
      )
      const window = yield* client.invoicePage({ count: 100, currentPage: 6 })
      assert.deepStrictEqual(
        window.items.map((item) => item.DocumentNumber),
        Array.from({ length: 100 }, (_, index) => String(501 + index))
      )
      assert.deepStrictEqual(window.totalResources, Option.some(1_234))
      const invoice = yield* client.invoice("7")
      assert.isTrue(BigDecimal.equals(invoice.Total, BigDecimal.fromStringUnsafe("12345678901234567.89")))
      const missing = yield* Effect.flip(client.invoice("999"))
      assert.strictEqual(missing._tag, "NotFound")
      assert.deepStrictEqual([...new Set(fake.seen.map((seen) => seen.headers["authorization"]))], ["Bearer access-1"])
    }).pipe(
      Effect.provide(
        ExampleClient.layer(connection).pipe(
          Layer.provide(tokens),
          Layer.provide(Layer.merge(TokenStore.layerMemory, fake.layer))
        )
      )
    )
  })
})

describe("README", () => {
  it("shows test/ExampleClient.ts verbatim", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    const example = readFileSync(new URL("./ExampleClient.ts", import.meta.url), "utf8")
      .split("*/\n")
      .slice(1)
      .join("*/\n")
      .trimStart()
    assert.include(readme, "```ts\n" + example + "```")
  })
})
