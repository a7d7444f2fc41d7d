/**
 * Moneybird wire ↔ konto's canonical sales invoice, pure and total.
 *
 * Moneybird lists full invoices, so a listing entry and `get` map the same record.
 *
 * Decisions (each `state` on konto's axes — booked, sent, draft, cancelled):
 * - `draft`: a draft — no invoice number, not booked, not sent.
 * - `scheduled`: a finished invoice waiting for the date Moneybird will send it on. It has no invoice number yet and
 *   is not in the ledger, so konto reads it as a draft too (Draft, Unbooked, Unsent); `source.status` keeps
 *   `scheduled`.
 * - `open`, `pending_payment` (a payment is being processed), `late`, `reminded`, `paid`: booked and sent; paid,
 *   partly paid or unpaid by `total_unpaid` against `total_price_incl_tax`, overdue by `due_date`.
 * - `uncollectible`: written off as a bad debt. konto reads it as Cancelled: the claim is closed without payment
 *   and must not count as Unpaid or Overdue; `source.status` keeps `uncollectible`.
 * - A state konto does not know leaves every state fact unknown (nothing is asserted from it).
 * - `paused` stops Moneybird's reminder workflow only; it changes no status.
 * - A credit invoice has `original_sales_invoice_id` and negative totals (`total_unpaid` too); core mirrors it.
 * - `invoice_id` (the invoice number, null on drafts) is `reference`; Moneybird's `reference` ("your own
 *   reference") is `sellerReference`.
 */
import {
  CalendarDate,
  deriveStatus,
  InvalidInput,
  type InvoiceFacts,
  type InvoiceStatus,
  type ListQuery,
  Money,
  type PaymentState,
  type SalesInvoice,
  type SalesInvoiceInput,
  SchemeId
} from "@konto/core"
import { BigDecimal, DateTime, Option, Result, Schema } from "effect"
import { system } from "./capabilities.ts"
import type * as Wire from "./wire.ts"
import { formatDecimal } from "./wire.ts"

/** What a mapping needs besides the payload: "today" in the connection's time zone and the includes asked for. */
export interface MappingOptions {
  readonly asOf: CalendarDate.CalendarDate
  readonly include: { readonly paymentStatus: boolean; readonly paymentTerms: boolean }
}

type Nullish<A> = A | null | undefined

const decodeDate = Schema.decodeUnknownOption(CalendarDate.CalendarDate)
const decodeTimestamp = Schema.decodeUnknownOption(Schema.DateTimeUtcFromString)

/** A Moneybird date (`yyyy-MM-dd`); invalid text is unknown. */
export const calendarDate = (value: Nullish<string>): Option.Option<CalendarDate.CalendarDate> =>
  value === null || value === undefined ? Option.none() : decodeDate(value.trim())

/** A Moneybird timestamp (`2026-08-21T13:50:45.650Z`); invalid text is unknown. */
export const timestamp = (value: Nullish<string>): Option.Option<DateTime.Utc> =>
  value === null || value === undefined ? Option.none() : decodeTimestamp(value.trim())

/** Moneybird text; empty text is unknown. */
export const text = (value: Nullish<string>): Option.Option<string> =>
  value === null || value === undefined || value.trim() === "" ? Option.none() : Option.some(value)

const decimal = (value: Nullish<BigDecimal.BigDecimal>): Option.Option<BigDecimal.BigDecimal> =>
  Option.fromNullishOr(value)

const money = (amount: Option.Option<BigDecimal.BigDecimal>, currency: Nullish<string>): Option.Option<Money.Money> =>
  Option.map(amount, (value) => Money.make(value, Option.getOrNull(text(currency))))

/** What a Moneybird `state` says on konto's axes. */
export interface StateFacts {
  readonly draft: Option.Option<boolean>
  readonly booked: Option.Option<boolean>
  readonly sent: Option.Option<boolean>
  readonly cancelled: Option.Option<boolean>
}

const stateFactsOf = (draft: boolean, cancelled: boolean): StateFacts => ({
  draft: Option.some(draft),
  booked: Option.some(!draft),
  sent: Option.some(!draft),
  cancelled: Option.some(cancelled)
})

const unknownState: StateFacts = {
  draft: Option.none(),
  booked: Option.none(),
  sent: Option.none(),
  cancelled: Option.none()
}

/** The facts a `state` establishes (see the module comment); an unknown state establishes none. */
export const stateFacts = (state: Nullish<string>): StateFacts => {
  switch (state) {
    case "draft":
    case "scheduled":
      return stateFactsOf(true, false)
    case "open":
    case "pending_payment":
    case "reminded":
    case "late":
    case "paid":
      return stateFactsOf(false, false)
    case "uncollectible":
      return stateFactsOf(false, true)
    default:
      return unknownState
  }
}

/** Whether an invoice is a credit invoice: it credits an original, or its total is negative. */
const isCreditNote = (invoice: Wire.SalesInvoice): Option.Option<boolean> => {
  if (Option.isSome(text(invoice.original_sales_invoice_id))) return Option.some(true)
  return Option.map(decimal(invoice.total_price_incl_tax), BigDecimal.isNegative)
}

/** The facts konto derives an invoice's statuses from. */
export const facts = (invoice: Wire.SalesInvoice): InvoiceFacts => {
  const byState = stateFacts(invoice.state)
  return {
    total: decimal(invoice.total_price_incl_tax),
    balance: decimal(invoice.total_unpaid),
    isCreditNote: isCreditNote(invoice),
    booked: byState.booked,
    cancelled: byState.cancelled,
    draft: byState.draft,
    // A state konto does not know still says "sent" when Moneybird recorded a sending date.
    sent: Option.orElse(byState.sent, () =>
      Option.isSome(calendarDate(invoice.sent_at)) ? Option.some(true) : Option.none()
    ),
    sold: Option.none(),
    dueDate: calendarDate(invoice.due_date)
  }
}

const identifier = (id: Option.Option<string>, schemeId: Option.Option<string>): SalesInvoice.Identifier => ({
  id,
  schemeId
})

const personName = (firstname: Nullish<string>, lastname: Nullish<string>): Option.Option<string> =>
  text([firstname, lastname].flatMap((part) => Option.toArray(text(part))).join(" "))

const postalAddress = (contact: Wire.Contact): Option.Option<SalesInvoice.Address> => {
  const address: SalesInvoice.Address = {
    // Moneybird keeps the house number inside address1.
    buildingNumber: Option.none(),
    streetName: text(contact.address1),
    additionalStreetName: text(contact.address2),
    cityName: text(contact.city),
    postalZone: text(contact.zipcode),
    country: Option.map(text(contact.country), (code) => ({
      identificationCode: Option.some(code),
      name: Option.none()
    }))
  }
  const anyKnown =
    [address.streetName, address.additionalStreetName, address.cityName, address.postalZone].some(Option.isSome) ||
    Option.isSome(address.country)
  return anyKnown ? Option.some(address) : Option.none()
}

/** The company number (`chamber_of_commerce`) with the scheme of the contact's country (`NL` → `NL:KVK`). */
export const companyNumber = (contact: Wire.Contact): Option.Option<SalesInvoice.Identifier> =>
  Option.map(text(contact.chamber_of_commerce), (number) =>
    identifier(
      Option.some(number.trim()),
      Option.flatMap(text(contact.country), (country) =>
        Option.fromNullishOr(SchemeId.organisationNumberScheme(country))
      )
    )
  )

/** The VAT number (`tax_number`, with its country prefix, e.g. `NL123456789B01`). */
const vatNumber = (contact: Wire.Contact): Option.Option<SalesInvoice.Identifier> =>
  Option.map(text(contact.tax_number), (number) => identifier(Option.some(number.trim()), Option.some("EU:VAT")))

/** The customer: Moneybird's `customer_id`, name, company and VAT numbers, address and contact person. */
export const customerParty = (
  contact: Nullish<Wire.Contact>,
  contactPerson: Nullish<Wire.ContactPerson>
): Option.Option<SalesInvoice.CustomerParty> => {
  if (contact === null || contact === undefined) return Option.none()
  const companyName = text(contact.company_name)
  const name = Option.orElse(companyName, () => personName(contact.firstname, contact.lastname))
  const company = companyNumber(contact)
  const person = contactPerson ?? undefined
  const contactName = Option.orElse(personName(person?.firstname, person?.lastname), () => text(contact.attention))
  const telephone = Option.orElse(text(person?.phone), () => text(contact.phone))
  const email = Option.orElse(text(person?.email), () =>
    Option.orElse(text(contact.send_invoices_to_email), () => text(contact.email))
  )
  const hasContact = [contactName, telephone, email].some(Option.isSome)
  return Option.some({
    supplierAssignedAccountId: Option.map(text(contact.customer_id), (id) =>
      identifier(Option.some(id), Option.none())
    ),
    party: {
      partyIdentification: [...Option.toArray(company), ...Option.toArray(vatNumber(contact))],
      partyName: Option.map(name, (value) => ({ name: Option.some(value), languageId: Option.none() })),
      postalAddress: postalAddress(contact),
      partyLegalEntity:
        Option.isSome(companyName) || Option.isSome(company)
          ? Option.some({ registrationName: companyName, companyId: company })
          : Option.none(),
      contact: hasContact ? Option.some({ name: contactName, telephone, email }) : Option.none()
    }
  })
}

const paymentTerms = (invoice: Wire.SalesInvoice, include: boolean): Option.Option<SalesInvoice.PaymentTerms> =>
  include
    ? Option.map(text(invoice.payment_conditions), (conditions) => ({
        paymentTermsId: Option.none(),
        notes: [{ text: Option.some(conditions), languageId: text(invoice.language) }]
      }))
    : Option.none()

const paymentStatus = (
  payment: Option.Option<PaymentState>,
  paidAt: Nullish<string>,
  include: boolean
): Option.Option<SalesInvoice.PaymentStatus> =>
  include
    ? Option.some({
        status: payment,
        // `paid_at` is the day the invoice became fully paid; shown only while it still is.
        settlementDate: Option.isSome(payment) && payment.value === "FULLY_PAID" ? calendarDate(paidAt) : Option.none()
      })
    : Option.none()

const legalMonetaryTotal = (invoice: Wire.SalesInvoice): SalesInvoice.LegalMonetaryTotal => {
  const taxExclusive = money(decimal(invoice.total_price_excl_tax), invoice.currency)
  const balance = money(decimal(invoice.total_unpaid), invoice.currency)
  return {
    // Moneybird's invoice discount is folded into each line, so the lines add up to the total excluding tax.
    lineExtensionAmount: taxExclusive,
    taxExclusiveAmount: taxExclusive,
    taxInclusiveAmount: money(decimal(invoice.total_price_incl_tax), invoice.currency),
    prepaidAmount: money(decimal(invoice.total_paid), invoice.currency),
    payableRoundingAmount: Option.none(),
    payableAmount: balance
  }
}

const taxTotals = (invoice: Wire.SalesInvoice): ReadonlyArray<SalesInvoice.TaxTotal> => {
  const subtotals = (invoice.tax_totals ?? []).flatMap((total) =>
    Option.toArray(
      Option.map(money(decimal(total.tax_amount), invoice.currency), (taxAmount) => ({
        taxableAmount: money(decimal(total.taxable_amount), invoice.currency),
        taxAmount,
        // Moneybird names a tax rate by id only; its percentage is not on the invoice.
        taxCategory: Option.some({
          id: Option.none(),
          percent: Option.none(),
          taxScheme: Option.some({ id: Option.some("VAT") }),
          taxExemptionReason: Option.none()
        })
      }))
    )
  )
  if (subtotals.length === 0) return []
  return [
    {
      taxAmount: Money.make(
        Money.sum(subtotals.map((subtotal) => subtotal.taxAmount.amount)),
        Option.getOrNull(text(invoice.currency))
      ),
      taxSubtotals: subtotals
    }
  ]
}

/**
 * A line's text split as konto writes it: Moneybird has one description per line, whose first line konto reads as
 * the item's name and the rest as its description.
 */
export const itemText = (
  description: Nullish<string>
): { name: Option.Option<string>; description: Option.Option<string> } => {
  const value = text(description)
  if (Option.isNone(value)) return { name: Option.none(), description: Option.none() }
  const newline = value.value.indexOf("\n")
  return newline === -1
    ? { name: Option.some(value.value), description: Option.none() }
    : { name: text(value.value.slice(0, newline)), description: text(value.value.slice(newline + 1)) }
}

/** A line: quantity `amount_decimal`, net line total, and the unit price when prices exclude tax. */
export const invoiceLine = (
  detail: Wire.Detail,
  invoice: Pick<Wire.SalesInvoice, "currency" | "prices_are_incl_tax">
): SalesInvoice.InvoiceLine => ({
  id: text(detail.id),
  invoicedQuantity: Option.map(decimal(detail.amount_decimal), (quantity) => ({
    quantity: Option.some(quantity),
    unitCode: Option.none()
  })),
  lineExtensionAmount: money(decimal(detail.total_price_excl_tax_with_discount), invoice.currency),
  item: {
    ...itemText(detail.description),
    sellersItemIdentification: Option.none(),
    classifiedTaxCategories: []
  },
  // A price including tax is not UBL's net price; konto cannot split it without the rate's percentage.
  price:
    invoice.prices_are_incl_tax === false
      ? Option.map(money(decimal(detail.price), invoice.currency), (priceAmount) => ({ priceAmount }))
      : Option.none()
})

const source = (invoice: Wire.SalesInvoice): SalesInvoice.Source => ({
  system,
  id: invoice.id,
  status: text(invoice.state)
})

const invoiceNumber = (value: Nullish<string | number>): Option.Option<string> =>
  typeof value === "number" ? Option.some(String(value)) : text(value)

/** A full canonical invoice from a Moneybird invoice. */
export const invoiceFromWire = (invoice: Wire.SalesInvoice, options: MappingOptions): SalesInvoice.SalesInvoice => {
  const invoiceFacts = facts(invoice)
  const derived = deriveStatus(invoiceFacts, options.asOf)
  const original = text(invoice.original_sales_invoice_id)
  const reminders = Option.fromNullishOr(invoice.reminder_count)
  return {
    id: Option.some(invoice.id),
    reference: invoiceNumber(invoice.invoice_id),
    buyerReference: Option.none(),
    sellerReference: text(invoice.reference),
    bookedInvoiceIndicator: invoiceFacts.booked,
    cancelledInvoiceIndicator: invoiceFacts.cancelled,
    issueDate: calendarDate(invoice.invoice_date),
    issueTime: Option.none(),
    dueDate: invoiceFacts.dueDate,
    createdDateTime: timestamp(invoice.created_at),
    modifiedDateTime: timestamp(invoice.updated_at),
    creditInvoice: Option.some({
      creditInvoiceIndicator: invoiceFacts.isCreditNote,
      creditInvoiceDocumentReferences: Option.toArray(
        Option.map(original, (id) => ({
          id: Option.some(id),
          reference: Option.none(),
          documentType: Option.some("Invoice" as const)
        }))
      )
    }),
    notes: [],
    orderReference: Option.none(),
    documentCurrencyCode: Option.map(text(invoice.currency), (currency) => ({
      currency: Option.some(currency),
      currencyRate: Option.none()
    })),
    accountingCustomerParty: customerParty(invoice.contact, invoice.contact_person),
    paymentTerms: paymentTerms(invoice, options.include.paymentTerms),
    taxTotals: taxTotals(invoice),
    totalBalanceAmount: money(decimal(invoice.total_unpaid), invoice.currency),
    legalMonetaryTotal: Option.some(legalMonetaryTotal(invoice)),
    paymentStatus: paymentStatus(derived.payment, invoice.paid_at, options.include.paymentStatus),
    isSent: invoiceFacts.sent,
    isSold: Option.none(),
    reminder: Option.map(reminders, (count) => ({
      reminderSequence: Option.some(count),
      lastReminderDate: Option.none()
    })),
    invoiceLines: (invoice.details ?? []).map((detail) => invoiceLine(detail, invoice)),
    source: source(invoice),
    statuses: derived.statuses
  }
}

/** A listing entry from a Moneybird invoice (Moneybird lists full invoices). */
export const summaryFromWire = (
  invoice: Wire.SalesInvoice,
  options: MappingOptions
): SalesInvoice.SalesInvoiceSummary => {
  const full = invoiceFromWire(invoice, options)
  return {
    id: full.id,
    reference: full.reference,
    dueDate: full.dueDate,
    issueDate: full.issueDate,
    createdDateTime: full.createdDateTime,
    modifiedDateTime: full.modifiedDateTime,
    isSent: full.isSent,
    accountingCustomerParty: full.accountingCustomerParty,
    paymentTerms: full.paymentTerms,
    notes: full.notes,
    totalBalanceAmount: full.totalBalanceAmount,
    legalMonetaryTotal: full.legalMonetaryTotal,
    paymentStatus: full.paymentStatus,
    source: full.source,
    statuses: full.statuses
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Queries: konto's query → Moneybird's `filter`

/** The states whose invoices may have a status; konto keeps those whose derived statuses include it. */
export const statesFor = (status: InvoiceStatus): ReadonlyArray<Wire.State> => {
  switch (status) {
    case "Paid":
      return ["paid"]
    case "Unpaid":
    case "Overdue":
      return ["open", "pending_payment", "reminded", "late"]
    case "Cancelled":
      return ["uncollectible"]
    case "Unbooked":
    case "Unsent":
    case "Draft":
      return ["draft", "scheduled"]
    case "Sold":
      return []
  }
}

/**
 * Whether the states of `statesFor(status)` decide the status on their own, so Moneybird's pages need no check.
 * Payment statuses also depend on the amounts and, for Overdue, on today's date.
 */
export const decidedByState = (status: InvoiceStatus): boolean =>
  status === "Cancelled" || status === "Unbooked" || status === "Unsent" || status === "Draft"

/** The earliest invoice date konto asks Moneybird for when a query sets none (Moneybird needs both ends). */
export const earliestInvoiceDate = CalendarDate.make("1900-01-01")

/** The latest invoice date konto asks Moneybird for when a query sets none. */
export const latestInvoiceDate = CalendarDate.make("2099-12-31")

/** A `YYYYMMDD` period bound. */
export const periodBound = (date: CalendarDate.CalendarDate): string => date.replaceAll("-", "")

/** A `created_after` / `updated_after` value, a second early: Moneybird's bound is exclusive and to the second. */
export const afterBound = (since: DateTime.Utc): string => {
  const seconds = Math.floor(DateTime.toEpochMillis(since) / 1000) - 1
  return DateTime.formatIso(DateTime.makeUnsafe(seconds * 1000)).replace(".000Z", "Z")
}

/**
 * The filter for a query's native part. A period is always sent: without one Moneybird lists only this year's
 * invoices, and an open-ended period is refused ("Period must have both a start and end date").
 */
export const filterTerms = (query: ListQuery.ListQuery): Wire.FilterTerms => {
  const from = Option.getOrElse(query.fromInvoiceDate, () => earliestInvoiceDate)
  const to = Option.getOrElse(query.toInvoiceDate, () => latestInvoiceDate)
  const terms: Array<readonly [string, ReadonlyArray<string>]> = [
    ["period", [`${periodBound(from)}..${periodBound(to)}`]]
  ]
  if (Option.isSome(query.status)) terms.push(["state", statesFor(query.status.value)])
  if (Option.isSome(query.createdSince)) terms.push(["created_after", [afterBound(query.createdSince.value)]])
  if (Option.isSome(query.modifiedSince)) terms.push(["updated_after", [afterBound(query.modifiedSince.value)]])
  return terms
}

/**
 * Whether Moneybird's answer to `filterTerms(query)` is exactly the query's answer. When not, konto checks each
 * invoice against the query (`ListQuery` semantics, as core's emulation states them): payment statuses depend on
 * amounts and today's date, a period also matches undated drafts when it contains today, and `created_after` /
 * `updated_after` are asked a second early.
 */
export const isExact = (query: ListQuery.ListQuery): boolean =>
  (Option.isNone(query.status) || decidedByState(query.status.value)) &&
  Option.isNone(query.fromInvoiceDate) &&
  Option.isNone(query.toInvoiceDate) &&
  Option.isNone(query.createdSince) &&
  Option.isNone(query.modifiedSince)

// ---------------------------------------------------------------------------------------------------------------
// Create: konto's input → `POST /sales_invoices`

const invalid = (field: string, detail: string) => new InvalidInput({ system, operation: "create", field, detail })

/** A create refused for its input (nothing was created). */
export const invalidCreate = invalid

/** What creating needs from Moneybird besides the input: the contact's id and the tax rates by percentage. */
export interface CreateContext {
  readonly idempotencyKey: string
  readonly contactId: string
  /** The id of the active sales-invoice tax rate with this percentage, if Moneybird has one. */
  readonly taxRateId: (percent: BigDecimal.BigDecimal) => Option.Option<string>
}

/** The most decimals Moneybird keeps on a price (`detail_response.price`: `^-?\d+\.\d{1,2}$`). */
export const priceScale = 2

/** The customer number (`customer_id`) an input invoices, which konto resolves to Moneybird's contact. */
export const customerNumber = (input: SalesInvoiceInput.SalesInvoiceInput): Result.Result<string, InvalidInput> => {
  const id = Option.flatMap(input.accountingCustomerParty.supplierAssignedAccountId, (assigned) =>
    Option.flatMap(assigned.id, text)
  )
  return Option.isSome(id)
    ? Result.succeed(id.value.trim())
    : Result.fail(
        invalid(
          "accountingCustomerParty.supplierAssignedAccountId.id",
          "Moneybird invoices an existing contact, found by its customer number (customer_id); none was given"
        )
      )
}

/** The tax percentages an input's lines name (each resolved to a Moneybird tax rate before creating). */
export const taxPercentages = (input: SalesInvoiceInput.SalesInvoiceInput): ReadonlyArray<BigDecimal.BigDecimal> =>
  input.invoiceLines.flatMap((line) => Option.toArray(line.item.classifiedTaxCategories?.[0]?.percent ?? Option.none()))

const daysBetween = (from: CalendarDate.CalendarDate, to: CalendarDate.CalendarDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

/**
 * The create request for an input. konto's idempotency key becomes Moneybird's `reference`, so a create whose
 * answer was lost is found again with `find_by_reference`. The invoice is created as a draft: Moneybird sends
 * nothing until `send_invoice` is called (konto's `MoneybirdSending`), never implicitly.
 *
 * Written: the contact (by customer number), invoice date, due date (as days after the invoice date), currency,
 * lines (name and description as one text, quantity, net price, tax rate by percentage) and payment conditions
 * (`paymentTerms.notes`). The party's name and address come from the Moneybird contact, not the input.
 *
 * Refused rather than dropped: an invoice number (Moneybird numbers invoices when they are sent), a buyer's or
 * seller's reference (Moneybird's one reference field holds konto's key), an order reference, printed notes, a
 * payment-terms code and an exchange rate (Moneybird has no field for them), a due date without an invoice date
 * (Moneybird counts due dates from the invoice date), prices with more than two decimals (Moneybird would round
 * them), mixed currencies, and a credit invoice (Moneybird creates those from the original invoice). The
 * caller's `externalReference` is written only "where the vendor has a field for one" (core's contract):
 * Moneybird has none left, so it is not written. A line's unit code and seller's item id are not written either.
 */
export const createRequest = (
  input: SalesInvoiceInput.SalesInvoiceInput,
  context: CreateContext
): Result.Result<Wire.CreateSalesInvoice, InvalidInput> => {
  if (input.invoiceLines.length === 0) return Result.fail(invalid("invoiceLines", "at least one invoice line"))
  if (Option.isSome(Option.flatMap(input.reference, text))) {
    return Result.fail(invalid("reference", "Moneybird numbers invoices itself, when they are sent"))
  }
  for (const [field, value] of [
    ["buyerReference", input.buyerReference],
    ["sellerReference", input.sellerReference]
  ] as const) {
    if (Option.isSome(Option.flatMap(value, text))) {
      return Result.fail(invalid(field, "Moneybird has one reference field, and konto keeps its idempotency key there"))
    }
  }
  const order = Option.getOrUndefined(input.orderReference)
  if (
    order !== undefined &&
    (Option.isSome(Option.flatMap(order.buyerOrderId, text)) ||
      Option.isSome(Option.flatMap(order.sellerOrderId, text)))
  ) {
    return Result.fail(invalid("orderReference", "Moneybird invoices have no order reference"))
  }
  if ((input.notes ?? []).some((note) => Option.isSome(Option.flatMap(note.text, text)))) {
    return Result.fail(
      invalid("notes", "Moneybird invoices have no note printed on them; use paymentTerms.notes (payment conditions)")
    )
  }
  if (
    Option.isSome(
      Option.flatMap(input.paymentTerms, (terms) =>
        Option.flatMap(terms.paymentTermsId, (id) => Option.flatMap(id.id, text))
      )
    )
  ) {
    return Result.fail(
      invalid("paymentTerms.paymentTermsId", "Moneybird takes payment terms as a due date and conditions text")
    )
  }
  if (Option.isSome(Option.flatMap(input.documentCurrencyCode, (code) => code.currencyRate))) {
    return Result.fail(invalid("documentCurrencyCode.currencyRate", "Moneybird sets the exchange rate itself"))
  }
  const isCredit = Option.flatMap(input.creditInvoice, (credit) => credit.creditInvoiceIndicator)
  if (Option.isSome(isCredit) && isCredit.value) {
    return Result.fail(
      invalid("creditInvoice", "Moneybird creates a credit invoice from its original invoice (duplicate_creditinvoice)")
    )
  }
  const issueDate = Option.getOrUndefined(input.issueDate)
  const dueDate = Option.getOrUndefined(input.dueDate)
  if (dueDate !== undefined && issueDate === undefined) {
    return Result.fail(invalid("dueDate", "Moneybird counts the due date from the invoice date: give issueDate too"))
  }
  if (dueDate !== undefined && issueDate !== undefined && dueDate < issueDate) {
    return Result.fail(invalid("dueDate", "must not be before issueDate"))
  }
  const invoiceCurrency = Option.getOrUndefined(
    Option.flatMap(input.documentCurrencyCode, (code) => Option.flatMap(code.currency, text))
  )
  const lineCurrencies = new Set(
    input.invoiceLines.flatMap((line) =>
      line.price.priceAmount.currencyId === null ? [] : [line.price.priceAmount.currencyId]
    )
  )
  const currency = invoiceCurrency ?? (lineCurrencies.size === 1 ? [...lineCurrencies][0] : undefined)
  if (lineCurrencies.size > 1 || (currency !== undefined && [...lineCurrencies].some((code) => code !== currency))) {
    return Result.fail(
      invalid("invoiceLines.price.priceAmount.currencyId", "every line must be in the invoice's currency")
    )
  }
  const details: Array<Wire.DetailAttributes> = []
  for (const [index, line] of input.invoiceLines.entries()) {
    const price = line.price.priceAmount.amount
    if (BigDecimal.normalize(price).scale > priceScale) {
      return Result.fail(
        invalid(
          `invoiceLines[${index}].price.priceAmount.amount`,
          `Moneybird keeps at most ${priceScale} decimals on a price`
        )
      )
    }
    const percent = line.item.classifiedTaxCategories?.[0]?.percent ?? Option.none()
    let taxRateId: string | undefined
    if (Option.isSome(percent)) {
      const found = context.taxRateId(percent.value)
      if (Option.isNone(found)) {
        return Result.fail(
          invalid(
            `invoiceLines[${index}].item.classifiedTaxCategories.percent`,
            `Moneybird has no active sales-invoice tax rate of ${BigDecimal.format(percent.value)}%`
          )
        )
      }
      taxRateId = found.value
    }
    const description = Option.getOrUndefined(Option.flatMap(line.item.description, text))
    details.push({
      // Moneybird has one text per line: the item's name, then its description on the next line.
      description: description === undefined ? line.item.name : `${line.item.name}\n${description}`,
      price: formatDecimal(price),
      amount: BigDecimal.format(line.invoicedQuantity.quantity),
      ...(taxRateId === undefined ? {} : { tax_rate_id: taxRateId })
    })
  }
  const conditions = Option.match(input.paymentTerms, {
    onNone: () => [],
    onSome: (terms) => terms.notes.flatMap((note) => Option.toArray(Option.flatMap(note.text, text)))
  })
  return Result.succeed({
    sales_invoice: {
      contact_id: context.contactId,
      reference: context.idempotencyKey,
      ...(issueDate === undefined ? {} : { invoice_date: issueDate }),
      ...(dueDate === undefined || issueDate === undefined
        ? {}
        : { first_due_interval: daysBetween(issueDate, dueDate) }),
      ...(currency === undefined ? {} : { currency }),
      // konto's prices are net (UBL's PriceAmount).
      prices_are_incl_tax: false,
      ...(conditions.length === 0 ? {} : { payment_conditions: conditions.join("\n") }),
      details_attributes: details
    }
  })
}
