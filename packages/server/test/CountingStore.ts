/**
 * A store wrapper that counts the reads the server's caches are meant to save: API-key checks, consent reads and
 * the reads of a consent's decrypted connection. Everything else passes through, announcements included.
 */
import { ApiKeys, Consents } from "@konto/store"
import { Context, Effect, Layer } from "effect"
import type { StoreLayer } from "./TestServer.ts"

/** Store reads so far. */
export interface StoreReads {
  verify: number
  consent: number
  connection: number
}

/** A fresh tally. */
export const tally = (): StoreReads => ({ verify: 0, consent: 0, connection: 0 })

/** What was read since `before`. */
export const since = (reads: StoreReads, before: StoreReads): StoreReads => ({
  verify: reads.verify - before.verify,
  consent: reads.consent - before.consent,
  connection: reads.connection - before.connection
})

const counted = <A, E, R>(reads: StoreReads, field: keyof StoreReads, effect: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    reads[field] += 1
    return effect
  })

/** Wraps a store layer so `reads` counts its key checks and consent reads. */
export const counting =
  (reads: StoreReads) =>
  (store: StoreLayer): StoreLayer =>
    Layer.effectContext(
      Effect.gen(function* () {
        const context = yield* Layer.build(store)
        const apiKeys = Context.get(context, ApiKeys.ApiKeys)
        const consents = Context.get(context, Consents.Consents)
        return context.pipe(
          Context.add(
            ApiKeys.ApiKeys,
            ApiKeys.ApiKeys.of({ ...apiKeys, verify: (key) => counted(reads, "verify", apiKeys.verify(key)) })
          ),
          Context.add(
            Consents.Consents,
            Consents.Consents.of({
              ...consents,
              get: (apiKeyId, consentId) => counted(reads, "consent", consents.get(apiKeyId, consentId)),
              connection: (apiKeyId, consentId) =>
                counted(reads, "connection", consents.connection(apiKeyId, consentId))
            })
          )
        )
      })
    )
