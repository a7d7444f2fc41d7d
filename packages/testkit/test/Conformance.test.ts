import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { checks, conformance, runAll } from "../src/index.ts"
import * as Ledgerly from "./fixtures/ledgerly.ts"

const subject = { connector: Ledgerly.connector(), simulator: Ledgerly.simulator }

// A conforming connector passes every check, registered exactly as an adapter's test file does it.
conformance(subject)

const failuresOf = (mutation: Ledgerly.Mutation) =>
  runAll({ ...subject, connector: Ledgerly.connector(mutation) }).pipe(
    Effect.map((results) =>
      results.flatMap((result) => Option.match(result.failure, { onNone: () => [], onSome: (failure) => [failure] }))
    )
  )

describe("the conformance suite catches broken connectors", () => {
  it.effect("a wrong mapping (balance read from the gross total)", () =>
    Effect.gen(function* () {
      const failures = yield* failuresOf("wrong-mapping")
      assert.isTrue(
        failures.some((failure) => failure.check.startsWith("preserves amounts exactly")),
        failures.map((f) => f.message).join("\n")
      )
    })
  )

  it.effect("a lying capability (Sold declared native, never filtered)", () =>
    Effect.gen(function* () {
      const failures = yield* failuresOf("lying-capability")
      assert.isTrue(
        failures.some((failure) => failure.check.startsWith("every native or emulated filter")),
        failures.map((f) => f.message).join("\n")
      )
    })
  )

  it.effect("a lost page", () =>
    Effect.gen(function* () {
      const failures = yield* failuresOf("lost-page")
      assert.isTrue(
        failures.some((failure) => failure.check.startsWith("lists every invoice exactly once")),
        failures.map((f) => f.message).join("\n")
      )
    })
  )

  it.effect("a duplicated item", () =>
    Effect.gen(function* () {
      const failures = yield* failuresOf("duplicated-item")
      assert.isTrue(
        failures.some((failure) => failure.check.startsWith("lists every invoice exactly once")),
        failures.map((f) => f.message).join("\n")
      )
    })
  )

  it.effect("a client that ignores the vendor's rate limit", () =>
    Effect.gen(function* () {
      const failures = yield* failuresOf("ignores-rate-limits")
      assert.isTrue(
        failures.some((failure) => failure.check.startsWith("stays within the vendor's rate limits")),
        failures.map((f) => f.message).join("\n")
      )
    })
  )

  it.effect("a create that sends no idempotency key", () =>
    Effect.gen(function* () {
      const failures = yield* failuresOf("no-idempotency-key")
      assert.isTrue(
        failures.some((failure) => failure.check.startsWith("an idempotent create")),
        failures.map((f) => f.message).join("\n")
      )
    })
  )

  it.effect("a client that lists with pages smaller than the vendor allows", () =>
    Effect.gen(function* () {
      const failures = yield* failuresOf("small-pages")
      assert.isTrue(
        failures.some((failure) => failure.check.startsWith("lists with the vendor's largest page")),
        failures.map((f) => f.message).join("\n")
      )
    })
  )

  it("registers only the checks the capability row calls for", () => {
    const names = checks(subject).map((check) => check.name)
    assert.strictEqual(new Set(names).size, names.length)
    assert.isTrue(names.some((name) => name.startsWith("an idempotent create")))
  })
})
