import { assert, describe, it } from "@effect/vitest"
import { JsonBody, RetryPolicy } from "@konto/connector-kit"
import { Money } from "@konto/core"
import { BigDecimal, Effect, Schema } from "effect"

const context = { system: "fortnox", operation: "list" } as const

const Invoices = Schema.Struct({
  Invoices: Schema.Array(Schema.Struct({ DocumentNumber: Schema.String, Total: Money.Decimal }))
})

describe("JsonBody", () => {
  it("formats decode paths the way vendor docs write them", () => {
    assert.strictEqual(JsonBody.formatPath(["Invoices", 3, "Total"]), "Invoices[3].Total")
    assert.strictEqual(JsonBody.formatPath(["MetaInformation", "@TotalPages"]), "MetaInformation.@TotalPages")
    assert.strictEqual(JsonBody.formatPath(["a b", 0]), `["a b"][0]`)
    assert.strictEqual(JsonBody.formatPath([]), "(root)")
  })

  it.effect("keeps decimals exact", () =>
    Effect.gen(function* () {
      const body = yield* JsonBody.decode(
        context,
        Invoices,
        `{"Invoices":[{"DocumentNumber":"1","Total":12345678901234567.89},{"DocumentNumber":"2","Total":1250.50}]}`
      )
      assert.isTrue(BigDecimal.equals(body.Invoices[0]!.Total, BigDecimal.fromStringUnsafe("12345678901234567.89")))
      assert.isTrue(BigDecimal.equals(body.Invoices[1]!.Total, BigDecimal.fromStringUnsafe("1250.5")))
    })
  )

  it.effect("a schema mismatch names the decode path, and is not transient", () =>
    Effect.gen(function* () {
      const items = [0, 1, 2].map((n) => `{"DocumentNumber":"${n}","Total":1}`).join(",")
      const error = yield* Effect.flip(
        JsonBody.decode(context, Invoices, `{"Invoices":[${items},{"DocumentNumber":"3","Total":"twelve"}]}`)
      )
      assert.strictEqual(error._tag, "UnexpectedPayload")
      assert.strictEqual(error.path, "Invoices[3].Total")
      assert.include(error.detail, "decimal")
      assert.strictEqual(error.system, "fortnox")
      assert.strictEqual(error.operation, "list")
      assert.isFalse(JsonBody.isTransient(error))
      assert.isFalse(RetryPolicy.isRetryable(error, true))
    })
  )

  it.effect("a missing key is reported at its path", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(JsonBody.decode(context, Invoices, `{"Invoices":[{"Total":1}]}`))
      assert.strictEqual(error.path, "Invoices[0].DocumentNumber")
    })
  )

  it.effect("a wrong root is reported at (root)", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(JsonBody.decode(context, Invoices, `[]`))
      assert.strictEqual(error.path, "(root)")
      assert.isFalse(JsonBody.isTransient(error))
    })
  )

  it.effect("truncated, empty and HTML bodies are unparsable at (body), and transient", () =>
    Effect.gen(function* () {
      for (const text of [`{"Invoices":[{"DocumentNumber":"1","To`, "", "<html>Maintenance</html>"]) {
        const error = yield* Effect.flip(JsonBody.decode(context, Invoices, text))
        assert.strictEqual(error.path, JsonBody.unparsableBodyPath)
        assert.isTrue(JsonBody.isTransient(error))
        assert.isTrue(RetryPolicy.isRetryable(error, true))
        assert.isFalse(RetryPolicy.isRetryable(error, false))
      }
    })
  )

  it.effect("NumberFromJson reads plain and raw JSON numbers", () =>
    Effect.gen(function* () {
      const Rate = Schema.Struct({ CurrencyRate: JsonBody.NumberFromJson, Count: JsonBody.NumberFromJson })
      const value = yield* JsonBody.decode(context, Rate, `{"CurrencyRate":1.000000,"Count":3}`)
      assert.deepStrictEqual(value, { CurrencyRate: 1, Count: 3 })
      const error = yield* Effect.flip(JsonBody.decode(context, Rate, `{"CurrencyRate":"1","Count":3}`))
      assert.strictEqual(error.path, "CurrencyRate")
    })
  )
})
