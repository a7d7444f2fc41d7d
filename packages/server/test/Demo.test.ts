import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, layer } from "@effect/vitest"
import { ConnectorRegistry } from "@konto/core"
import { Demo } from "@konto/server"
import { Store } from "@konto/store"
import { Context, Effect, Layer, Option, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { makeConnector, makeVendor } from "./TestConnector.ts"

class Directory extends Context.Service<Directory, string>()("test/Directory") {}

const directory = Layer.effect(
  Directory,
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), "konto-demo-test-"))),
    (path) => Effect.sync(() => rmSync(path, { recursive: true, force: true }))
  )
)

const environment = Layer.unwrap(
  Effect.gen(function* () {
    const vendor = yield* makeVendor("demo-token-1")
    const path = yield* Directory
    return Layer.mergeAll(
      Store.layer({ dataDirectory: join(path, "data") }),
      ConnectorRegistry.layer([makeConnector(vendor), makeConnector(vendor, { id: "readbooks", readOnly: true })]),
      FetchHttpClient.layer
    )
  })
).pipe(Layer.provideMerge(directory), Layer.orDie)

const systems = (token: string): ReadonlyArray<Demo.DemoSystem> => [
  {
    system: "testbooks",
    displayName: "Test Books",
    connection: { baseUrl: "http://127.0.0.1:1", settings: { companyId: "c" }, secrets: { apiToken: token } }
  },
  {
    system: "readbooks",
    displayName: "Read-only Books",
    connection: { baseUrl: "http://127.0.0.1:2", settings: {}, secrets: { apiToken: token } }
  }
]

layer(environment, { timeout: 60_000 })("Demo.ensure", (it) => {
  it.effect("creates a key and a consent per system once, and reconnects them on the next start", () =>
    Effect.gen(function* () {
      const keyFile = join(yield* Directory, "first", "demo-api-key")
      const first = yield* Demo.ensure({ apiKey: Option.none(), keyFile, systems: systems("demo-token-1") })
      assert.isTrue(existsSync(keyFile))
      assert.strictEqual(readFileSync(keyFile, "utf8").trim(), Redacted.value(first.apiKey))
      assert.deepStrictEqual(
        first.consents.map((consent) => consent.check),
        [Option.none(), Option.none()]
      )
      const second = yield* Demo.ensure({ apiKey: Option.none(), keyFile, systems: systems("demo-token-1") })
      assert.strictEqual(Redacted.value(second.apiKey), Redacted.value(first.apiKey))
      assert.deepStrictEqual(
        second.consents.map((consent) => consent.consentId),
        first.consents.map((consent) => consent.consentId)
      )
    })
  )

  it.effect("says which systems do not answer", () =>
    Effect.gen(function* () {
      const keyFile = join(yield* Directory, "second", "demo-api-key")
      const setup = yield* Demo.ensure({ apiKey: Option.none(), keyFile, systems: systems("wrong-token") })
      assert.isTrue(setup.consents.every((consent) => Option.isSome(consent.check)))
    })
  )

  it.effect("uses KONTO_DEMO_API_KEY: a konto key as is, any other text as an alias", () =>
    Effect.gen(function* () {
      const keyFile = join(yield* Directory, "third", "demo-api-key")
      const kontoKey = "konto_0a0a0a0a0a0a0a0a_" + "Z".repeat(43)
      const registered = yield* Demo.ensure({
        apiKey: Option.some(Redacted.make(kontoKey)),
        keyFile,
        systems: systems("demo-token-1")
      })
      assert.strictEqual(Redacted.value(registered.apiKey), kontoKey)
      assert.deepStrictEqual(registered.aliases, [])
      const aliased = yield* Demo.ensure({
        apiKey: Option.some(Redacted.make("demo")),
        keyFile,
        systems: systems("demo-token-1")
      })
      assert.strictEqual(aliased.aliases.length, 1)
      assert.strictEqual(Redacted.value(aliased.apiKey), "demo")
    })
  )
})
