import { assert, layer } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { at, send, TestEnv, layer as testEnv } from "./TestServer.ts"

const registered = "konto_a1a1a1a1a1a1a1a1_" + "Q".repeat(43)
const alias = "my-own-demo-key"

layer(testEnv({ aliases: [{ key: Redacted.make(alias), apiKeyId: "a1a1a1a1a1a1a1a1" }] }, [registered]), {
  timeout: 60_000
})("API key aliases", (it) => {
  it.effect("an alias acts as the store key it stands for, and sees that key's consents", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const created = yield* send(env, "POST", "/api/v1/consents", { key: registered, body: { name: "Demo" } })
      assert.strictEqual(created.status, 201, created.text)
      const viaAlias = yield* send(env, "GET", `/api/v1/consents/${at(created.json, "id")}`, { key: alias })
      assert.strictEqual(viaAlias.status, 200, viaAlias.text)
      const other = yield* send(env, "GET", `/api/v1/consents/${at(created.json, "id")}`, { key: env.apiKey })
      assert.strictEqual(other.status, 404)
    })
  )

  it.effect("a near miss of the alias is refused", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      assert.strictEqual((yield* send(env, "GET", "/api/v1/consents", { key: alias + "x" })).status, 401)
      assert.strictEqual((yield* send(env, "GET", "/api/v1/consents", { key: alias.slice(1) })).status, 401)
    })
  )
})
