/**
 * The client side of a scaled rate limit. Benchmarks shorten the vendor's rate-limit windows by a stated factor
 * (the simulator's `rateLimitScale`); konto's clients keep the vendor's limits with connector-kit limiters taken
 * from `RateLimiter.Registry`, so a registry that shortens every window by the same factor keeps client and
 * simulator in step — the client still paces itself, at the scaled rate.
 */
import { RateLimiter } from "@konto/connector-kit"
import { Effect, Layer } from "effect"

/** A registry whose limiters shorten every window by `scale` (`Infinity`: no windows, only concurrency). */
export const layerRegistry = (scale: number): Layer.Layer<RateLimiter.Registry> =>
  Layer.effect(
    RateLimiter.Registry,
    Effect.map(RateLimiter.makeRegistry, (registry) =>
      RateLimiter.Registry.of({
        get: (key, options) =>
          registry.get(key, {
            ...options,
            windows: Number.isFinite(scale)
              ? options.windows.map((window) => ({ ...window, windowMillis: window.windowMillis / scale }))
              : []
          })
      })
    )
  )
