/**
 * A simulator of Moneybird's API v2 (sales invoices) in Moneybird's wire format, on `@konto/simulator-kit`.
 *
 * What it serves, under `/api/v2/{administration_id}` with the `.json` format (or none):
 * - `GET /sales_invoices` with Moneybird's filter grammar (`key:value` terms by commas, values by `|`): `state`,
 *   `period` (named periods and `YYYYMMDD..YYYYMMDD` / `YYYYMM..YYYYMM`; a draft without an invoice date matches a
 *   period containing today; an open-ended period is refused), `reference`, `contact_id`, `workflow_id`,
 *   `recurring_sales_invoice_id`, `created_after`, `updated_after` (exclusive); unknown keys are ignored. No
 *   `filter` at all means `period:this_year`; a filter without a period has no period. `page` / `per_page`
 *   (1–100; default 50, unverified) with `Link` (`rel="next"` / `rel="prev"`); newest first; no totals.
 * - `GET /sales_invoices/synchronization` (ids and versions, same filter) and `POST` of `{ ids }` (≤ 100 served).
 * - `GET /sales_invoices/{id}`, `find_by_invoice_id/{invoice_id}`, `find_by_reference/{reference}`.
 * - `POST /sales_invoices` (a draft, totals computed per tax rate) and `PATCH /sales_invoices/{id}/send_invoice`
 *   (numbers and opens a draft, or schedules it).
 * - `GET /contacts/customer_id/{customer_id}` and `GET /tax_rates`.
 * - A bearer token — the API token, or an OAuth access token from `POST /oauth/token` (refresh-token grant,
 *   client credentials in the form; access tokens live an hour, refresh tokens rotate) — 401 otherwise.
 * - 150 requests per 5 minutes per token in fixed windows (429 `"Retry later"` with `RateLimit-*` headers and
 *   `Retry-After` as the epoch second the window resets, as Moneybird's spec documents), and errors in
 *   Moneybird's shapes (`{ error, symbolic }`, `{ error: { field: [...] }, details }`).
 *
 * Records are whole `sales_invoice_response` objects: from `InvoiceSeed`s (state from the seed's facts on the
 * simulator's "today": draft, uncollectible for cancelled, paid when nothing is left to pay, late when past due,
 * else open) or given as they are (`records`: e.g. the spec's documented examples). Versions are the epoch second
 * of `updated_at`, kept increasing when two updates fall in one second.
 */
import { CalendarDate, Money, SystemId } from "@konto/core"
import {
  InvoiceSeed,
  OAuthServer,
  RecordStore,
  Route,
  Simulator,
  SimulatorModule,
  type SimulatorRequest,
  SimulatorResponse
} from "@konto/simulator-kit"
import { BigDecimal, DateTime, Effect, Option, Schema } from "effect"
import { displayName, maxPageSize, rateLimit, system } from "./capabilities.ts"
import * as Wire from "./wire.ts"

/** A JSON object as Moneybird sends it. */
export type JsonObject = { readonly [key: string]: unknown }

/** The administration the simulator serves by default (the spec's examples use 123). */
export const defaultAdministrationId = "123"

/** The API token the simulator accepts by default. */
export const defaultApiToken = "demo-moneybird-token"

/** The OAuth application and tokens the simulator accepts from the start (`/oauth/token` refreshes them). */
export const demoOAuth = {
  clientId: "demo-moneybird-client",
  clientSecret: "demo-moneybird-secret",
  accessToken: "demo-moneybird-access",
  refreshToken: "demo-moneybird-refresh"
} as const

/** Moneybird's time zone: "today" for periods, due dates and sending. */
export const timeZone = "Europe/Amsterdam"

/** The page size when a request names none (Moneybird does not document it). */
export const defaultPageSize = 50

/** What Moneybird can represent: drafts are its only unbooked and unsent invoices, so seeds stay booked and sent. */
export const seedProfile: InvoiceSeed.SeedProfile = {
  creditNotes: true,
  // A Moneybird invoice leaves draft by being sent, and is booked then: drafts are its only unbooked and unsent
  // invoices. Generated drafts stay off: a Moneybird draft has no invoice number, and the conformance suite
  // recognises seeded invoices by number. The spec's documented draft and scheduled examples (`records`) cover
  // drafts in this package's own tests.
  drafts: false,
  cancelled: true,
  unbooked: false,
  unsent: false,
  sold: false,
  partialPayments: true,
  countries: ["NL", "BE"],
  currencies: ["EUR"],
  vatRates: ["21", "9", "0"]
}

/** How to build a Moneybird simulator: the kit's options, plus documented records and credentials. */
export interface MoneybirdSimulatorOptions extends SimulatorModule.SimulatorOptions {
  /** Whole `sales_invoice_response` objects to serve as they are (after the seeds). */
  readonly records?: Iterable<JsonObject>
  readonly administrationId?: string
  readonly apiToken?: string
}

/** The sales-invoice tax rates the simulator knows (`tax_rate_response`); 21% is the spec's documented rate. */
export const taxRates: ReadonlyArray<JsonObject> = [
  ["496081347565061258", "21.0", "Btw hoog", true],
  ["496081347565061259", "9.0", "Btw laag", true],
  ["496081347565061260", "0.0", "Btw 0%", true],
  ["496081347565061261", "6.0", "Btw laag (oud)", false]
].map(([id, percentage, name, active]) => ({
  id,
  administration_id: 123,
  name,
  percentage,
  tax_rate_type: "sales_invoice",
  show_tax: true,
  active,
  country: null,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z"
}))

const ledgerAccountId = "496081347348006010"
const workflowId = "496081347889071247"
const documentStyleId = "496081348199449753"
const identityId = "496081347126756459"
const userId = "496081346724103269"
const paymentConditions =
  "We verzoeken u vriendelijk het bovenstaande bedrag van {document.total_price} voor " +
  "{document.due_date} te voldoen op onze bankrekening onder vermelding van de omschrijving " +
  "{document.payment_reference}. Voor vragen kunt u contact opnemen per e-mail."

// ---------------------------------------------------------------------------------------------------------------
// Records

/** What the simulator filters and looks records up by, read once from a record. */
interface View {
  readonly state: string
  readonly invoiceDate: string | null
  readonly dueDate: string | null
  readonly reference: string | null
  readonly invoiceId: string | null
  readonly createdMillis: number
  readonly updatedMillis: number
  readonly version: number
  readonly hasDetails: boolean
}

/** A held invoice: its id, its view, and the record Moneybird would send (built on first use for seeds). */
interface Entry {
  readonly id: string
  readonly view: View
  readonly record: () => JsonObject
}

const textOrNull = (value: unknown): string | null =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : null

const millisOf = (value: unknown): number => (typeof value === "string" ? Date.parse(value) : Number.NaN)

const viewOf = (record: JsonObject): View => ({
  state: textOrNull(record["state"]) ?? "",
  invoiceDate: textOrNull(record["invoice_date"]),
  dueDate: textOrNull(record["due_date"]),
  reference: textOrNull(record["reference"]),
  invoiceId: textOrNull(record["invoice_id"]),
  createdMillis: millisOf(record["created_at"]),
  updatedMillis: millisOf(record["updated_at"]),
  version: typeof record["version"] === "number" ? record["version"] : 0,
  hasDetails: Array.isArray(record["details"]) && record["details"].length > 0
})

/** An entry for a whole record (documented, created or updated). */
const entryOf = (record: JsonObject): Entry => ({
  id: String(record["id"]),
  view: viewOf(record),
  record: () => record
})

const iso = (millis: number): string => DateTime.formatIso(DateTime.makeUnsafe(millis))
const text = (value: BigDecimal.BigDecimal): string => Wire.formatDecimal(BigDecimal.normalize(value))
const zero = BigDecimal.fromBigInt(0n)
const hundred = BigDecimal.fromBigInt(100n)
const cents = (value: BigDecimal.BigDecimal) => BigDecimal.round(value, { scale: 2, mode: "half-from-zero" })

const idBase = 496_081_000_000_000_000n
const seedInvoiceId = (seedId: string): string => String(idBase + 10_000_000n + BigInt(seedId))
const seedContactId = (customerNumber: string): string =>
  String(idBase + 20_000_000n + BigInt(customerNumber.replace(/\D/g, "") || "0"))

// Moneybird's links carry 64 hex digits; the simulator's are the number, zero-padded.
const hexOf = (number: string): string =>
  BigInt(number.replace(/\D/g, "") || "0")
    .toString(16)
    .padStart(64, "0")

const contactOf = (customer: InvoiceSeed.InvoiceSeedCustomer, administrationId: string): JsonObject => {
  const isCompany = Option.isSome(customer.organisationNumber)
  const space = customer.name.indexOf(" ")
  return {
    id: seedContactId(customer.number),
    administration_id: Number(administrationId),
    company_name: isCompany ? customer.name : null,
    firstname: isCompany ? null : customer.name.slice(0, Math.max(space, 0)) || null,
    lastname: isCompany ? null : customer.name.slice(space + 1),
    address1: null,
    address2: null,
    zipcode: null,
    city: null,
    country: customer.countryCode,
    phone: null,
    delivery_method: "Email",
    customer_id: customer.number,
    tax_number: null,
    chamber_of_commerce: Option.getOrNull(customer.organisationNumber),
    bank_account: null,
    is_trusted: false,
    max_transfer_amount: null,
    attention: null,
    email: null,
    email_ubl: true,
    send_invoices_to_attention: null,
    send_invoices_to_email: null,
    send_estimates_to_attention: null,
    send_estimates_to_email: null,
    direct_debit: false,
    sepa_active: false,
    sepa_iban: null,
    sepa_iban_account_name: null,
    sepa_bic: null,
    sepa_mandate_id: null,
    sepa_mandate_date: null,
    sepa_sequence_type: "RCUR",
    credit_card_number: null,
    credit_card_reference: null,
    credit_card_type: null,
    tax_number_validated_at: null,
    tax_number_valid: null,
    invoice_workflow_id: null,
    estimate_workflow_id: null,
    si_identifier: null,
    si_identifier_type: null,
    moneybird_payments_mandate: false,
    created_at: "2025-01-01T00:00:00.000Z",
    updated_at: "2025-01-01T00:00:00.000Z",
    version: 1735689600,
    sales_invoices_url: `https://moneybird.com/${administrationId}/sales_invoices/${hexOf(customer.number)}/all`,
    notes: [],
    custom_fields: [],
    contact_people: [],
    archived: false
  }
}

const taxRateIdFor = (percent: BigDecimal.BigDecimal): string => {
  const found = taxRates.find((rate) => {
    const value = Wire.parseDecimal(String(rate["percentage"]))
    return Option.isSome(value) && BigDecimal.equals(value.value, percent)
  })
  return String((found ?? taxRates[0]!)["id"])
}

const percentOf = (taxRateId: string): BigDecimal.BigDecimal => {
  const found = taxRates.find((rate) => rate["id"] === taxRateId)
  return Option.getOrElse(Wire.parseDecimal(String(found?.["percentage"] ?? "21.0")), () => BigDecimal.fromBigInt(21n))
}

const stateOfSeed = (seed: InvoiceSeed.InvoiceSeed, today: CalendarDate.CalendarDate): Wire.State => {
  if (seed.draft || (!seed.booked && !seed.sent && !seed.cancelled)) return "draft"
  if (seed.cancelled) return "uncollectible"
  if (BigDecimal.isZero(seed.balance)) return "paid"
  return seed.dueDate < today ? "late" : "open"
}

const urlOf = (administrationId: string, id: string): string =>
  `https://moneybird.com/${administrationId}/external/${hexOf(administrationId)}/${hexOf(id)}/sales_invoice`

/** A seed as Moneybird's `sales_invoice_response`. */
export const recordFromSeed = (seed: InvoiceSeed.InvoiceSeed, options: SeedContext): JsonObject => {
  const id = seedInvoiceId(seed.id)
  const state = stateOfSeed(seed, options.today)
  const isDraft = state === "draft"
  const createdAt = iso(DateTime.toEpochMillis(seed.createdAt))
  const updatedMillis = DateTime.toEpochMillis(seed.modifiedAt)
  const paid = BigDecimal.subtract(seed.gross, seed.balance)
  const paidAt = state === "paid" ? DateTime.formatIsoDateUtc(seed.modifiedAt) : null
  const byRate = new Map<string, { taxable: BigDecimal.BigDecimal; tax: BigDecimal.BigDecimal }>()
  for (const line of seed.lines) {
    const rateId = taxRateIdFor(line.vatPercent)
    const sums = byRate.get(rateId) ?? { taxable: zero, tax: zero }
    byRate.set(rateId, { taxable: BigDecimal.sum(sums.taxable, line.net), tax: BigDecimal.sum(sums.tax, line.vat) })
  }
  return {
    id,
    administration_id: Number(options.administrationId),
    contact_id: seedContactId(seed.customer.number),
    contact: contactOf(seed.customer, options.administrationId),
    contact_person_id: null,
    contact_person: null,
    invoice_id: isDraft ? null : seed.number,
    recurring_sales_invoice_id: null,
    subscription_id: null,
    workflow_id: workflowId,
    document_style_id: documentStyleId,
    identity_id: identityId,
    draft_id: isDraft ? Number(seed.id) : null,
    state,
    invoice_date: seed.issueDate,
    due_date: seed.dueDate,
    payment_conditions: paymentConditions,
    payment_reference: isDraft ? null : `RF${seed.number}`,
    short_payment_reference: isDraft ? null : `RF${seed.number}`,
    reference: null,
    language: "nl",
    currency: seed.currency,
    discount: "0.0",
    original_sales_invoice_id: Option.getOrNull(Option.map(seed.creditedNumber, options.idOfNumber)),
    paused: false,
    paid_at: paidAt,
    sent_at: isDraft ? null : seed.issueDate,
    created_at: createdAt,
    updated_at: iso(updatedMillis),
    public_view_code: null,
    public_view_code_expires_at: null,
    version: Math.floor(updatedMillis / 1000),
    details: seed.lines.map((line, index) => ({
      id: String(BigInt(id) * 10n + BigInt(index)),
      administration_id: Number(options.administrationId),
      tax_rate_id: taxRateIdFor(line.vatPercent),
      ledger_account_id: ledgerAccountId,
      project_id: null,
      product_id: null,
      amount: `${text(line.quantity)} x`,
      amount_decimal: text(line.quantity),
      description: line.description,
      price: text(line.unitPrice),
      period: null,
      row_order: index + 1,
      total_price_excl_tax_with_discount: text(line.net),
      total_price_excl_tax_with_discount_base: text(line.net),
      tax_report_reference: ["NL/1a"],
      mandatory_tax_text: null,
      created_at: createdAt,
      updated_at: createdAt
    })),
    payments: BigDecimal.isZero(paid)
      ? []
      : [
          {
            id: String(BigInt(id) * 10n + 9n),
            administration_id: Number(options.administrationId),
            invoice_type: "SalesInvoice",
            invoice_id: id,
            financial_account_id: null,
            user_id: userId,
            payment_transaction_id: null,
            transaction_identifier: null,
            price: text(paid),
            price_base: text(paid),
            payment_date: DateTime.formatIsoDateUtc(seed.modifiedAt),
            credit_invoice_id: null,
            financial_mutation_id: null,
            ledger_account_id: null,
            linked_payment_id: null,
            manual_payment_action: null,
            created_at: iso(updatedMillis),
            updated_at: iso(updatedMillis)
          }
        ],
    total_paid: text(paid),
    total_unpaid: text(seed.balance),
    total_unpaid_base: text(seed.balance),
    prices_are_incl_tax: false,
    total_price_excl_tax: text(seed.net),
    total_price_excl_tax_base: text(seed.net),
    total_price_incl_tax: text(seed.gross),
    total_price_incl_tax_base: text(seed.gross),
    total_discount: "0.0",
    marked_dubious_on: null,
    marked_uncollectible_on: state === "uncollectible" ? DateTime.formatIsoDateUtc(seed.modifiedAt) : null,
    reminder_count: 0,
    next_reminder: null,
    original_estimate_id: null,
    url: urlOf(options.administrationId, id),
    payment_url: urlOf(options.administrationId, id),
    custom_fields: [],
    notes: [],
    attachments: [],
    events: [],
    tax_totals: [...byRate].map(([taxRateId, sums]) => ({
      tax_rate_id: taxRateId,
      taxable_amount: text(sums.taxable),
      taxable_amount_base: text(sums.taxable),
      tax_amount: text(sums.tax),
      tax_amount_base: text(sums.tax)
    })),
    time_entries: []
  }
}

/** What a seed's record needs to know besides the seed. */
interface SeedContext {
  readonly today: CalendarDate.CalendarDate
  readonly administrationId: string
  readonly idOfNumber: (number: string) => string
}

/** A seed's entry: its view straight from the seed, its record built only when it is served. */
const seedEntry = (seed: InvoiceSeed.InvoiceSeed, context: SeedContext): Entry => {
  const state = stateOfSeed(seed, context.today)
  const updatedMillis = DateTime.toEpochMillis(seed.modifiedAt)
  let record: JsonObject | undefined
  return {
    id: seedInvoiceId(seed.id),
    view: {
      state,
      invoiceDate: seed.issueDate,
      dueDate: seed.dueDate,
      reference: null,
      invoiceId: state === "draft" ? null : seed.number,
      createdMillis: DateTime.toEpochMillis(seed.createdAt),
      updatedMillis,
      version: Math.floor(updatedMillis / 1000),
      hasDetails: seed.lines.length > 0
    },
    record: () => {
      record ??= recordFromSeed(seed, context)
      return record
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Moneybird's filter

/** A filter Moneybird would refuse, with its message. */
class FilterRefused {
  constructor(readonly message: string) {}
}

interface Filter {
  readonly states: Option.Option<ReadonlySet<string>>
  readonly period: Option.Option<readonly [CalendarDate.CalendarDate, CalendarDate.CalendarDate]>
  readonly references: Option.Option<ReadonlySet<string>>
  readonly equals: ReadonlyArray<readonly [field: string, values: ReadonlySet<string>]>
  readonly createdAfter: Option.Option<number>
  readonly updatedAfter: Option.Option<number>
}

const dateOf = (year: number, month: number, day: number): CalendarDate.CalendarDate =>
  CalendarDate.make(
    `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`
  )

const lastDayOf = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate()

const parts = (date: CalendarDate.CalendarDate): readonly [number, number, number] => {
  const [year, month, day] = date.split("-").map(Number)
  return [year ?? 0, month ?? 1, day ?? 1]
}

const monthRange = (
  year: number,
  month: number,
  months: number
): readonly [CalendarDate.CalendarDate, CalendarDate.CalendarDate] => {
  const endMonthIndex = year * 12 + (month - 1) + months - 1
  const endYear = Math.floor(endMonthIndex / 12)
  const endMonth = (endMonthIndex % 12) + 1
  return [dateOf(year, month, 1), dateOf(endYear, endMonth, lastDayOf(endYear, endMonth))]
}

const namedPeriod = (
  name: string,
  today: CalendarDate.CalendarDate
): Option.Option<readonly [CalendarDate.CalendarDate, CalendarDate.CalendarDate]> => {
  const [year, month] = parts(today)
  const shift = name.startsWith("prev_") ? -1 : name.startsWith("next_") ? 1 : name.startsWith("this_") ? 0 : undefined
  if (shift === undefined) return Option.none()
  switch (name.slice(name.indexOf("_") + 1)) {
    case "week": {
      const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7
      const monday = CalendarDate.addDays(today, -weekday + 7 * shift)
      return Option.some([monday, CalendarDate.addDays(monday, 6)])
    }
    case "month": {
      const index = year * 12 + (month - 1) + shift
      return Option.some(monthRange(Math.floor(index / 12), (index % 12) + 1, 1))
    }
    case "quarter": {
      const index = year * 4 + Math.floor((month - 1) / 3) + shift
      return Option.some(monthRange(Math.floor(index / 4), (index % 4) * 3 + 1, 3))
    }
    case "year":
      return Option.some([dateOf(year + shift, 1, 1), dateOf(year + shift, 12, 31)])
    default:
      return Option.none()
  }
}

const boundPattern = /^(\d{4})(\d{2})(\d{2})?$/

const customBound = (value: string, end: boolean): Option.Option<CalendarDate.CalendarDate> => {
  const match = boundPattern.exec(value)
  if (match === null) return Option.none()
  const year = Number(match[1])
  const month = Number(match[2])
  if (month < 1 || month > 12) return Option.none()
  const day = match[3] === undefined ? (end ? lastDayOf(year, month) : 1) : Number(match[3])
  if (day < 1 || day > lastDayOf(year, month)) return Option.none()
  return Option.some(dateOf(year, month, day))
}

const parsePeriod = (
  value: string,
  today: CalendarDate.CalendarDate
): readonly [CalendarDate.CalendarDate, CalendarDate.CalendarDate] | FilterRefused => {
  const named = namedPeriod(value, today)
  if (Option.isSome(named)) return named.value
  const [from, to, ...rest] = value.split("..")
  if (to === undefined || rest.length > 0) return new FilterRefused("Period is not valid")
  if (from === "" || to === "") return new FilterRefused("Period must have both a start and end date")
  const start = customBound(from ?? "", false)
  const end = customBound(to, true)
  if (Option.isNone(start) || Option.isNone(end)) return new FilterRefused("Period is not valid")
  return [start.value, end.value]
}

/** `2026-08-21 13:50:12 UTC` (Moneybird's own examples) or ISO 8601. */
const parseTime = (value: string): Option.Option<number> => {
  const spaced = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC$/.exec(value.trim())
  const millis = Date.parse(spaced === null ? value.trim() : `${spaced[1]}T${spaced[2]}Z`)
  return Number.isFinite(millis) ? Option.some(millis) : Option.none()
}

const stateValues: ReadonlySet<string> = new Set<string>(Wire.states)

const parseFilter = (raw: string | null, today: CalendarDate.CalendarDate): Filter | FilterRefused => {
  const terms = raw === null ? [["period", ["this_year"]] as const] : Wire.decodeFilter(raw)
  let filter: Filter = {
    states: Option.none(),
    period: Option.none(),
    references: Option.none(),
    equals: [],
    createdAfter: Option.none(),
    updatedAfter: Option.none()
  }
  for (const [key, values] of terms) {
    const first = values[0] ?? ""
    switch (key) {
      case "state": {
        if (values.includes("all")) break
        if (values.some((value) => !stateValues.has(value)))
          return new FilterRefused("Status is not included in the list")
        filter = { ...filter, states: Option.some(new Set(values)) }
        break
      }
      case "period": {
        const period = parsePeriod(first, today)
        if (period instanceof FilterRefused) return period
        filter = { ...filter, period: Option.some(period) }
        break
      }
      case "reference":
        filter = { ...filter, references: Option.some(new Set(values)) }
        break
      case "contact_id":
      case "workflow_id":
      case "recurring_sales_invoice_id":
        filter = { ...filter, equals: [...filter.equals, [key, new Set(values)]] }
        break
      case "created_after":
      case "updated_after": {
        const time = parseTime(values.join("|"))
        if (Option.isNone(time)) return new FilterRefused(`${key} is not a valid time`)
        filter = key === "created_after" ? { ...filter, createdAfter: time } : { ...filter, updatedAfter: time }
        break
      }
      default:
        // Moneybird ignores keys it does not know (documented: "Ignores unknown attribute names").
        break
    }
  }
  return filter
}

const matches = (filter: Filter, entry: Entry, today: CalendarDate.CalendarDate): boolean => {
  const view = entry.view
  if (Option.isSome(filter.states) && !filter.states.value.has(view.state)) return false
  if (Option.isSome(filter.period)) {
    const [from, to] = filter.period.value
    // A draft without an invoice date counts as dated today (documented).
    const date = view.invoiceDate ?? today
    if (date < from || date > to) return false
  }
  if (Option.isSome(filter.references) && !filter.references.value.has(view.reference ?? "")) return false
  for (const [field, values] of filter.equals) {
    const value = entry.record()[field]
    if (value === null || value === undefined || !values.has(String(value))) return false
  }
  if (Option.isSome(filter.createdAfter) && !(view.createdMillis > filter.createdAfter.value)) return false
  if (Option.isSome(filter.updatedAfter) && !(view.updatedMillis > filter.updatedAfter.value)) return false
  return true
}

// ---------------------------------------------------------------------------------------------------------------
// Answers in Moneybird's shapes

const symbolicError = (status: number, error: string, symbolic: Record<string, string>) =>
  SimulatorResponse.json(status, { error, symbolic })

const notFound = (field: string, error = "record not found") => symbolicError(404, error, { [field]: "not_found" })

const fieldErrors = (errors: Record<string, ReadonlyArray<readonly [message: string, code: string]>>) =>
  SimulatorResponse.json(422, {
    error: Object.fromEntries(Object.entries(errors).map(([field, list]) => [field, list.map(([message]) => message)])),
    details: Object.fromEntries(
      Object.entries(errors).map(([field, list]) => [field, list.map(([, code]) => ({ error: code }))])
    )
  })

const badRequest = (error: string, symbolic?: Record<string, string>) =>
  SimulatorResponse.json(400, symbolic === undefined ? { error } : { error, symbolic })

const pageParameter = (query: URLSearchParams, name: string, fallback: number, max: number): number | undefined => {
  const raw = query.get(name)
  if (raw === null || raw === "") return fallback
  if (!/^\d+$/.test(raw)) return undefined
  const value = Number(raw)
  return value < 1 || value > max ? undefined : value
}

const idText = (value: unknown): string | undefined => {
  if (typeof value === "string" && /^\d+$/.test(value)) return value
  if (typeof value === "number" && Number.isInteger(value)) return String(value)
  if (typeof value === "object" && value !== null && "rawJSON" in value && typeof value.rawJSON === "string")
    return value.rawJSON
  return undefined
}

const decimalOf = (value: unknown): Option.Option<BigDecimal.BigDecimal> => {
  if (typeof value === "string") return Wire.parseDecimal(value)
  if (typeof value === "number") return Money.decimalFromNumber(value)
  if (typeof value === "object" && value !== null && "rawJSON" in value && typeof value.rawJSON === "string") {
    return Money.decimalFromString(value.rawJSON)
  }
  return Option.none()
}

const amountOf = (value: unknown): Option.Option<BigDecimal.BigDecimal> =>
  value === undefined || value === null || value === "" ? Option.some(BigDecimal.fromBigInt(1n)) : decimalOf(value)

// ---------------------------------------------------------------------------------------------------------------
// The simulator

/** A Moneybird simulator holding the seeds (given or generated) and any documented records. */
export const make = (options: MoneybirdSimulatorOptions = {}): Effect.Effect<Simulator.Simulator> =>
  Effect.suspend(() => {
    const administrationId = options.administrationId ?? defaultAdministrationId
    const apiToken = options.apiToken ?? defaultApiToken
    const oauth = OAuthServer.make({
      clientId: demoOAuth.clientId,
      clientSecret: demoOAuth.clientSecret,
      initial: { accessToken: demoOAuth.accessToken, refreshToken: demoOAuth.refreshToken },
      unauthorized: () => symbolicError(401, "Token is invalid or has expired", { token: "invalid" })
    })
    const today = options.asOf ?? InvoiceSeed.defaultAsOf
    // Generated seeds stay lazy (a million invoices cost no memory); given seeds are held as they are.
    const generator = options.seeds === undefined ? SimulatorModule.generatorOptionsOf(options, seedProfile) : undefined
    const givenSeeds = options.seeds === undefined ? [] : [...options.seeds]
    const givenIds = new Map(givenSeeds.map((seed) => [seed.number, seedInvoiceId(seed.id)]))
    const idOfNumber = (number: string): string => {
      const index = generator === undefined ? undefined : InvoiceSeed.indexOfNumber(generator, number)
      if (index !== undefined) return seedInvoiceId(String(index + 1))
      return givenIds.get(number) ?? String(idBase + 30_000_000n + BigInt(number.replace(/\D/g, "") || "0"))
    }
    const context: SeedContext = { today, administrationId, idOfNumber }
    // Listings are newest first: entries are held in increasing id order (seeds, documented records, created).
    const documented = Array.from(options.records ?? [], entryOf).sort((a, b) =>
      BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0
    )
    const invoices: RecordStore.RecordStore<Entry> =
      generator === undefined
        ? RecordStore.make<Entry>({
            idOf: (entry) => entry.id,
            initial: givenSeeds.map((seed) => seedEntry(seed, context))
          })
        : RecordStore.lazy<Entry>({
            count: generator.count,
            generate: (index) => seedEntry(InvoiceSeed.at(generator, index), context),
            idOf: (entry) => entry.id,
            indexOf: (id) => {
              if (!/^\d+$/.test(id)) return undefined
              const index = BigInt(id) - idBase - 10_000_001n
              return index >= 0n && index < BigInt(generator.count) ? Number(index) : undefined
            }
          })

    // Every change bumps the revision, which invalidates cached listings; references and numbers of records
    // that are not generated are indexed (generated seeds have no reference, and their numbers are positional).
    let revision = 0
    const idsByReference = new Map<string, string>()
    const idsByInvoiceId = new Map<string, string>()
    const remember = (entry: Entry) => {
      if (entry.view.reference !== null) idsByReference.set(entry.view.reference, entry.id)
      if (entry.view.invoiceId !== null) idsByInvoiceId.set(entry.view.invoiceId, entry.id)
    }
    const insert = (entry: Entry) => {
      invoices.insert(entry)
      revision += 1
      remember(entry)
    }
    const replace = (entry: Entry) => {
      invoices.update(entry.id, () => entry)
      revision += 1
      remember(entry)
    }
    for (const seed of givenSeeds) remember(seedEntry(seed, context))
    for (const entry of documented) insert(entry)

    const contacts = new Map<string, JsonObject>()
    // Generated seeds invoice a pool of customers: every one of them is a contact, invoiced or not.
    const customers =
      generator === undefined ? givenSeeds.map((seed) => seed.customer) : InvoiceSeed.customers(generator)
    for (const customer of customers) contacts.set(customer.number, contactOf(customer, administrationId))
    for (const entry of documented) {
      const contact = entry.record()["contact"]
      if (
        typeof contact === "object" &&
        contact !== null &&
        "customer_id" in contact &&
        typeof contact.customer_id === "string"
      ) {
        contacts.set(contact.customer_id, contact as JsonObject)
      }
    }
    let nextId =
      documented.reduce((max, entry) => (BigInt(entry.id) > max ? BigInt(entry.id) : max), idBase + 90_000_000n) + 1n
    let nextDraftId = 1 + (generator?.count ?? givenSeeds.length) + documented.length
    const sequences = new Map<string, number>()
    const nextInvoiceNumber = (year: string): string => {
      const taken =
        sequences.get(year) ?? [...idsByInvoiceId.keys()].filter((number) => number.startsWith(`${year}-`)).length
      sequences.set(year, taken + 1)
      return `${year}-${String(taken + 1).padStart(4, "0")}`
    }

    const entryAt = (index: number): Entry => Option.getOrThrow(invoices.at(index))
    const entryById = (id: string): Option.Option<Entry> => (/^\d+$/.test(id) ? invoices.get(id) : Option.none())

    // The positions of the entries a filter matches, newest first; kept until something changes.
    const cache = new Map<string, { readonly revision: number; readonly positions: ReadonlyArray<number> }>()
    const matching = (raw: string | null, day: CalendarDate.CalendarDate): ReadonlyArray<number> | FilterRefused => {
      const key = `${day} ${raw ?? "(none)"}`
      const cached = cache.get(key)
      if (cached !== undefined && cached.revision === revision) return cached.positions
      const filter = parseFilter(raw, day)
      if (filter instanceof FilterRefused) return filter
      const positions: Array<number> = []
      for (let index = invoices.size() - 1; index >= 0; index--) {
        if (matches(filter, entryAt(index), day)) positions.push(index)
      }
      if (cache.size >= 32) cache.clear()
      cache.set(key, { revision, positions })
      return positions
    }

    const todayOf = (request: SimulatorRequest.SimulatorRequest) =>
      CalendarDate.ofInstant(DateTime.makeUnsafe(request.nowMillis), timeZone)

    const authenticate = (
      request: SimulatorRequest.SimulatorRequest
    ): Effect.Effect<void, SimulatorResponse.SimulatorResponse> => {
      const header = request.headers["authorization"]
      const token = header === undefined ? undefined : /^Bearer\s+(.+)$/i.exec(header.trim())?.[1]
      const administration =
        request.params["administration_id"] === administrationId
          ? Effect.void
          : Effect.fail(symbolicError(404, "Administration not found", { administration_id: "not_found" }))
      // The personal API token, or an OAuth access token the token endpoint issued and that has not expired.
      return token === apiToken ? administration : Effect.andThen(oauth.authenticate(request), administration)
    }

    const guarded =
      (
        handler: (
          request: SimulatorRequest.SimulatorRequest
        ) => Effect.Effect<SimulatorResponse.SimulatorResponse, SimulatorResponse.SimulatorResponse>
      ) =>
      (request: SimulatorRequest.SimulatorRequest) =>
        Effect.andThen(authenticate(request), handler(request))

    const filtered = (request: SimulatorRequest.SimulatorRequest): ReadonlyArray<number> | FilterRefused =>
      matching(request.query.get("filter"), todayOf(request))

    const list = guarded((request) =>
      Effect.suspend(() => {
        const perPage = pageParameter(request.query, "per_page", defaultPageSize, maxPageSize)
        if (perPage === undefined) return Effect.fail(badRequest("per_page does not have a valid value"))
        const page = pageParameter(request.query, "page", 1, Number.MAX_SAFE_INTEGER)
        if (page === undefined) return Effect.fail(badRequest("page does not have a valid value"))
        const found = filtered(request)
        if (found instanceof FilterRefused) return Effect.fail(badRequest(found.message, { filter: "invalid" }))
        const items = found.slice((page - 1) * perPage, page * perPage).map(entryAt)
        const link = (target: number) => {
          const query = new URLSearchParams(request.query)
          query.set("page", String(target))
          query.set("per_page", String(perPage))
          return `<http://${request.headers["host"] ?? "moneybird.simulator.invalid"}${request.path}?${query.toString()}>`
        }
        const links = [
          ...(page > 1 ? [`${link(page - 1)}; rel="prev"`] : []),
          ...(page * perPage < found.length ? [`${link(page + 1)}; rel="next"`] : [])
        ]
        return Effect.succeed(
          SimulatorResponse.json(
            200,
            items.map((entry) => entry.record()),
            links.length === 0 ? {} : { link: links.join(", ") }
          )
        )
      })
    )

    const versions = guarded((request) =>
      Effect.suspend(() => {
        const found = filtered(request)
        if (found instanceof FilterRefused) return Effect.fail(badRequest(found.message, { filter: "invalid" }))
        return Effect.succeed(
          SimulatorResponse.json(
            200,
            found.map((index) => {
              const entry = entryAt(index)
              return { id: entry.id, version: entry.view.version }
            })
          )
        )
      })
    )

    const byIds = guarded((request) =>
      Effect.suspend(() => {
        const body = request.json
        const ids =
          typeof body === "object" && body !== null && "ids" in body && Array.isArray(body.ids) ? body.ids : undefined
        if (ids === undefined) return Effect.fail(badRequest("ids is missing", { ids: "missing" }))
        const wanted = ids
          .map(idText)
          .filter((id): id is string => id !== undefined)
          .slice(0, Wire.maxSynchronizationIds)
        const found = wanted.flatMap((id) => Option.toArray(entryById(id)))
        return Effect.succeed(
          SimulatorResponse.json(
            200,
            found.map((entry) => entry.record())
          )
        )
      })
    )

    const one = (found: Option.Option<Entry>, missing: () => SimulatorResponse.SimulatorResponse) =>
      Option.match(found, {
        onNone: () => Effect.fail(missing()),
        onSome: (entry) => Effect.succeed(SimulatorResponse.json(200, entry.record()))
      })

    const byId = guarded((request) => one(entryById(request.params["id"] ?? ""), () => notFound("id")))

    const byInvoiceId = guarded((request) => {
      const invoiceId = request.params["invoice_id"] ?? ""
      const indexed = Option.flatMap(Option.fromNullishOr(idsByInvoiceId.get(invoiceId)), entryById)
      const generated = Option.orElse(indexed, () =>
        Option.filter(entryById(idOfNumber(invoiceId)), (entry) => entry.view.invoiceId === invoiceId)
      )
      return one(generated, () => notFound("invoice_id", `Sales invoice with invoice_id: ${invoiceId} was not found`))
    })

    const byReference = guarded((request) => {
      const reference = request.params["reference"] ?? ""
      return one(Option.flatMap(Option.fromNullishOr(idsByReference.get(reference)), entryById), () =>
        notFound("reference", `Sales invoice with reference: ${reference} was not found`)
      )
    })

    const contactByCustomerId = guarded((request) =>
      Option.match(Option.fromNullishOr(contacts.get(request.params["customer_id"] ?? "")), {
        onNone: () => Effect.fail(notFound("customer_id")),
        onSome: (contact) => Effect.succeed(SimulatorResponse.json(200, { ...contact, events: [] }))
      })
    )

    const listTaxRates = guarded((request) =>
      Effect.sync(() => {
        const terms = Wire.decodeFilter(request.query.get("filter") ?? "")
        const wanted = (key: string) => terms.find(([name]) => name === key)?.[1]
        const types = wanted("tax_rate_type")
        const active = wanted("active")?.[0]
        const rates = taxRates.filter(
          (rate) =>
            (types === undefined || types.includes("all") || types.includes(String(rate["tax_rate_type"]))) &&
            (active === undefined || String(rate["active"]) === active)
        )
        return SimulatorResponse.json(200, rates)
      })
    )

    const create = guarded((request) =>
      Effect.suspend(() => {
        const body = request.json
        const attributes =
          typeof body === "object" && body !== null && "sales_invoice" in body ? body.sales_invoice : undefined
        if (typeof attributes !== "object" || attributes === null) {
          return Effect.fail(badRequest("sales_invoice is missing", { sales_invoice: "missing" }))
        }
        const input = attributes as JsonObject
        const contactId = idText(input["contact_id"])
        const contact = [...contacts.values()].find((candidate) => candidate["id"] === contactId)
        if (contact === undefined) return Effect.fail(fieldErrors({ contact_id: [["is invalid", "invalid"]] }))
        const rawDetails = Array.isArray(input["details_attributes"])
          ? input["details_attributes"]
          : typeof input["details_attributes"] === "object" && input["details_attributes"] !== null
            ? Object.values(input["details_attributes"])
            : []
        const pricesIncludeTax = input["prices_are_incl_tax"] === true || input["prices_are_incl_tax"] === "true"
        const details: Array<{
          readonly description: string
          readonly price: BigDecimal.BigDecimal
          readonly amount: BigDecimal.BigDecimal
          readonly taxRateId: string
        }> = []
        for (const raw of rawDetails) {
          const detail = (typeof raw === "object" && raw !== null ? raw : {}) as JsonObject
          const price = decimalOf(detail["price"] ?? "0")
          const amount = amountOf(detail["amount"])
          if (Option.isNone(price))
            return Effect.fail(fieldErrors({ "details.price": [["is not a number", "not_a_number"]] }))
          if (Option.isNone(amount))
            return Effect.fail(fieldErrors({ "details.amount": [["is not a number", "not_a_number"]] }))
          const taxRateId = idText(detail["tax_rate_id"]) ?? String(taxRates[0]!["id"])
          if (!taxRates.some((rate) => rate["id"] === taxRateId)) {
            return Effect.fail(fieldErrors({ "details.tax_rate_id": [["is invalid", "invalid"]] }))
          }
          details.push({
            description: typeof detail["description"] === "string" ? detail["description"] : "",
            price: cents(price.value),
            amount: amount.value,
            taxRateId
          })
        }
        const today = todayOf(request)
        const invoiceDate = typeof input["invoice_date"] === "string" ? input["invoice_date"] : null
        if (invoiceDate !== null && Option.isNone(Schema.decodeUnknownOption(CalendarDate.CalendarDate)(invoiceDate))) {
          return Effect.fail(fieldErrors({ invoice_date: [["is not a date", "invalid"]] }))
        }
        const interval = typeof input["first_due_interval"] === "number" ? input["first_due_interval"] : 14
        const id = String(nextId++)
        const now = iso(request.nowMillis)
        const lines = details.map((detail) => ({
          ...detail,
          total: cents(BigDecimal.multiply(detail.price, detail.amount))
        }))
        const byRate = new Map<string, BigDecimal.BigDecimal>()
        for (const line of lines)
          byRate.set(line.taxRateId, BigDecimal.sum(byRate.get(line.taxRateId) ?? zero, line.total))
        const taxTotals = [...byRate].map(([taxRateId, sum]) => {
          const percent = percentOf(taxRateId)
          const tax = pricesIncludeTax
            ? cents(BigDecimal.divideUnsafe(BigDecimal.multiply(sum, percent), BigDecimal.sum(hundred, percent)))
            : cents(BigDecimal.divideUnsafe(BigDecimal.multiply(sum, percent), hundred))
          return { taxRateId, taxable: pricesIncludeTax ? BigDecimal.subtract(sum, tax) : sum, tax }
        })
        const excl = Money.sum(taxTotals.map((total) => total.taxable))
        const incl = BigDecimal.sum(excl, Money.sum(taxTotals.map((total) => total.tax)))
        const currency = typeof input["currency"] === "string" ? input["currency"] : "EUR"
        const record: JsonObject = {
          id,
          administration_id: Number(administrationId),
          contact_id: contact["id"],
          contact,
          contact_person_id: null,
          contact_person: null,
          invoice_id: null,
          recurring_sales_invoice_id: null,
          subscription_id: null,
          workflow_id: idText(input["workflow_id"]) ?? workflowId,
          document_style_id: idText(input["document_style_id"]) ?? documentStyleId,
          identity_id: identityId,
          draft_id: nextDraftId++,
          state: "draft",
          invoice_date: invoiceDate,
          due_date: CalendarDate.addDays(CalendarDate.make(invoiceDate ?? today), interval),
          payment_conditions:
            typeof input["payment_conditions"] === "string" ? input["payment_conditions"] : paymentConditions,
          payment_reference: null,
          short_payment_reference: null,
          reference: typeof input["reference"] === "string" ? input["reference"] : null,
          language: "nl",
          currency,
          discount: "0.0",
          original_sales_invoice_id: null,
          paused: false,
          paid_at: null,
          sent_at: null,
          created_at: now,
          updated_at: now,
          public_view_code: null,
          public_view_code_expires_at: null,
          version: Math.floor(request.nowMillis / 1000),
          details: lines.map((line, index) => ({
            id: String(BigInt(id) * 10n + BigInt(index)),
            administration_id: Number(administrationId),
            tax_rate_id: line.taxRateId,
            ledger_account_id: ledgerAccountId,
            project_id: null,
            product_id: null,
            amount: `${text(line.amount)} x`,
            amount_decimal: text(line.amount),
            description: line.description,
            price: text(line.price),
            period: null,
            row_order: index,
            total_price_excl_tax_with_discount: text(line.total),
            total_price_excl_tax_with_discount_base: text(line.total),
            tax_report_reference: ["NL/1a"],
            mandatory_tax_text: null,
            created_at: now,
            updated_at: now
          })),
          payments: [],
          total_paid: "0.0",
          total_unpaid: text(incl),
          total_unpaid_base: text(incl),
          prices_are_incl_tax: pricesIncludeTax,
          total_price_excl_tax: text(excl),
          total_price_excl_tax_base: text(excl),
          total_price_incl_tax: text(incl),
          total_price_incl_tax_base: text(incl),
          total_discount: "0.0",
          marked_dubious_on: null,
          marked_uncollectible_on: null,
          reminder_count: 0,
          next_reminder: null,
          original_estimate_id: null,
          url: urlOf(administrationId, id),
          payment_url: urlOf(administrationId, id),
          custom_fields: [],
          notes: [],
          attachments: [],
          events: [],
          tax_totals: taxTotals.map((total) => ({
            tax_rate_id: total.taxRateId,
            taxable_amount: text(total.taxable),
            taxable_amount_base: text(total.taxable),
            tax_amount: text(total.tax),
            tax_amount_base: text(total.tax)
          })),
          time_entries: []
        }
        insert(entryOf(record))
        return Effect.succeed(SimulatorResponse.json(201, record))
      })
    )

    const send = guarded((request) =>
      Effect.suspend(() => {
        const id = request.params["id"] ?? ""
        const current = entryById(id)
        if (Option.isNone(current)) return Effect.fail(notFound("id"))
        const entry = current.value
        const body = request.json
        const sending = (
          typeof body === "object" &&
          body !== null &&
          "sales_invoice_sending" in body &&
          typeof body.sales_invoice_sending === "object" &&
          body.sales_invoice_sending !== null
            ? body.sales_invoice_sending
            : {}
        ) as JsonObject
        if (!entry.view.hasDetails) {
          return Effect.fail(badRequest("details cannot be empty", { sales_invoice: "details_cannot_be_empty" }))
        }
        const method = sending["delivery_method"]
        if (method !== undefined && method !== "Email" && method !== "Peppol" && method !== "Manual") {
          return Effect.fail(fieldErrors({ delivery_method: [["is not included in the list", "inclusion"]] }))
        }
        const today = todayOf(request)
        const scheduled = sending["sending_scheduled"] === true || sending["sending_scheduled"] === "true"
        const requestedDate = typeof sending["invoice_date"] === "string" ? sending["invoice_date"] : undefined
        const previousDate = entry.view.invoiceDate
        const invoiceDate = requestedDate ?? previousDate ?? today
        const dueDays = Option.getOrElse(
          Option.map(Option.fromNullishOr(entry.view.dueDate), (due) =>
            Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${previousDate ?? today}T00:00:00Z`)) / 86_400_000)
          ),
          () => 14
        )
        const wasDraft = entry.view.state === "draft" || entry.view.state === "scheduled"
        const numbered = !(scheduled && wasDraft)
        const invoiceNumber = entry.view.invoiceId ?? (numbered ? nextInvoiceNumber(invoiceDate.slice(0, 4)) : null)
        const paymentReference = invoiceNumber === null ? null : `RF${invoiceNumber.replace(/\D/g, "")}`
        const record = entry.record()
        const updated: JsonObject = {
          ...record,
          state: numbered ? (wasDraft ? "open" : entry.view.state) : "scheduled",
          invoice_id: numbered ? invoiceNumber : null,
          draft_id: numbered ? null : record["draft_id"],
          invoice_date: invoiceDate,
          due_date: CalendarDate.addDays(CalendarDate.make(invoiceDate), dueDays),
          sent_at: numbered ? today : null,
          payment_reference: numbered ? paymentReference : null,
          short_payment_reference: numbered ? paymentReference : null,
          updated_at: iso(request.nowMillis),
          version: Math.max(entry.view.version + 1, Math.floor(request.nowMillis / 1000))
        }
        replace(entryOf(updated))
        return Effect.succeed(SimulatorResponse.json(200, updated))
      })
    )

    const routes = (suffix: string) => {
      const base = `/api/v2/:administration_id`
      return [
        Route.get(`${base}/sales_invoices/synchronization${suffix}`, versions),
        Route.post(`${base}/sales_invoices/synchronization${suffix}`, byIds),
        Route.get(`${base}/sales_invoices/find_by_invoice_id/:invoice_id${suffix}`, byInvoiceId),
        Route.get(`${base}/sales_invoices/find_by_reference/:reference${suffix}`, byReference),
        Route.patch(`${base}/sales_invoices/:id/send_invoice${suffix}`, send),
        Route.get(`${base}/sales_invoices/:id${suffix}`, byId),
        Route.get(`${base}/sales_invoices${suffix}`, list),
        Route.post(`${base}/sales_invoices${suffix}`, create),
        Route.get(`${base}/contacts/customer_id/:customer_id${suffix}`, contactByCustomerId),
        Route.get(`${base}/tax_rates${suffix}`, listTaxRates)
      ]
    }

    return Simulator.make({
      name: system,
      // The token endpoint is outside the API (`https://moneybird.com/oauth/token`); it is never rate limited.
      // `.json` first: a bare `:id` would otherwise take `123.json` as the id.
      routes: [oauth.tokenRoute("/oauth/token"), ...routes(".json"), ...routes("")],
      notFound: () => symbolicError(404, "record not found", { route: "not_found" }),
      rateLimits: [
        {
          name: `${rateLimit.requests} requests per 5 minutes per API token`,
          requests: rateLimit.requests,
          perMillis: rateLimit.perMillis,
          window: "fixed",
          key: (request) => (request.path === "/oauth/token" ? undefined : request.headers["authorization"])
        }
      ],
      rateLimitScale: options.rateLimitScale ?? 1,
      rateLimitResponse: (request, rejection) => {
        const resetSeconds = Math.ceil((request.nowMillis + rejection.retryAfterMillis) / 1000)
        return SimulatorResponse.json(429, "Retry later", {
          "ratelimit-limit": String(rateLimit.requests),
          "ratelimit-remaining": "0",
          "ratelimit-reset": String(resetSeconds),
          "retry-after": String(resetSeconds)
        })
      },
      serverErrorResponse: (_request, status) => SimulatorResponse.json(status, { error: "Internal server error" }),
      ...(options.faults === undefined ? {} : { faults: options.faults })
    })
  })

/** The Moneybird simulator module (what the demo server, benchmarks and the conformance suite use). */
export const simulator: SimulatorModule.SimulatorModule = SimulatorModule.make({
  system: SystemId.make(system),
  displayName,
  documentedMaxPageSize: maxPageSize,
  seedProfile,
  make: (options) => make(options),
  demoConnection: (origin) => ({
    baseUrl: `${origin}/api/v2`,
    settings: { administrationId: defaultAdministrationId },
    secrets: { apiToken: defaultApiToken }
  })
})
