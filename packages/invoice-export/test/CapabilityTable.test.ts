import { assert, describe, it } from "@effect/vitest"
import type { CapabilityMatrix } from "@konto/core"
import { CapabilityTable } from "../src/index.ts"
import { capabilities } from "./fixtures.ts"

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
