/**
 * The facts konto derives an invoice's status from, each explicit about being unknown.
 */
import type { BigDecimal, Option } from "effect"
import type { CalendarDate } from "./CalendarDate.ts"

/** What an adapter knows about an invoice's state. `Option.none()` means the system does not say. */
export interface InvoiceFacts {
  /** The gross total (`taxInclusiveAmount`); negative for a credit note. */
  readonly total: Option.Option<BigDecimal.BigDecimal>
  /** What is left to pay (`totalBalanceAmount`), in the total's sign. */
  readonly balance: Option.Option<BigDecimal.BigDecimal>
  readonly isCreditNote: Option.Option<boolean>
  readonly booked: Option.Option<boolean>
  readonly cancelled: Option.Option<boolean>
  readonly draft: Option.Option<boolean>
  readonly sent: Option.Option<boolean>
  readonly sold: Option.Option<boolean>
  readonly dueDate: Option.Option<CalendarDate>
}
