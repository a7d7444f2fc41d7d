import { assert, describe, it } from "@effect/vitest"
import { Capabilities, type CapabilityMatrix } from "@konto/core"
import { CapabilityTable } from "../src/index.ts"

const capabilities: Capabilities.Capabilities = {
  operations: {
    list: Capabilities.supported,
    get: Capabilities.supported,
    create: Capabilities.operationVendorCannot("read-only API")
  },
  statusFilters: {
    Paid: Capabilities.native,
    Unpaid: Capabilities.native,
    Overdue: Capabilities.emulated("from the due date"),
    Cancelled: Capabilities.vendorCannot("no cancelled state"),
    Unbooked: Capabilities.notBuilt("later"),
    Unsent: Capabilities.emulated("from the sent flag"),
    Draft: Capabilities.vendorCannot("no drafts"),
    Sold: Capabilities.vendorCannot("no factoring")
  },
  invoiceDateRange: Capabilities.native,
  createdSince: Capabilities.emulated("from the creation time"),
  modifiedSince: Capabilities.native,
  orderByDate: Capabilities.emulated("konto sorts"),
  includes: { paymentStatus: Capabilities.supported, paymentTerms: Capabilities.supported },
  fields: [],
  paging: { maxPageSize: 500, totals: "exact" },
  rateLimits: []
}

const row: CapabilityMatrix.CapabilityRow = { system: "ledgerly", displayName: "Ledgerly", capabilities }

describe("CapabilityTable.render", () => {
  it("lists native, emulated and unsupported dimensions, marking what is not built yet", () => {
    const [header, line] = CapabilityTable.render([row]).split("\n")
    assert.match(header ?? "", /^SYSTEM +NAME +LIST +GET +CREATE +PAGE +NATIVE +EMULATED +NOT SUPPORTED$/)
    assert.strictEqual(
      line,
      "ledgerly  Ledgerly  supported  supported  —        500  Paid Unpaid dates modified  Overdue Unsent created order  Cancelled Unbooked* Draft Sold"
    )
  })
})
