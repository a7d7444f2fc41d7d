/**
 * Changes the store made that readers holding copies must see at once: a revoked API key, a consent updated,
 * connected or deleted. Each is announced after it is committed and before the write that made it returns, so an
 * in-process cache invalidated by a listener never serves the old value to a request that starts after the write.
 *
 * Only writes made through this process's store are announced; other processes sharing a PostgreSQL database
 * learn of them when their caches expire.
 */

import { Context, Effect, Exit, Layer, Option, type Scope } from "effect"
import type { ApiKeyId } from "./ApiKeys.ts"

/** An API key was revoked: it must no longer authenticate anyone. */
export interface ApiKeyRevoked {
  readonly _tag: "ApiKeyRevoked"
  readonly apiKeyId: ApiKeyId
}

/** A consent changed (updated, connected anew) or was deleted. */
export interface ConsentChanged {
  readonly _tag: "ConsentChanged"
  readonly apiKeyId: ApiKeyId
  readonly consentId: string
}

/** A committed change. */
export type Change = ApiKeyRevoked | ConsentChanged

/** What is told of every change; it must not fail (a listener's failure is not the writer's). */
export type Listener = (change: Change) => Effect.Effect<void>

/** The store's change announcements. */
export class Changes extends Context.Service<
  Changes,
  {
    /** Tells `listener` of every change from now until the scope closes. */
    readonly subscribe: (listener: Listener) => Effect.Effect<void, never, Scope.Scope>
    /** Tells every listener, one after another; returns when all have run. The store's writes call it. */
    readonly publish: (change: Change) => Effect.Effect<void>
  }
>()("@konto/store/Changes") {}

/** A change registry with no listeners yet. */
export const make: Effect.Effect<Changes["Service"]> = Effect.sync(() => {
  const listeners = new Set<Listener>()
  const subscribe = (listener: Listener) =>
    Effect.acquireRelease(
      Effect.sync(() => {
        // A wrapper per subscription, so subscribing the same function twice is two subscriptions.
        const subscription: Listener = (change) => listener(change)
        listeners.add(subscription)
        return subscription
      }),
      (subscription) => Effect.sync(() => listeners.delete(subscription))
    ).pipe(Effect.asVoid)
  // The change is committed whatever a listener does: a listener's defect must not fail the write.
  const publish = (change: Change) =>
    Effect.forEach(Array.from(listeners), (listener) => Effect.catchCause(listener(change), () => Effect.void), {
      discard: true
    })
  return Changes.of({ subscribe, publish })
})

/**
 * Runs `write` and then announces `change`, however the write ended — except when it failed with an error
 * `nothingWritten` recognises (not found, version mismatch, invalid input). A write interrupted or broken after its
 * commit may have changed something: announcing it costs a cache one read, staying silent would leave a revoked
 * key accepted until the cache expires. The announcement runs after the write's transaction ended, uninterruptibly.
 */
export const announcing =
  <E>(changes: Changes["Service"], change: Change, nothingWritten: (error: E) => boolean) =>
  <A, Failure extends E, R>(write: Effect.Effect<A, Failure, R>): Effect.Effect<A, Failure, R> =>
    Effect.onExit(write, (exit) =>
      Option.match(Exit.findErrorOption(exit), { onNone: () => true, onSome: (error) => !nothingWritten(error) })
        ? changes.publish(change)
        : Effect.void
    )

/** The registry as a layer (`Store.layer` provides it with the other services). */
export const layer: Layer.Layer<Changes> = Layer.effect(Changes, make)
