/**
 * `InvoiceSeed`: a vendor-neutral description of one sales invoice, used to seed any simulator. Adapters
 * convert a seed into their vendor's record; the conformance suite compares what the adapter maps back with
 * the seed. Amounts are exact decimals in the canonical sign (a credit note's amounts are negative).
 *
 * `generate` / `at` make realistic seeds deterministically from a number, lazily: seed `i` is computed from
 * (seed, i) alone, so a million invoices never need to exist at once.
 *
 * A consistent seed (`consistencyIssues` returns none): net = Σ line net, VAT = Σ line VAT, gross = net + VAT;
 * the balance lies between 0 and the gross total (same sign); a credit note has gross < 0 and only a credit
 * note credits another invoice; a draft is unbooked, unsent, not cancelled, not sold and unpaid; a cancelled
 * invoice is not sold; issue date ≤ due date; created ≤ modified.
 */
import { CalendarDate, ExactJson, type InvoiceFacts, Money } from "@konto/core"
import { BigDecimal, DateTime, Option, Schema } from "effect"
import * as Prng from "./Prng.ts"

/** One invoice line. `net` = quantity × unit price (rounded to cents), `vat` = net × VAT % (rounded). */
export const InvoiceSeedLine = Schema.Struct({
  description: Schema.String,
  articleNumber: Schema.String,
  quantity: Money.Decimal,
  unitPrice: Money.Decimal,
  vatPercent: Money.Decimal,
  net: Money.Decimal,
  vat: Money.Decimal
})
export type InvoiceSeedLine = typeof InvoiceSeedLine.Type

/** The customer an invoice is addressed to. */
export const InvoiceSeedCustomer = Schema.Struct({
  /** The customer number the seller assigned. */
  number: Schema.String,
  name: Schema.String,
  /** The national organisation number (format of `countryCode`), none for a private person. */
  organisationNumber: Schema.OptionFromNullOr(Schema.String),
  /** ISO 3166-1 alpha-2. */
  countryCode: Schema.String
})
export type InvoiceSeedCustomer = typeof InvoiceSeedCustomer.Type

/** A vendor-neutral sales invoice to seed a simulator with. */
export const InvoiceSeed = Schema.Struct({
  /** Stable, vendor-neutral id: the 1-based position in its generated sequence (adapters derive native ids). */
  id: Schema.String,
  /** The invoice number (digits only, so every vendor accepts it). */
  number: Schema.String,
  customer: InvoiceSeedCustomer,
  issueDate: CalendarDate.CalendarDate,
  dueDate: CalendarDate.CalendarDate,
  currency: Money.CurrencyCode,
  net: Money.Decimal,
  vat: Money.Decimal,
  gross: Money.Decimal,
  /** What is left to pay, in the gross total's sign. */
  balance: Money.Decimal,
  isCreditNote: Schema.Boolean,
  /** The number of the invoice a credit note credits. */
  creditedNumber: Schema.OptionFromNullOr(Schema.String),
  booked: Schema.Boolean,
  cancelled: Schema.Boolean,
  draft: Schema.Boolean,
  sent: Schema.Boolean,
  /** Sold to a factoring company. */
  sold: Schema.Boolean,
  createdAt: Schema.DateTimeUtcFromString,
  modifiedAt: Schema.DateTimeUtcFromString,
  lines: Schema.Array(InvoiceSeedLine)
})
export type InvoiceSeed = typeof InvoiceSeed.Type

/** What a vendor can represent; the generator only makes seeds within it. */
export interface SeedProfile {
  readonly creditNotes: boolean
  readonly drafts: boolean
  readonly cancelled: boolean
  /**
   * Issued (non-draft) invoices may be unbooked. Drafts are always unbooked and unsent, whatever this says, so a
   * vendor whose only unbooked and unsent invoices are drafts (Moneybird) sets `drafts: true, unbooked: false,
   * unsent: false`.
   */
  readonly unbooked: boolean
  /** Issued (non-draft) invoices may be unsent. */
  readonly unsent: boolean
  readonly sold: boolean
  readonly partialPayments: boolean
  /** Customer countries (ISO 3166-1 alpha-2), the first the most common. */
  readonly countries: ReadonlyArray<string>
  /** Invoice currencies, the first the most common. */
  readonly currencies: ReadonlyArray<string>
  /** VAT percentages as decimal text with at most one decimal (`"25"`, `"25.5"`). */
  readonly vatRates: ReadonlyArray<string>
}

/** Everything a vendor could represent, Swedish defaults. */
export const defaultProfile: SeedProfile = {
  creditNotes: true,
  drafts: true,
  cancelled: true,
  unbooked: true,
  unsent: true,
  sold: true,
  partialPayments: true,
  countries: ["SE"],
  currencies: ["SEK"],
  vatRates: ["25", "12", "6"]
}

/** How seeds are generated. */
export interface GeneratorOptions {
  /** The PRNG seed: the same options give the same seeds. */
  readonly seed: number
  readonly count: number
  /** "Today" for the generated history: every seed is issued, created and modified before it (default 2025-06-15). */
  readonly asOf?: CalendarDate.CalendarDate
  readonly profile?: Partial<SeedProfile>
  /** The first invoice number (default 1001); numbers are consecutive. */
  readonly firstNumber?: number
  /** How many distinct customers invoices go to (default 25). */
  readonly customerCount?: number
  /** How far back issue dates go, in days (default 365). */
  readonly historyDays?: number
}

/** The default "today" of generated seeds. */
export const defaultAsOf: CalendarDate.CalendarDate = CalendarDate.make("2025-06-15")

const companyNames = [
  "Nordvik",
  "Ekholm",
  "Sjöberg",
  "Lindqvist",
  "Björkdal",
  "Fjällström",
  "Havsnäs",
  "Granlund",
  "Solberg",
  "Vinterhav",
  "Ahlgren",
  "Bergsten",
  "Dahlin",
  "Forsmark",
  "Hedlund",
  "Kvarnby",
  "Lövgren",
  "Mårtensson",
  "Norrland",
  "Östberg",
  "Van Dijk",
  "De Vries",
  "Jansen",
  "Bakker",
  "Visser",
  "Smit",
  "Meijer",
  "Mulder",
  "Brouwer",
  "Hendriks",
  "Ashford",
  "Whitmore",
  "Kingsley",
  "Fairbanks",
  "Hollister",
  "Pemberton",
  "Caldwell",
  "Thornbury",
  "Hartley",
  "Langford"
]
const trades = [
  "Bygg",
  "Konsult",
  "Data",
  "Logistik",
  "Design",
  "Teknik",
  "Handel",
  "Media",
  "Energi",
  "Fastighet",
  "Service",
  "Mekaniska"
]
const legalForms: Readonly<Record<string, string>> = {
  SE: "AB",
  NO: "AS",
  DK: "ApS",
  FI: "Oy",
  NL: "B.V.",
  GB: "Ltd",
  DE: "GmbH",
  IE: "Ltd"
}
const articles: ReadonlyArray<readonly [string, string]> = [
  ["CONS", "Consulting hours"],
  ["SUPP", "Support subscription"],
  ["INST", "Installation"],
  ["LIC", "Software licence"],
  ["TRN", "Training day"],
  ["TRAV", "Travel expenses"],
  ["HW", "Hardware"],
  ["MAINT", "Maintenance agreement"],
  ["DES", "Design work"],
  ["FRT", "Freight"]
]
const paymentTermsDays = [10, 14, 15, 20, 30, 30, 30, 45, 60]

const luhnDigit = (digits: string): number => {
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    let value = Number(digits[index]) * (index % 2 === 0 ? 2 : 1)
    if (value > 9) value -= 9
    sum += value
  }
  return (10 - (sum % 10)) % 10
}

const digits = (prng: Prng.Prng, length: number): string => {
  let text = ""
  for (let index = 0; index < length; index++) text += String(prng.int(0, 9))
  return text
}

const organisationNumber = (prng: Prng.Prng, countryCode: string): Option.Option<string> => {
  switch (countryCode) {
    case "SE": {
      const body = `55${digits(prng, 7)}`
      return Option.some(`${body.slice(0, 6)}-${body.slice(6)}${luhnDigit(body)}`)
    }
    case "NO":
      return Option.some(`9${digits(prng, 8)}`)
    case "DK":
      return Option.some(`${prng.int(1, 9)}${digits(prng, 7)}`)
    case "FI":
      return Option.some(`${prng.int(1, 9)}${digits(prng, 6)}-${prng.int(0, 9)}`)
    case "NL":
      return Option.some(`${prng.int(1, 9)}${digits(prng, 7)}`)
    case "GB":
      return Option.some(`${prng.int(0, 1)}${digits(prng, 7)}`)
    default:
      return Option.none()
  }
}

const resolveProfile = (profile: Partial<SeedProfile> | undefined): SeedProfile => ({ ...defaultProfile, ...profile })

const weighted = <A>(prng: Prng.Prng, items: ReadonlyArray<A>): A =>
  items.length === 1 || prng.chance(0.85) ? (items[0] as A) : prng.pick(items)

/** The customer pool of a generator: `customerCount` customers, deterministic from the seed. */
export const customers = (options: GeneratorOptions): ReadonlyArray<InvoiceSeedCustomer> => {
  const profile = resolveProfile(options.profile)
  const count = Math.max(1, options.customerCount ?? 25)
  return Array.from({ length: count }, (_, index) => {
    const prng = Prng.make(Prng.mix(options.seed ^ 0x0c057, index))
    const countryCode = weighted(prng, profile.countries)
    const company = prng.chance(0.85)
    const name = company
      ? `${prng.pick(companyNames)} ${prng.pick(trades)} ${legalForms[countryCode] ?? "Ltd"}`
      : `${prng.pick(["Anna", "Erik", "Maria", "Lars", "Sofia", "Jan", "Emma", "Pieter", "Olivia", "James"])} ${prng.pick(companyNames)}`
    return {
      number: String(100 + index),
      name,
      organisationNumber: company ? organisationNumber(prng, countryCode) : Option.none(),
      countryCode
    }
  })
}

const cents = (value: number): BigDecimal.BigDecimal => BigDecimal.make(BigInt(value), 2)
// Whole numbers at scale 0 (`2`, not `2.0`), as a vendor would write them.
const tenths = (value: number): BigDecimal.BigDecimal =>
  value % 10 === 0 ? BigDecimal.make(BigInt(value / 10), 0) : BigDecimal.make(BigInt(value), 1)

const vatTenths = (rate: string): number => {
  const match = /^(\d+)(?:\.(\d))?$/.exec(rate.trim())
  if (match === null) throw new Error(`InvoiceSeed: VAT rate must have at most one decimal, got ${rate}`)
  return Number(match[1]) * 10 + Number(match[2] ?? "0")
}

// Half away from zero, on integers (exact: every intermediate stays below 2^53).
const divideRounded = (numerator: number, denominator: number): number =>
  Math.sign(numerator) * Math.floor((Math.abs(numerator) + denominator / 2) / denominator)

const minuteMillis = 60_000
const dayMillis = 86_400_000

const midnightMillis = (date: CalendarDate.CalendarDate): number => Date.parse(`${date}T00:00:00Z`)

const pad = (value: number, width: number): string => String(value).padStart(width, "0")

// The calendar date of a day count since 1970-01-01 (Hinnant's civil_from_days): a million seeds need two
// dates each, and this is an order of magnitude cheaper than going through `Date`.
const dateOfEpochDay = (epochDay: number): CalendarDate.CalendarDate => {
  const z = epochDay + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as CalendarDate.CalendarDate
}

interface Prepared {
  readonly asOfDay: number
  readonly profile: SeedProfile
  readonly rates: ReadonlyArray<{ readonly tenths: number; readonly percent: BigDecimal.BigDecimal }>
  readonly customers: ReadonlyArray<InvoiceSeedCustomer>
}

// Generation is per index and must stay cheap for a million seeds: what depends only on the options is prepared once.
const preparedCache = new WeakMap<GeneratorOptions, Prepared>()
const prepare = (options: GeneratorOptions): Prepared => {
  let prepared = preparedCache.get(options)
  if (prepared === undefined) {
    const profile = resolveProfile(options.profile)
    prepared = {
      asOfDay: midnightMillis(options.asOf ?? defaultAsOf) / dayMillis,
      profile,
      rates: profile.vatRates.map((rate) => ({ tenths: vatTenths(rate), percent: tenths(vatTenths(rate)) })),
      customers: customers(options)
    }
    preparedCache.set(options, prepared)
  }
  return prepared
}

/** The seed at position `index` (0-based) of a generator, computed directly (O(1)). */
export const at = (options: GeneratorOptions, index: number): InvoiceSeed => {
  const { asOfDay, customers: pool, profile, rates } = prepare(options)
  const firstNumber = options.firstNumber ?? 1001
  const historyDays = Math.max(1, options.historyDays ?? 365)
  const customerCount = Math.max(1, options.customerCount ?? 25)
  const prng = Prng.make(Prng.mix(options.seed, index))

  const customer = pool[prng.int(0, customerCount - 1)] as InvoiceSeedCustomer
  const isCreditNote = profile.creditNotes && index > 0 && prng.chance(0.05)
  const sign = isCreditNote ? -1 : 1
  const issueDay = asOfDay - prng.int(1, historyDays)
  const issueDate = dateOfEpochDay(issueDay)
  const dueDate = dateOfEpochDay(issueDay + prng.pick(paymentTermsDays))
  const currency = weighted(prng, profile.currencies)

  const lineCount = prng.int(1, 4)
  const lines: Array<InvoiceSeedLine> = []
  let netCents = 0
  let vatCentsTotal = 0
  for (let line = 0; line < lineCount; line++) {
    const [articleNumber, description] = prng.pick(articles)
    const quantityTenths = prng.chance(0.8) ? prng.int(1, 20) * 10 : prng.int(5, 100)
    const unitPriceCents = prng.int(10, 2_500) * (prng.chance(0.5) ? 100 : prng.int(1, 99))
    const rate = prng.pick(rates)
    const lineNet = sign * divideRounded(quantityTenths * unitPriceCents, 10)
    const lineVat = divideRounded(lineNet * rate.tenths, 1000)
    netCents += lineNet
    vatCentsTotal += lineVat
    lines.push({
      description,
      articleNumber,
      quantity: tenths(sign * quantityTenths),
      unitPrice: cents(unitPriceCents),
      vatPercent: rate.percent,
      net: cents(lineNet),
      vat: cents(lineVat)
    })
  }
  const grossCents = netCents + vatCentsTotal

  let draft = false
  let cancelled = false
  let booked = true
  let sent = true
  let sold = false
  let balanceCents = grossCents
  const roll = prng.next()
  if (!isCreditNote && profile.drafts && roll < 0.06) {
    draft = true
    booked = false
    sent = false
  } else if (!isCreditNote && profile.cancelled && roll < 0.1) {
    cancelled = true
    booked = !profile.unbooked
    sent = profile.unsent ? prng.chance(0.5) : true
  } else {
    booked = profile.unbooked ? prng.chance(0.88) : true
    sent = profile.unsent ? prng.chance(0.85) : true
    // Payments are registered against booked invoices only.
    if (booked) {
      const payment = prng.next()
      if (payment < 0.5) balanceCents = 0
      else if (profile.partialPayments && !isCreditNote && payment < 0.62 && Math.abs(grossCents) > 1) {
        balanceCents = prng.int(1, grossCents - 1)
      }
      sold = profile.sold && !isCreditNote && balanceCents === grossCents && prng.chance(0.15)
    }
  }

  const createdMillis = issueDay * dayMillis + prng.int(6 * 60, 18 * 60) * minuteMillis
  const latestMillis = asOfDay * dayMillis - minuteMillis
  const modifiedMillis = prng.chance(0.4)
    ? createdMillis
    : Math.min(latestMillis, createdMillis + prng.int(1, 60 * 24 * 60) * minuteMillis)

  return {
    id: String(index + 1),
    number: String(firstNumber + index),
    customer,
    issueDate,
    dueDate,
    currency,
    net: cents(netCents),
    vat: cents(vatCentsTotal),
    gross: cents(grossCents),
    balance: cents(balanceCents),
    isCreditNote,
    creditedNumber: isCreditNote ? Option.some(String(firstNumber + prng.int(0, index - 1))) : Option.none(),
    booked,
    cancelled,
    draft,
    sent,
    sold,
    createdAt: DateTime.makeUnsafe(createdMillis),
    modifiedAt: DateTime.makeUnsafe(Math.max(createdMillis, modifiedMillis)),
    lines
  }
}

/** The generator's seeds, lazily, in order. */
export const generate = (options: GeneratorOptions): Iterable<InvoiceSeed> => ({
  *[Symbol.iterator]() {
    for (let index = 0; index < options.count; index++) yield at(options, index)
  }
})

/** The position of a generated seed from its invoice number (`undefined` when not one of the generator's). */
export const indexOfNumber = (options: GeneratorOptions, number: string): number | undefined => {
  if (!/^\d+$/.test(number)) return undefined
  const index = Number(number) - (options.firstNumber ?? 1001)
  return index >= 0 && index < options.count ? index : undefined
}

/** The status facts of a seed (every fact known), as an adapter that exposes them all would report. */
export const facts = (seed: InvoiceSeed): InvoiceFacts => ({
  total: Option.some(seed.gross),
  balance: Option.some(seed.balance),
  isCreditNote: Option.some(seed.isCreditNote),
  booked: Option.some(seed.booked),
  cancelled: Option.some(seed.cancelled),
  draft: Option.some(seed.draft),
  sent: Option.some(seed.sent),
  sold: Option.some(seed.sold),
  dueDate: Option.some(seed.dueDate)
})

/** What makes a seed inconsistent (see the module comment); empty when it is consistent. */
export const consistencyIssues = (seed: InvoiceSeed): ReadonlyArray<string> => {
  const issues: Array<string> = []
  const zero = BigDecimal.fromBigInt(0n)
  if (!BigDecimal.equals(seed.net, Money.sum(seed.lines.map((line) => line.net))))
    issues.push("net is not the sum of the lines' net")
  if (!BigDecimal.equals(seed.vat, Money.sum(seed.lines.map((line) => line.vat))))
    issues.push("vat is not the sum of the lines' VAT")
  if (!BigDecimal.equals(seed.gross, BigDecimal.sum(seed.net, seed.vat))) issues.push("gross is not net + vat")
  const mirrored = BigDecimal.isNegative(seed.gross)
  const gross = mirrored ? BigDecimal.negate(seed.gross) : seed.gross
  const balance = mirrored ? BigDecimal.negate(seed.balance) : seed.balance
  if (BigDecimal.isNegative(balance) || BigDecimal.isGreaterThan(balance, gross))
    issues.push("balance is not between 0 and gross")
  if (seed.isCreditNote !== BigDecimal.isNegative(seed.gross))
    issues.push("a credit note must have a negative gross total, an invoice a non-negative one")
  if (Option.isSome(seed.creditedNumber) && !seed.isCreditNote)
    issues.push("only a credit note credits another invoice")
  if (
    seed.draft &&
    (seed.booked || seed.sent || seed.cancelled || seed.sold || !BigDecimal.equals(seed.balance, seed.gross))
  ) {
    issues.push("a draft must be unbooked, unsent, not cancelled, not sold and unpaid")
  }
  if (seed.cancelled && seed.sold) issues.push("a cancelled invoice cannot be sold")
  if (seed.dueDate < seed.issueDate) issues.push("due date before issue date")
  if (DateTime.toEpochMillis(seed.modifiedAt) < DateTime.toEpochMillis(seed.createdAt))
    issues.push("modified before created")
  if (BigDecimal.equals(seed.gross, zero) && seed.isCreditNote) issues.push("a credit note must not be zero")
  return issues
}

/** A seed amount as a raw JSON number, for writing it into a vendor's JSON record exactly (`1250.50`, not `1250.5`). */
export const rawAmount = (value: BigDecimal.BigDecimal): ExactJson.RawJsonNumber =>
  ExactJson.rawNumber(Money.formatDecimal(value))

/** A seed amount as fixed-point text with `scale` decimals (`"1250.50"`), for vendors that send amounts as strings. */
export const amountText = (value: BigDecimal.BigDecimal, scale = 2): string => {
  // Seed amounts have at most `scale` decimals; scaling up only appends zeros.
  const scaled = BigDecimal.scale(value, Math.max(scale, value.scale))
  const negative = scaled.value < 0n
  const digitText = (negative ? -scaled.value : scaled.value).toString().padStart(scaled.scale + 1, "0")
  const whole = scaled.scale === 0 ? digitText : digitText.slice(0, -scaled.scale)
  const fraction = scaled.scale === 0 ? "" : `.${digitText.slice(-scaled.scale)}`
  return `${negative ? "-" : ""}${whole}${fraction}`
}
