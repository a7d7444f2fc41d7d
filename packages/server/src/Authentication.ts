/**
 * The implementations of `@konto/api`'s `ApiKeyAuth` and `ConnectAuth`: API keys are verified by the store
 * (hashed, compared in constant time); consent tokens from the one-time-code exchange act for their consent.
 *
 * An alias is a key text configured at start (e.g. `KONTO_DEMO_API_KEY`) that acts as an API key the store
 * issued: it lets an operator choose the demo key's text, which the store (that only issues random keys) cannot.
 * Aliases are compared by SHA-256 in constant time and never logged.
 *
 * A key the store verified is remembered for a few seconds (`accessCache`), found by its SHA-256, so a busy caller
 * costs the store one read per key and period, not one per request. A revocation through this process's store
 * drops every remembered key before it returns; a revocation by another process sharing the database takes effect
 * here within the time to live.
 */

import { createHash, timingSafeEqual } from "node:crypto"
import { ApiKeyAuth, ApiProblem, Caller, ConnectAuth } from "@konto/api"
import { ApiKeys, Changes, Consents } from "@konto/store"
import { Effect, Equal, Hash, Layer, Redacted } from "effect"
import { fromStoreError } from "./ProblemMapping.ts"
import * as ShortLivedCache from "./ShortLivedCache.ts"

/** A configured key text that acts as a store-issued API key. */
export interface ApiKeyAlias {
  readonly key: Redacted.Redacted<string>
  readonly apiKeyId: string
}

/** Options of the authentication layers. */
export interface AuthenticationOptions extends ShortLivedCache.AccessCacheSettings {
  readonly aliases?: ReadonlyArray<ApiKeyAlias> | undefined
}

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest()

const missingKey = new ApiProblem.Unauthorized({ detail: "The x-api-key header is missing" })
const invalidKey = new ApiProblem.Unauthorized({ detail: "The API key is not valid" })

/** A presented key as a cache key: equal by its SHA-256; the key itself rides along for the store's lookup. */
class PresentedKey implements Equal.Equal {
  constructor(
    readonly digest: string,
    readonly credential: Redacted.Redacted<string>
  ) {}
  [Equal.symbol](that: Equal.Equal): boolean {
    return that instanceof PresentedKey && that.digest === this.digest
  }
  [Hash.symbol](): number {
    return Hash.string(this.digest)
  }
}

const makeVerifyApiKey = (options: AuthenticationOptions) =>
  Effect.gen(function* () {
    const apiKeys = yield* ApiKeys.ApiKeys
    const changes = yield* Changes.Changes
    const aliases = (options.aliases ?? []).map((alias) => ({
      digest: digest(Redacted.value(alias.key)),
      apiKeyId: alias.apiKeyId
    }))
    const verified = yield* ShortLivedCache.make(
      (presented: PresentedKey) => Effect.map(apiKeys.verify(presented.credential), (apiKey): string => apiKey.id),
      options.accessCache
    )
    // Revocations are rare: forgetting every key is simpler than tracking which digests belong to which id.
    yield* changes.subscribe((change) => (change._tag === "ApiKeyRevoked" ? verified.invalidateAll : Effect.void))
    return (credential: Redacted.Redacted<string>) => {
      const text = Redacted.value(credential)
      if (text === "") return Effect.fail(missingKey)
      const presented = digest(text)
      // Every alias is compared, so the time taken does not tell which one matched.
      const alias = aliases.reduce<string | undefined>(
        (found, candidate) => (timingSafeEqual(candidate.digest, presented) ? candidate.apiKeyId : found),
        undefined
      )
      if (alias !== undefined) return Effect.succeed(alias)
      return verified.get(new PresentedKey(presented.toString("hex"), credential)).pipe(
        Effect.catchTags({
          ApiKeyInvalid: () => Effect.fail(invalidKey),
          StoreError: (error) => Effect.fail(fromStoreError(error))
        })
      )
    }
  })

/** `ApiKeyAuth` over the store's API keys (and configured aliases). */
export const layerApiKeyAuth = (
  options: AuthenticationOptions = {}
): Layer.Layer<ApiKeyAuth, never, ApiKeys.ApiKeys | Changes.Changes> =>
  Layer.effect(
    ApiKeyAuth,
    Effect.gen(function* () {
      const verify = yield* makeVerifyApiKey(options)
      return ApiKeyAuth.of({
        ApiKey: (httpEffect, { credential }) =>
          verify(credential).pipe(
            Effect.flatMap((apiKeyId) =>
              Effect.provideService(httpEffect, Caller, { apiKeyId, consentScope: undefined })
            )
          )
      })
    })
  )

/** `ConnectAuth`: an API key, or a consent token that acts for its consent only. */
export const layerConnectAuth = (
  options: AuthenticationOptions = {}
): Layer.Layer<ConnectAuth, never, ApiKeys.ApiKeys | Consents.Consents | Changes.Changes> =>
  Layer.effect(
    ConnectAuth,
    Effect.gen(function* () {
      const verify = yield* makeVerifyApiKey(options)
      const consents = yield* Consents.Consents
      return ConnectAuth.of({
        ApiKey: (httpEffect, { credential }) =>
          verify(credential).pipe(
            Effect.flatMap((apiKeyId) =>
              Effect.provideService(httpEffect, Caller, { apiKeyId, consentScope: undefined })
            )
          ),
        ConsentToken: (httpEffect, { credential }) =>
          (Redacted.value(credential) === ""
            ? Effect.fail(
                new ApiProblem.Unauthorized({ detail: "Neither an x-api-key header nor a consent token was sent" })
              )
            : consents.verifyAccessToken(credential).pipe(
                Effect.catchTags({
                  ConsentAccessTokenInvalid: () =>
                    Effect.fail(new ApiProblem.Unauthorized({ detail: "The consent token is not valid" })),
                  StoreError: (error) => Effect.fail(fromStoreError(error))
                })
              )
          ).pipe(
            Effect.flatMap((consent) =>
              Effect.provideService(httpEffect, Caller, { apiKeyId: consent.apiKeyId, consentScope: consent.id })
            )
          )
      })
    })
  )
