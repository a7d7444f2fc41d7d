/**
 * The capability matrix over the registered connectors, as JSON.
 */
import { ApiProblem, KontoApi, SystemDto } from "@konto/api"
import { ConnectorRegistry } from "@konto/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"

/** The systems group's handlers. */
export const layer = HttpApiBuilder.group(
  KontoApi,
  "systems",
  Effect.fn(function* (handlers) {
    const registry = yield* ConnectorRegistry.ConnectorRegistry
    return handlers
      .handle("list", () => Effect.succeed(registry.connectors.map(SystemDto.fromConnector)))
      .handle("get", ({ params }) =>
        registry.get(params.system).pipe(
          Effect.map(SystemDto.fromConnector),
          Effect.mapError(
            (error) =>
              new ApiProblem.NotFound({
                detail: `System ${error.system} is not registered (registered: ${error.known.join(", ") || "none"})`
              })
          )
        )
      )
  })
)
