/**
 * A simulator of Fortnox's invoice API in Fortnox's wire format (`@konto/adapter-fortnox/simulator`), on
 * `@konto/simulator-kit`:
 *
 * - `GET /3/invoices` with `filter` (cancelled, fullypaid, unpaid, unpaidoverdue, unbooked), the substring
 *   searches of the OpenAPI (`customernumber`, `externalinvoicereference1`, …) — one resource-specific filter at
 *   a time, combinable with `lastmodified` and `fromdate`/`todate` — `sortby`/`sortorder`, `page`/`limit`
 *   (default 100, at most 500) and `MetaInformation`;
 * - `GET /3/invoices/{DocumentNumber}` and `POST /3/invoices` (an unbooked invoice, totals computed from the rows);
 * - `POST /oauth-v1/token` with single-use refresh tokens that rotate on every refresh; bearer tokens on the API;
 * - 25 requests per 5 seconds per access token (429 beyond), and `ErrorInformation` error bodies.
 *
 * Records are Fortnox invoices built from `InvoiceSeed`s, plus any Fortnox invoices given as they are (the
 * documented examples, `documentedInvoices`). Fortnox keeps when an invoice last changed (it filters on it) but
 * does not send it; the simulator keeps it beside each record.
 *
 * Filter semantics — Fortnox documents the filters by name only; these follow the status rules in the research
 * notes and konto's status derivation, and are unverified against a live account: `fullypaid` = not cancelled
 * and nothing left to pay; `unpaid` = not cancelled and something left to pay (partly paid included; a credit
 * note counts in its own sign); `unpaidoverdue` = unpaid with a due date before today in Sweden; `cancelled`;
 * `unbooked` = not booked and not cancelled.
 */
import { CalendarDate, Money } from "@konto/core"
import {
  InvoiceSeed,
  OAuthServer,
  Paging,
  RecordStore,
  Route,
  Simulator,
  SimulatorModule,
  type SimulatorModule as SimulatorModuleTypes,
  type SimulatorRequest,
  SimulatorResponse
} from "@konto/simulator-kit"
import { BigDecimal, DateTime, Effect, Option, Result, Schema } from "effect"
import { displayName, maxPageSize, rateLimit, system } from "./capabilities.ts"
import * as Wire from "./wire.ts"

/** A Fortnox invoice and what Fortnox keeps about it without sending it. */
export interface FortnoxRecord {
  readonly invoice: Wire.Invoice
  /** When the invoice last changed (epoch milliseconds): what `lastmodified` filters on. */
  readonly modifiedAtMillis: number
}

/** What Fortnox can represent: no drafts, whole VAT percentages, Swedish customers in SEK. */
export const seedProfile: InvoiceSeed.SeedProfile = {
  ...InvoiceSeed.defaultProfile,
  drafts: false,
  countries: ["SE"],
  currencies: ["SEK"],
  vatRates: ["25", "12", "6"]
}

/** The demo integration's credentials and initial tokens (what `demoConnection` hands out). */
export const demo = {
  clientId: "konto-demo-client",
  clientSecret: "konto-demo-secret",
  accessToken: "konto-demo-access-token",
  refreshToken: "konto-demo-refresh-token"
} as const

const apiPrefix = "/3"
const tokenPath = "/oauth-v1/token"
const swedishTime = "Europe/Stockholm"
const zero = BigDecimal.fromBigInt(0n)
const one = BigDecimal.fromBigInt(1n)

const decodeInvoiceWrap = Schema.decodeUnknownSync(Wire.InvoiceWrap)
const encodeInvoiceWrap = Schema.encodeSync(Wire.InvoiceWrap)
const encodeInvoiceList = Schema.encodeSync(Wire.InvoiceList)
const decodePayload = Schema.decodeUnknownResult(Wire.InvoicePayloadWrap)

/**
 * Fortnox's documented list examples (invoices 1 and 3 of its invoices page), as Fortnox records. Fortnox
 * documents them as list items only, so their full form holds the same fields.
 */
export const documentedInvoices: ReadonlyArray<Wire.Invoice> = [
  {
    "@url": "https://api.fortnox.se/3/invoices/1",
    Balance: 1250,
    Booked: false,
    Cancelled: false,
    Currency: "SEK",
    CurrencyRate: "1",
    CurrencyUnit: 1,
    CustomerName: "Kund 100048",
    CustomerNumber: "100048",
    DocumentNumber: "1",
    DueDate: "2014-12-12",
    ExternalInvoiceReference1: "",
    ExternalInvoiceReference2: "",
    InvoiceDate: "2014-11-11",
    NoxFinans: true,
    OCR: "133",
    Project: "",
    Sent: false,
    TermsOfPayment: "60",
    Total: 1250,
    WayOfDelivery: ""
  },
  {
    "@url": "https://api.fortnox.se/3/invoices/3",
    Balance: 0,
    Booked: false,
    Cancelled: true,
    Currency: "SEK",
    CurrencyRate: "1",
    CurrencyUnit: 1,
    CustomerName: "Kund 100048",
    CustomerNumber: "100048",
    DocumentNumber: "3",
    DueDate: "2015-01-01",
    ExternalInvoiceReference1: "",
    ExternalInvoiceReference2: "",
    InvoiceDate: "2014-12-02",
    OCR: "332",
    Project: "",
    Sent: false,
    TermsOfPayment: "30",
    Total: 5500,
    WayOfDelivery: ""
  }
].map((invoice) => decodeInvoiceWrap({ Invoice: invoice }).Invoice)

const urlOf = (documentNumber: string): string => `https://api.fortnox.se/3/invoices/${documentNumber}`

const daysBetween = (from: CalendarDate.CalendarDate, to: CalendarDate.CalendarDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

const swedishDate = (millis: number): CalendarDate.CalendarDate =>
  CalendarDate.ofInstant(DateTime.makeUnsafe(millis), swedishTime)

/**
 * A Fortnox invoice from a seed, amounts as the seed has them; a fully paid one has its `FinalPayDate`, the day
 * it was last modified. (Fortnox's documented cancelled invoice shows `Balance` 0; a generated cancelled invoice
 * keeps the seed's balance, which konto reads the same way: a cancelled invoice is neither Paid nor Unpaid.)
 */
export const recordFromSeed = (seed: InvoiceSeed.InvoiceSeed): FortnoxRecord => {
  const modifiedAtMillis = DateTime.toEpochMillis(seed.modifiedAt)
  const balance = seed.balance
  const fullyPaid = !seed.cancelled && BigDecimal.isZero(balance)
  const invoice: Wire.Invoice = {
    "@url": urlOf(seed.number),
    Balance: balance,
    Booked: seed.booked,
    Cancelled: seed.cancelled,
    Credit: seed.isCreditNote ? "true" : "false",
    CreditInvoiceReference: Option.getOrElse(seed.creditedNumber, () => "0"),
    Currency: seed.currency,
    CurrencyRate: one,
    CurrencyUnit: one,
    CustomerName: seed.customer.name,
    CustomerNumber: seed.customer.number,
    DocumentNumber: seed.number,
    DueDate: seed.dueDate,
    ExternalInvoiceReference1: "",
    ExternalInvoiceReference2: "",
    ...(fullyPaid ? { FinalPayDate: swedishDate(modifiedAtMillis) } : {}),
    InvoiceDate: seed.issueDate,
    InvoiceRows: seed.lines.map((line, index) => ({
      ArticleNumber: line.articleNumber,
      DeliveredQuantity: line.quantity,
      Description: line.description,
      Price: line.unitPrice,
      PriceExcludingVAT: line.unitPrice,
      RowId: index + 1,
      Total: line.net,
      TotalExcludingVAT: line.net,
      VAT: line.vatPercent
    })),
    InvoiceType: "INVOICE",
    Net: seed.net,
    NoxFinans: seed.sold,
    ...Option.match(seed.customer.organisationNumber, {
      onNone: () => ({}),
      onSome: (number) => ({ OrganisationNumber: number })
    }),
    RoundOff: zero,
    Sent: seed.sent,
    TermsOfPayment: String(daysBetween(seed.issueDate, seed.dueDate)),
    Total: seed.gross,
    TotalToPay: seed.gross,
    TotalVAT: seed.vat,
    VATIncluded: false
  }
  return { invoice, modifiedAtMillis }
}

const listItemFields = [
  "@url",
  "Balance",
  "Booked",
  "Cancelled",
  "CostCenter",
  "Currency",
  "CurrencyRate",
  "CurrencyUnit",
  "CustomerName",
  "CustomerNumber",
  "DocumentNumber",
  "DueDate",
  "ExternalInvoiceReference1",
  "ExternalInvoiceReference2",
  "FinalPayDate",
  "InvoiceDate",
  "InvoiceType",
  "NoxFinans",
  "OCR",
  "Project",
  "Sent",
  "TermsOfPayment",
  "Total",
  "VoucherNumber",
  "VoucherSeries",
  "VoucherYear",
  "WayOfDelivery"
] as const satisfies ReadonlyArray<keyof Wire.InvoiceListItem>

/** An invoice as Fortnox lists it (`InvoiceSubset`: the list item's fields only). */
export const listItemOf = (invoice: Wire.Invoice): Wire.InvoiceListItem => {
  const item: Record<string, unknown> = { DocumentNumber: invoice.DocumentNumber }
  for (const field of listItemFields) {
    if (invoice[field] !== undefined) item[field] = invoice[field]
  }
  return item as Wire.InvoiceListItem
}

/** A Fortnox error body (`ErrorInformation`, spelled as the OpenAPI declares it). */
export const errorResponse = (status: number, message: string, code?: number): SimulatorResponse.SimulatorResponse =>
  SimulatorResponse.json(status, {
    ErrorInformation: { Error: 1, Message: message, ...(code === undefined ? {} : { Code: code }) }
  })

// Documented codes (Fortnox's "Errors" guide): 2000588 an invalid parameter, 2001392 an empty or malformed body.
const invalidParameter = () => errorResponse(400, "Ogiltig parameter i anropet.", 2000588)
const invalidBody = () => errorResponse(400, "Ingen eller felaktig typ av data.", 2001392)
// Seen in client libraries' recordings of live responses; the invoice code is unverified.
const invoiceNotFound = () => errorResponse(404, "Kan inte hitta fakturan.", 2000434)
const customerNotFound = () => errorResponse(400, "Kan inte hitta kunden.", 2000433)

/** The resource-specific searches of `GET /3/invoices` the simulator serves (substring, case-insensitive). */
const textSearches: Readonly<Record<string, (invoice: Wire.Invoice) => string | null | undefined>> = {
  customername: (invoice) => invoice.CustomerName,
  customernumber: (invoice) => invoice.CustomerNumber,
  documentnumber: (invoice) => invoice.DocumentNumber,
  ocr: (invoice) => invoice.OCR,
  ourreference: (invoice) => invoice.OurReference,
  yourreference: (invoice) => invoice.YourReference,
  externalinvoicereference1: (invoice) => invoice.ExternalInvoiceReference1,
  externalinvoicereference2: (invoice) => invoice.ExternalInvoiceReference2,
  project: (invoice) => invoice.Project,
  costcenter: (invoice) => invoice.CostCenter,
  invoicetype: (invoice) => invoice.InvoiceType,
  currency: (invoice) => invoice.Currency,
  yourordernumber: (invoice) => invoice.YourOrderNumber
}
const flagSearches: Readonly<Record<string, (invoice: Wire.Invoice) => boolean | undefined>> = {
  sent: (invoice) => invoice.Sent ?? undefined,
  notcompleted: (invoice) => invoice.NotCompleted ?? undefined,
  credit: (invoice) =>
    invoice.Credit === undefined || invoice.Credit === null ? undefined : String(invoice.Credit) === "true"
}
// Declared by the OpenAPI but not served here: the simulator refuses them rather than ignore them silently.
const unservedSearches = [
  "label",
  "fromfinalpaydate",
  "tofinalpaydate",
  "articlenumber",
  "articledescription",
  "accountnumberfrom",
  "accountnumberto"
]

/** What is left to pay, in the total's sign (a credit note is a mirrored invoice). */
const openAmount = (invoice: Wire.Invoice): BigDecimal.BigDecimal => {
  const total = invoice.Total ?? zero
  const balance = invoice.Balance ?? zero
  return BigDecimal.isNegative(total) ? BigDecimal.negate(balance) : balance
}

/** Fortnox's `filter`, as the module comment states it. */
export const matchesFilter = (
  filter: Wire.InvoiceFilter,
  invoice: Wire.Invoice,
  today: CalendarDate.CalendarDate
): boolean => {
  const cancelled = invoice.Cancelled === true
  const unpaid = !cancelled && BigDecimal.isPositive(openAmount(invoice))
  switch (filter) {
    case "cancelled":
      return cancelled
    case "fullypaid":
      return !cancelled && !BigDecimal.isPositive(openAmount(invoice))
    case "unpaid":
      return unpaid
    case "unpaidoverdue":
      return unpaid && invoice.DueDate !== undefined && invoice.DueDate !== null && invoice.DueDate < today
    case "unbooked":
      return invoice.Booked !== true && !cancelled
  }
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/
const lastModifiedPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/

/** `lastmodified` (`yyyy-MM-dd[ HH:mm[:ss]]`, Swedish time) as epoch milliseconds; `undefined` when unreadable. */
export const parseLastModified = (text: string): number | undefined => {
  const match = lastModifiedPattern.exec(text.trim())
  if (match === null) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? "0"))
  const local = DateTime.makeZoned(
    { year: year ?? 0, month: month ?? 1, day: day ?? 1, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 },
    { timeZone: swedishTime, adjustForTimeZone: true }
  )
  return Option.match(local, { onNone: () => undefined, onSome: DateTime.toEpochMillis })
}

/** Compares document numbers as Fortnox does: numerically (they are digits), else as text. */
const compareDocumentNumbers = (left: string, right: string): number =>
  /^\d+$/.test(left) && /^\d+$/.test(right)
    ? left.length - right.length || (left < right ? -1 : left > right ? 1 : 0)
    : left < right
      ? -1
      : left > right
        ? 1
        : 0

const compareText = (left: string | null | undefined, right: string | null | undefined): number => {
  const a = left ?? ""
  const b = right ?? ""
  return a < b ? -1 : a > b ? 1 : 0
}

const sortKeys: Readonly<Record<Wire.InvoiceSortBy, (left: Wire.Invoice, right: Wire.Invoice) => number>> = {
  customername: (left, right) => compareText(left.CustomerName, right.CustomerName),
  customernumber: (left, right) => compareText(left.CustomerNumber, right.CustomerNumber),
  documentnumber: (left, right) => compareDocumentNumbers(left.DocumentNumber, right.DocumentNumber),
  invoicedate: (left, right) => compareText(left.InvoiceDate, right.InvoiceDate),
  ocr: (left, right) => compareText(left.OCR, right.OCR),
  total: (left, right) => BigDecimal.Order(left.Total ?? zero, right.Total ?? zero)
}

const isCalendarDate = Schema.is(CalendarDate.CalendarDate)
const isFilter = Schema.is(Wire.InvoiceFilter)
const isSortBy = Schema.is(Wire.InvoiceSortBy)
const isSortOrder = Schema.is(Wire.SortOrder)

/** A listing request, read and checked; `Left` is the 400 Fortnox answers. */
type ListRequest = {
  readonly predicates: ReadonlyArray<(record: FortnoxRecord) => boolean>
  readonly sort: Option.Option<{ readonly by: Wire.InvoiceSortBy; readonly order: Wire.SortOrder }>
  readonly page: number
  readonly limit: number
}

const readListRequest = (
  query: URLSearchParams,
  today: CalendarDate.CalendarDate
): Result.Result<ListRequest, SimulatorResponse.SimulatorResponse> => {
  const predicates: Array<(record: FortnoxRecord) => boolean> = []
  // Fortnox: "only one resource specific filter can be used at a time" (global parameters combine freely).
  const resourceSpecific = [...new Set(query.keys())].filter(
    (name) => name === "filter" || name in textSearches || name in flagSearches || unservedSearches.includes(name)
  )
  if (resourceSpecific.length > 1 || query.getAll("filter").length > 1) return Result.fail(invalidParameter())
  for (const name of resourceSpecific) {
    const value = query.get(name) ?? ""
    if (unservedSearches.includes(name)) {
      return Result.fail(errorResponse(400, `The konto simulator does not serve the search parameter ${name}.`))
    }
    if (name === "filter") {
      if (!isFilter(value)) return Result.fail(invalidParameter())
      predicates.push((record) => matchesFilter(value, record.invoice, today))
    } else if (name in flagSearches) {
      if (value !== "true" && value !== "false") return Result.fail(invalidParameter())
      const flag = flagSearches[name]!
      predicates.push((record) => flag(record.invoice) === (value === "true"))
    } else {
      const field = textSearches[name]!
      const needle = value.toLowerCase()
      predicates.push((record) => (field(record.invoice) ?? "").toLowerCase().includes(needle))
    }
  }
  const fromDate = query.get("fromdate")
  const toDate = query.get("todate")
  for (const date of [fromDate, toDate]) {
    if (date !== null && !datePattern.test(date)) return Result.fail(invalidParameter())
  }
  if (fromDate !== null) predicates.push((record) => (record.invoice.InvoiceDate ?? "") >= fromDate)
  if (toDate !== null)
    predicates.push(
      (record) => (record.invoice.InvoiceDate ?? "") !== "" && (record.invoice.InvoiceDate ?? "") <= toDate
    )
  const lastModified = query.get("lastmodified")
  if (lastModified !== null) {
    const since = parseLastModified(lastModified)
    if (since === undefined) return Result.fail(invalidParameter())
    predicates.push((record) => record.modifiedAtMillis >= since)
  }
  const sortBy = query.get("sortby")
  const sortOrder = query.get("sortorder") ?? "ascending"
  if ((sortBy !== null && !isSortBy(sortBy)) || !isSortOrder(sortOrder)) return Result.fail(invalidParameter())
  const paging = Paging.read(query, {
    pageParam: "page",
    sizeParam: "limit",
    defaultPageSize: 100,
    maxPageSize,
    overMax: "reject"
  })
  if (paging._tag === "Invalid") return Result.fail(invalidParameter())
  return Result.succeed({
    predicates,
    sort: sortBy === null ? Option.none() : Option.some({ by: sortBy, order: sortOrder }),
    page: paging.page,
    limit: paging.pageSize
  })
}

const round2 = (value: BigDecimal.BigDecimal): BigDecimal.BigDecimal =>
  BigDecimal.round(value, { scale: 2, mode: "half-from-zero" })

/** Fortnox's VAT rates (a rate the account does not have is refused). */
const vatRates = new Set(["25", "12", "6", "0"])

/** Options of `makeSimulator`: the kit's, plus Fortnox invoices to hold as they are. */
export interface FortnoxSimulatorOptions extends SimulatorModuleTypes.SimulatorOptions {
  /** Fortnox invoices held before the seeded ones (e.g. `documentedInvoices`), last modified at epoch 0. */
  readonly invoices?: Iterable<Wire.Invoice>
}

/** A running Fortnox simulator: the kit's simulator, its records and its OAuth server. */
export interface FortnoxSimulator extends Simulator.Simulator {
  readonly invoices: RecordStore.RecordStore<FortnoxRecord>
  readonly oauth: OAuthServer.OAuthServer
}

interface Customer {
  readonly name: string
  readonly organisationNumber: Option.Option<string>
}

/** Makes a Fortnox simulator. */
export const makeSimulator = (options: FortnoxSimulatorOptions): Effect.Effect<FortnoxSimulator> =>
  Effect.gen(function* () {
    const extras: Array<FortnoxRecord> = Array.from(options.invoices ?? [], (invoice) => ({
      invoice,
      modifiedAtMillis: 0
    }))
    const generator = SimulatorModule.generatorOptionsOf(options, seedProfile)
    // Generated invoices are regenerated on access (a million cost no memory); given ones are held.
    const store =
      options.seeds === undefined && extras.length === 0
        ? RecordStore.lazy<FortnoxRecord>({
            count: generator.count,
            generate: (index) => recordFromSeed(InvoiceSeed.at(generator, index)),
            idOf: (record) => record.invoice.DocumentNumber,
            indexOf: (id) => InvoiceSeed.indexOfNumber(generator, id)
          })
        : RecordStore.make<FortnoxRecord>({
            idOf: (record) => record.invoice.DocumentNumber,
            initial: [...extras, ...Array.from(SimulatorModule.seedsOf(options, seedProfile), recordFromSeed)]
          })

    const customers = new Map<string, Customer>()
    const seedCustomers =
      options.seeds === undefined
        ? InvoiceSeed.customers(generator)
        : Array.from(options.seeds, (seed) => seed.customer)
    for (const customer of seedCustomers) customers.set(customer.number, customer)
    for (const { invoice } of extras) {
      if (invoice.CustomerNumber !== undefined && invoice.CustomerNumber !== null) {
        customers.set(invoice.CustomerNumber, {
          name: invoice.CustomerName ?? "",
          organisationNumber: Option.fromNullishOr(invoice.OrganisationNumber)
        })
      }
    }

    // Listings come in document-number order. Generated stores are in that order by construction; a held store
    // is checked, and any store leaves it once an invoice is created with a lower number than the highest.
    const numbers =
      options.seeds === undefined && extras.length === 0
        ? Option.toArray(Option.map(store.at(store.size() - 1), (record) => record.invoice.DocumentNumber))
        : Array.from(store.values(), (record) => record.invoice.DocumentNumber)
    let inNumberOrder = numbers.every(
      (number, index) => index === 0 || compareDocumentNumbers(numbers[index - 1]!, number) < 0
    )
    let highest = numbers.reduce((max, number) => (compareDocumentNumbers(number, max) > 0 ? number : max), "0")

    const oauth = OAuthServer.make({
      clientId: demo.clientId,
      clientSecret: demo.clientSecret,
      initial: { accessToken: demo.accessToken, refreshToken: demo.refreshToken },
      tokenResponseFields: { scope: "invoice customer" },
      unauthorized: () => errorResponse(401, "Ogiltig inloggning", 2000310)
    })

    const listing = (request: SimulatorRequest.SimulatorRequest) =>
      Effect.gen(function* () {
        yield* oauth.authenticate(request)
        const read = readListRequest(request.query, swedishDate(request.nowMillis))
        if (Result.isFailure(read)) return yield* Effect.fail(read.failure)
        const { limit, page, predicates, sort } = read.success
        let matching: Paging.Indexed<FortnoxRecord> =
          predicates.length === 0
            ? store.indexed()
            : store.filter((record) => predicates.every((predicate) => predicate(record)))
        if (!inNumberOrder || Option.isSome(sort)) {
          const by = Option.match(sort, {
            onNone: () => sortKeys.documentnumber,
            onSome: (value) => sortKeys[value.by]
          })
          const direction = Option.isSome(sort) && sort.value.order === "descending" ? -1 : 1
          const sorted = Array.from({ length: matching.length }, (_, index) => matching.at(index)!)
          // Ties keep document-number order either way.
          matching = sorted.sort(
            (left, right) =>
              direction * by(left.invoice, right.invoice) ||
              compareDocumentNumbers(left.invoice.DocumentNumber, right.invoice.DocumentNumber)
          )
        }
        const slice = Paging.slice(matching, page, limit)
        return SimulatorResponse.json(
          200,
          encodeInvoiceList({
            Invoices: slice.items.map((record) => listItemOf(record.invoice)),
            MetaInformation: {
              "@TotalResources": slice.totalItems,
              "@TotalPages": slice.totalPages,
              "@CurrentPage": slice.page
            }
          })
        )
      })

    const single = (request: SimulatorRequest.SimulatorRequest) =>
      Effect.gen(function* () {
        yield* oauth.authenticate(request)
        return Option.match(store.get(request.params["DocumentNumber"] ?? ""), {
          onNone: invoiceNotFound,
          onSome: (record) => SimulatorResponse.json(200, encodeInvoiceWrap({ Invoice: record.invoice }))
        })
      })

    const creation = (request: SimulatorRequest.SimulatorRequest) =>
      Effect.gen(function* () {
        yield* oauth.authenticate(request)
        const decoded = decodePayload(request.json)
        if (Result.isFailure(decoded)) return yield* Effect.fail(invalidBody())
        const payload = decoded.success.Invoice
        const customer = customers.get(payload.CustomerNumber)
        if (customer === undefined) return yield* Effect.fail(customerNotFound())
        if (payload.InvoiceRows.some((row) => row.VAT !== undefined && !vatRates.has(String(row.VAT)))) {
          return yield* Effect.fail(errorResponse(400, "Kunde inte hitta moms."))
        }
        const dates = [payload.InvoiceDate, payload.DueDate].filter((date) => date !== undefined)
        const quantities = payload.InvoiceRows.map((row) => Money.decimalFromString(row.DeliveredQuantity))
        if (!dates.every(isCalendarDate) || !quantities.every(Option.isSome)) return yield* Effect.fail(invalidBody())
        const documentNumber = payload.DocumentNumber ?? String(BigInt(highest) + 1n)
        if (store.has(documentNumber)) {
          return yield* Effect.fail(errorResponse(400, `Fakturanummer ${documentNumber} används redan.`))
        }
        const rows = payload.InvoiceRows.map((row, index) => {
          const quantity = Option.getOrElse(quantities[index] ?? Option.none(), () => zero)
          const net = round2(BigDecimal.multiply(quantity, row.Price))
          const vatPercent = BigDecimal.fromBigInt(BigInt(row.VAT ?? 25))
          return {
            row: {
              ...(row.ArticleNumber === undefined ? {} : { ArticleNumber: row.ArticleNumber }),
              DeliveredQuantity: quantity,
              Description: row.Description,
              Price: row.Price,
              PriceExcludingVAT: row.Price,
              RowId: index + 1,
              Total: net,
              TotalExcludingVAT: net,
              ...(row.Unit === undefined ? {} : { Unit: row.Unit }),
              VAT: vatPercent
            },
            net,
            vat: round2(BigDecimal.divideUnsafe(BigDecimal.multiply(net, vatPercent), BigDecimal.fromBigInt(100n)))
          }
        })
        const net = Money.sum(rows.map((row) => row.net))
        const vat = Money.sum(rows.map((row) => row.vat))
        const total = BigDecimal.sum(net, vat)
        const invoiceDate = payload.InvoiceDate ?? swedishDate(request.nowMillis)
        const termsOfPayment = payload.TermsOfPayment ?? "30"
        const invoice: Wire.Invoice = {
          "@url": urlOf(documentNumber),
          ...(payload.Address1 === undefined ? {} : { Address1: payload.Address1 }),
          ...(payload.Address2 === undefined ? {} : { Address2: payload.Address2 }),
          Balance: total,
          Booked: false,
          Cancelled: false,
          ...(payload.City === undefined ? {} : { City: payload.City }),
          Credit: BigDecimal.isNegative(total) ? "true" : "false",
          CreditInvoiceReference: payload.CreditInvoiceReference ?? "0",
          Currency: payload.Currency ?? "SEK",
          CurrencyRate: payload.CurrencyRate ?? one,
          CurrencyUnit: one,
          CustomerName: payload.CustomerName ?? customer.name,
          CustomerNumber: payload.CustomerNumber,
          DocumentNumber: documentNumber,
          DueDate:
            payload.DueDate ??
            CalendarDate.addDays(
              CalendarDate.make(invoiceDate),
              /^\d+$/.test(termsOfPayment) ? Number(termsOfPayment) : 30
            ),
          ExternalInvoiceReference1: payload.ExternalInvoiceReference1 ?? "",
          ExternalInvoiceReference2: payload.ExternalInvoiceReference2 ?? "",
          InvoiceDate: invoiceDate,
          InvoiceRows: rows.map((row) => row.row),
          InvoiceType: "INVOICE",
          Net: net,
          NoxFinans: false,
          ...Option.match(customer.organisationNumber, {
            onNone: () => ({}),
            onSome: (number) => ({ OrganisationNumber: number })
          }),
          ...(payload.OurReference === undefined ? {} : { OurReference: payload.OurReference }),
          ...(payload.Remarks === undefined ? {} : { Remarks: payload.Remarks }),
          RoundOff: zero,
          Sent: false,
          TermsOfPayment: termsOfPayment,
          Total: total,
          TotalToPay: total,
          TotalVAT: vat,
          VATIncluded: false,
          ...(payload.YourOrderNumber === undefined ? {} : { YourOrderNumber: payload.YourOrderNumber }),
          ...(payload.YourReference === undefined ? {} : { YourReference: payload.YourReference }),
          ...(payload.ZipCode === undefined ? {} : { ZipCode: payload.ZipCode })
        }
        store.insert({ invoice, modifiedAtMillis: request.nowMillis })
        if (compareDocumentNumbers(documentNumber, highest) > 0) highest = documentNumber
        else inNumberOrder = false
        return SimulatorResponse.json(201, encodeInvoiceWrap({ Invoice: invoice }))
      })

    const simulator = yield* Simulator.make({
      name: system,
      routes: [
        oauth.tokenRoute(tokenPath),
        Route.get(`${apiPrefix}/invoices`, listing),
        Route.post(`${apiPrefix}/invoices`, creation),
        Route.get(`${apiPrefix}/invoices/:DocumentNumber`, single)
      ],
      notFound: () => errorResponse(404, "Resursen kunde inte hittas."),
      rateLimits: [
        {
          name: "25 requests per 5 seconds per access token",
          requests: rateLimit.requests,
          perMillis: rateLimit.perMillis,
          window: "sliding",
          key: (request) => (request.route === `POST ${tokenPath}` ? undefined : request.headers["authorization"])
        }
      ],
      // Fortnox's 429 body is not documented; Retry-After is the kit's (unverified for Fortnox).
      rateLimitResponse: (_request, rejection) =>
        SimulatorResponse.setHeader(
          errorResponse(429, "Too Many Requests"),
          "retry-after",
          String(Math.max(1, Math.ceil(rejection.retryAfterMillis / 1000)))
        ),
      serverErrorResponse: (_request, status) => errorResponse(status, "System exception", 1000003),
      rateLimitScale: options.rateLimitScale ?? 1,
      ...(options.faults === undefined ? {} : { faults: options.faults })
    })
    return { ...simulator, invoices: store, oauth }
  })

/** Fortnox's simulator module: what the demo server, benchmarks and the conformance suite use. */
export const simulator: SimulatorModule.SimulatorModule = SimulatorModule.make({
  system,
  displayName,
  documentedMaxPageSize: maxPageSize,
  seedProfile,
  make: makeSimulator,
  demoConnection: (origin) => ({
    baseUrl: `${origin}${apiPrefix}`,
    settings: { clientId: demo.clientId, tokenUrl: `${origin}${tokenPath}` },
    secrets: { clientSecret: demo.clientSecret },
    tokens: { accessToken: demo.accessToken, refreshToken: demo.refreshToken, expiresAtMillis: Number.MAX_SAFE_INTEGER }
  })
})
