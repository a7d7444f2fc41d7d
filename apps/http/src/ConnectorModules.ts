/**
 * The connectors this server serves, imported at the composition root from the modules configuration names
 * (`KONTO_CONNECTORS`). A module's connectors are its exports shaped like a core `Connector`; its simulator is
 * the `simulator` export of `<package>/simulator` (or of the module itself, for a file path). A module that
 * cannot be imported is reported and skipped, so the server runs with whatever is there.
 */

import { isAbsolute, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { type Connector, SystemId } from "@konto/core"
import type { SimulatorModule } from "@konto/simulator-kit"
import { Effect, Schema } from "effect"

/** A loaded connector and, when it ships one, its simulator. */
export interface ConnectorModule {
  readonly specifier: string
  readonly connector: Connector.Connector
  readonly simulator: SimulatorModule.SimulatorModule | undefined
}

const isSystemId = Schema.is(SystemId.SystemId)

const isConnector = (value: unknown): value is Connector.Connector =>
  typeof value === "object" &&
  value !== null &&
  isSystemId((value as { id?: unknown }).id) &&
  typeof (value as { displayName?: unknown }).displayName === "string" &&
  typeof (value as { capabilities?: unknown }).capabilities === "object" &&
  Array.isArray((value as { connectionFields?: unknown }).connectionFields) &&
  typeof (value as { layer?: unknown }).layer === "function"

const isSimulatorModule = (value: unknown): value is SimulatorModule.SimulatorModule =>
  typeof value === "object" &&
  value !== null &&
  isSystemId((value as { system?: unknown }).system) &&
  typeof (value as { make?: unknown }).make === "function" &&
  typeof (value as { demoConnection?: unknown }).demoConnection === "function"

const isPath = (specifier: string): boolean =>
  specifier.startsWith(".") || isAbsolute(specifier) || specifier.startsWith("file:")

const toImportable = (specifier: string): string =>
  specifier.startsWith("file:") ? specifier : isPath(specifier) ? pathToFileURL(resolve(specifier)).href : specifier

const importModule = (specifier: string) =>
  Effect.tryPromise({
    try: () => import(toImportable(specifier)) as Promise<Record<string, unknown>>,
    catch: (error) => (error instanceof Error ? error.message : String(error))
  })

/** Loads one module's connectors and simulator. */
const loadOne = (specifier: string) =>
  Effect.gen(function* () {
    const exports = yield* importModule(specifier)
    const connectors = Object.values(exports).filter(isConnector)
    if (connectors.length === 0) return yield* Effect.fail(`exports no connector`)
    const simulatorExports = isPath(specifier)
      ? exports
      : yield* importModule(`${specifier}/simulator`).pipe(Effect.orElseSucceed((): Record<string, unknown> => ({})))
    const simulator = isSimulatorModule(simulatorExports["simulator"]) ? simulatorExports["simulator"] : undefined
    return connectors.map(
      (connector): ConnectorModule => ({
        specifier,
        connector,
        simulator: simulator !== undefined && simulator.system === connector.id ? simulator : undefined
      })
    )
  })

/** Loads every configured module; those that fail are logged and skipped. */
export const load = (specifiers: ReadonlyArray<string>) =>
  Effect.forEach(specifiers, (specifier) =>
    loadOne(specifier).pipe(
      Effect.catch((reason) =>
        Effect.as(
          Effect.logWarning(`connector module ${specifier} is not served: ${reason}`),
          [] as ReadonlyArray<ConnectorModule>
        )
      )
    )
  ).pipe(Effect.map((modules) => modules.flat()))
