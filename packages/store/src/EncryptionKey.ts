/**
 * The key that seals credentials and OAuth tokens at rest (AES-256-GCM): 32 random bytes, written as base64 in
 * `KONTO_ENCRYPTION_KEY`. An embedded store without one generates it into its data directory on first start
 * (`encryption.key`, mode 0600); a PostgreSQL store requires it, because replicas must share one key and a key
 * generated on one machine would be lost with it.
 */

import { randomBytes, randomUUID } from "node:crypto"
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { Effect, Redacted } from "effect"
import { StoreError } from "./StoreError.ts"

/** The key file's name inside the data directory. */
export const fileName = "encryption.key"

const keyLength = 32
const base64Key = /^(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43}=?)$/

/** Decodes a base64 (or base64url) 32-byte key; `source` names where it came from in the error. */
export const decode = (
  encoded: Redacted.Redacted<string>,
  source: string
): Effect.Effect<Redacted.Redacted<Uint8Array>, StoreError> =>
  Effect.suspend(() => {
    const text = Redacted.value(encoded).trim()
    const bytes = base64Key.test(text)
      ? Buffer.from(text, text.includes("-") || text.includes("_") ? "base64url" : "base64")
      : undefined
    return bytes !== undefined && bytes.length === keyLength
      ? Effect.succeed(Redacted.make(new Uint8Array(bytes), { label: "EncryptionKey" }))
      : Effect.fail(
          new StoreError({
            reason: "Configuration",
            message: `${source} must be 32 random bytes in base64 (e.g. the output of \`openssl rand -base64 32\`)`
          })
        )
  })

/** A new random key, base64-encoded, for `KONTO_ENCRYPTION_KEY`. */
export const generate: Effect.Effect<Redacted.Redacted<string>> = Effect.sync(() =>
  Redacted.make(randomBytes(keyLength).toString("base64"), { label: "EncryptionKey" })
)

const fileError = (message: string) => new StoreError({ reason: "Configuration", message })

/**
 * Reads the key file in `dataDirectory`, creating the directory and a new key (mode 0600) when there is none.
 * The key is written to a temporary file and linked into place, so two processes racing on a fresh directory
 * end up with one key and neither ever reads a half-written file.
 */
export const loadOrCreate = (dataDirectory: string): Effect.Effect<Redacted.Redacted<string>, StoreError> => {
  const path = join(dataDirectory, fileName)
  const read = Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: () => fileError(`could not read the encryption key file ${path}`)
  }).pipe(Effect.map((text) => Redacted.make(text.trim(), { label: "EncryptionKey" })))
  return Effect.gen(function* () {
    yield* Effect.tryPromise({
      try: () => mkdir(dataDirectory, { recursive: true, mode: 0o700 }),
      catch: () => fileError(`could not create the data directory ${dataDirectory}`)
    })
    const existing = yield* Effect.tryPromise({
      try: () =>
        stat(path).then(
          (stats) => stats.mode,
          () => null
        ),
      catch: () => fileError(`could not inspect ${path}`)
    })
    if (existing !== null) {
      if ((existing & 0o077) !== 0) {
        // Tighten rather than refuse: the key is still ours, only its permissions were loosened.
        yield* Effect.logWarning(`${path} was readable by other users; restricting it to mode 0600`)
        yield* Effect.tryPromise({ try: () => chmod(path, 0o600), catch: () => fileError(`could not chmod ${path}`) })
      }
      return yield* read
    }
    const key = yield* generate
    const temporary = join(dataDirectory, `.${fileName}.${randomUUID()}`)
    const created = yield* Effect.tryPromise({
      try: async () => {
        await writeFile(temporary, `${Redacted.value(key)}\n`, { mode: 0o600, flag: "wx" })
        try {
          await link(temporary, path)
          return true
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "EEXIST") return false
          throw error
        } finally {
          await unlink(temporary).catch(() => undefined)
        }
      },
      catch: () => fileError(`could not write the encryption key file ${path}`)
    })
    if (!created) return yield* read
    yield* Effect.logInfo(`generated a new encryption key in ${path}; back it up with the data directory`)
    return key
  })
}
