/**
 * Fault injection from a seedable PRNG: the same seed and the same request sequence give the same faults.
 *
 * - `rate-limit`: 429 with `Retry-After` (not counted by the rate limiter).
 * - `server-error`: 500, 502 or 503.
 * - `timeout`: the response does not arrive for `hangMillis` (on the effect `Clock`), then 504 — a client
 *   with a shorter timeout gives up first.
 * - `truncated-json`: the handler runs, the status and headers arrive, then the body breaks off halfway:
 *   reading it fails (in the `HttpClient` mount, an `HttpClientError`; on the real server, a reset socket),
 *   as when a connection drops mid-body.
 *
 * A one-shot "lost response" (`dropNextResponse`) lets the handler do its work — e.g. create an invoice —
 * and then drops the connection, so the client never learns the outcome.
 */
import * as Prng from "./Prng.ts"
import type { SimulatorRequest } from "./SimulatorRequest.ts"

/** A kind of injected fault. */
export type FaultKind = "rate-limit" | "server-error" | "timeout" | "truncated-json"

/** Every fault kind. */
export const faultKinds: ReadonlyArray<FaultKind> = ["rate-limit", "server-error", "timeout", "truncated-json"]

/** How a simulator injects faults. */
export interface FaultOptions {
  /** Seed of the fault PRNG. */
  readonly seed: number
  /** Probability (0–1) that an eligible request gets a fault. */
  readonly rate: number
  /** Which faults to draw from (default: all). */
  readonly kinds?: ReadonlyArray<FaultKind>
  /** Only `GET` requests get faults (default `true`): retrying them is safe. */
  readonly onlyGets?: boolean
  /** Further restricts eligible requests (e.g. not the OAuth token endpoint). */
  readonly applies?: (request: SimulatorRequest) => boolean
  /** `Retry-After` of an injected 429, in seconds (default 1). */
  readonly retryAfterSeconds?: number
  /** How long a `timeout` fault holds the response (default 120 000 ms). */
  readonly hangMillis?: number
}

/** What the fault injector decided for one request. */
export type FaultDecision =
  | { readonly _tag: "None" }
  | { readonly _tag: "RateLimit"; readonly retryAfterSeconds: number }
  | { readonly _tag: "ServerError"; readonly status: number }
  | { readonly _tag: "Timeout"; readonly hangMillis: number }
  | { readonly _tag: "Truncate" }
  | { readonly _tag: "Drop" }

/** Which requests a one-shot lost response applies to. */
export interface DropMatch {
  /** The method, or any of several (a create may be a `POST` or a `PUT`); default `POST`. */
  readonly method?: string | ReadonlyArray<string>
  /** Only requests to this route key (`"POST /3/invoices"`); default any route. */
  readonly route?: string
}

/** Fault control of one simulator: switch faults on and off at any time. */
export interface FaultInjector {
  /** Replaces the fault options (`undefined`: no faults). Reseeds the PRNG. */
  readonly set: (options: FaultOptions | undefined) => void
  readonly current: () => FaultOptions | undefined
  /** Drops the response of the next matching request after its handler ran. */
  readonly dropNextResponse: (match?: DropMatch) => void
  /** Decides for a request (advances the PRNG only for eligible requests). */
  readonly decide: (request: SimulatorRequest) => FaultDecision
  /** How many faults were injected since the last reset, by kind (plus `lost-response`). */
  readonly injected: () => Readonly<Record<FaultKind | "lost-response", number>>
  readonly resetCounts: () => void
}

const zeroCounts = (): Record<FaultKind | "lost-response", number> => ({
  "rate-limit": 0,
  "server-error": 0,
  timeout: 0,
  "truncated-json": 0,
  "lost-response": 0
})

/** A fault injector, initially with `options` (or none). */
export const make = (options?: FaultOptions): FaultInjector => {
  let current = options
  let prng = Prng.make(options?.seed ?? 0)
  let pendingDrops: Array<DropMatch> = []
  const methodsOf = (match: DropMatch): ReadonlyArray<string> =>
    (typeof match.method === "string" ? [match.method] : (match.method ?? ["POST"])).map((method) =>
      method.toUpperCase()
    )
  let counts = zeroCounts()
  const eligible = (request: SimulatorRequest, faults: FaultOptions): boolean =>
    (faults.onlyGets === false || request.method === "GET" || request.method === "HEAD") &&
    (faults.applies === undefined || faults.applies(request))
  const decide = (request: SimulatorRequest): FaultDecision => {
    const dropIndex = pendingDrops.findIndex(
      (match) =>
        methodsOf(match).includes(request.method) &&
        (match.route === undefined || match.route === request.route)
    )
    if (dropIndex >= 0) {
      pendingDrops = pendingDrops.filter((_, index) => index !== dropIndex)
      counts["lost-response"] += 1
      return { _tag: "Drop" }
    }
    if (current === undefined || current.rate <= 0 || !eligible(request, current)) return { _tag: "None" }
    if (!prng.chance(current.rate)) return { _tag: "None" }
    const kind = prng.pick(current.kinds !== undefined && current.kinds.length > 0 ? current.kinds : faultKinds)
    counts[kind] += 1
    switch (kind) {
      case "rate-limit":
        return { _tag: "RateLimit", retryAfterSeconds: current.retryAfterSeconds ?? 1 }
      case "server-error":
        return { _tag: "ServerError", status: prng.pick([500, 502, 503]) }
      case "timeout":
        return { _tag: "Timeout", hangMillis: current.hangMillis ?? 120_000 }
      case "truncated-json":
        return { _tag: "Truncate" }
    }
  }
  return {
    set: (next) => {
      current = next
      prng = Prng.make(next?.seed ?? 0)
    },
    current: () => current,
    dropNextResponse: (match) => {
      pendingDrops = [...pendingDrops, match ?? {}]
    },
    decide,
    injected: () => ({ ...counts }),
    resetCounts: () => {
      counts = zeroCounts()
    }
  }
}
