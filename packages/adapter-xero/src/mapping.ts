/**
 * Xero → canonical, and canonical input → Xero. Pure and total: every vendor vocabulary has a fallback and
 * the native status travels in `source`.
 *
 * Sales invoices (`ACCREC`, from /Invoices) and sales credit notes (`ACCRECCREDIT`, from /CreditNotes) both
 * become canonical invoices. Xero writes credit notes with positive amounts; konto mirrors them (every amount
 * and line quantity negated, unit prices kept) and sets the credit indicator, so a credit note has the status
 * of its mirror.
 */

import {
  type CalendarDate,
  deriveStatus,
  InvalidInput,
  type InvoiceFacts,
  type InvoiceStatus,
  type ListQuery,
  Money,
  type SalesInvoice,
  type SalesInvoiceInput,
  SchemeId
} from "@konto/core"
import { BigDecimal, type DateTime, Option, Result } from "effect"
import { system } from "./capabilities.ts"
import {
  invoiceTypes,
  Where,
  type XeroAddress,
  type XeroContact,
  type XeroContactInput,
  type XeroDocument,
  type XeroDocumentInput,
  type XeroDocumentQuery,
  type XeroDocumentSummary,
  type XeroLineItem,
  type XeroLineItemInput,
  type XeroListQuery,
  type XeroPhone
} from "./wire.ts"

// ---------------------------------------------------------------------------------------------------------------
// Status

/** What a Xero `Status` says about an invoice's state. */
export interface StatusFacts {
  readonly draft: Option.Option<boolean>
  readonly cancelled: Option.Option<boolean>
  readonly booked: Option.Option<boolean>
}

const known = (draft: boolean, cancelled: boolean, booked: boolean): StatusFacts => ({
  draft: Option.some(draft),
  cancelled: Option.some(cancelled),
  booked: Option.some(booked)
})

const unknownStatus: StatusFacts = { draft: Option.none(), cancelled: Option.none(), booked: Option.none() }

/**
 * Xero's status codes as facts. DRAFT is a draft, not posted. SUBMITTED ("awaiting approval") is finished and
 * numbered but not yet posted: unbooked, not a draft. AUTHORISED and PAID are posted; VOIDED is a posted
 * invoice reversed (cancelled, was booked); DELETED is an unposted one removed (cancelled, never booked). Any
 * other value — one Xero may add — asserts nothing.
 */
export const statusFacts = (status: Option.Option<string>): StatusFacts => {
  if (Option.isNone(status)) return unknownStatus
  switch (status.value) {
    case "DRAFT":
      return known(true, false, false)
    case "SUBMITTED":
      return known(false, false, false)
    case "AUTHORISED":
    case "PAID":
      return known(false, false, true)
    case "VOIDED":
      return known(false, true, true)
    case "DELETED":
      return known(false, true, false)
    default:
      return unknownStatus
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One view of both document kinds

// What a listing entry is made of: the fields of `XeroInvoiceSummary` / `XeroCreditNoteSummary`.
interface SummaryView {
  readonly id: string
  readonly isCreditNote: boolean
  readonly number: Option.Option<string>
  readonly contact: Option.Option<XeroContact>
  readonly date: Option.Option<CalendarDate.CalendarDate>
  readonly dueDate: Option.Option<CalendarDate.CalendarDate>
  readonly currencyCode: Option.Option<string>
  readonly status: Option.Option<string>
  readonly sentToContact: Option.Option<boolean>
  readonly subTotal: Option.Option<BigDecimal.BigDecimal>
  readonly total: Option.Option<BigDecimal.BigDecimal>
  /** `AmountDue` of an invoice, `RemainingCredit` of a credit note, as Xero writes them (positive). */
  readonly balance: Option.Option<BigDecimal.BigDecimal>
  /** What was settled: `AmountPaid + AmountCredited` of an invoice (payments, credit notes, over- and prepayments). */
  readonly settled: Option.Option<BigDecimal.BigDecimal>
  readonly fullyPaidOnDate: Option.Option<CalendarDate.CalendarDate>
  readonly updatedDateUtc: Option.Option<DateTime.Utc>
}

// Everything else the complete invoice is made of.
interface SalesDocument extends SummaryView {
  readonly reference: Option.Option<string>
  readonly lineItems: ReadonlyArray<XeroLineItem>
  readonly lineAmountTypes: Option.Option<string>
  readonly currencyRate: Option.Option<BigDecimal.BigDecimal>
  readonly totalTax: Option.Option<BigDecimal.BigDecimal>
  readonly creditedInvoices: ReadonlyArray<{
    readonly id: Option.Option<string>
    readonly number: Option.Option<string>
  }>
}

const summaryView = (document: XeroDocumentSummary): SummaryView => {
  if (document._tag === "Invoice") {
    const invoice = document.invoice
    return {
      id: invoice.InvoiceID,
      isCreditNote: false,
      number: invoice.InvoiceNumber,
      contact: invoice.Contact,
      date: invoice.Date,
      dueDate: invoice.DueDate,
      currencyCode: invoice.CurrencyCode,
      status: invoice.Status,
      sentToContact: invoice.SentToContact,
      subTotal: invoice.SubTotal,
      total: invoice.Total,
      balance: invoice.AmountDue,
      settled: Option.zipWith(invoice.AmountPaid, invoice.AmountCredited, BigDecimal.sum),
      fullyPaidOnDate: invoice.FullyPaidOnDate,
      updatedDateUtc: invoice.UpdatedDateUTC
    }
  }
  const creditNote = document.creditNote
  return {
    id: creditNote.CreditNoteID,
    isCreditNote: true,
    number: creditNote.CreditNoteNumber,
    contact: creditNote.Contact,
    date: creditNote.Date,
    dueDate: creditNote.DueDate,
    currencyCode: creditNote.CurrencyCode,
    status: creditNote.Status,
    sentToContact: creditNote.SentToContact,
    subTotal: creditNote.SubTotal,
    total: creditNote.Total,
    balance: creditNote.RemainingCredit,
    settled: Option.none(),
    fullyPaidOnDate: creditNote.FullyPaidOnDate,
    updatedDateUtc: creditNote.UpdatedDateUTC
  }
}

const view = (document: XeroDocument): SalesDocument => {
  if (document._tag === "Invoice") {
    const invoice = document.invoice
    return {
      ...summaryView(document),
      reference: invoice.Reference,
      lineItems: invoice.LineItems,
      lineAmountTypes: invoice.LineAmountTypes,
      currencyRate: invoice.CurrencyRate,
      totalTax: invoice.TotalTax,
      creditedInvoices: []
    }
  }
  const creditNote = document.creditNote
  return {
    ...summaryView(document),
    reference: creditNote.Reference,
    lineItems: creditNote.LineItems,
    lineAmountTypes: creditNote.LineAmountTypes,
    currencyRate: creditNote.CurrencyRate,
    totalTax: creditNote.TotalTax,
    creditedInvoices: creditNote.Allocations.flatMap((allocation) =>
      Option.match(allocation.Invoice, {
        onNone: () => [],
        onSome: (invoice) => [{ id: invoice.InvoiceID, number: invoice.InvoiceNumber }]
      })
    )
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Facts

/** The facts konto derives a Xero document's status from (credit notes mirrored to negative amounts). */
export const invoiceFacts = (document: XeroDocumentSummary): InvoiceFacts => factsOf(summaryView(document))

const factsOf = (sales: SummaryView): InvoiceFacts => {
  const sign = signOf(sales)
  const state = statusFacts(sales.status)
  return {
    total: Option.map(sales.total, sign),
    balance: Option.map(sales.balance, sign),
    isCreditNote: Option.some(sales.isCreditNote),
    booked: state.booked,
    cancelled: state.cancelled,
    draft: state.draft,
    sent: sales.sentToContact,
    // Xero has no factoring: whether an invoice was sold is not something it can say.
    sold: Option.none(),
    dueDate: sales.dueDate
  }
}

const signOf =
  (sales: SummaryView) =>
  (amount: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
    sales.isCreditNote ? BigDecimal.negate(amount) : amount

// ---------------------------------------------------------------------------------------------------------------
// Wire → canonical

const nonEmpty = (text: Option.Option<string>): Option.Option<string> =>
  Option.flatMap(text, (value) => (value.trim() === "" ? Option.none() : Option.some(value)))

const someOrNone = <A extends object>(value: A, present: boolean): Option.Option<A> =>
  present ? Option.some(value) : Option.none()

const isoCountry = (country: Option.Option<string>): Option.Option<string> =>
  Option.flatMap(nonEmpty(country), (value) =>
    /^[A-Za-z]{2}$/.test(value.trim()) ? Option.some(value.trim().toUpperCase()) : Option.none()
  )

// Xero keeps a contact's postal (billing) address as POBOX and its visiting address as STREET.
const postalAddress = (addresses: ReadonlyArray<XeroAddress>): Option.Option<XeroAddress> => {
  const filled = addresses.filter((address) =>
    [address.AddressLine1, address.AddressLine2, address.City, address.PostalCode, address.Country].some((part) =>
      Option.isSome(nonEmpty(part))
    )
  )
  return Option.fromNullishOr(
    filled.find((address) => Option.getOrUndefined(address.AddressType) === "POBOX") ??
      filled.find((address) => Option.getOrUndefined(address.AddressType) === "STREET") ??
      filled[0]
  )
}

const toAddress = (address: XeroAddress): SalesInvoice.Address => {
  const country = nonEmpty(address.Country)
  const additional = [address.AddressLine2, address.AddressLine3, address.AddressLine4].flatMap((line) =>
    Option.toArray(nonEmpty(line))
  )
  return {
    buildingNumber: Option.none(),
    streetName: nonEmpty(address.AddressLine1),
    additionalStreetName: additional.length === 0 ? Option.none() : Option.some(additional.join(", ")),
    cityName: nonEmpty(address.City),
    postalZone: nonEmpty(address.PostalCode),
    country: Option.map(country, (name) => ({ identificationCode: isoCountry(country), name: Option.some(name) }))
  }
}

const phoneNumber = (phones: ReadonlyArray<XeroPhone>): Option.Option<string> => {
  const render = (phone: XeroPhone): Option.Option<string> => {
    const number = nonEmpty(phone.PhoneNumber)
    if (Option.isNone(number)) return Option.none()
    const parts = [phone.PhoneCountryCode, phone.PhoneAreaCode].flatMap((part) => Option.toArray(nonEmpty(part)))
    return Option.some([...parts, number.value].join(" "))
  }
  const preferred = phones.filter((phone) => Option.getOrUndefined(phone.PhoneType) === "DEFAULT")
  for (const phone of [...preferred, ...phones]) {
    const rendered = render(phone)
    if (Option.isSome(rendered)) return rendered
  }
  return Option.none()
}

/**
 * The customer party of a Xero contact. The customer's account id is its `ContactNumber` (the contact code an
 * organisation assigns), or Xero's `ContactID` when it has none; `CompanyNumber` is the legal entity's id.
 */
export const toCustomerParty = (contact: XeroContact): SalesInvoice.CustomerParty => {
  const name = nonEmpty(contact.Name)
  const address = postalAddress(contact.Addresses)
  const companyNumber = nonEmpty(contact.CompanyNumber)
  // Xero's country is free text; a scheme is named only when it is an ISO code konto's scheme table knows.
  const scheme = Option.flatMap(
    Option.flatMap(address, (found) => isoCountry(found.Country)),
    (code) => Option.fromNullishOr(SchemeId.organisationNumberScheme(code))
  )
  const personName = [contact.FirstName, contact.LastName].flatMap((part) => Option.toArray(nonEmpty(part))).join(" ")
  const contactPerson: SalesInvoice.Party["contact"] = (() => {
    const person = personName === "" ? Option.none<string>() : Option.some(personName)
    const telephone = phoneNumber(contact.Phones)
    const email = nonEmpty(contact.EmailAddress)
    return someOrNone({ name: person, telephone, email }, [person, telephone, email].some(Option.isSome))
  })()
  return {
    supplierAssignedAccountId: Option.map(
      Option.orElse(nonEmpty(contact.ContactNumber), () => nonEmpty(contact.ContactID)),
      (id) => ({ id: Option.some(id), schemeId: Option.none() })
    ),
    party: {
      partyIdentification: [],
      partyName: Option.map(name, (value) => ({ name: Option.some(value), languageId: Option.none() })),
      postalAddress: Option.map(address, toAddress),
      partyLegalEntity: someOrNone(
        {
          registrationName: name,
          companyId: Option.map(companyNumber, (id) => ({ id: Option.some(id), schemeId: scheme }))
        },
        Option.isSome(name) || Option.isSome(companyNumber)
      ),
      contact: contactPerson
    }
  }
}

/**
 * A line. A credit note's line is mirrored by its quantity (Peppol BIS: an item's net price is never negative),
 * so quantity × price still gives its (negative) line amount.
 * Xero's `LineAmount` and `UnitAmount` include tax when the document's `LineAmountTypes` is `Inclusive`;
 * UBL's line amount and price are net, so for `Inclusive` the line amount is `LineAmount − TaxAmount` and the
 * net unit price (not exactly derivable) is unknown. An unknown `LineAmountTypes` leaves both unknown.
 * A missing `LineAmountTypes` is `Exclusive`, Xero's documented default.
 */
export const toInvoiceLine = (
  line: XeroLineItem,
  lineAmountTypes: Option.Option<string>,
  sign: (amount: BigDecimal.BigDecimal) => BigDecimal.BigDecimal,
  currencyId: string | null
): SalesInvoice.InvoiceLine => {
  const amountType = Option.getOrElse(lineAmountTypes, () => "Exclusive")
  const money = (amount: BigDecimal.BigDecimal): Money.Money => Money.make(sign(amount), currencyId)
  const net: Option.Option<BigDecimal.BigDecimal> =
    amountType === "Exclusive" || amountType === "NoTax"
      ? line.LineAmount
      : amountType === "Inclusive"
        ? Option.zipWith(line.LineAmount, line.TaxAmount, (gross, tax) => BigDecimal.subtract(gross, tax))
        : Option.none()
  const unitPrice = amountType === "Exclusive" || amountType === "NoTax" ? line.UnitAmount : Option.none()
  const description = nonEmpty(line.Description)
  const taxType = nonEmpty(line.TaxType)
  return {
    id: line.LineItemID,
    invoicedQuantity: Option.map(line.Quantity, (quantity) => ({
      quantity: Option.some(sign(quantity)),
      unitCode: Option.none()
    })),
    lineExtensionAmount: Option.map(net, money),
    item: {
      name: Option.orElse(nonEmpty(Option.flatMap(line.Item, (item) => item.Name)), () => description),
      description,
      sellersItemIdentification: Option.map(
        Option.orElse(nonEmpty(line.ItemCode), () => nonEmpty(Option.flatMap(line.Item, (item) => item.Code))),
        (code) => ({ id: Option.some(code) })
      ),
      // Xero names a tax rate by its code (`OUTPUT2`, `NONE`); the percentage lives in /TaxRates.
      classifiedTaxCategories: Option.match(taxType, {
        onNone: () => [],
        onSome: (code) => [
          { id: Option.some(code), percent: Option.none(), taxScheme: Option.none(), taxExemptionReason: Option.none() }
        ]
      })
    },
    price: Option.map(unitPrice, (amount) => ({ priceAmount: Money.make(amount, currencyId) }))
  }
}

/** Options of the mapping: the date statuses are derived on, and whether to include the payment status. */
export interface MappingOptions {
  /** "Today" in the connection's time zone. */
  readonly asOf: CalendarDate.CalendarDate
  readonly includePaymentStatus: boolean
}

// The listing entry of a document; the complete invoice is this plus what only it carries, so the two agree.
const summaryOf = (sales: SummaryView, options: MappingOptions): SalesInvoice.SalesInvoiceSummary => {
  const sign = signOf(sales)
  const currencyId = Option.getOrNull(nonEmpty(sales.currencyCode))
  const money = (amount: Option.Option<BigDecimal.BigDecimal>): Option.Option<Money.Money> =>
    Option.map(amount, (value) => Money.make(sign(value), currencyId))
  const derived = deriveStatus(factsOf(sales), options.asOf)
  // Xero keeps AmountDue = Total − AmountPaid − AmountCredited; where a part is missing (a credit note, or an
  // invoice answered without AmountCredited) what was settled is the total less what is left.
  const settled = Option.orElse(sales.settled, () =>
    Option.zipWith(sales.total, sales.balance, (total, balance) => BigDecimal.subtract(total, balance))
  )
  return {
    id: Option.some(sales.id),
    reference: nonEmpty(sales.number),
    dueDate: sales.dueDate,
    issueDate: sales.date,
    createdDateTime: Option.none(),
    modifiedDateTime: sales.updatedDateUtc,
    isSent: sales.sentToContact,
    accountingCustomerParty: Option.map(sales.contact, toCustomerParty),
    paymentTerms: Option.none(),
    notes: [],
    totalBalanceAmount: money(sales.balance),
    legalMonetaryTotal: Option.some({
      lineExtensionAmount: money(sales.subTotal),
      taxExclusiveAmount: money(sales.subTotal),
      taxInclusiveAmount: money(sales.total),
      prepaidAmount: money(settled),
      payableRoundingAmount: Option.none(),
      payableAmount: money(sales.balance)
    }),
    paymentStatus: options.includePaymentStatus
      ? Option.some({ status: derived.payment, settlementDate: sales.fullyPaidOnDate })
      : Option.none(),
    source: { system, id: sales.id, status: sales.status },
    statuses: derived.statuses
  }
}

/** A Xero sales invoice or credit note as a canonical invoice, its statuses derived on `asOf`. */
export const toSalesInvoice = (document: XeroDocument, options: MappingOptions): SalesInvoice.SalesInvoice => {
  const sales = view(document)
  const sign = signOf(sales)
  const currencyId = Option.getOrNull(nonEmpty(sales.currencyCode))
  const state = statusFacts(sales.status)
  return {
    ...summaryOf(sales, options),
    buyerReference: nonEmpty(sales.reference),
    sellerReference: Option.none(),
    bookedInvoiceIndicator: state.booked,
    cancelledInvoiceIndicator: state.cancelled,
    issueTime: Option.none(),
    creditInvoice: Option.some({
      creditInvoiceIndicator: Option.some(sales.isCreditNote),
      creditInvoiceDocumentReferences: sales.creditedInvoices.map((invoice) => ({
        id: invoice.id,
        reference: nonEmpty(invoice.number),
        documentType: Option.some("Invoice" as const)
      }))
    }),
    orderReference: Option.none(),
    documentCurrencyCode: someOrNone(
      { currency: nonEmpty(sales.currencyCode), currencyRate: sales.currencyRate },
      Option.isSome(nonEmpty(sales.currencyCode)) || Option.isSome(sales.currencyRate)
    ),
    taxTotals: Option.match(sales.totalTax, {
      onNone: () => [],
      onSome: (taxAmount) => [{ taxAmount: Money.make(sign(taxAmount), currencyId), taxSubtotals: [] }]
    }),
    isSold: Option.none(),
    reminder: Option.none(),
    invoiceLines: sales.lineItems.map((line) => toInvoiceLine(line, sales.lineAmountTypes, sign, currencyId))
  }
}

/**
 * A Xero sales document as a listing entry, from its summary fields alone (listing pages are decoded with
 * `XeroInvoiceSummary` / `XeroCreditNoteSummary`); for a complete document it is `SalesInvoice.toSummary` of
 * `toSalesInvoice`.
 */
export const toSalesInvoiceSummary = (
  document: XeroDocumentSummary,
  options: MappingOptions
): SalesInvoice.SalesInvoiceSummary => summaryOf(summaryView(document), options)

// ---------------------------------------------------------------------------------------------------------------
// Canonical input → wire

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const invalid = (field: string, detail: string) => new InvalidInput({ system, operation: "create", field, detail })

/**
 * The contact to invoice. A `supplierAssignedAccountId` shaped like a Xero id is the `ContactID` of an existing
 * contact; any other value is its `ContactNumber`. Without one, Xero matches the contact by `Name` or creates it.
 */
export const toContactInput = (party: SalesInvoice.CustomerParty): Result.Result<XeroContactInput, InvalidInput> => {
  const accountId = nonEmpty(Option.flatMap(party.supplierAssignedAccountId, (identifier) => identifier.id))
  if (Option.isSome(accountId) && uuidPattern.test(accountId.value)) {
    return Result.succeed({ ContactID: accountId.value })
  }
  const name = Option.orElse(nonEmpty(Option.flatMap(party.party.partyName, (partyName) => partyName.name)), () =>
    nonEmpty(Option.flatMap(party.party.partyLegalEntity, (entity) => entity.registrationName))
  )
  if (Option.isNone(name) && Option.isNone(accountId)) {
    return Result.fail(invalid("accountingCustomerParty", "needs a Xero ContactID, a contact number or a party name"))
  }
  const companyNumber = nonEmpty(
    Option.flatMap(
      Option.flatMap(party.party.partyLegalEntity, (entity) => entity.companyId),
      (identifier) => identifier.id
    )
  )
  const email = nonEmpty(Option.flatMap(party.party.contact, (contact) => contact.email))
  return Result.succeed({
    ...(Option.isSome(accountId) ? { ContactNumber: accountId.value } : {}),
    ...(Option.isSome(name) ? { Name: name.value } : {}),
    ...(Option.isSome(companyNumber) ? { CompanyNumber: companyNumber.value } : {}),
    ...(Option.isSome(email) ? { EmailAddress: email.value } : {})
  })
}

/**
 * A line. Prices are written net (`LineAmountTypes: Exclusive`). A credit note's canonical line is mirrored by
 * its quantity (as konto reads it), so the quantity is negated back to Xero's positive form. Xero's single
 * `Description` carries the item name; the item code is not written because Xero rejects codes missing from its
 * /Items.
 */
export const toLineItemInput = (
  line: SalesInvoiceInput.SalesInvoiceLineInput,
  isCreditNote: boolean
): XeroLineItemInput => ({
  Description: line.item.name,
  Quantity: isCreditNote ? BigDecimal.negate(line.invoicedQuantity.quantity) : line.invoicedQuantity.quantity,
  UnitAmount: line.price.priceAmount.amount
})

/**
 * The Xero document to create for a canonical input: a draft (`Status: DRAFT`, Xero's default for PUT), so
 * nothing is posted to the ledger until someone approves it in Xero.
 */
export const toDocumentInput = (
  input: SalesInvoiceInput.SalesInvoiceInput
): Result.Result<XeroDocumentInput, InvalidInput> => {
  const contact = toContactInput(input.accountingCustomerParty)
  if (Result.isFailure(contact)) return Result.fail(contact.failure)
  const isCreditNote = Option.getOrElse(
    Option.flatMap(input.creditInvoice, (credit) => credit.creditInvoiceIndicator),
    () => false
  )
  const currency = Option.flatMap(input.documentCurrencyCode, (document) => document.currency)
  const rate = Option.flatMap(input.documentCurrencyCode, (document) => document.currencyRate)
  const reference = Option.orElse(nonEmpty(input.buyerReference), () => nonEmpty(input.externalReference))
  const common = {
    Contact: contact.success,
    LineItems: input.invoiceLines.map((line) => toLineItemInput(line, isCreditNote)),
    ...(Option.isSome(input.issueDate) ? { Date: input.issueDate.value } : {}),
    ...(Option.isSome(input.dueDate) ? { DueDate: input.dueDate.value } : {}),
    ...(Option.isSome(reference) ? { Reference: reference.value } : {}),
    ...(Option.isSome(currency) ? { CurrencyCode: currency.value } : {}),
    ...(Option.isSome(rate) ? { CurrencyRate: rate.value } : {}),
    LineAmountTypes: "Exclusive" as const,
    Status: "DRAFT" as const
  }
  const number = nonEmpty(input.reference)
  return Result.succeed(
    isCreditNote
      ? {
          _tag: "CreditNote",
          creditNote: {
            Type: "ACCRECCREDIT",
            ...common,
            ...(Option.isSome(number) ? { CreditNoteNumber: number.value } : {})
          }
        }
      : {
          _tag: "Invoice",
          invoice: { Type: "ACCREC", ...common, ...(Option.isSome(number) ? { InvoiceNumber: number.value } : {}) }
        }
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Canonical query → Xero's listing parameters

const zero = BigDecimal.fromBigInt(0n)

const statusIs = (status: string): Where => Where.compare("Status", "==", Where.string(status))

// The statuses of a live document: neither a draft nor cancelled.
const live: ReadonlyArray<string> = ["SUBMITTED", "AUTHORISED", "PAID"]

/** What a status filter asks of Xero: status codes, and a condition on the document's balance and due date. */
interface StatusSelection {
  readonly statuses: ReadonlyArray<string>
  readonly balance: Option.Option<{
    readonly operator: "<=" | ">"
    readonly dueBefore: Option.Option<CalendarDate.CalendarDate>
  }>
}

/**
 * The Xero selection of each status konto declares native. Each selects exactly the documents `deriveStatus`
 * gives that status from `invoiceFacts`: Paid and Unpaid need a live document (neither a draft nor cancelled:
 * SUBMITTED, AUTHORISED or PAID) and split on the balance (balance ≤ 0 is FULLY_PAID for a non-negative total,
 * which every Xero document has); Overdue adds a due date before `asOf`; Cancelled, Unbooked and Draft are
 * status codes (see `statusFacts`). Unsent and Sold are never asked of Xero (emulated / not supported); they
 * select nothing here.
 */
export const statusSelection = (
  status: InvoiceStatus,
  asOf: CalendarDate.CalendarDate
): Option.Option<StatusSelection> => {
  switch (status) {
    case "Paid":
      return Option.some({ statuses: live, balance: Option.some({ operator: "<=", dueBefore: Option.none() }) })
    case "Unpaid":
      return Option.some({ statuses: live, balance: Option.some({ operator: ">", dueBefore: Option.none() }) })
    case "Overdue":
      return Option.some({ statuses: live, balance: Option.some({ operator: ">", dueBefore: Option.some(asOf) }) })
    case "Cancelled":
      return Option.some({ statuses: ["VOIDED", "DELETED"], balance: Option.none() })
    case "Unbooked":
      return Option.some({ statuses: ["DRAFT", "SUBMITTED", "DELETED"], balance: Option.none() })
    case "Draft":
      return Option.some({ statuses: ["DRAFT"], balance: Option.none() })
    case "Unsent":
    case "Sold":
      return Option.none()
  }
}

const listQuery = (
  type: string,
  balanceField: "AmountDue" | "RemainingCredit",
  statusesAsParameter: boolean,
  query: ListQuery.ListQuery,
  asOf: CalendarDate.CalendarDate
): XeroListQuery => {
  const clauses: Array<Where> = [Where.compare("Type", "==", Where.string(type))]
  const selection = Option.flatMap(query.status, (status) => statusSelection(status, asOf))
  const statuses = Option.match(selection, { onNone: () => [], onSome: (found) => found.statuses })
  if (!statusesAsParameter && statuses.length > 0) clauses.push(Where.or(statuses.map(statusIs)))
  if (Option.isSome(selection) && Option.isSome(selection.value.balance)) {
    const balance = selection.value.balance.value
    clauses.push(Where.compare(balanceField, balance.operator, Where.number(zero)))
    if (Option.isSome(balance.dueBefore))
      clauses.push(Where.compare("DueDate", "<", Where.date(balance.dueBefore.value)))
  }
  if (Option.isSome(query.fromInvoiceDate))
    clauses.push(Where.compare("Date", ">=", Where.date(query.fromInvoiceDate.value)))
  if (Option.isSome(query.toInvoiceDate))
    clauses.push(Where.compare("Date", "<=", Where.date(query.toInvoiceDate.value)))
  return {
    statuses: statusesAsParameter ? statuses : [],
    where: Option.some(Where.and(clauses)),
    order: Option.map(query.orderBy, (order) => (order === "DateAscending" ? "Date ASC" : "Date DESC")),
    ifModifiedSince: query.modifiedSince
  }
}

/**
 * Xero's listing parameters for the native part of a query (`asOf` is "today" for Overdue): /Invoices restricted
 * to `Type=="ACCREC"` with `Statuses=`, /CreditNotes restricted to `Type=="ACCRECCREDIT"` with the statuses in
 * `where`; invoice dates as `Date` bounds; modified-since as `If-Modified-Since`; order as `order=Date ASC|DESC`
 * on both streams, which the client then merges.
 */
export const toDocumentQuery = (query: ListQuery.ListQuery, asOf: CalendarDate.CalendarDate): XeroDocumentQuery => ({
  invoices: listQuery(invoiceTypes.salesInvoice, "AmountDue", true, query, asOf),
  creditNotes: listQuery(invoiceTypes.salesCreditNote, "RemainingCredit", false, query, asOf),
  orderByDate: Option.map(query.orderBy, (order) => (order === "DateAscending" ? "ASC" : "DESC"))
})
