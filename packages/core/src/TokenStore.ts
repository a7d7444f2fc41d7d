/**
 * Where a connection's OAuth tokens live. Replacing them is compare-and-set, so a rotated single-use refresh
 * token is persisted before the new access token is used, and concurrent refreshes collapse into one: the
 * loser of the race sees `Conflict` with the winner's tokens and uses those.
 * `@konto/store` implements it on SQL with row locks; `TokenStore.layerMemory` serves tests.
 */
import { Context, Effect, Layer, Option, type Redacted, Ref, Schema } from "effect"

/** An OAuth token pair. `expiresAtMillis` is epoch milliseconds. */
export interface OAuthTokens {
  readonly accessToken: Redacted.Redacted<string>
  readonly refreshToken: Redacted.Redacted<string>
  readonly expiresAtMillis: number
}

/** Tokens with the version they were stored under. */
export interface StoredTokens {
  readonly tokens: OAuthTokens
  readonly version: number
}

/** The result of a compare-and-set. */
export type CompareAndSetResult =
  | { readonly _tag: "Updated"; readonly stored: StoredTokens }
  | { readonly _tag: "Conflict"; readonly current: Option.Option<StoredTokens> }

/** The token store failed (storage, not authorisation). */
export class TokenStoreError extends Schema.TaggedError<TokenStoreError>()("TokenStoreError", {
  connectionId: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `token store failed for connection ${this.connectionId}: ${this.detail}`
  }
}

/** Loads and replaces a connection's OAuth tokens. */
export class TokenStore extends Context.Service<
  TokenStore,
  {
    /** The connection's current tokens, if any were stored. */
    readonly load: (connectionId: string) => Effect.Effect<Option.Option<StoredTokens>, TokenStoreError>
    /**
     * Replaces the tokens when the stored version is still `expectedVersion` (`null`: nothing stored yet).
     * The new version is the old one plus one.
     */
    readonly compareAndSet: (
      connectionId: string,
      expectedVersion: number | null,
      tokens: OAuthTokens
    ) => Effect.Effect<CompareAndSetResult, TokenStoreError>
  }
>()("@konto/core/TokenStore") {}

/** An in-memory token store (tests, simulators, the demo). */
export const makeMemory = Effect.gen(function* () {
  const state = yield* Ref.make(new Map<string, StoredTokens>())
  return TokenStore.of({
    load: (connectionId) => Ref.get(state).pipe(Effect.map((map) => Option.fromNullishOr(map.get(connectionId)))),
    compareAndSet: (connectionId, expectedVersion, tokens) =>
      Ref.modify(state, (map): [CompareAndSetResult, Map<string, StoredTokens>] => {
        const current = map.get(connectionId)
        if ((current?.version ?? null) !== expectedVersion) {
          return [{ _tag: "Conflict", current: Option.fromNullishOr(current) }, map]
        }
        const stored: StoredTokens = { tokens, version: (current?.version ?? 0) + 1 }
        return [{ _tag: "Updated", stored }, new Map(map).set(connectionId, stored)]
      })
  })
})

/** A layer of an in-memory token store. */
export const layerMemory: Layer.Layer<TokenStore> = Layer.effect(TokenStore, makeMemory)
