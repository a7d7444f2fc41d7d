// A Fortnox simulator on a loopback port, for tests of consents that reach a system over real HTTP.
import { simulator } from "@konto/adapter-fortnox/simulator"
import { SimulatorServer } from "@konto/simulator-kit"
import { Effect, Exit, Scope } from "effect"

/** A served simulator and the connection that reaches it. */
export interface LoopbackFortnox {
  readonly baseUrl: string
  readonly settings: Readonly<Record<string, string>>
  readonly secrets: Readonly<Record<string, string>>
  readonly refreshToken: string
  readonly close: () => Promise<void>
}

/** Serves a Fortnox simulator with `invoiceCount` invoices on 127.0.0.1 (an ephemeral port). */
export const start = async (invoiceCount: number): Promise<LoopbackFortnox> => {
  const scope = await Effect.runPromise(Scope.make())
  const served = await Effect.runPromise(
    Effect.gen(function* () {
      const instance = yield* simulator.make({ invoiceCount })
      return yield* SimulatorServer.serve(instance, { host: "127.0.0.1", port: 0 })
    }).pipe(Scope.provide(scope))
  )
  const connection = simulator.demoConnection(served.baseUrl)
  return {
    baseUrl: connection.baseUrl,
    settings: connection.settings,
    secrets: connection.secrets,
    refreshToken: connection.tokens?.refreshToken ?? "",
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
