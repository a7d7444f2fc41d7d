/**
 * One connection's OAuth access token, kept fresh over core's `TokenStore`.
 *
 * Guarantees:
 * - the access token handed out is refreshed shortly before it expires (`expirySkewMillis`), and after the
 *   vendor rejects it (`refreshAfterRejection`, used once per request after a 401);
 * - concurrent callers in one process cause one refresh: refreshing is serialised, and whoever comes second
 *   finds fresh tokens — or, if that refresh failed, gets the same failure without calling the vendor again;
 * - across processes (server replicas sharing one store) compare-and-set decides who calls the vendor. A
 *   replica first *claims* the refresh: it writes the tokens it loaded back, marked as a claim (`expiresAtMillis`
 *   set to `-(claimedAt + 1)`, see `isRefreshClaim`), under the next version; only the winner of that write
 *   calls the vendor. Others, seeing a live claim, wait for the winner's tokens to appear in the store
 *   (polling on the `Clock`) and use them without calling the vendor. A claimer whose refresh fails gives the
 *   claim back; a claim whose owner never finishes is taken over after `claimTimeoutMillis`;
 * - a rotated, single-use refresh token is written to the store (compare-and-set) before the new access token
 *   is returned to anyone, so a crash cannot lose it;
 * - a refresh token the vendor refuses (`invalid_grant`) becomes `Unauthorized` telling the user to reconnect,
 *   unless another replica has already stored newer tokens, which are then used.
 *
 * Store failures surface as `UpstreamUnavailable` (operation `refresh-token`, status `null`), which idempotent
 * calls retry.
 */

import type { TokenStore as TokenStoreModule } from "@konto/core"
import { type ConnectorError, TokenStore, Unauthorized, UpstreamUnavailable } from "@konto/core"
import { Clock, Effect, Option, Predicate, Redacted, Semaphore } from "effect"

type OAuthTokens = TokenStoreModule.OAuthTokens
type StoredTokens = TokenStoreModule.StoredTokens
type TokenStoreError = TokenStoreModule.TokenStoreError

/** What a session needs. */
export interface OAuthSessionOptions {
  readonly system: string
  /** The connection whose tokens the store holds. */
  readonly connectionId: string
  /**
   * The adapter's token-endpoint call: a refresh token in, the new tokens out (see `OAuthTokenEndpoint`). It runs
   * uninterruptibly once a refresh is claimed, so it must end on its own (a timeout; `OAuthTokenEndpoint` has one).
   */
  readonly refresh: (refreshToken: Redacted.Redacted<string>) => Effect.Effect<OAuthTokens, ConnectorError>
  /** Refresh this long before `expiresAtMillis` (default 60 s). */
  readonly expirySkewMillis?: number | undefined
  /** How long another replica's refresh claim is honoured before it is taken over (default 60 s). */
  readonly claimTimeoutMillis?: number | undefined
  /** How often a replica waiting for another's refresh re-reads the store (default 250 ms). */
  readonly pollIntervalMillis?: number | undefined
}

/** A connection's OAuth session. */
export interface OAuthSession {
  readonly system: string
  readonly connectionId: string
  /** A current access token, refreshed first when it expires within the skew. */
  readonly accessToken: Effect.Effect<Redacted.Redacted<string>, ConnectorError>
  /**
   * A new access token after the vendor rejected `rejected` (HTTP 401). If another caller has already replaced
   * it, that token is returned without a refresh.
   */
  readonly refreshAfterRejection: (
    rejected: Redacted.Redacted<string>
  ) => Effect.Effect<Redacted.Redacted<string>, ConnectorError>
  /** Runs `use` with an access token; if it fails with `Unauthorized`, refreshes once and runs it again. */
  readonly withAccessToken: <A, E, R>(
    use: (accessToken: Redacted.Redacted<string>) => Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | ConnectorError, R>
}

/** The `Unauthorized` error that tells the user to reconnect the account. */
export const reconnectRequired = (system: string, reason: string): Unauthorized =>
  new Unauthorized({
    system,
    operation: "refresh-token",
    detail: `${reason}; reconnect the ${system} account to grant konto access again`
  })

/**
 * Whether stored tokens are another session's refresh claim. A claim is the loaded tokens written back with
 * `expiresAtMillis = -(claimedAt + 1)`: negative, so anything unaware of the protocol sees expired tokens.
 */
export const isRefreshClaim = (tokens: OAuthTokens): boolean => tokens.expiresAtMillis < 0

/** When a claim was made (epoch milliseconds). */
const claimedAtMillis = (tokens: OAuthTokens): number => -tokens.expiresAtMillis - 1

const claimMarker = (now: number): number => -(now + 1)

const sameSecret = (left: Redacted.Redacted<string>, right: Redacted.Redacted<string>): boolean =>
  Redacted.value(left) === Redacted.value(right)

// `invalid_grant` is OAuth's word for a refresh token that is expired, revoked or already used.
const isInvalidGrant = (error: ConnectorError): boolean =>
  (error._tag === "UpstreamRejected" && (error.vendorCode === "invalid_grant" || /invalid_grant/.test(error.detail))) ||
  (error._tag === "Unauthorized" && /invalid_grant/.test(error.detail))

/** Makes the session of one connection. Sessions of the same connection in other processes cooperate via the store. */
export const make = (options: OAuthSessionOptions): Effect.Effect<OAuthSession, never, TokenStore.TokenStore> =>
  Effect.gen(function* () {
    const store = yield* TokenStore.TokenStore
    const { connectionId, system } = options
    const skew = options.expirySkewMillis ?? 60_000
    const claimTimeout = options.claimTimeoutMillis ?? 60_000
    const pollInterval = options.pollIntervalMillis ?? 250
    const lock = yield* Semaphore.make(1)
    let cached: Option.Option<StoredTokens> = Option.none()

    const storeFailed = (error: TokenStoreError) =>
      new UpstreamUnavailable({
        system,
        operation: "refresh-token",
        status: null,
        detail: `the token store failed: ${error.detail}`
      })
    const load = Effect.mapError(store.load(connectionId), storeFailed)
    const compareAndSet = (expected: number | null, tokens: OAuthTokens) =>
      Effect.mapError(store.compareAndSet(connectionId, expected, tokens), storeFailed)

    // Stale: expiring within the skew, or the very token the vendor rejected.
    const isStale = (tokens: OAuthTokens, now: number, rejected: Option.Option<Redacted.Redacted<string>>) =>
      now + skew >= tokens.expiresAtMillis ||
      (Option.isSome(rejected) && sameSecret(tokens.accessToken, rejected.value))

    const notConnected = reconnectRequired(system, `no OAuth tokens are stored for connection ${connectionId}`)

    const remember = (stored: StoredTokens) =>
      Effect.sync(() => {
        cached = Option.some(stored)
        return stored.tokens.accessToken
      })

    const claimed = (stored: StoredTokens) => isRefreshClaim(stored.tokens)
    const claimExpired = (stored: StoredTokens, now: number) => now >= claimedAtMillis(stored.tokens) + claimTimeout

    // Waits while another replica holds a live claim. `some` once fresh tokens are in the store; `none` when the
    // claim expired or was released, so the caller decides again.
    const awaitOtherReplica = (rejected: Option.Option<Redacted.Redacted<string>>) =>
      Effect.gen(function* () {
        while (true) {
          yield* Effect.sleep(pollInterval)
          const now = yield* Clock.currentTimeMillis
          const current = yield* load
          if (Option.isNone(current)) return yield* notConnected
          if (!claimed(current.value)) {
            return isStale(current.value.tokens, now, rejected) ? Option.none<StoredTokens>() : current
          }
          if (claimExpired(current.value, now)) return Option.none<StoredTokens>()
        }
      })

    // Stores freshly refreshed tokens over our claim. A conflict means someone wrote meanwhile: if they stored
    // other tokens (a replica that took over an expired claim and got there first), those win; if they only
    // re-claimed with the same refresh token, ours go in over their claim (their vendor call will fail).
    const storeRefreshed = (
      claim: StoredTokens,
      original: OAuthTokens,
      refreshed: OAuthTokens
    ): Effect.Effect<StoredTokens, ConnectorError> =>
      Effect.gen(function* () {
        let expected = claim.version
        while (true) {
          const result = yield* compareAndSet(expected, refreshed)
          if (result._tag === "Updated") return result.stored
          if (Option.isNone(result.current)) return yield* notConnected
          const current = result.current.value
          if (!sameSecret(current.tokens.refreshToken, original.refreshToken) && !claimed(current)) return current
          expected = current.version
        }
      })

    // Our refresh failed. Another replica may have stored new tokens meanwhile (then use them); otherwise give
    // the claim back so nobody waits for it, and fail (`invalid_grant` → reconnect).
    const afterFailedRefresh = (
      error: ConnectorError,
      claim: StoredTokens,
      original: OAuthTokens
    ): Effect.Effect<StoredTokens, ConnectorError> =>
      Effect.gen(function* () {
        const current = yield* load
        if (
          Option.isSome(current) &&
          !claimed(current.value) &&
          !sameSecret(current.value.tokens.refreshToken, original.refreshToken)
        ) {
          return current.value
        }
        yield* Effect.ignore(compareAndSet(claim.version, original))
        return yield* isInvalidGrant(error)
          ? Effect.fail(reconnectRequired(system, "the refresh token was refused (invalid_grant)"))
          : Effect.fail(error)
      })

    // Callers queued behind a refresh that failed share its failure instead of each trying again in turn
    // (50 callers behind a vendor outage would otherwise cost 50 sequential timeouts).
    let finished = 0
    let lastFailure: { readonly finished: number; readonly error: ConnectorError } | undefined

    const refreshStale = (rejected: Option.Option<Redacted.Redacted<string>>) =>
      Effect.suspend(() => {
        const finishedAtEntry = finished
        return lock.withPermit(refreshStaleLocked(rejected, finishedAtEntry))
      })

    const refreshStaleLocked = (rejected: Option.Option<Redacted.Redacted<string>>, finishedAtEntry: number) =>
      Effect.gen(function* () {
        // Whoever held the lock before us may have refreshed already, or failed to.
        const before = yield* Clock.currentTimeMillis
        if (Option.isSome(cached) && !isStale(cached.value.tokens, before, rejected)) {
          return cached.value.tokens.accessToken
        }
        if (lastFailure !== undefined && lastFailure.finished > finishedAtEntry)
          return yield* Effect.fail(lastFailure.error)
        while (true) {
          const now = yield* Clock.currentTimeMillis
          const loaded = yield* load
          if (Option.isNone(loaded)) return yield* notConnected
          const stored = loaded.value
          if (claimed(stored) && !claimExpired(stored, now)) {
            const fresh = yield* awaitOtherReplica(rejected)
            if (Option.isSome(fresh)) return yield* remember(fresh.value)
            continue
          }
          if (!claimed(stored) && !isStale(stored.tokens, now, rejected)) return yield* remember(stored)
          // Stale, or a claim that expired: claim the refresh. Only the winner of this write calls the vendor.
          // Claim, vendor call and store run uninterruptibly: an interrupted caller must not spend a single-use
          // refresh token at the vendor and drop the answer.
          const original: OAuthTokens = claimed(stored) ? { ...stored.tokens, expiresAtMillis: 0 } : stored.tokens
          const refreshedStored = yield* Effect.uninterruptible(
            Effect.gen(function* () {
              const claim = yield* compareAndSet(stored.version, {
                ...stored.tokens,
                expiresAtMillis: claimMarker(now)
              })
              if (claim._tag === "Conflict") return Option.none<StoredTokens>()
              return yield* options.refresh(stored.tokens.refreshToken).pipe(
                Effect.matchEffect({
                  onFailure: (error) => afterFailedRefresh(error, claim.stored, original),
                  onSuccess: (refreshed) => storeRefreshed(claim.stored, original, refreshed)
                }),
                Effect.onExit(() =>
                  Effect.sync(() => {
                    finished += 1
                  })
                ),
                Effect.tapError((error) =>
                  Effect.sync(() => {
                    lastFailure = { finished, error }
                  })
                ),
                Effect.map(Option.some)
              )
            })
          )
          if (Option.isNone(refreshedStored)) continue
          return yield* remember(refreshedStored.value)
        }
      })

    const accessToken: OAuthSession["accessToken"] = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      if (Option.isSome(cached) && !isStale(cached.value.tokens, now, Option.none())) {
        return cached.value.tokens.accessToken
      }
      return yield* refreshStale(Option.none())
    })

    const refreshAfterRejection: OAuthSession["refreshAfterRejection"] = (rejected) =>
      refreshStale(Option.some(rejected))

    const withAccessToken: OAuthSession["withAccessToken"] = (use) =>
      Effect.flatMap(accessToken, (token) =>
        use(token).pipe(
          Effect.catchIf(
            (error) => Predicate.isTagged(error, "Unauthorized"),
            () => Effect.flatMap(refreshAfterRejection(token), use)
          )
        )
      )

    return { system, connectionId, accessToken, refreshAfterRejection, withAccessToken }
  })
