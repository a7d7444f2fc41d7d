/**
 * Status derivation, pure: facts + a calendar date → payment status and status set (DESIGN §3).
 *
 * Payment, when total and balance are known: signs are normalised by the total's sign (a credit note is a
 * mirrored invoice); balance ≤ 0 → FULLY_PAID; 0 < balance < |total| → PARTLY_PAID; otherwise UNPAID.
 *
 * Statuses assert only what the facts establish: `Paid` and `Unpaid` need the invoice known to be neither
 * cancelled nor a draft (an adapter whose system has no such state says `false`, a known fact); `Overdue`
 * needs a known due date before `asOf`; the rest need their own fact known.
 */
import { BigDecimal, Option } from "effect"
import type { CalendarDate } from "./CalendarDate.ts"
import type { InvoiceFacts } from "./InvoiceFacts.ts"
import type { InvoiceStatus, PaymentState } from "./InvoiceStatus.ts"

/** The result of `deriveStatus`. */
export interface DerivedStatus {
  readonly payment: Option.Option<PaymentState>
  readonly statuses: ReadonlyArray<InvoiceStatus>
}

const zero = BigDecimal.fromBigInt(0n)

/** The payment status from the gross total and the balance (API.1's field-note rule). */
export const derivePayment = (total: BigDecimal.BigDecimal, balance: BigDecimal.BigDecimal): PaymentState => {
  const mirrored = BigDecimal.isNegative(total)
  const gross = mirrored ? BigDecimal.negate(total) : total
  const open = mirrored ? BigDecimal.negate(balance) : balance
  if (BigDecimal.isLessThanOrEqualTo(open, zero)) return "FULLY_PAID"
  if (BigDecimal.isLessThan(open, gross)) return "PARTLY_PAID"
  return "UNPAID"
}

const isTrue = (fact: Option.Option<boolean>): boolean => Option.isSome(fact) && fact.value
const isFalse = (fact: Option.Option<boolean>): boolean => Option.isSome(fact) && !fact.value

/** Derives the payment status and the set of statuses an invoice has on `asOf` (a date in its time zone). */
export const deriveStatus = (facts: InvoiceFacts, asOf: CalendarDate): DerivedStatus => {
  const payment =
    Option.isSome(facts.total) && Option.isSome(facts.balance)
      ? Option.some(derivePayment(facts.total.value, facts.balance.value))
      : Option.none<PaymentState>()
  const statuses: Array<InvoiceStatus> = []
  const live = isFalse(facts.cancelled) && isFalse(facts.draft)
  if (live && Option.isSome(payment)) {
    if (payment.value === "FULLY_PAID") {
      statuses.push("Paid")
    } else {
      statuses.push("Unpaid")
      if (Option.isSome(facts.dueDate) && facts.dueDate.value < asOf) statuses.push("Overdue")
    }
  }
  if (isTrue(facts.cancelled)) statuses.push("Cancelled")
  if (isFalse(facts.booked)) statuses.push("Unbooked")
  if (isFalse(facts.sent)) statuses.push("Unsent")
  if (isTrue(facts.draft)) statuses.push("Draft")
  if (isTrue(facts.sold)) statuses.push("Sold")
  return { payment, statuses }
}
