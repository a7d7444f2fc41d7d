import { conformance } from "@konto/testkit"
import { FortnoxConnector } from "../src/index.ts"
import { simulator } from "../src/simulator.ts"

conformance({
  connector: FortnoxConnector,
  simulator,
  // A listing maps Fortnox's InvoiceSubset, which carries no Net (nor TotalVAT): the summary's tax-exclusive
  // amount is unknown. `get` has it (see mapping.test.ts).
  unknownFacts: ["net"]
})
