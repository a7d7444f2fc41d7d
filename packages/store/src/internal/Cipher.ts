/**
 * AES-256-GCM sealing of secrets at rest. A sealed blob is `version (1) ‖ nonce (12) ‖ ciphertext ‖ tag (16)`;
 * every seal draws a fresh random 96-bit nonce, and the additional authenticated data binds the blob to the row
 * it belongs to, so a blob copied onto another row does not open.
 */

import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto"
import { Context, Effect, Layer, Redacted } from "effect"
import { StoreError } from "../StoreError.ts"

const formatVersion = 1
const nonceLength = 12
const tagLength = 16
const keyLength = 32

/** Seals and opens secrets with the store's encryption key. */
export class Cipher extends Context.Service<
  Cipher,
  {
    readonly seal: (plaintext: Uint8Array, associatedData: string) => Uint8Array
    readonly open: (sealed: Uint8Array, associatedData: string) => Effect.Effect<Uint8Array, StoreError>
  }
>()("@konto/store/Cipher") {}

const decryptionFailed = new StoreError({
  reason: "Decryption",
  message: "stored secrets could not be decrypted: they were written with another encryption key, or altered"
})

/** A cipher over a 32-byte key. */
export const make = (key: Redacted.Redacted<Uint8Array>): Cipher["Service"] => {
  const keyBytes = Redacted.value(key)
  if (keyBytes.length !== keyLength) throw new RangeError("an AES-256 key has 32 bytes")
  return Cipher.of({
    seal: (plaintext, associatedData) => {
      const nonce = randomBytes(nonceLength)
      const cipher = createCipheriv("aes-256-gcm", keyBytes, nonce, { authTagLength: tagLength })
      cipher.setAAD(Buffer.from(associatedData, "utf8"))
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
      return Buffer.concat([Uint8Array.of(formatVersion), nonce, ciphertext, cipher.getAuthTag()])
    },
    open: (sealed, associatedData) =>
      Effect.suspend(() => {
        if (sealed.length < 1 + nonceLength + tagLength || sealed[0] !== formatVersion) {
          return Effect.fail(decryptionFailed)
        }
        const nonce = sealed.subarray(1, 1 + nonceLength)
        const ciphertext = sealed.subarray(1 + nonceLength, sealed.length - tagLength)
        const tag = sealed.subarray(sealed.length - tagLength)
        return Effect.try({
          try: () => {
            const decipher = createDecipheriv("aes-256-gcm", keyBytes, nonce, { authTagLength: tagLength })
            decipher.setAAD(Buffer.from(associatedData, "utf8"))
            decipher.setAuthTag(tag)
            return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]))
          },
          catch: () => decryptionFailed
        })
      })
  })
}

/** A cipher layer over a 32-byte key. */
export const layer = (key: Redacted.Redacted<Uint8Array>): Layer.Layer<Cipher> => Layer.sync(Cipher, () => make(key))
