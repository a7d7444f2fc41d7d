/**
 * The systems the benchmarks and the soak run: each first-party connector with its vendor simulator.
 */
import { FortnoxConnector } from "@konto/adapter-fortnox"
import { simulator as fortnoxSimulator } from "@konto/adapter-fortnox/simulator"
import { MoneybirdConnector } from "@konto/adapter-moneybird"
import { simulator as moneybirdSimulator } from "@konto/adapter-moneybird/simulator"
import { XeroConnector } from "@konto/adapter-xero"
import { simulator as xeroSimulator } from "@konto/adapter-xero/simulator"
import type { Connector } from "@konto/core"
import type { SimulatorModule } from "@konto/simulator-kit"

/** A connector and the simulator of its vendor. */
export interface BenchSystem {
  readonly id: string
  readonly connector: Connector.Connector
  readonly simulator: SimulatorModule.SimulatorModule
}

/** Every first-party system, in a fixed order. */
export const systems: ReadonlyArray<BenchSystem> = [
  { id: "fortnox", connector: FortnoxConnector, simulator: fortnoxSimulator },
  { id: "moneybird", connector: MoneybirdConnector, simulator: moneybirdSimulator },
  { id: "xero", connector: XeroConnector, simulator: xeroSimulator }
]

/** The system with this id; throws for an unknown id (a bench bug, not an input). */
export const systemById = (id: string): BenchSystem => {
  const found = systems.find((system) => system.id === id)
  if (found === undefined) throw new Error(`unknown system ${id}`)
  return found
}
