/**
 * `/health`: the server answers and its store answers (a cheap read, within two seconds).
 */
import { ApiProblem, KontoApi } from "@konto/api"
import { ApiKeys } from "@konto/store"
import { Duration, Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"

/** The health group's handler. */
export const layer = HttpApiBuilder.group(
  KontoApi,
  "health",
  Effect.fn(function* (handlers) {
    const apiKeys = yield* ApiKeys.ApiKeys
    const unavailable = new ApiProblem.ServiceUnavailable({ detail: "konto's store does not answer" })
    return handlers.handle("health", () =>
      apiKeys.list.pipe(
        Effect.timeoutOrElse({ duration: Duration.seconds(2), orElse: () => Effect.fail(unavailable) }),
        Effect.mapError(() => unavailable),
        Effect.as({ status: "ok" as const })
      )
    )
  })
)
