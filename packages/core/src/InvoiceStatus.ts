/**
 * Status vocabulary: API.1's status filter values plus `Sold`, and API.1's payment statuses.
 */
import { Schema } from "effect"

/** The status filters of API.1 (`Paid`, `Unpaid`, …) plus `Sold` (sold to a factoring company). */
export const InvoiceStatus = Schema.Literals([
  "Paid",
  "Unpaid",
  "Overdue",
  "Cancelled",
  "Unbooked",
  "Unsent",
  "Draft",
  "Sold"
])
export type InvoiceStatus = typeof InvoiceStatus.Type

/** Every status, in API.1's order. */
export const invoiceStatuses: ReadonlyArray<InvoiceStatus> = InvoiceStatus.literals

/** API.1's `PaymentStatusDto.status`. */
export const PaymentState = Schema.Literals(["UNPAID", "PARTLY_PAID", "FULLY_PAID"])
export type PaymentState = typeof PaymentState.Type
