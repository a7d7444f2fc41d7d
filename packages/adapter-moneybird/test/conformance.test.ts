import { conformance } from "@konto/testkit"
import { MoneybirdConnector } from "../src/index.ts"
import { simulator } from "../src/simulator.ts"

conformance({
  connector: MoneybirdConnector,
  simulator,
  timeZone: "Europe/Amsterdam"
})
