/**
 * The first-party connectors, in the order the docs list them. The http app and the CLI have their own
 * composition roots; this list feeds the generated docs and the repository checks.
 */
import type { Connector } from "@konto/core"

/** Loads every first-party connector package that exists in this checkout. */
export const firstPartyConnectors = async (): Promise<ReadonlyArray<Connector.Connector>> => {
  const modules = await Promise.all([
    import("@konto/adapter-fortnox").then((module) => module.FortnoxConnector),
    import("@konto/adapter-moneybird").then((module) => module.MoneybirdConnector),
    import("@konto/adapter-xero").then((module) => module.XeroConnector)
  ])
  return modules
}
