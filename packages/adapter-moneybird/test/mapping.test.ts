import { assert, describe, it } from "@effect/vitest"
import {
  CalendarDate,
  deriveStatus,
  ExactJson,
  type InvoiceStatus,
  invoiceStatuses,
  ListQuery,
  type Money,
  SalesInvoice
} from "@konto/core"
import { BigDecimal, DateTime, Option, Schema } from "effect"
import * as fc from "fast-check"
import * as Mapping from "../src/mapping.ts"
import * as Wire from "../src/wire.ts"
import {
  creditInvoiceDraft,
  draftInvoice,
  foreignCurrencyDraft,
  invoice,
  openInvoice,
  paidCreditInvoice,
  pausedInvoice,
  scheduledInvoice,
  uncollectibleInvoice,
  variation
} from "./Fixtures.ts"
import { exampleInvoices } from "./MoneybirdOpenApi.ts"

const lawRuns = { numRuns: 300 }
const beforeDue = CalendarDate.make("2026-08-25")
const afterDue = CalendarDate.make("2026-09-10")
const everything = { paymentStatus: true, paymentTerms: true }
const options = (asOf: CalendarDate.CalendarDate) => ({ asOf, include: everything })

const decimal = (text: string) => BigDecimal.fromStringUnsafe(text)

const assertAmount = (actual: Option.Option<Money.Money>, expected: string, currency = "EUR") => {
  assert.isTrue(Option.isSome(actual), `expected ${expected} ${currency}`)
  if (Option.isNone(actual)) return
  assert.isTrue(
    BigDecimal.equals(actual.value.amount, decimal(expected)),
    `${BigDecimal.format(actual.value.amount)} ≠ ${expected}`
  )
  assert.strictEqual(actual.value.currencyId, currency)
}

const encodeCanonical = Schema.encodeUnknownSync(SalesInvoice.SalesInvoice)
const decodeCanonical = Schema.decodeUnknownSync(SalesInvoice.SalesInvoice)
const encodeSummary = Schema.encodeUnknownSync(SalesInvoice.SalesInvoiceSummary)
// BigDecimals cache their normalised form, so compare canonical values by their JSON text.
const encodeSummaryText = (summary: SalesInvoice.SalesInvoiceSummary): string =>
  ExactJson.stringify(encodeSummary(summary))

describe("mapping: the seed's documented fields", () => {
  it("an open invoice (GET /sales_invoices/{id})", () => {
    const mapped = Mapping.invoiceFromWire(invoice(openInvoice()), options(beforeDue))
    assert.deepStrictEqual(mapped.id, Option.some("496081540407625376"))
    assert.deepStrictEqual(mapped.reference, Option.some("2026-0001"))
    assert.deepStrictEqual(mapped.sellerReference, Option.some("Project X"))
    assert.deepStrictEqual(mapped.issueDate, Option.some(CalendarDate.make("2026-08-21")))
    assert.deepStrictEqual(mapped.dueDate, Option.some(CalendarDate.make("2026-09-04")))
    assert.deepStrictEqual(
      Option.map(mapped.createdDateTime, DateTime.formatIso),
      Option.some("2026-08-21T13:50:45.650Z")
    )
    assert.deepStrictEqual(
      Option.map(mapped.modifiedDateTime, DateTime.formatIso),
      Option.some("2026-08-21T13:50:45.748Z")
    )
    assert.deepStrictEqual(mapped.bookedInvoiceIndicator, Option.some(true))
    assert.deepStrictEqual(mapped.cancelledInvoiceIndicator, Option.some(false))
    assert.deepStrictEqual(mapped.isSent, Option.some(true))
    assert.deepStrictEqual(mapped.isSold, Option.none())
    assert.deepStrictEqual(mapped.source, {
      system: "moneybird",
      id: "496081540407625376",
      status: Option.some("open")
    } as SalesInvoice.Source)
    const totals = Option.getOrThrow(mapped.legalMonetaryTotal)
    assertAmount(totals.taxInclusiveAmount, "363.0")
    assertAmount(totals.taxExclusiveAmount, "300.0")
    assertAmount(totals.lineExtensionAmount, "300.0")
    assertAmount(totals.prepaidAmount, "0")
    assertAmount(totals.payableAmount, "363")
    assert.deepStrictEqual(totals.payableRoundingAmount, Option.none())
    assertAmount(mapped.totalBalanceAmount, "363.0")
    assert.strictEqual(mapped.taxTotals.length, 1)
    assertAmount(Option.some(mapped.taxTotals[0]!.taxAmount), "63.0")
    assertAmount(mapped.taxTotals[0]!.taxSubtotals[0]!.taxableAmount, "300.0")
    assert.deepStrictEqual(
      mapped.documentCurrencyCode,
      Option.some({ currency: Option.some("EUR"), currencyRate: Option.none() })
    )
    assert.deepStrictEqual(
      mapped.reminder,
      Option.some({ reminderSequence: Option.some(0), lastReminderDate: Option.none() })
    )
    assert.deepStrictEqual(
      Option.map(mapped.paymentTerms, (terms) => terms.notes.map((note) => Option.getOrNull(note.languageId))),
      Option.some(["nl"])
    )
    assert.deepStrictEqual(mapped.statuses, ["Unpaid"])
    assert.deepStrictEqual(
      Option.flatMap(mapped.paymentStatus, (status) => status.status),
      Option.some("UNPAID" as const)
    )
  })

  it("the open invoice's line: quantity amount_decimal, net price, net line total", () => {
    const mapped = Mapping.invoiceFromWire(invoice(openInvoice()), options(beforeDue))
    assert.strictEqual(mapped.invoiceLines.length, 1)
    const line = mapped.invoiceLines[0]!
    assert.deepStrictEqual(line.id, Option.some("496081540410771105"))
    assert.deepStrictEqual(line.item.name, Option.some("Project X"))
    assert.isTrue(
      BigDecimal.equals(Option.getOrThrow(Option.flatMap(line.invoicedQuantity, (q) => q.quantity)), decimal("1"))
    )
    assertAmount(
      Option.map(line.price, (price) => price.priceAmount),
      "300"
    )
    assertAmount(line.lineExtensionAmount, "300")
  })

  it("the customer: customer_id, company name, address, country code and contact person", () => {
    const mapped = Mapping.invoiceFromWire(invoice(openInvoice()), options(beforeDue))
    const customer = Option.getOrThrow(mapped.accountingCustomerParty)
    assert.deepStrictEqual(
      customer.supplierAssignedAccountId,
      Option.some({ id: Option.some("customer-1"), schemeId: Option.none() })
    )
    assert.deepStrictEqual(
      Option.flatMap(customer.party.partyName, (name) => name.name),
      Option.some("Foobar Holding B.V.")
    )
    const address = Option.getOrThrow(customer.party.postalAddress)
    assert.deepStrictEqual(address.streetName, Option.some("Hoofdstraat 12"))
    assert.deepStrictEqual(address.postalZone, Option.some("1234AB"))
    assert.deepStrictEqual(address.cityName, Option.some("Amsterdam"))
    assert.deepStrictEqual(
      Option.flatMap(address.country, (country) => country.identificationCode),
      Option.some("NL")
    )
    assert.deepStrictEqual(
      customer.party.contact,
      Option.some({
        name: Option.some("Jan Janssen"),
        telephone: Option.some("123-456-2346"),
        email: Option.some("janjanssen@dev.null.moneybird.net")
      })
    )
    // The example's contact has no chamber_of_commerce and no tax_number.
    assert.deepStrictEqual(customer.party.partyIdentification, [])
  })

  it("the company number (chamber_of_commerce) and VAT number carry their schemes", () => {
    const base = openInvoice() as { contact: object }
    const value = variation(base, {
      contact: { ...base.contact, chamber_of_commerce: "12345678", tax_number: "NL123456789B01" }
    })
    const customer = Option.getOrThrow(
      Mapping.invoiceFromWire(invoice(value), options(beforeDue)).accountingCustomerParty
    )
    assert.deepStrictEqual(customer.party.partyIdentification, [
      { id: Option.some("12345678"), schemeId: Option.some("NL:KVK") },
      { id: Option.some("NL123456789B01"), schemeId: Option.some("EU:VAT") }
    ])
    assert.deepStrictEqual(
      Option.flatMap(customer.party.partyLegalEntity, (entity) => entity.companyId),
      Option.some({ id: Option.some("12345678"), schemeId: Option.some("NL:KVK") })
    )
  })

  it("an open invoice past its due date is Overdue", () => {
    const mapped = Mapping.invoiceFromWire(invoice(openInvoice()), options(afterDue))
    assert.deepStrictEqual(mapped.statuses, ["Unpaid", "Overdue"])
  })

  it("a draft: no invoice number, not booked, not sent, never Overdue", () => {
    const mapped = Mapping.invoiceFromWire(invoice(draftInvoice()), options(afterDue))
    assert.deepStrictEqual(mapped.reference, Option.none())
    assert.deepStrictEqual(mapped.issueDate, Option.none())
    assert.deepStrictEqual(mapped.dueDate, Option.some(CalendarDate.make("2026-09-04")))
    assert.deepStrictEqual(mapped.sellerReference, Option.some("30052"))
    assert.deepStrictEqual(mapped.bookedInvoiceIndicator, Option.some(false))
    assert.deepStrictEqual(mapped.isSent, Option.some(false))
    assert.deepStrictEqual(mapped.statuses, ["Unbooked", "Unsent", "Draft"])
    assertAmount(mapped.totalBalanceAmount, "157.24")
    assertAmount(
      Option.flatMap(mapped.legalMonetaryTotal, (totals) => totals.taxInclusiveAmount),
      "157.24"
    )
  })

  it("a draft in a foreign currency keeps its currency on every amount", () => {
    const mapped = Mapping.invoiceFromWire(invoice(foreignCurrencyDraft()), options(beforeDue))
    assert.deepStrictEqual(
      Option.flatMap(mapped.documentCurrencyCode, (code) => code.currency),
      Option.some("USD")
    )
    assertAmount(mapped.totalBalanceAmount, "159.99", "USD")
  })

  it("a scheduled invoice is a finished draft: Draft, Unbooked, Unsent; no number yet", () => {
    const mapped = Mapping.invoiceFromWire(invoice(scheduledInvoice()), options(afterDue))
    assert.deepStrictEqual(mapped.reference, Option.none())
    assert.deepStrictEqual(mapped.issueDate, Option.some(CalendarDate.make("2026-08-22")))
    assert.deepStrictEqual(mapped.statuses, ["Unbooked", "Unsent", "Draft"])
    assert.deepStrictEqual(Option.flatMap(mapped.source.status, Option.some), Option.some("scheduled"))
  })

  it("an uncollectible invoice is Cancelled, never Unpaid or Overdue", () => {
    const mapped = Mapping.invoiceFromWire(invoice(uncollectibleInvoice()), options(afterDue))
    assert.deepStrictEqual(mapped.cancelledInvoiceIndicator, Option.some(true))
    assert.deepStrictEqual(mapped.bookedInvoiceIndicator, Option.some(true))
    assert.deepStrictEqual(mapped.statuses, ["Cancelled"])
    assert.deepStrictEqual(mapped.source.status, Option.some("uncollectible"))
  })

  it("a paid credit invoice: negative totals, the original referenced, Paid with paid_at as settlement", () => {
    const mapped = Mapping.invoiceFromWire(invoice(paidCreditInvoice()), options(afterDue))
    assert.deepStrictEqual(
      mapped.creditInvoice,
      Option.some({
        creditInvoiceIndicator: Option.some(true),
        creditInvoiceDocumentReferences: [
          {
            id: Option.some("496081499182859886"),
            reference: Option.none(),
            documentType: Option.some("Invoice" as const)
          }
        ]
      })
    )
    assertAmount(
      Option.flatMap(mapped.legalMonetaryTotal, (totals) => totals.taxInclusiveAmount),
      "-363.0"
    )
    assertAmount(
      Option.flatMap(mapped.legalMonetaryTotal, (totals) => totals.prepaidAmount),
      "-363.0"
    )
    assertAmount(mapped.totalBalanceAmount, "0")
    assert.deepStrictEqual(mapped.statuses, ["Paid"])
    assert.deepStrictEqual(
      mapped.paymentStatus,
      Option.some({
        status: Option.some("FULLY_PAID" as const),
        settlementDate: Option.some(CalendarDate.make("2026-08-21"))
      })
    )
    assertAmount(mapped.invoiceLines[1]!.lineExtensionAmount, "-300")
  })

  it("a credit invoice draft is a credit note and a draft", () => {
    const mapped = Mapping.invoiceFromWire(invoice(creditInvoiceDraft()), options(afterDue))
    assert.deepStrictEqual(
      Option.flatMap(mapped.creditInvoice, (credit) => credit.creditInvoiceIndicator),
      Option.some(true)
    )
    assert.deepStrictEqual(mapped.statuses, ["Unbooked", "Unsent", "Draft"])
  })

  it("paused changes no status", () => {
    const paused = Mapping.invoiceFromWire(invoice(pausedInvoice()), options(afterDue))
    const running = Mapping.invoiceFromWire(invoice(variation(pausedInvoice(), { paused: false })), options(afterDue))
    assert.deepStrictEqual(paused.statuses, running.statuses)
    assert.deepStrictEqual(paused.statuses, ["Unpaid", "Overdue"])
  })

  it("a state konto does not know asserts nothing from it", () => {
    const mapped = Mapping.invoiceFromWire(invoice(variation(openInvoice(), { state: "archived" })), options(afterDue))
    assert.deepStrictEqual(mapped.statuses, [])
    assert.deepStrictEqual(mapped.bookedInvoiceIndicator, Option.none())
    assert.deepStrictEqual(mapped.cancelledInvoiceIndicator, Option.none())
    // sent_at still says it was sent.
    assert.deepStrictEqual(mapped.isSent, Option.some(true))
    assert.deepStrictEqual(mapped.source.status, Option.some("archived"))
  })

  it("includes: paymentStatus and paymentTerms only when asked for", () => {
    const mapped = Mapping.invoiceFromWire(invoice(openInvoice()), {
      asOf: beforeDue,
      include: { paymentStatus: false, paymentTerms: false }
    })
    assert.deepStrictEqual(mapped.paymentStatus, Option.none())
    assert.deepStrictEqual(mapped.paymentTerms, Option.none())
  })

  it("a line's text: the first line is the item's name, the rest its description", () => {
    assert.deepStrictEqual(Mapping.itemText("Project X\nAugust, 12 hours"), {
      name: Option.some("Project X"),
      description: Option.some("August, 12 hours")
    })
    assert.deepStrictEqual(Mapping.itemText("Rocking Chair"), {
      name: Option.some("Rocking Chair"),
      description: Option.none()
    })
    assert.deepStrictEqual(Mapping.itemText(null), { name: Option.none(), description: Option.none() })
  })

  it("every documented invoice maps to a canonical invoice that encodes and decodes", () => {
    for (const value of exampleInvoices()) {
      const mapped = Mapping.invoiceFromWire(invoice(value), options(afterDue))
      const again = decodeCanonical(encodeCanonical(mapped))
      assert.deepStrictEqual(again.id, mapped.id)
      assert.deepStrictEqual(again.statuses, mapped.statuses)
      const summary = Mapping.summaryFromWire(invoice(value), options(afterDue))
      assert.strictEqual(encodeSummaryText(summary), encodeSummaryText(SalesInvoice.toSummary(mapped)))
    }
  })
})

// ---------------------------------------------------------------------------------------------------------------

const states = fc.constantFrom(...Wire.states)
const day = fc
  .integer({ min: 0, max: 120 })
  .map((offset) => CalendarDate.addDays(CalendarDate.make("2026-07-01"), offset))
const amount = fc.integer({ min: 0, max: 1_000_000 }).map((cents) => BigDecimal.make(BigInt(cents), 2))

/**
 * A Moneybird invoice as Moneybird keeps it: `paid` exactly when nothing is left to pay on a live invoice, the
 * open states when something is; a credit invoice mirrors an invoice.
 */
const consistentInvoice = fc
  .record({
    state: states,
    totalCents: fc.integer({ min: 0, max: 1_000_000 }),
    unpaidShare: fc.double({ min: 0, max: 1, noNaN: true }),
    credit: fc.boolean(),
    dueDate: day
  })
  .map(({ credit, dueDate, state, totalCents, unpaidShare }) => {
    const unpaidCents = Math.round(totalCents * unpaidShare)
    const sign = (cents: number) => BigDecimal.make(BigInt(credit ? -cents : cents), 2)
    const value: Wire.SalesInvoice = {
      id: "1",
      state,
      total_price_incl_tax: sign(totalCents),
      total_unpaid: sign(unpaidCents),
      due_date: dueDate,
      ...(credit ? { original_sales_invoice_id: "2" } : {})
    }
    return { value, settled: unpaidCents === 0 }
  })
  .filter(({ settled, value }) => {
    if (value.state === "paid") return settled
    if (
      value.state === "open" ||
      value.state === "pending_payment" ||
      value.state === "late" ||
      value.state === "reminded"
    ) {
      return !settled
    }
    return true
  })
  .map(({ value }) => value)

describe("mapping: query laws", () => {
  it("law: a listing by status never misses an invoice — every invoice with a status is in that status's states", () => {
    fc.assert(
      fc.property(consistentInvoice, day, fc.constantFrom(...invoiceStatuses), (value, asOf, status) => {
        const { statuses } = deriveStatus(Mapping.facts(value), asOf)
        if (statuses.includes(status)) {
          assert.include(Mapping.statesFor(status), value.state as Wire.State, `${status} of a ${value.state} invoice`)
        }
      }),
      lawRuns
    )
  })

  it("law: for statuses decided by state alone, the state filter is exact (any amounts, any date)", () => {
    fc.assert(
      fc.property(states, amount, amount, day, day, (state, total, unpaid, dueDate, asOf) => {
        const value: Wire.SalesInvoice = {
          id: "1",
          state,
          total_price_incl_tax: total,
          total_unpaid: unpaid,
          due_date: dueDate
        }
        const { statuses } = deriveStatus(Mapping.facts(value), asOf)
        for (const status of invoiceStatuses.filter(Mapping.decidedByState)) {
          assert.strictEqual(
            statuses.includes(status),
            Mapping.statesFor(status).includes(state),
            `${status} / ${state}`
          )
        }
      }),
      lawRuns
    )
  })

  it("Sold is never asserted and has no state", () => {
    const value = invoice(openInvoice())
    assert.notInclude(deriveStatus(Mapping.facts(value), afterDue).statuses, "Sold" satisfies InvoiceStatus)
    assert.deepStrictEqual(Mapping.statesFor("Sold"), [])
  })
})

describe("mapping: Moneybird's filter", () => {
  it("every listing names a period covering the query (Moneybird's default is this year)", () => {
    assert.strictEqual(Wire.encodeFilter(Mapping.filterTerms(ListQuery.all)), "period:19000101..20991231")
    const ranged = ListQuery.make({ fromInvoiceDate: Option.some(CalendarDate.make("2026-01-01")) })
    assert.strictEqual(Wire.encodeFilter(Mapping.filterTerms(ranged)), "period:20260101..20991231")
  })

  it("states are joined by a pipe", () => {
    const query = ListQuery.make({ status: Option.some("Overdue") })
    assert.strictEqual(
      Wire.encodeFilter(Mapping.filterTerms(query)),
      "period:19000101..20991231,state:open|pending_payment|reminded|late"
    )
  })

  it("created_after and updated_after are asked a second early (exclusive bounds, to the second)", () => {
    const since = DateTime.makeUnsafe("2026-08-21T13:50:12.500Z")
    const query = ListQuery.make({ createdSince: Option.some(since), modifiedSince: Option.some(since) })
    assert.strictEqual(
      Wire.encodeFilter(Mapping.filterTerms(query)),
      "period:19000101..20991231,created_after:2026-08-21T13:50:11Z,updated_after:2026-08-21T13:50:11Z"
    )
  })

  it("only state-decided statuses without other filters are exact", () => {
    assert.isTrue(Mapping.isExact(ListQuery.all))
    assert.isTrue(Mapping.isExact(ListQuery.make({ status: Option.some("Draft") })))
    assert.isFalse(Mapping.isExact(ListQuery.make({ status: Option.some("Paid") })))
    assert.isFalse(Mapping.isExact(ListQuery.make({ toInvoiceDate: Option.some(CalendarDate.make("2026-01-01")) })))
  })
})
