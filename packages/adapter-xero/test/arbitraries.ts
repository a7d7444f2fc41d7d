/**
 * fast-check arbitraries of Xero sales documents as Xero sends them (encoded wire records), consistent the way
 * Xero keeps them: SubTotal is the sum of the line amounts, Total = SubTotal + TotalTax, AmountDue = Total −
 * AmountPaid − AmountCredited, PAID exactly when an approved invoice has nothing due, VOIDED with nothing due,
 * drafts unpaid. Field names and vocabularies are the spec's; values are generated.
 */
import { BigDecimal } from "effect"
import fc from "fast-check"
import { formatMsJsonDate } from "../src/wire.ts"

const decimal = (cents: bigint): BigDecimal.BigDecimal => BigDecimal.make(cents, 2)
const amount = (value: BigDecimal.BigDecimal): number => Number(BigDecimal.format(value))
const dayMillis = 86_400_000

/** A date between 2017 and 2027, as epoch milliseconds at midnight UTC. */
export const dayArbitrary: fc.Arbitrary<number> = fc.integer({ min: 17_167, max: 20_819 }).map((day) => day * dayMillis)

const lineArbitrary = fc.record({
  quantity: fc.integer({ min: 1, max: 20 }),
  unitCents: fc.bigInt({ min: 0n, max: 5_000_000n }),
  taxPercent: fc.constantFrom(0n, 15n, 25n)
})

const contactArbitrary = fc.record({
  ContactID: fc.uuid(),
  Name: fc.constantFrom("Barney Rubble-83203", "Liam Gallagher", "Luke Skywalker", "Ridgeway University")
})

/** What kind of document to generate. */
export type DocumentKind = "invoice" | "creditNote"

/** The documented status codes, plus one Xero might add (kept to test the fallback). */
export const statusArbitrary = fc.constantFrom(
  "DRAFT",
  "SUBMITTED",
  "AUTHORISED",
  "PAID",
  "VOIDED",
  "DELETED",
  "AUTHORISED",
  "PAID",
  "ARCHIVED"
)

/** A sales invoice (`ACCREC`) or sales credit note (`ACCRECCREDIT`) as a Xero response record. */
export const xeroDocumentArbitrary = (kind: DocumentKind): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record({
      id: fc.uuid(),
      number: fc.integer({ min: 1, max: 99_999 }),
      contact: contactArbitrary,
      date: dayArbitrary,
      dueInDays: fc.option(fc.integer({ min: -10, max: 60 }), { nil: undefined }),
      updated: fc.integer({ min: 1_483_228_800_000, max: 1_830_000_000_000 }),
      status: statusArbitrary,
      lines: fc.array(lineArbitrary, { minLength: 0, maxLength: 3 }),
      paidShare: fc.integer({ min: 0, max: 100 }),
      creditedShare: fc.integer({ min: 0, max: 100 }),
      sent: fc.option(fc.boolean(), { nil: undefined }),
      currency: fc.constantFrom("NZD", "SEK", "EUR"),
      reference: fc.constantFrom("", "Red Fish, Blue Fish", "Website Design", "PO-4711")
    })
    .map((generated) => {
      const lineItems = generated.lines.map((line, index) => {
        const lineAmount = BigDecimal.multiply(decimal(line.unitCents), BigDecimal.fromBigInt(BigInt(line.quantity)))
        const tax = BigDecimal.round(
          BigDecimal.divideUnsafe(
            BigDecimal.multiply(lineAmount, BigDecimal.fromBigInt(line.taxPercent)),
            BigDecimal.fromBigInt(100n)
          ),
          { scale: 2, mode: "half-from-zero" }
        )
        return {
          record: {
            LineItemID: `${generated.id.slice(0, 24)}${String(index).padStart(12, "0")}`,
            Description: `Line ${index + 1}`,
            Quantity: line.quantity,
            UnitAmount: amount(decimal(line.unitCents)),
            TaxType: line.taxPercent === 0n ? "NONE" : "OUTPUT2",
            TaxAmount: amount(tax),
            LineAmount: amount(lineAmount),
            AccountCode: "200",
            Tracking: []
          },
          net: lineAmount,
          tax
        }
      })
      const subTotal = lineItems.reduce((sum, line) => BigDecimal.sum(sum, line.net), decimal(0n))
      const totalTax = lineItems.reduce((sum, line) => BigDecimal.sum(sum, line.tax), decimal(0n))
      const total = BigDecimal.sum(subTotal, totalTax)
      const approved = generated.status === "AUTHORISED" || generated.status === "PAID"
      // An approved document is PAID exactly when nothing is left; settle a share of it for AUTHORISED.
      const share = (percent: number) =>
        BigDecimal.round(
          BigDecimal.divideUnsafe(
            BigDecimal.multiply(total, BigDecimal.fromBigInt(BigInt(percent))),
            BigDecimal.fromBigInt(100n)
          ),
          { scale: 2, mode: "floor" }
        )
      let paid = decimal(0n)
      let credited = decimal(0n)
      if (generated.status === "PAID") {
        credited = share(Math.min(generated.creditedShare, 100))
        paid = BigDecimal.subtract(total, credited)
      } else if (generated.status === "AUTHORISED" && BigDecimal.isPositive(total)) {
        paid = share(Math.min(generated.paidShare, 99))
        credited = share(Math.min(generated.creditedShare, 99 - Math.min(generated.paidShare, 99)))
      }
      const settled = BigDecimal.sum(paid, credited)
      const due = generated.status === "VOIDED" ? decimal(0n) : BigDecimal.subtract(total, settled)
      const status = generated.status === "AUTHORISED" && BigDecimal.isZero(due) ? "PAID" : generated.status
      const common: Record<string, unknown> = {
        Reference: generated.reference,
        Contact: {
          ...generated.contact,
          Addresses: [],
          Phones: [],
          ContactGroups: [],
          ContactPersons: [],
          HasValidationErrors: false
        },
        DateString: new Date(generated.date).toISOString().slice(0, 19),
        Date: formatMsJsonDate(generated.date),
        Status: status,
        LineAmountTypes: "Exclusive",
        LineItems: lineItems.map((line) => line.record),
        SubTotal: amount(subTotal),
        TotalTax: amount(totalTax),
        Total: amount(total),
        UpdatedDateUTC: formatMsJsonDate(generated.updated),
        CurrencyCode: generated.currency,
        CurrencyRate: 1,
        ...(generated.dueInDays === undefined
          ? {}
          : { DueDate: formatMsJsonDate(generated.date + generated.dueInDays * dayMillis) }),
        ...(approved && generated.sent !== undefined ? { SentToContact: generated.sent } : {}),
        ...(!approved ? { SentToContact: false } : {}),
        ...(status === "PAID" ? { FullyPaidOnDate: formatMsJsonDate(generated.date + dayMillis) } : {})
      }
      return kind === "invoice"
        ? {
            Type: "ACCREC",
            InvoiceID: generated.id,
            InvoiceNumber: `INV-${String(generated.number).padStart(5, "0")}`,
            ...common,
            AmountDue: amount(due),
            AmountPaid: amount(paid),
            AmountCredited: amount(credited),
            Payments: [],
            CreditNotes: [],
            Prepayments: [],
            Overpayments: [],
            HasErrors: false
          }
        : {
            Type: "ACCRECCREDIT",
            CreditNoteID: generated.id,
            ID: generated.id,
            CreditNoteNumber: `CN-${String(generated.number).padStart(5, "0")}`,
            ...common,
            RemainingCredit: amount(due),
            Allocations: [],
            Payments: [],
            HasAttachments: false
          }
    })

/** A mix of sales invoices and credit notes with distinct ids. */
export const xeroDocumentsArbitrary = (options?: { readonly maxLength?: number }) =>
  fc.uniqueArray(fc.oneof(xeroDocumentArbitrary("invoice"), xeroDocumentArbitrary("creditNote")), {
    maxLength: options?.maxLength ?? 30,
    selector: (record) => String(record["InvoiceID"] ?? record["CreditNoteID"])
  })
