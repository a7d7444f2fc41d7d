import { assert, describe, it } from "@effect/vitest"
import {
  CalendarDate,
  derivePayment,
  deriveStatus,
  type InvoiceFacts,
  type InvoiceStatus,
  type PaymentState
} from "@konto/core"
import { BigDecimal, Option } from "effect"
import * as fc from "fast-check"
import {
  balanceFor,
  calendarDate,
  decimal,
  invoiceFacts,
  lawRuns,
  liveInvoiceFacts,
  nonNegativeDecimal
} from "./arbitraries.ts"

const asOf = CalendarDate.make("2025-03-15")

const amount = (text: string) => BigDecimal.fromStringUnsafe(text)

/** Facts of a plain, live, booked, sent invoice; tests override what they are about. */
const facts = (overrides: Partial<InvoiceFacts> = {}): InvoiceFacts => ({
  total: Option.some(amount("1000")),
  balance: Option.some(amount("1000")),
  isCreditNote: Option.some(false),
  booked: Option.some(true),
  cancelled: Option.some(false),
  draft: Option.some(false),
  sent: Option.some(true),
  sold: Option.some(false),
  dueDate: Option.some(CalendarDate.make("2025-03-31")),
  ...overrides
})

const paymentRank: Record<PaymentState, number> = { FULLY_PAID: 0, PARTLY_PAID: 1, UNPAID: 2 }

const has = (statuses: ReadonlyArray<InvoiceStatus>, status: InvoiceStatus) => statuses.includes(status)

const mirror = (value: InvoiceFacts): InvoiceFacts => ({
  ...value,
  total: Option.map(value.total, BigDecimal.negate),
  balance: Option.map(value.balance, BigDecimal.negate),
  isCreditNote: Option.map(value.isCreditNote, (flag) => !flag)
})

const isKnown = <A>(fact: Option.Option<A>, expected: A) => Option.isSome(fact) && fact.value === expected

describe("deriveStatus laws (DESIGN §3)", () => {
  it("at most one payment status; exactly one when total and balance are known", () => {
    fc.assert(
      fc.property(invoiceFacts, calendarDate, (value, day) => {
        const derived = deriveStatus(value, day)
        const known = Option.isSome(value.total) && Option.isSome(value.balance)
        assert.strictEqual(Option.isSome(derived.payment), known)
        assert.isAtMost(derived.statuses.filter((status) => status === "Paid" || status === "Unpaid").length, 1)
        assert.strictEqual(new Set(derived.statuses).size, derived.statuses.length, "no status twice")
      }),
      lawRuns
    )
  })

  it("Paid and Unpaid are exclusive", () => {
    fc.assert(
      fc.property(invoiceFacts, calendarDate, (value, day) => {
        const { statuses } = deriveStatus(value, day)
        assert.isFalse(has(statuses, "Paid") && has(statuses, "Unpaid"))
      }),
      lawRuns
    )
  })

  it("a live invoice with known amounts is exactly one of Paid and Unpaid, as its payment status says", () => {
    fc.assert(
      fc.property(liveInvoiceFacts, calendarDate, (value, day) => {
        const { payment, statuses } = deriveStatus(value, day)
        assert.isTrue(Option.isSome(payment))
        assert.strictEqual(has(statuses, "Paid"), Option.getOrThrow(payment) === "FULLY_PAID")
        assert.strictEqual(has(statuses, "Unpaid"), Option.getOrThrow(payment) !== "FULLY_PAID")
      }),
      lawRuns
    )
  })

  it("Overdue implies Unpaid", () => {
    fc.assert(
      fc.property(fc.oneof(invoiceFacts, liveInvoiceFacts), calendarDate, (value, day) => {
        const { statuses } = deriveStatus(value, day)
        if (has(statuses, "Overdue")) assert.isTrue(has(statuses, "Unpaid"))
      }),
      lawRuns
    )
  })

  it("Cancelled excludes Paid, Unpaid and Overdue", () => {
    fc.assert(
      fc.property(liveInvoiceFacts, calendarDate, (value, day) => {
        const { statuses } = deriveStatus({ ...value, cancelled: Option.some(true) }, day)
        assert.isTrue(has(statuses, "Cancelled"))
        assert.isFalse(has(statuses, "Paid") || has(statuses, "Unpaid") || has(statuses, "Overdue"))
      }),
      lawRuns
    )
  })

  it("Draft excludes Paid, Unpaid and Overdue", () => {
    fc.assert(
      fc.property(liveInvoiceFacts, calendarDate, (value, day) => {
        const { statuses } = deriveStatus({ ...value, draft: Option.some(true) }, day)
        assert.isTrue(has(statuses, "Draft"))
        assert.isFalse(has(statuses, "Paid") || has(statuses, "Unpaid") || has(statuses, "Overdue"))
      }),
      lawRuns
    )
  })

  it("Overdue stays Overdue as asOf advances", () => {
    fc.assert(
      fc.property(
        liveInvoiceFacts,
        calendarDate,
        calendarDate,
        fc.integer({ min: 0, max: 5000 }),
        (value, due, day, days) => {
          const withDue = { ...value, dueDate: Option.some(due) }
          if (!has(deriveStatus(withDue, day).statuses, "Overdue")) return
          assert.isTrue(has(deriveStatus(withDue, CalendarDate.addDays(day, days)).statuses, "Overdue"))
        }
      ),
      lawRuns
    )
  })

  it("Overdue stays Overdue as asOf advances (any facts)", () => {
    fc.assert(
      fc.property(invoiceFacts, calendarDate, fc.integer({ min: 0, max: 5000 }), (value, day, days) => {
        if (!has(deriveStatus(value, day).statuses, "Overdue")) return
        assert.isTrue(has(deriveStatus(value, CalendarDate.addDays(day, days)).statuses, "Overdue"))
      }),
      lawRuns
    )
  })

  it("lowering the balance of an invoice never moves it towards UNPAID", () => {
    fc.assert(
      fc.property(
        nonNegativeDecimal.chain((total) => fc.tuple(fc.constant(total), balanceFor(total))),
        nonNegativeDecimal,
        ([total, balance], reduction) => {
          const before = derivePayment(total, balance)
          const after = derivePayment(total, BigDecimal.subtract(balance, reduction))
          assert.isAtMost(paymentRank[after], paymentRank[before], `${before} → ${after}`)
        }
      ),
      lawRuns
    )
  })

  it("lowering what is open on a credit note (its balance towards zero) never moves it towards UNPAID", () => {
    fc.assert(
      fc.property(
        nonNegativeDecimal
          .filter((total) => !BigDecimal.isZero(total))
          .map(BigDecimal.negate)
          .chain((total) => fc.tuple(fc.constant(total), balanceFor(total))),
        nonNegativeDecimal,
        ([total, balance], reduction) => {
          const before = derivePayment(total, balance)
          const after = derivePayment(total, BigDecimal.sum(balance, reduction))
          assert.isAtMost(paymentRank[after], paymentRank[before], `${before} → ${after}`)
        }
      ),
      lawRuns
    )
  })

  it("a credit note has the status of its mirror (total and balance negated)", () => {
    fc.assert(
      fc.property(
        invoiceFacts.filter((value) => Option.isNone(value.total) || !BigDecimal.isZero(value.total.value)),
        calendarDate,
        (value, day) => {
          const original = deriveStatus(value, day)
          const mirrored = deriveStatus(mirror(value), day)
          assert.deepStrictEqual(Option.getOrNull(mirrored.payment), Option.getOrNull(original.payment))
          assert.deepStrictEqual(mirrored.statuses, original.statuses)
        }
      ),
      lawRuns
    )
  })

  it("a status whose facts are unknown is never asserted", () => {
    fc.assert(
      fc.property(invoiceFacts, calendarDate, (value, day) => {
        const { payment, statuses } = deriveStatus(value, day)
        const amountsKnown = Option.isSome(value.total) && Option.isSome(value.balance)
        if (!amountsKnown) assert.isTrue(Option.isNone(payment))
        const live = amountsKnown && isKnown(value.cancelled, false) && isKnown(value.draft, false)
        if (has(statuses, "Paid")) assert.isTrue(live)
        if (has(statuses, "Unpaid")) assert.isTrue(live)
        if (has(statuses, "Overdue")) {
          assert.isTrue(live && Option.isSome(value.dueDate) && value.dueDate.value < day)
        }
        assert.strictEqual(has(statuses, "Cancelled"), isKnown(value.cancelled, true))
        assert.strictEqual(has(statuses, "Draft"), isKnown(value.draft, true))
        assert.strictEqual(has(statuses, "Unbooked"), isKnown(value.booked, false))
        assert.strictEqual(has(statuses, "Unsent"), isKnown(value.sent, false))
        assert.strictEqual(has(statuses, "Sold"), isKnown(value.sold, true))
      }),
      lawRuns
    )
  })

  it("forgetting a fact never adds a status", () => {
    const forgettable = ["total", "balance", "booked", "cancelled", "draft", "sent", "sold", "dueDate"] as const
    fc.assert(
      fc.property(invoiceFacts, calendarDate, fc.constantFrom(...forgettable), (value, day, fact) => {
        const known = deriveStatus(value, day).statuses
        const forgotten = deriveStatus({ ...value, [fact]: Option.none() }, day).statuses
        for (const status of forgotten) assert.include(known, status, `${status} appeared when ${fact} became unknown`)
      }),
      lawRuns
    )
  })
})

describe("deriveStatus named cases", () => {
  const payment = (total: string, balance: string) => derivePayment(amount(total), amount(balance))

  it("field notes: balance 800 of 1000 is PARTLY_PAID, 0 of 1000 FULLY_PAID, 1000 of 1000 UNPAID", () => {
    assert.strictEqual(payment("1000", "800"), "PARTLY_PAID")
    assert.strictEqual(payment("1000", "0"), "FULLY_PAID")
    assert.strictEqual(payment("1000", "1000"), "UNPAID")
    assert.strictEqual(payment("1000.00", "800.00"), "PARTLY_PAID")
    assert.deepStrictEqual(deriveStatus(facts({ balance: Option.some(amount("800")) }), asOf).statuses, ["Unpaid"])
    assert.deepStrictEqual(deriveStatus(facts({ balance: Option.some(amount("0")) }), asOf).statuses, ["Paid"])
  })

  it("an overpaid invoice (negative balance) is FULLY_PAID; a balance above the total is UNPAID", () => {
    assert.strictEqual(payment("1000", "-50"), "FULLY_PAID")
    assert.strictEqual(payment("1000", "1200"), "UNPAID")
  })

  it("credit notes: total -1000 with balance -400 is PARTLY_PAID, with balance 0 FULLY_PAID, -1000 UNPAID", () => {
    assert.strictEqual(payment("-1000", "-400"), "PARTLY_PAID")
    assert.strictEqual(payment("-1000", "0"), "FULLY_PAID")
    assert.strictEqual(payment("-1000", "-1000"), "UNPAID")
    const creditNote = facts({
      total: Option.some(amount("-1000")),
      balance: Option.some(amount("-400")),
      isCreditNote: Option.some(true)
    })
    assert.deepStrictEqual(deriveStatus(creditNote, asOf), {
      payment: Option.some("PARTLY_PAID" as const),
      statuses: ["Unpaid"]
    })
  })

  it("a zero total with zero balance is FULLY_PAID (and Paid)", () => {
    assert.strictEqual(payment("0", "0"), "FULLY_PAID")
    assert.strictEqual(payment("0.00", "0"), "FULLY_PAID")
    const zero = facts({ total: Option.some(amount("0")), balance: Option.some(amount("0")) })
    assert.deepStrictEqual(deriveStatus(zero, asOf).statuses, ["Paid"])
  })

  it("a zero total has no sign to mirror: a positive open balance is UNPAID, a negative one FULLY_PAID", () => {
    // Regression from the mirror law: negating a zero total changes nothing, negating the balance does, so the
    // law quantifies over non-zero totals and zero totals are normalised as invoices.
    assert.strictEqual(payment("0", "5"), "UNPAID")
    assert.strictEqual(payment("0", "-5"), "FULLY_PAID")
  })

  it("a due date equal to asOf is not overdue; the day before is", () => {
    const dueToday = facts({ dueDate: Option.some(asOf) })
    assert.deepStrictEqual(deriveStatus(dueToday, asOf).statuses, ["Unpaid"])
    const dueYesterday = facts({ dueDate: Option.some(CalendarDate.addDays(asOf, -1)) })
    assert.deepStrictEqual(deriveStatus(dueYesterday, asOf).statuses, ["Unpaid", "Overdue"])
  })

  it("a paid invoice past its due date is not overdue", () => {
    const paidLate = facts({ balance: Option.some(amount("0")), dueDate: Option.some(CalendarDate.make("2020-01-01")) })
    assert.deepStrictEqual(deriveStatus(paidLate, asOf).statuses, ["Paid"])
  })

  it("an unknown due date is never overdue", () => {
    assert.deepStrictEqual(deriveStatus(facts({ dueDate: Option.none() }), asOf).statuses, ["Unpaid"])
  })

  it("cancelled with an open balance is Cancelled only (payment still derived)", () => {
    const cancelled = facts({ cancelled: Option.some(true), dueDate: Option.some(CalendarDate.make("2020-01-01")) })
    assert.deepStrictEqual(deriveStatus(cancelled, asOf), {
      payment: Option.some("UNPAID" as const),
      statuses: ["Cancelled"]
    })
  })

  it("a draft is Draft and Unbooked (adapters set booked = false), never Paid, Unpaid or Overdue", () => {
    const draft = facts({
      draft: Option.some(true),
      booked: Option.some(false),
      dueDate: Option.some(CalendarDate.make("2020-01-01"))
    })
    assert.deepStrictEqual(deriveStatus(draft, asOf).statuses, ["Unbooked", "Draft"])
  })

  it("an unknown sent flag asserts neither sent nor Unsent; a known false one is Unsent", () => {
    assert.deepStrictEqual(deriveStatus(facts({ sent: Option.none() }), asOf).statuses, ["Unpaid"])
    assert.deepStrictEqual(deriveStatus(facts({ sent: Option.some(false) }), asOf).statuses, ["Unpaid", "Unsent"])
  })

  it("an unknown balance gives no payment status and neither Paid nor Unpaid", () => {
    const unknownBalance = facts({ balance: Option.none(), dueDate: Option.some(CalendarDate.make("2020-01-01")) })
    assert.deepStrictEqual(deriveStatus(unknownBalance, asOf), { payment: Option.none(), statuses: [] })
  })

  it("unknown cancelled or draft flags withhold Paid and Unpaid but keep the payment status", () => {
    const unknownCancelled = facts({ cancelled: Option.none() })
    assert.deepStrictEqual(deriveStatus(unknownCancelled, asOf), {
      payment: Option.some("UNPAID" as const),
      statuses: []
    })
    const unknownDraft = facts({ draft: Option.none(), balance: Option.some(amount("0")) })
    assert.deepStrictEqual(deriveStatus(unknownDraft, asOf), {
      payment: Option.some("FULLY_PAID" as const),
      statuses: []
    })
  })

  it("Sold only when sold is known true", () => {
    assert.deepStrictEqual(deriveStatus(facts({ sold: Option.some(true) }), asOf).statuses, ["Unpaid", "Sold"])
    assert.deepStrictEqual(deriveStatus(facts({ sold: Option.none() }), asOf).statuses, ["Unpaid"])
  })

  it("amounts compare exactly beyond float precision", () => {
    assert.strictEqual(payment("12345678901234567.89", "12345678901234567.88"), "PARTLY_PAID")
    assert.strictEqual(payment("0.30000000000000001", "0.3"), "PARTLY_PAID")
  })

  it("the decimal arbitrary produces scales on both sides of zero", () => {
    const scales = fc.sample(decimal(), { numRuns: 200, seed: 42 }).map((value) => value.scale)
    assert.isTrue(scales.some((scale) => scale < 0) && scales.some((scale) => scale > 0))
  })
})
