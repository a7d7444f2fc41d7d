/**
 * The API key format: `konto_<16 hex id>_<43 base64url secret>`, and its one-way hash.
 */

import { createHash } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Option } from "effect"
import * as fc from "fast-check"
import { ApiKeys } from "../src/index.ts"

const hex16 = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 16, maxLength: 16 })
const secret43 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString("base64url"))

describe("API key format", () => {
  it("every well-formed key parses to its id", () => {
    fc.assert(
      fc.property(
        hex16,
        secret43,
        (id, secret) => Option.getOrUndefined(ApiKeys.parseKeyId(`${ApiKeys.keyPrefix}${id}_${secret}`)) === id
      ),
      { numRuns: 300 }
    )
  })

  it("anything else does not parse", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        fc.pre(!/^konto_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/.test(text))
        return Option.isNone(ApiKeys.parseKeyId(text))
      }),
      { numRuns: 300 }
    )
    for (const text of ["konto_0123456789ABCDEF_" + "a".repeat(43), "konto_0123456789abcdef_" + "a".repeat(42)]) {
      assert.isTrue(Option.isNone(ApiKeys.parseKeyId(text)))
    }
  })

  it("the stored hash is SHA-256 of the whole key", () => {
    const key = `konto_0123456789abcdef_${"x".repeat(43)}`
    assert.deepStrictEqual(Buffer.from(ApiKeys.hashKey(key)), createHash("sha256").update(key).digest())
  })
})
