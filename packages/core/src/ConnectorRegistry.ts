/**
 * The connectors an application serves, composed explicitly (no registration by import side effect).
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { Connector } from "./Connector.ts"
import type { SystemId } from "./SystemId.ts"

/** Two connectors claimed the same system id. */
export class DuplicateConnector extends Schema.TaggedError<DuplicateConnector>()("DuplicateConnector", {
  system: Schema.String
}) {
  override get message(): string {
    return `two connectors declare the system id "${this.system}"`
  }
}

/** The system is not among the registered connectors. */
export class UnknownSystem extends Schema.TaggedError<UnknownSystem>()("UnknownSystem", {
  system: Schema.String,
  known: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `unknown system "${this.system}"; registered: ${this.known.join(", ")}`
  }
}

/** The registered connectors, in registration order. */
export interface ConnectorRegistryShape {
  readonly connectors: ReadonlyArray<Connector>
  readonly get: (system: string) => Effect.Effect<Connector, UnknownSystem>
}

/** The connectors of this application. */
export class ConnectorRegistry extends Context.Service<ConnectorRegistry, ConnectorRegistryShape>()(
  "@konto/core/ConnectorRegistry"
) {}

/** Builds a registry; fails on duplicate ids. */
export const make = (connectors: ReadonlyArray<Connector>): Effect.Effect<ConnectorRegistryShape, DuplicateConnector> =>
  Effect.gen(function* () {
    const byId = new Map<SystemId, Connector>()
    for (const connector of connectors) {
      if (byId.has(connector.id)) return yield* new DuplicateConnector({ system: connector.id })
      byId.set(connector.id, connector)
    }
    const known = [...byId.keys()]
    return {
      connectors,
      get: (system: string) => {
        const connector = byId.get(system as SystemId)
        return connector === undefined ? Effect.fail(new UnknownSystem({ system, known })) : Effect.succeed(connector)
      }
    }
  })

/** A layer of the registry over the given connectors. */
export const layer = (connectors: ReadonlyArray<Connector>): Layer.Layer<ConnectorRegistry, DuplicateConnector> =>
  Layer.effect(ConnectorRegistry, Effect.map(make(connectors), ConnectorRegistry.of))
