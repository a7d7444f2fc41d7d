import { conformance } from "@konto/testkit"
import { MoneybirdConnector } from "../src/index.ts"
import { simulator } from "../src/simulator.ts"

conformance({
  connector: MoneybirdConnector,
  simulator,
  // Moneybird has no factoring: whether an invoice was sold is not something it says.
  unknownFacts: ["sold"],
  timeZone: "Europe/Amsterdam"
})
