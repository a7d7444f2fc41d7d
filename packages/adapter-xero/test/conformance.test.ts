import { conformance } from "@konto/testkit"
import { XeroConnector } from "../src/index.ts"
import { simulator } from "../src/simulator.ts"

conformance({
  connector: XeroConnector,
  simulator,
  // Xero has no factoring: whether an invoice was sold is unknown (`isSold` null), never false.
  unknownFacts: ["sold"],
  // Generator seed 13 is the first whose invoices include sales credit notes in every state (AUTHORISED, PAID,
  // SUBMITTED) besides drafts, deleted and partly paid invoices: the listing then merges and pages across both
  // of Xero's streams (/Invoices, then /CreditNotes).
  seed: 13
})
