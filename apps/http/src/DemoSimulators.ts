/**
 * Demo mode's simulators: each registered connector's simulator, served on its own loopback port for as long as
 * the server runs (simulator-kit's real-server mount, so the connectors go through real HTTP exactly as they do
 * against the vendor, and the simulators can be called directly too).
 */
import type { Demo } from "@konto/server"
import { SimulatorServer } from "@konto/simulator-kit"
import { Effect, type Scope } from "effect"
import type { ConnectorModule } from "./ConnectorModules.ts"

/** A running simulator. */
export interface RunningSimulator extends Demo.DemoSystem {
  readonly origin: string
}

/** Starts the simulators of the modules that have one; they stop when the scope closes. */
export const start = (
  modules: ReadonlyArray<ConnectorModule>,
  options: { readonly invoiceCount: number }
): Effect.Effect<ReadonlyArray<RunningSimulator>, SimulatorServer.SimulatorServerError, Scope.Scope> =>
  Effect.forEach(
    modules.flatMap((module) => (module.simulator === undefined ? [] : [{ module, simulator: module.simulator }])),
    ({ module, simulator }) =>
      Effect.gen(function* () {
        const instance = yield* simulator.make({ invoiceCount: options.invoiceCount })
        const served = yield* SimulatorServer.serve(instance, { host: "127.0.0.1", port: 0 })
        return {
          system: module.connector.id,
          displayName: module.connector.displayName,
          origin: served.baseUrl,
          connection: simulator.demoConnection(served.baseUrl)
        } satisfies RunningSimulator
      })
  )
