/**
 * Connectors for core's tests: two systems with different capability rows, each serving an empty listing.
 */

import { Capabilities, Connector, NotFound, SalesInvoices, SystemId } from "@konto/core"
import { Effect, Layer, Stream } from "effect"
import { capabilitiesWith } from "./capabilityRows.ts"

/** A connector whose layer serves an empty listing. */
export const connector = (
  id: string,
  displayName: string,
  capabilities: Capabilities.Capabilities
): Connector.Connector =>
  Connector.make({
    id: SystemId.make(id),
    displayName,
    capabilities,
    connectionFields: [],
    layer: () =>
      Layer.succeed(SalesInvoices.SalesInvoices)(
        SalesInvoices.make({
          system: SystemId.make(id),
          displayName,
          capabilities,
          vendor: {
            list: () => Stream.empty,
            get: (invoiceId) =>
              Effect.fail(
                new NotFound({ system: SystemId.make(id), operation: "get", resource: "SalesInvoice", id: invoiceId })
              )
          }
        })
      )
  })

/** Native filtering except `Sold`, which the vendor cannot. */
export const acme = connector(
  "acme",
  "Acme Books",
  capabilitiesWith(Capabilities.native, {
    statusFilters: {
      ...capabilitiesWith(Capabilities.native).statusFilters,
      Sold: Capabilities.vendorCannot("no factoring flag")
    }
  })
)

/** Emulated filtering; create and the date range not built; a rate limit. */
export const ledger = connector(
  "ledger-one",
  "Ledger One",
  capabilitiesWith(Capabilities.emulated("konto filters"), {
    operations: {
      list: Capabilities.supported,
      get: Capabilities.beta,
      create: Capabilities.operationNotBuilt("the vendor's create endpoint is not mapped yet")
    },
    invoiceDateRange: Capabilities.notBuilt("date filter not mapped yet"),
    rateLimits: [{ requests: 25, perMillis: 5000, scope: "access token" }]
  })
)
