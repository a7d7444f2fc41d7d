/**
 * The CLI's composition root for accounting systems: the first-party connectors and their simulators (for
 * `--demo`), composed explicitly.
 */
import { FortnoxConnector } from "@konto/adapter-fortnox"
import { simulator as fortnoxSimulator } from "@konto/adapter-fortnox/simulator"
import { MoneybirdConnector } from "@konto/adapter-moneybird"
import { simulator as moneybirdSimulator } from "@konto/adapter-moneybird/simulator"
import { XeroConnector } from "@konto/adapter-xero"
import { simulator as xeroSimulator } from "@konto/adapter-xero/simulator"
import type { Connector } from "@konto/core"
import type { SimulatorModule } from "@konto/simulator-kit"

/** Every connector the CLI serves. */
export const connectors: ReadonlyArray<Connector.Connector> = [FortnoxConnector, MoneybirdConnector, XeroConnector]

/** The simulator of each system, for `--demo`. */
export const simulators: ReadonlyArray<SimulatorModule.SimulatorModule> = [
  fortnoxSimulator,
  moneybirdSimulator,
  xeroSimulator
]
