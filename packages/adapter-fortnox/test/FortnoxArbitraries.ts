/**
 * fast-check arbitraries of Fortnox invoices as Fortnox sends them.
 *
 * - `consistentInvoice`: a full invoice built from a consistent `InvoiceSeed` (the simulator's record), so laws
 *   can compare what konto maps back with the seed.
 * - `looseListItemText`: a list item's JSON text with every optional field present, absent or `null`, amounts as
 *   JSON numbers (beyond float precision too) or numeric strings, dates valid, empty or malformed — what a
 *   tolerant decoder must survive. Field names are Fortnox's; values are generated.
 */
import { ExactJson } from "@konto/core"
import { Arbitraries } from "@konto/testkit"
import { BigDecimal } from "effect"
import * as fc from "fast-check"
import { recordFromSeed, seedProfile } from "../src/simulator.ts"

/** A full Fortnox invoice, consistent, with the seed it came from. */
export const consistentInvoice = Arbitraries.invoiceSeed(seedProfile).map((seed) => ({
  seed,
  invoice: recordFromSeed(seed).invoice
}))

/** An amount as Fortnox's JSON may carry it: a number literal (any precision) or a numeric string. */
const wireAmount: fc.Arbitrary<unknown> = Arbitraries.amount
  .map((value) => BigDecimal.format(value))
  .chain((text) => fc.constantFrom<unknown>(ExactJson.rawNumber(text), text))

const maybe = <A>(arbitrary: fc.Arbitrary<A>): fc.Arbitrary<A | null | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant(undefined) }
  )

const wireDate: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: Arbitraries.calendarDate.map(String) },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.constantFrom("2025-02-30", "31/12/2025", "2025-13-01") }
)

/** A list item's JSON text, tolerant-decoder material (see the module comment). */
export const looseListItemText: fc.Arbitrary<string> = fc
  .record({
    DocumentNumber: fc.integer({ min: 1, max: 9_999_999 }).map(String),
    Balance: maybe(wireAmount),
    Total: maybe(wireAmount),
    Booked: maybe(fc.boolean()),
    Cancelled: maybe(fc.boolean()),
    Sent: maybe(fc.boolean()),
    NoxFinans: maybe(fc.boolean()),
    Currency: maybe(fc.constantFrom("SEK", "EUR", "")),
    CurrencyRate: maybe(fc.constantFrom<unknown>("1", 1, ExactJson.rawNumber("11.4725"))),
    CustomerName: maybe(fc.constantFrom("Kund 100048", "", "Exempelbolaget AB")),
    CustomerNumber: maybe(fc.constantFrom("100048", "", "2001")),
    InvoiceDate: maybe(wireDate),
    DueDate: maybe(wireDate),
    FinalPayDate: maybe(wireDate),
    TermsOfPayment: maybe(fc.constantFrom("30", "60", "")),
    InvoiceType: maybe(fc.constantFrom("INVOICE", "CASHINVOICE", "SOMENEWTYPE")),
    SomeFutureField: maybe(fc.constantFrom<unknown>({ nested: true }, "x"))
  })
  .map((fields) =>
    ExactJson.stringify(Object.fromEntries(Object.entries(fields).filter((entry) => entry[1] !== undefined)))
  )
