/**
 * Laws of the AES-256-GCM sealing of secrets at rest.
 */

import { randomBytes } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as fc from "fast-check"
import * as Cipher from "../src/internal/Cipher.ts"

const cipher = Cipher.make(Redacted.make(new Uint8Array(randomBytes(32))))
const otherCipher = Cipher.make(Redacted.make(new Uint8Array(randomBytes(32))))
const runs = { numRuns: 300 }

const opens = (effect: Effect.Effect<Uint8Array, unknown>) => Effect.runSync(Effect.option(effect))

describe("Cipher", () => {
  it("open(seal(x)) = x for any bytes and associated data", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.string(), (plaintext, associatedData) => {
        const opened = opens(cipher.open(cipher.seal(plaintext, associatedData), associatedData))
        return opened._tag === "Some" && Buffer.from(opened.value).equals(Buffer.from(plaintext))
      }),
      runs
    )
  })

  it("a sealed blob does not open under other associated data or another key", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.string(), fc.string(), (plaintext, aad, otherAad) => {
        fc.pre(aad !== otherAad)
        const sealed = cipher.seal(plaintext, aad)
        return (
          opens(cipher.open(sealed, otherAad))._tag === "None" && opens(otherCipher.open(sealed, aad))._tag === "None"
        )
      }),
      runs
    )
  })

  it("flipping any bit of a sealed blob makes it fail to open", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (plaintext, at, bit) => {
          const sealed = cipher.seal(plaintext, "aad")
          const tampered = new Uint8Array(sealed)
          const index = at % tampered.length
          tampered[index] = (tampered[index] ?? 0) ^ (1 << bit)
          return opens(cipher.open(tampered, "aad"))._tag === "None"
        }
      ),
      runs
    )
  })

  it("every seal draws a fresh nonce and the plaintext does not appear in the blob", () => {
    const plaintext = new TextEncoder().encode("client-secret-value-client-secret-value")
    const blobs = Array.from({ length: 200 }, () => Buffer.from(cipher.seal(plaintext, "aad")))
    const nonces = new Set(blobs.map((blob) => blob.subarray(1, 13).toString("hex")))
    assert.strictEqual(nonces.size, blobs.length)
    assert.isTrue(blobs.every((blob) => !blob.includes(Buffer.from(plaintext))))
    assert.isTrue(blobs.every((blob) => blob.length === 1 + 12 + plaintext.length + 16))
  })

  it("truncated or foreign blobs fail to open", () => {
    const sealed = cipher.seal(new Uint8Array([1, 2, 3]), "aad")
    for (const blob of [new Uint8Array(0), sealed.subarray(0, 20), Uint8Array.of(2, ...sealed.subarray(1))]) {
      assert.strictEqual(opens(cipher.open(blob, "aad"))._tag, "None")
    }
  })
})
