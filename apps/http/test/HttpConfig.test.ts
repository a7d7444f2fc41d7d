import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Exit } from "effect"
import * as HttpConfig from "../src/HttpConfig.ts"

const read = (env: Record<string, string>) => Effect.exit(HttpConfig.config.parse(ConfigProvider.fromEnv({ env })))

describe("HttpConfig: KONTO_ACCESS_CACHE_TTL", () => {
  it.effect("defaults to 5 seconds", () =>
    Effect.gen(function* () {
      const exit = yield* read({})
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isSuccess(exit)) assert.strictEqual(Duration.toMillis(exit.value.accessCacheTimeToLive), 5_000)
    })
  )

  it.effect("reads a duration, and 0 seconds turns the caches off", () =>
    Effect.gen(function* () {
      for (const [text, millis] of [
        ["2 minutes", 120_000],
        ["0 seconds", 0]
      ] as const) {
        const exit = yield* read({ KONTO_ACCESS_CACHE_TTL: text })
        assert.isTrue(Exit.isSuccess(exit), text)
        if (Exit.isSuccess(exit)) assert.strictEqual(Duration.toMillis(exit.value.accessCacheTimeToLive), millis)
      }
    })
  )

  it.effect("refuses text that is not a duration", () =>
    Effect.gen(function* () {
      const exit = yield* read({ KONTO_ACCESS_CACHE_TTL: "soon" })
      assert.isTrue(Exit.isFailure(exit))
    })
  )
})
