/**
 * Fortnox wire ↔ konto's canonical sales invoice, pure and total.
 *
 * A listing maps Fortnox's list items (`InvoiceSubset`) as they come — never one extra request per invoice — so a
 * summary lacks what only the full invoice carries: the organisation number, the address, Net / TotalVAT /
 * RoundOff, the credit flag and rows. `get` maps the full invoice.
 *
 * Decisions:
 * - `id` and `reference` are both `DocumentNumber` (Fortnox's invoice number is its key).
 * - `taxInclusiveAmount` is `Total` — Fortnox's final total, öresavrundning (`RoundOff`) included — because
 *   `Balance` counts down from it; `payableRoundingAmount` is `RoundOff`, `lineExtensionAmount` is `Net`,
 *   `taxExclusiveAmount` is `Total − TotalVAT − RoundOff`, and `payableAmount` is `Balance` (what is left to pay,
 *   as API.1's field notes define it).
 * - Fortnox has no draft state: the draft fact is a known `false`. An unbooked invoice is `Unbooked` and, like any
 *   live invoice, `Unpaid` (or `Overdue`) by its balance.
 * - A credit note has negative `Total` and `Balance`; core mirrors it, so its statuses are those of an invoice.
 * - Fortnox sends `""` for empty text; konto reads it as unknown. Invalid dates read as unknown.
 * - Fortnox has no status field: `source.status` is null; its flags travel as the indicators.
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
  type SalesInvoiceInput
} from "@konto/core"
import { BigDecimal, DateTime, Option, Result, Schema } from "effect"
import { system } from "./capabilities.ts"
import type * as Wire from "./wire.ts"

/** What a mapping needs besides the payload: "today" in the connection's time zone and the includes asked for. */
export interface MappingOptions {
  readonly asOf: CalendarDate.CalendarDate
  readonly include: { readonly paymentStatus: boolean; readonly paymentTerms: boolean }
}

type Nullish<A> = A | null | undefined

const decodeDate = Schema.decodeUnknownOption(CalendarDate.CalendarDate)

/** A Fortnox date; empty or invalid text is unknown. */
export const calendarDate = (text: Nullish<string>): Option.Option<CalendarDate.CalendarDate> =>
  text === null || text === undefined ? Option.none() : decodeDate(text.trim())

/** Fortnox text; `""` (Fortnox's "not set") is unknown. */
export const text = (value: Nullish<string>): Option.Option<string> =>
  value === null || value === undefined || value.trim() === "" ? Option.none() : Option.some(value)

const decimal = (value: Nullish<BigDecimal.BigDecimal>): Option.Option<BigDecimal.BigDecimal> =>
  Option.fromNullishOr(value)

const money = (amount: Option.Option<BigDecimal.BigDecimal>, currency: Nullish<string>): Option.Option<Money.Money> =>
  Option.map(amount, (value) => Money.make(value, Option.getOrNull(text(currency))))

const known = (value: Nullish<boolean>): Option.Option<boolean> => Option.fromNullishOr(value)

/** Fortnox's `Credit` (`"true"`/`"false"`, or a boolean); anything else is unknown. */
export const creditFlag = (value: Nullish<string | boolean>): Option.Option<boolean> => {
  if (typeof value === "boolean") return Option.some(value)
  switch (value?.trim().toLowerCase()) {
    case "true":
      return Option.some(true)
    case "false":
      return Option.some(false)
    default:
      return Option.none()
  }
}

/** Fortnox's `CreditInvoiceReference`; `0`, `"0"` and `""` mean none. */
export const creditReference = (value: Nullish<string | number>): Option.Option<string> => {
  const reference = typeof value === "number" ? String(value) : value
  return Option.filter(text(reference), (id) => id.trim() !== "0")
}

/** Whether the totals' sign says credit note; a zero total says nothing. */
const creditBySign = (total: Option.Option<BigDecimal.BigDecimal>): Option.Option<boolean> =>
  Option.flatMap(total, (value) =>
    BigDecimal.isNegative(value) ? Option.some(true) : BigDecimal.isPositive(value) ? Option.some(false) : Option.none()
  )

/** The facts of a list item. The credit flag is not listed; the total's sign tells it. */
export const listItemFacts = (item: Wire.InvoiceListItem): InvoiceFacts => {
  const total = decimal(item.Total)
  return {
    total,
    balance: decimal(item.Balance),
    isCreditNote: creditBySign(total),
    booked: known(item.Booked),
    cancelled: known(item.Cancelled),
    // Fortnox has no draft state: "not a draft" is a known fact, not an unknown.
    draft: Option.some(false),
    sent: known(item.Sent),
    sold: known(item.NoxFinans),
    dueDate: calendarDate(item.DueDate)
  }
}

/** The facts of a full invoice. */
export const invoiceFacts = (invoice: Wire.Invoice): InvoiceFacts => {
  const total = decimal(invoice.Total)
  return {
    total,
    balance: decimal(invoice.Balance),
    isCreditNote: Option.orElse(creditFlag(invoice.Credit), () => creditBySign(total)),
    booked: known(invoice.Booked),
    cancelled: known(invoice.Cancelled),
    draft: Option.some(false),
    sent: known(invoice.Sent),
    sold: known(invoice.NoxFinans),
    dueDate: calendarDate(invoice.DueDate)
  }
}

const paymentTerms = (
  termsOfPayment: Nullish<string>,
  options: MappingOptions
): Option.Option<SalesInvoice.PaymentTerms> =>
  options.include.paymentTerms
    ? Option.map(text(termsOfPayment), (code) => ({
        paymentTermsId: Option.some({ id: Option.some(code), schemeId: Option.none() }),
        notes: []
      }))
    : Option.none()

const paymentStatus = (
  payment: Option.Option<PaymentState>,
  finalPayDate: Nullish<string>,
  options: MappingOptions
): Option.Option<SalesInvoice.PaymentStatus> =>
  options.include.paymentStatus
    ? Option.some({
        status: payment,
        // FinalPayDate is the day the invoice became fully paid; shown only while it still is.
        settlementDate:
          Option.isSome(payment) && payment.value === "FULLY_PAID" ? calendarDate(finalPayDate) : Option.none()
      })
    : Option.none()

interface PartyFields {
  readonly CustomerNumber?: Nullish<string>
  readonly CustomerName?: Nullish<string>
  readonly OrganisationNumber?: Nullish<string>
  readonly Address1?: Nullish<string>
  readonly Address2?: Nullish<string>
  readonly City?: Nullish<string>
  readonly ZipCode?: Nullish<string>
  readonly Country?: Nullish<string>
}

const organisationNumber = (value: Nullish<string>): Option.Option<SalesInvoice.Identifier> =>
  Option.map(text(value), (id) => ({ id: Option.some(id), schemeId: Option.some("SE:ORGNR") }))

const postalAddress = (fields: PartyFields): Option.Option<SalesInvoice.Address> => {
  const address: SalesInvoice.Address = {
    buildingNumber: Option.none(),
    streetName: text(fields.Address1),
    additionalStreetName: text(fields.Address2),
    cityName: text(fields.City),
    postalZone: text(fields.ZipCode),
    // Fortnox sends the country's (Swedish) name, not its ISO code.
    country: Option.map(text(fields.Country), (name) => ({
      identificationCode: Option.none(),
      name: Option.some(name)
    }))
  }
  const anyKnown =
    [address.streetName, address.additionalStreetName, address.cityName, address.postalZone].some(Option.isSome) ||
    Option.isSome(address.country)
  return anyKnown ? Option.some(address) : Option.none()
}

/** The customer: Fortnox's customer number, name, organisation number (`SE:ORGNR`) and invoice address. */
export const customerParty = (fields: PartyFields): SalesInvoice.CustomerParty => {
  const name = text(fields.CustomerName)
  const companyId = organisationNumber(fields.OrganisationNumber)
  return {
    supplierAssignedAccountId: Option.map(text(fields.CustomerNumber), (id) => ({
      id: Option.some(id),
      schemeId: Option.none()
    })),
    party: {
      partyIdentification: Option.toArray(companyId),
      partyName: Option.map(name, (value) => ({ name: Option.some(value), languageId: Option.none() })),
      postalAddress: postalAddress(fields),
      partyLegalEntity: Option.isSome(companyId) ? Option.some({ registrationName: name, companyId }) : Option.none(),
      contact: Option.none()
    }
  }
}

const source = (documentNumber: string): SalesInvoice.Source => ({ system, id: documentNumber, status: Option.none() })

/** A listing entry from a Fortnox list item. */
export const summaryFromListItem = (
  item: Wire.InvoiceListItem,
  options: MappingOptions
): SalesInvoice.SalesInvoiceSummary => {
  const derived = deriveStatus(listItemFacts(item), options.asOf)
  const balance = money(decimal(item.Balance), item.Currency)
  return {
    id: Option.some(item.DocumentNumber),
    reference: Option.some(item.DocumentNumber),
    dueDate: calendarDate(item.DueDate),
    issueDate: calendarDate(item.InvoiceDate),
    createdDateTime: Option.none(),
    modifiedDateTime: Option.none(),
    isSent: known(item.Sent),
    accountingCustomerParty: Option.some(customerParty(item)),
    paymentTerms: paymentTerms(item.TermsOfPayment, options),
    notes: [],
    totalBalanceAmount: balance,
    legalMonetaryTotal: Option.some({
      lineExtensionAmount: Option.none(),
      taxExclusiveAmount: Option.none(),
      taxInclusiveAmount: money(decimal(item.Total), item.Currency),
      prepaidAmount: Option.none(),
      payableRoundingAmount: Option.none(),
      payableAmount: balance
    }),
    paymentStatus: paymentStatus(derived.payment, item.FinalPayDate, options),
    source: source(item.DocumentNumber),
    statuses: derived.statuses
  }
}

const taxExclusive = (invoice: Wire.Invoice): Option.Option<BigDecimal.BigDecimal> =>
  Option.zipWith(decimal(invoice.Total), decimal(invoice.TotalVAT), (total, vat) =>
    BigDecimal.subtract(
      BigDecimal.subtract(total, vat),
      Option.getOrElse(decimal(invoice.RoundOff), () => Money.zero)
    )
  )

/** Rows: prices and row totals excluding VAT, taken as sent when the invoice's prices exclude VAT. */
export const invoiceLine = (
  row: Wire.InvoiceRow,
  invoice: Pick<Wire.Invoice, "Currency" | "VATIncluded">
): SalesInvoice.InvoiceLine => {
  const pricesExcludeVat = invoice.VATIncluded === false
  const lineTotal = Option.orElse(decimal(row.TotalExcludingVAT), () =>
    pricesExcludeVat ? decimal(row.Total) : Option.none()
  )
  const unitPrice = Option.orElse(decimal(row.PriceExcludingVAT), () =>
    pricesExcludeVat ? decimal(row.Price) : Option.none()
  )
  return {
    id: Option.map(Option.fromNullishOr(row.RowId), String),
    invoicedQuantity: Option.map(decimal(row.DeliveredQuantity), (quantity) => ({
      quantity: Option.some(quantity),
      unitCode: text(row.Unit)
    })),
    lineExtensionAmount: money(lineTotal, invoice.Currency),
    item: {
      name: text(row.Description),
      description: Option.none(),
      sellersItemIdentification: Option.map(text(row.ArticleNumber), (id) => ({ id: Option.some(id) })),
      classifiedTaxCategories: Option.toArray(
        Option.map(decimal(row.VAT), (percent) => ({
          id: Option.none(),
          percent: Option.some(percent),
          taxScheme: Option.some({ id: Option.some("VAT") }),
          taxExemptionReason: Option.none()
        }))
      )
    },
    price: Option.map(money(unitPrice, invoice.Currency), (priceAmount) => ({ priceAmount }))
  }
}

/** A full canonical invoice from a Fortnox invoice. */
export const invoiceFromWire = (invoice: Wire.Invoice, options: MappingOptions): SalesInvoice.SalesInvoice => {
  const facts = invoiceFacts(invoice)
  const derived = deriveStatus(facts, options.asOf)
  const balance = money(decimal(invoice.Balance), invoice.Currency)
  const creditedBy = creditReference(invoice.CreditInvoiceReference)
  const isCreditNote = facts.isCreditNote
  const reminders = Option.fromNullishOr(invoice.Reminders)
  const lastReminder = calendarDate(invoice.LastRemindDate)
  const buyerOrderId = text(invoice.YourOrderNumber)
  // OrderReference is the order the invoice came from; "0" means none.
  const sellerOrderId = Option.filter(text(invoice.OrderReference), (id) => id.trim() !== "0")
  return {
    id: Option.some(invoice.DocumentNumber),
    reference: Option.some(invoice.DocumentNumber),
    buyerReference: text(invoice.YourReference),
    sellerReference: text(invoice.OurReference),
    bookedInvoiceIndicator: known(invoice.Booked),
    cancelledInvoiceIndicator: known(invoice.Cancelled),
    issueDate: calendarDate(invoice.InvoiceDate),
    issueTime: Option.none(),
    dueDate: calendarDate(invoice.DueDate),
    createdDateTime: Option.none(),
    modifiedDateTime: Option.none(),
    creditInvoice: Option.some({
      creditInvoiceIndicator: isCreditNote,
      // On a credit note the reference is the credited invoice; on an invoice, the credit note that credits it.
      creditInvoiceDocumentReferences: Option.toArray(
        Option.map(creditedBy, (id) => ({
          id: Option.some(id),
          reference: Option.some(id),
          documentType: Option.isSome(isCreditNote)
            ? Option.some(isCreditNote.value ? ("Invoice" as const) : ("CreditInvoice" as const))
            : Option.none()
        }))
      )
    }),
    notes: Option.toArray(
      Option.map(text(invoice.Remarks), (remarks) => ({ text: Option.some(remarks), languageId: Option.none() }))
    ),
    orderReference:
      Option.isSome(buyerOrderId) || Option.isSome(sellerOrderId)
        ? Option.some({ buyerOrderId, sellerOrderId })
        : Option.none(),
    documentCurrencyCode: Option.some({
      currency: text(invoice.Currency),
      // CurrencyRate is per CurrencyUnit units (e.g. per 100 JPY); konto reports a per-unit rate only when it is one.
      currencyRate: Option.filter(
        decimal(invoice.CurrencyRate),
        () =>
          invoice.CurrencyUnit === null ||
          invoice.CurrencyUnit === undefined ||
          BigDecimal.equals(invoice.CurrencyUnit, BigDecimal.fromBigInt(1n))
      )
    }),
    accountingCustomerParty: Option.some(customerParty(invoice)),
    paymentTerms: paymentTerms(invoice.TermsOfPayment, options),
    taxTotals: Option.toArray(
      Option.map(money(decimal(invoice.TotalVAT), invoice.Currency), (taxAmount) => ({
        taxAmount,
        // Fortnox gives the VAT total only; a per-rate split would be konto's arithmetic, not Fortnox's figures.
        taxSubtotals: []
      }))
    ),
    totalBalanceAmount: balance,
    legalMonetaryTotal: Option.some({
      lineExtensionAmount: money(decimal(invoice.Net), invoice.Currency),
      taxExclusiveAmount: money(taxExclusive(invoice), invoice.Currency),
      taxInclusiveAmount: money(decimal(invoice.Total), invoice.Currency),
      prepaidAmount: Option.none(),
      payableRoundingAmount: money(decimal(invoice.RoundOff), invoice.Currency),
      payableAmount: balance
    }),
    paymentStatus: paymentStatus(derived.payment, invoice.FinalPayDate, options),
    isSent: known(invoice.Sent),
    isSold: known(invoice.NoxFinans),
    reminder:
      Option.isSome(reminders) || Option.isSome(lastReminder)
        ? Option.some({ reminderSequence: reminders, lastReminderDate: lastReminder })
        : Option.none(),
    invoiceLines: (invoice.InvoiceRows ?? []).map((row) => invoiceLine(row, invoice)),
    source: source(invoice.DocumentNumber),
    statuses: derived.statuses
  }
}

/** The longest `ExternalInvoiceReference1` / `2` Fortnox stores (OpenAPI `maxLength`). */
export const externalReferenceMaxLength = 80

const invalid = (field: string, detail: string) => new InvalidInput({ system, operation: "create", field, detail })

const optionalText = (value: Option.Option<string>): string | undefined =>
  Option.getOrUndefined(Option.flatMap(value, text))

/**
 * The create payload for an input. konto's idempotency key goes to `ExternalInvoiceReference1` (so a create whose
 * response was lost can be found by it); the caller's `externalReference` to `ExternalInvoiceReference2`.
 * Fortnox has one text per row: an item's `description` is not written, its `name` is.
 */
export const payloadFromInput = (
  input: SalesInvoiceInput.SalesInvoiceInput,
  idempotencyKey: string
): Result.Result<Wire.InvoicePayload, InvalidInput> => {
  const customerNumber = optionalText(
    Option.flatMap(input.accountingCustomerParty.supplierAssignedAccountId, (id) => id.id)
  )
  if (customerNumber === undefined) {
    return Result.fail(
      invalid(
        "accountingCustomerParty.supplierAssignedAccountId.id",
        "Fortnox invoices an existing customer by its customer number; none was given"
      )
    )
  }
  if (idempotencyKey.length > externalReferenceMaxLength) {
    return Result.fail(
      invalid("Idempotency-Key", `Fortnox stores at most ${externalReferenceMaxLength} characters of it`)
    )
  }
  const externalReference = optionalText(input.externalReference)
  if (externalReference !== undefined && externalReference.length > externalReferenceMaxLength) {
    return Result.fail(invalid("externalReference", `Fortnox stores at most ${externalReferenceMaxLength} characters`))
  }
  const invoiceCurrency = optionalText(Option.flatMap(input.documentCurrencyCode, (code) => code.currency))
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
  const rows: Array<Wire.InvoicePayloadRow> = []
  for (const [index, line] of input.invoiceLines.entries()) {
    const percent = line.item.classifiedTaxCategories?.[0]?.percent ?? Option.none()
    if (Option.isSome(percent) && !BigDecimal.isInteger(percent.value)) {
      return Result.fail(
        invalid(`invoiceLines[${index}].item.classifiedTaxCategories.percent`, "Fortnox takes whole VAT percentages")
      )
    }
    const articleNumber = optionalText(Option.flatMap(line.item.sellersItemIdentification, (id) => id.id))
    const unit = optionalText(line.invoicedQuantity.unitCode)
    rows.push({
      ...definedOnly({
        ArticleNumber: articleNumber,
        Unit: unit,
        VAT: Option.isSome(percent) ? BigDecimal.toNumberUnsafe(percent.value) : undefined
      }),
      DeliveredQuantity: BigDecimal.format(line.invoicedQuantity.quantity),
      Description: line.item.name,
      Price: line.price.priceAmount.amount
    })
  }
  const party = input.accountingCustomerParty.party
  const address = party.postalAddress
  const notes = (input.notes ?? []).flatMap((note) => Option.toArray(Option.flatMap(note.text, text)))
  const creditReferenceId = Option.flatMap(input.creditInvoice, (credit) =>
    credit.creditInvoiceIndicator.pipe(Option.getOrElse(() => false))
      ? Option.fromNullishOr((credit.creditInvoiceDocumentReferences ?? [])[0]).pipe(
          Option.flatMap((reference) =>
            Option.orElse(Option.flatMap(reference.id, text), () => Option.flatMap(reference.reference, text))
          )
        )
      : Option.none()
  )
  return Result.succeed({
    ...definedOnly({
      Address1: optionalText(Option.flatMap(address, (value) => value.streetName)),
      Address2: optionalText(Option.flatMap(address, (value) => value.additionalStreetName)),
      City: optionalText(Option.flatMap(address, (value) => value.cityName)),
      CreditInvoiceReference: optionalText(creditReferenceId),
      Currency: currency,
      CurrencyRate: Option.getOrUndefined(Option.flatMap(input.documentCurrencyCode, (code) => code.currencyRate)),
      CustomerName: optionalText(Option.flatMap(party.partyName, (name) => name.name)),
      DocumentNumber: optionalText(input.reference),
      DueDate: Option.getOrUndefined(input.dueDate),
      ExternalInvoiceReference2: externalReference,
      InvoiceDate: Option.getOrUndefined(input.issueDate),
      OurReference: optionalText(input.sellerReference),
      Remarks: notes.length === 0 ? undefined : notes.join("\n"),
      TermsOfPayment: optionalText(
        Option.flatMap(input.paymentTerms, (terms) => Option.flatMap(terms.paymentTermsId, (id) => id.id))
      ),
      YourOrderNumber: optionalText(Option.flatMap(input.orderReference, (order) => order.buyerOrderId)),
      YourReference: optionalText(input.buyerReference),
      ZipCode: optionalText(Option.flatMap(address, (value) => value.postalZone))
    }),
    CustomerNumber: customerNumber,
    ExternalInvoiceReference1: idempotencyKey,
    InvoiceRows: rows
  })
}

/** The fields that have a value (Fortnox fills omitted fields from the customer and the account's defaults). */
const definedOnly = <T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(fields).filter((entry) => entry[1] !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }

/** Fortnox's `filter` for a status it filters natively; `none` for the statuses konto filters itself. */
export const statusFilter = (status: InvoiceStatus): Option.Option<Wire.InvoiceFilter> => {
  switch (status) {
    case "Paid":
      return Option.some("fullypaid")
    case "Unpaid":
      return Option.some("unpaid")
    case "Overdue":
      return Option.some("unpaidoverdue")
    case "Cancelled":
      return Option.some("cancelled")
    default:
      return Option.none()
  }
}

/** Fortnox's time zone: `lastmodified` is Swedish local time. */
export const fortnoxTimeZone = "Europe/Stockholm"

const twoDigits = (value: number): string => String(value).padStart(2, "0")

/**
 * `lastmodified` for an instant: `yyyy-MM-dd HH:mm` in Swedish time, rounded down to the minute — Fortnox's
 * resolution — so nothing modified at or after the instant is missed (up to a minute more may come back).
 */
export const lastModified = (instant: DateTime.DateTime): string => {
  const parts = DateTime.toParts(
    DateTime.makeZonedUnsafe(DateTime.toEpochMillis(instant), { timeZone: fortnoxTimeZone })
  )
  return `${parts.year}-${twoDigits(parts.month)}-${twoDigits(parts.day)} ${twoDigits(parts.hour)}:${twoDigits(parts.minute)}`
}

/** The listing parameters for the native part of a query (core has already removed what konto emulates). */
export const listParameters = (query: ListQuery.ListQuery): Wire.InvoiceListParameters => ({
  ...definedOnly({
    filter: Option.getOrUndefined(Option.flatMap(query.status, statusFilter)),
    fromdate: Option.getOrUndefined(query.fromInvoiceDate),
    todate: Option.getOrUndefined(query.toInvoiceDate),
    lastmodified: Option.getOrUndefined(Option.map(query.modifiedSince, lastModified))
  }),
  ...Option.match(query.orderBy, {
    onNone: () => ({}),
    onSome: (order) => ({
      sortby: "invoicedate" as const,
      sortorder: order === "DateAscending" ? ("ascending" as const) : ("descending" as const)
    })
  })
})
