/**
 * A simulator of Xero's Accounting API (the parts konto uses), in Xero's wire format, on the simulator kit:
 *
 * - `GET /api.xro/2.0/Invoices` and `/CreditNotes`: `where` (the subset konto writes: comparisons of an element
 *   with a string, number, boolean or `DateTime(y,m,d)`, joined by AND / OR with parentheses), `Statuses`
 *   (invoices), `If-Modified-Since` (UpdatedDateUTC at or after it), `order` (one element, ASC / DESC),
 *   `page` / `pageSize` (up to 1,000; without `page` everything comes in one answer, as Xero does) with
 *   `pagination`; `GET …/{id}` (an invoice also by its number); `PUT` to create, with `Idempotency-Key`
 *   (a repeated key replays the first answer) and `summarizeErrors`.
 * - OAuth 2.0 (`POST /connect/token`, rotating single-use refresh tokens, 30-minute access tokens), the
 *   `xero-tenant-id` check on every API call (403 otherwise), `GET /connections` (the tenants).
 * - Per-tenant limits: 60 calls per minute, 5,000 per day (sliding), 5 in flight, 10,000 per minute per app:
 *   429 with `Retry-After` and `X-Rate-Limit-Problem`; every answer carries `X-MinLimit-Remaining`,
 *   `X-DayLimit-Remaining` and `X-AppMinLimit-Remaining`.
 * - Xero's error bodies: `ValidationException` with the record and its `ValidationErrors`, `QueryParseException`
 *   for a `where` it cannot read, 404 as text.
 *
 * Seeds become Xero records: an invoice `ACCREC` on /Invoices, a credit note `ACCRECCREDIT` on /CreditNotes
 * (Xero's positive amounts); drafts `DRAFT`, cancelled `VOIDED` (was booked) or `DELETED`, settled `PAID`,
 * others `AUTHORISED`. Records may also be given as Xero wire records (`makeSimulator({ records })`), e.g. the
 * spec's documented examples.
 */
import { CalendarDate, ExactJson, Money, SystemId } from "@konto/core"
import {
  InvoiceSeed,
  OAuthServer,
  Paging,
  Prng,
  type RateLimit,
  RecordStore,
  Route,
  Simulator,
  SimulatorModule,
  type SimulatorRequest,
  SimulatorResponse
} from "@konto/simulator-kit"
import { BigDecimal, DateTime, Effect, Option } from "effect"
import { displayName, maxPageSize, rateLimits, system } from "./capabilities.ts"
import {
  calendarDateToEpochMillis,
  formatMsJsonDate,
  readXeroDate,
  readXeroDateTime,
  type Where,
  type WhereOperator,
  type WhereValue
} from "./wire.ts"

/** A Xero record as the API sends it (field names and MS-JSON dates untouched; amounts as raw JSON numbers). */
export type XeroRecord = Readonly<Record<string, unknown>>

/** The API's path prefix under the simulator's origin. */
export const apiPath = "/api.xro/2.0"

/** The token endpoint's path under the simulator's origin. */
export const tokenPath = "/connect/token"

/** The demo tenant and app credentials the simulator accepts. */
export const demo = {
  tenantId: "9a4d2b51-1f6e-4d5c-8a7b-3c2e1f0d9b8a",
  tenantName: "Demo Company (Global)",
  clientId: "konto-demo-client",
  clientSecret: "konto-demo-secret",
  accessToken: "xero-demo-access-token",
  refreshToken: "xero-demo-refresh-token"
} as const

/** Xero's access-token lifetime: 30 minutes (`expires_in: 1800`). */
export const accessTokenTtlMillis = 1_800_000

/**
 * What Xero can represent, for generated seeds: drafts (DRAFT), unbooked invoices (SUBMITTED), cancelled ones
 * (DELETED when never booked, VOIDED when booked), credit notes, partial payments; no factoring.
 */
export const seedProfile: InvoiceSeed.SeedProfile = {
  creditNotes: true,
  drafts: true,
  cancelled: true,
  unbooked: true,
  unsent: true,
  sold: false,
  partialPayments: true,
  countries: ["GB", "NZ", "AU"],
  currencies: ["GBP", "NZD", "AUD"],
  vatRates: ["20", "15", "10", "0"]
}

// ---------------------------------------------------------------------------------------------------------------
// Seeds → Xero records

const hashText = (text: string): number => {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}

/** A stable GUID for a name (`invoice:1001`), as Xero ids are GUIDs. */
export const guidOf = (name: string): string => Prng.uuid(Prng.make(hashText(name)))

const raw = (value: BigDecimal.BigDecimal): ExactJson.RawJsonNumber =>
  ExactJson.rawNumber(InvoiceSeed.amountText(value))
const positive = (value: BigDecimal.BigDecimal): BigDecimal.BigDecimal => BigDecimal.abs(value)

const taxTypes: Readonly<Record<string, string>> = {
  "20": "OUTPUT2",
  "15": "OUTPUT2",
  "10": "OUTPUT",
  "0": "ZERORATEDOUTPUT"
}

const isoSeconds = (millis: number): string => new Date(millis).toISOString().slice(0, 19)

const statusOfSeed = (seed: InvoiceSeed.InvoiceSeed): string => {
  if (seed.draft) return "DRAFT"
  if (seed.cancelled) return seed.booked ? "VOIDED" : "DELETED"
  if (!seed.booked) return "SUBMITTED"
  return BigDecimal.isZero(seed.balance) ? "PAID" : "AUTHORISED"
}

const contactOfSeed = (customer: InvoiceSeed.InvoiceSeedCustomer): XeroRecord => ({
  ContactID: guidOf(`contact:${customer.number}`),
  ContactNumber: customer.number,
  ContactStatus: "ACTIVE",
  Name: customer.name,
  ...(Option.isSome(customer.organisationNumber) ? { CompanyNumber: customer.organisationNumber.value } : {}),
  Addresses: [{ AddressType: "POBOX", Country: customer.countryCode }],
  Phones: [],
  ContactGroups: [],
  ContactPersons: [],
  HasValidationErrors: false
})

/** The Xero record of a seed: `ACCREC` for /Invoices or `ACCRECCREDIT` for /CreditNotes, Xero's positive amounts. */
export const recordFromSeed = (
  seed: InvoiceSeed.InvoiceSeed
): { readonly kind: "invoice" | "creditNote"; readonly record: XeroRecord } => {
  const status = statusOfSeed(seed)
  const gross = positive(seed.gross)
  const balance = positive(seed.balance)
  const issued = calendarDateToEpochMillis(seed.issueDate)
  const due = calendarDateToEpochMillis(seed.dueDate)
  const updated = DateTime.toEpochMillis(seed.modifiedAt)
  const lineItems = seed.lines.map((line, index) => ({
    Description: line.description,
    ItemCode: line.articleNumber,
    Quantity: raw(positive(line.quantity)),
    UnitAmount: raw(line.unitPrice),
    TaxType: taxTypes[Money.formatDecimal(line.vatPercent)] ?? "OUTPUT2",
    TaxAmount: raw(positive(line.vat)),
    LineAmount: raw(positive(line.net)),
    AccountCode: "200",
    Tracking: [],
    LineItemID: guidOf(`line:${seed.id}:${index}`),
    ValidationErrors: []
  }))
  const common = {
    Reference: "",
    Contact: contactOfSeed(seed.customer),
    DateString: isoSeconds(issued),
    Date: formatMsJsonDate(issued),
    DueDateString: isoSeconds(due),
    DueDate: formatMsJsonDate(due),
    Status: status,
    LineAmountTypes: "Exclusive",
    LineItems: lineItems,
    SubTotal: raw(positive(seed.net)),
    TotalTax: raw(positive(seed.vat)),
    Total: raw(gross),
    UpdatedDateUTC: formatMsJsonDate(updated),
    UpdatedDateUTCString: `${isoSeconds(updated)}Z`,
    CurrencyCode: seed.currency,
    CurrencyRate: ExactJson.rawNumber("1.000000"),
    SentToContact: seed.sent,
    HasAttachments: false,
    ...(status === "PAID"
      ? { FullyPaidOnDate: formatMsJsonDate(calendarDateToEpochMillis(CalendarDate.ofUtc(seed.modifiedAt))) }
      : {})
  }
  if (seed.isCreditNote) {
    const id = guidOf(`creditnote:${seed.number}`)
    const applied = BigDecimal.subtract(gross, balance)
    return {
      kind: "creditNote",
      record: {
        CreditNoteID: id,
        CreditNoteNumber: seed.number,
        ID: id,
        Type: "ACCRECCREDIT",
        ...common,
        RemainingCredit: raw(balance),
        Payments: [],
        Allocations: Option.match(seed.creditedNumber, {
          onNone: () => [],
          onSome: (number) =>
            BigDecimal.isZero(applied)
              ? []
              : [
                  {
                    AllocationID: guidOf(`allocation:${seed.number}`),
                    Invoice: { InvoiceID: guidOf(`invoice:${number}`), InvoiceNumber: number },
                    Amount: raw(applied),
                    Date: formatMsJsonDate(updated)
                  }
                ]
        })
      }
    }
  }
  const paid = BigDecimal.subtract(gross, balance)
  return {
    kind: "invoice",
    record: {
      Type: "ACCREC",
      InvoiceID: guidOf(`invoice:${seed.number}`),
      InvoiceNumber: seed.number,
      Payments: [],
      CreditNotes: [],
      Prepayments: [],
      Overpayments: [],
      ...common,
      // A voided invoice has nothing due (as in the spec's INV-0001); a deleted one keeps its amounts.
      AmountDue: raw(status === "VOIDED" ? BigDecimal.fromBigInt(0n) : balance),
      AmountPaid: raw(status === "VOIDED" ? BigDecimal.fromBigInt(0n) : paid),
      AmountCredited: raw(BigDecimal.fromBigInt(0n)),
      IsDiscounted: false,
      HasErrors: false
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The `where` language

type Token =
  | { readonly kind: "identifier"; readonly text: string }
  | { readonly kind: "string"; readonly text: string }
  | { readonly kind: "number"; readonly text: string }
  | { readonly kind: "operator"; readonly text: string }
  | { readonly kind: "punctuation"; readonly text: "(" | ")" | "," }

class QueryParseError {
  constructor(readonly message: string) {}
}

const tokenize = (text: string): Array<Token> => {
  const tokens: Array<Token> = []
  let position = 0
  while (position < text.length) {
    const rest = text.slice(position)
    const space = /^\s+/.exec(rest)
    if (space !== null) {
      position += space[0].length
      continue
    }
    const operator = /^(==|!=|<=|>=|<|>|&&|\|\|)/.exec(rest)
    if (operator !== null) {
      tokens.push({ kind: "operator", text: operator[0] })
      position += operator[0].length
      continue
    }
    const character = rest[0]!
    if (character === "(" || character === ")" || character === ",") {
      tokens.push({ kind: "punctuation", text: character })
      position += 1
      continue
    }
    if (character === '"') {
      let value = ""
      let index = 1
      while (index < rest.length && rest[index] !== '"') {
        if (rest[index] === "\\" && index + 1 < rest.length) index += 1
        value += rest[index]
        index += 1
      }
      if (index >= rest.length) throw new QueryParseError("unterminated string literal")
      tokens.push({ kind: "string", text: value })
      position += index + 1
      continue
    }
    const number = /^-?\d+(?:\.\d+)?/.exec(rest)
    if (number !== null) {
      tokens.push({ kind: "number", text: number[0] })
      position += number[0].length
      continue
    }
    const identifier = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest)
    if (identifier !== null) {
      tokens.push({ kind: "identifier", text: identifier[0] })
      position += identifier[0].length
      continue
    }
    throw new QueryParseError(`unexpected character '${character}' at ${position}`)
  }
  return tokens
}

/** Parses the `where` subset Xero documents and konto writes; throws `QueryParseError` on anything else. */
const parseWhere = (text: string): Where => {
  const tokens = tokenize(text)
  let index = 0
  const peek = () => tokens[index]
  const next = () => {
    const token = tokens[index]
    if (token === undefined) throw new QueryParseError("unexpected end of expression")
    index += 1
    return token
  }
  const expect = (text: string) => {
    const token = next()
    if (token.text !== text) throw new QueryParseError(`expected '${text}', found '${token.text}'`)
  }
  const isKeyword = (token: Token | undefined, keyword: "AND" | "OR") =>
    token !== undefined &&
    ((token.kind === "identifier" && token.text.toUpperCase() === keyword) ||
      (token.kind === "operator" && token.text === (keyword === "AND" ? "&&" : "||")))

  const value = (): WhereValue => {
    const token = next()
    if (token.kind === "string") return { _tag: "String", value: token.text }
    if (token.kind === "number") return { _tag: "Number", value: BigDecimal.fromStringUnsafe(token.text) }
    if (token.kind === "identifier" && (token.text === "true" || token.text === "false")) {
      return { _tag: "Boolean", value: token.text === "true" }
    }
    if (token.kind === "identifier" && token.text === "DateTime") {
      expect("(")
      const parts: Array<number> = []
      for (;;) {
        const part = next()
        if (part.kind !== "number") throw new QueryParseError("DateTime takes numbers")
        parts.push(Number(part.text))
        const separator = next()
        if (separator.text === ")") break
        if (separator.text !== ",") throw new QueryParseError("expected ',' or ')' in DateTime")
      }
      if (parts.length < 3) throw new QueryParseError("DateTime needs a year, a month and a day")
      const [year, month, day] = parts as [number, number, number]
      const date = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`
      const parsed = Option.getOrUndefined(readXeroDate(date))
      if (parsed === undefined) throw new QueryParseError(`not a date: ${date}`)
      return { _tag: "Date", value: parsed }
    }
    throw new QueryParseError(`expected a value, found '${token.text}'`)
  }

  const comparison = (): Where => {
    const token = peek()
    if (token?.text === "(") {
      next()
      const inner = disjunction()
      expect(")")
      return inner
    }
    const field = next()
    if (field.kind !== "identifier") throw new QueryParseError(`expected an element name, found '${field.text}'`)
    const operator = next()
    if (operator.kind !== "operator" || operator.text === "&&" || operator.text === "||") {
      throw new QueryParseError(`expected a comparison after ${field.text}`)
    }
    return { _tag: "Compare", field: field.text, operator: operator.text as WhereOperator, value: value() }
  }
  const conjunction = (): Where => {
    const clauses = [comparison()]
    while (isKeyword(peek(), "AND")) {
      next()
      clauses.push(comparison())
    }
    return clauses.length === 1 ? clauses[0]! : { _tag: "And", clauses }
  }
  const disjunction = (): Where => {
    const clauses = [conjunction()]
    while (isKeyword(peek(), "OR")) {
      next()
      clauses.push(conjunction())
    }
    return clauses.length === 1 ? clauses[0]! : { _tag: "Or", clauses }
  }
  const where = disjunction()
  if (index !== tokens.length) throw new QueryParseError(`unexpected '${tokens[index]!.text}'`)
  return where
}

const fieldValue = (record: XeroRecord, path: string): unknown =>
  path
    .split(".")
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined,
      record
    )

const decimalOf = (value: unknown): Option.Option<BigDecimal.BigDecimal> =>
  typeof value === "number"
    ? Money.decimalFromNumber(value)
    : typeof value === "string"
      ? Money.decimalFromString(value)
      : ExactJson.isRaw(value)
        ? Money.decimalFromString(value.rawJSON)
        : Option.none()

const ordered = (order: number, operator: string): boolean => {
  switch (operator) {
    case "==":
      return order === 0
    case "!=":
      return order !== 0
    case "<":
      return order < 0
    case "<=":
      return order <= 0
    case ">":
      return order > 0
    case ">=":
      return order >= 0
    default:
      return false
  }
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

// An element the record lacks (or of another type) matches no comparison, as a null does in Xero's queries.
const matches = (where: Where, record: XeroRecord): boolean => {
  switch (where._tag) {
    case "And":
      return where.clauses.every((clause) => matches(clause, record))
    case "Or":
      return where.clauses.some((clause) => matches(clause, record))
    case "Compare": {
      const actual = fieldValue(record, where.field)
      const literal = where.value
      switch (literal._tag) {
        case "String":
          return typeof actual === "string" && ordered(compareText(actual, literal.value), where.operator)
        case "Boolean":
          return typeof actual === "boolean" && ordered(actual === literal.value ? 0 : 1, where.operator)
        case "Number":
          return Option.match(decimalOf(actual), {
            onNone: () => false,
            onSome: (decimal) => ordered(BigDecimal.Order(decimal, literal.value), where.operator)
          })
        case "Date":
          return (
            typeof actual === "string" &&
            Option.match(readXeroDate(actual), {
              onNone: () => false,
              onSome: (date) => ordered(compareText(date, literal.value), where.operator)
            })
          )
      }
    }
  }
}

const sortValue = (record: XeroRecord, field: string): string | BigDecimal.BigDecimal | undefined => {
  const value = fieldValue(record, field)
  if (typeof value === "string") {
    const date = readXeroDateTime(value)
    return Option.isSome(date) && value.startsWith("/Date(")
      ? String(DateTime.toEpochMillis(date.value)).padStart(16, "0")
      : value
  }
  return Option.getOrUndefined(decimalOf(value))
}

/** Sorts by one element, stably; records without it come last in either direction. */
const sortRecords = (records: Array<XeroRecord>, order: string): Array<XeroRecord> => {
  const [field = "", direction = "ASC"] = order.trim().split(/\s+/)
  const descending = direction.toUpperCase() === "DESC"
  return records
    .map((record, position) => ({ record, position, key: sortValue(record, field) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) {
        return a.key === b.key ? a.position - b.position : a.key === undefined ? 1 : -1
      }
      const order =
        typeof a.key === "string" || typeof b.key === "string"
          ? compareText(String(a.key), String(b.key))
          : BigDecimal.Order(a.key, b.key)
      return order === 0 ? a.position - b.position : descending ? -order : order
    })
    .map((entry) => entry.record)
}

// ---------------------------------------------------------------------------------------------------------------
// The simulator

/** How to build a Xero simulator beyond the kit's options. */
export interface XeroSimulatorOptions extends SimulatorModule.SimulatorOptions {
  /**
   * Xero records to serve, e.g. the spec's documented examples: instead of generated seeds, or after the given
   * `seeds` when both are set.
   */
  readonly records?: {
    readonly invoices?: ReadonlyArray<XeroRecord>
    readonly creditNotes?: ReadonlyArray<XeroRecord>
  }
  /** How long each API call takes on the `Clock` (default 0); lets tests see calls overlap. */
  readonly latencyMillis?: number
  /** The organisation's currency for documents created without one (default GBP). */
  readonly baseCurrency?: string
}

/** A Xero simulator with its stores (for tests that look behind the API). */
export interface XeroSimulator {
  readonly simulator: Simulator.Simulator
  readonly oauth: OAuthServer.OAuthServer
  readonly invoices: RecordStore.RecordStore<XeroRecord>
  readonly creditNotes: RecordStore.RecordStore<XeroRecord>
  /** The most calls that were in flight at once, per tenant. */
  readonly maxInFlight: () => number
}

const envelope = (nowMillis: number, prng: Prng.Prng, body: Record<string, unknown>) => ({
  Id: Prng.uuid(prng),
  Status: "OK",
  ProviderName: "konto simulator",
  DateTimeUTC: `/Date(${nowMillis})/`,
  ...body
})

const problem = (status: number, title: string, detail: string) =>
  SimulatorResponse.json(status, {
    Type: null,
    Title: title,
    Status: status,
    Detail: detail,
    Instance: null,
    Extensions: {}
  })

const queryParseError = (message: string) =>
  SimulatorResponse.json(400, { ErrorNumber: 16, Type: "QueryParseException", Message: message })

const notFoundText = () => SimulatorResponse.text(404, "The resource you're looking for cannot be found")

const validationError = (element: XeroRecord, messages: ReadonlyArray<string>) =>
  SimulatorResponse.json(400, {
    ErrorNumber: 10,
    Type: "ValidationException",
    Message: "A validation exception occurred",
    Elements: [{ ...element, ValidationErrors: messages.map((message) => ({ Message: message })) }]
  })

const readSince = (text: string | undefined): Option.Option<number> => {
  if (text === undefined || text.trim() === "") return Option.none()
  const millis = Date.parse(text)
  return Number.isNaN(millis) ? Option.none() : Option.some(millis)
}

const updatedMillis = (record: XeroRecord): Option.Option<number> =>
  typeof record["UpdatedDateUTC"] === "string"
    ? Option.map(readXeroDateTime(record["UpdatedDateUTC"]), DateTime.toEpochMillis)
    : Option.none()

/** Builds a Xero simulator. */
export const makeSimulator = (options: XeroSimulatorOptions): Effect.Effect<XeroSimulator> =>
  Effect.gen(function* () {
    const prng = Prng.make(options.seed ?? 1)
    const seeded = { invoices: [] as Array<XeroRecord>, creditNotes: [] as Array<XeroRecord> }
    const withSeeds = options.records === undefined || options.seeds !== undefined
    if (withSeeds) {
      for (const seed of SimulatorModule.seedsOf(options, seedProfile)) {
        const converted = recordFromSeed(seed)
        ;(converted.kind === "invoice" ? seeded.invoices : seeded.creditNotes).push(converted.record)
      }
    }
    const invoices = RecordStore.make<XeroRecord>({
      idOf: (record) => String(record["InvoiceID"]),
      initial: [...seeded.invoices, ...(options.records?.invoices ?? [])]
    })
    const creditNotes = RecordStore.make<XeroRecord>({
      idOf: (record) => String(record["CreditNoteID"]),
      initial: [...seeded.creditNotes, ...(options.records?.creditNotes ?? [])]
    })
    const contacts = new Map<string, XeroRecord>()
    for (const record of [...invoices.values(), ...creditNotes.values()]) {
      const contact = record["Contact"] as XeroRecord | undefined
      if (contact !== undefined && typeof contact["ContactID"] === "string") contacts.set(contact["ContactID"], contact)
    }
    const oauth = OAuthServer.make({
      clientId: demo.clientId,
      clientSecret: demo.clientSecret,
      accessTokenTtlMillis,
      refreshTokenTtlMillis: 60 * 86_400_000,
      rotateRefreshTokens: true,
      initial: { accessToken: demo.accessToken, refreshToken: demo.refreshToken },
      seed: options.seed ?? 1,
      unauthorized: () => problem(401, "Unauthorized", "AuthenticationUnsuccessful")
    })
    const scale = options.rateLimitScale ?? 1
    const tenantKey = (request: SimulatorRequest.SimulatorRequest) =>
      request.path.startsWith(apiPath) ? request.headers["xero-tenant-id"] : undefined
    const rules: ReadonlyArray<RateLimit.RateLimitRule> = [
      { name: "minute", requests: rateLimits.perMinute, perMillis: 60_000, window: "sliding", key: tenantKey },
      { name: "day", requests: rateLimits.perDay, perMillis: 86_400_000, window: "sliding", key: tenantKey },
      {
        name: "appminute",
        requests: rateLimits.appPerMinute,
        perMillis: 60_000,
        window: "sliding",
        key: (request) => (request.path.startsWith(apiPath) ? "app" : undefined)
      }
    ]
    // The same windows, counted again to answer the X-…Limit-Remaining headers.
    const admitted = { minute: [] as Array<number>, day: [] as Array<number>, app: [] as Array<number> }
    const remaining = (log: Array<number>, limit: number, windowMillis: number, now: number) => {
      const window = windowMillis / scale
      while (log.length > 0 && log[0]! <= now - window) log.shift()
      return Math.max(0, limit - log.length)
    }
    const limitHeaders = (now: number): Record<string, string> =>
      scale === Infinity
        ? {}
        : {
            "x-minlimit-remaining": String(remaining(admitted.minute, rateLimits.perMinute, 60_000, now)),
            "x-daylimit-remaining": String(remaining(admitted.day, rateLimits.perDay, 86_400_000, now)),
            "x-appminlimit-remaining": String(remaining(admitted.app, rateLimits.appPerMinute, 60_000, now))
          }
    let inFlight = 0
    let maxInFlight = 0
    const idempotent = new Map<string, SimulatorResponse.SimulatorResponse>()
    let created = 0

    const withHeaders = (response: SimulatorResponse.SimulatorResponse, now: number) =>
      Object.entries(limitHeaders(now)).reduce(
        (answer, [name, value]) => SimulatorResponse.setHeader(answer, name, value),
        response
      )

    // Authentication, the tenant header, the concurrency limit, latency and the limit headers around a handler.
    const api =
      (handler: (request: SimulatorRequest.SimulatorRequest) => Effect.Effect<SimulatorResponse.SimulatorResponse>) =>
      (
        request: SimulatorRequest.SimulatorRequest
      ): Effect.Effect<SimulatorResponse.SimulatorResponse, SimulatorResponse.SimulatorResponse> =>
        Effect.gen(function* () {
          yield* oauth.authenticate(request)
          const tenant = request.headers["xero-tenant-id"]
          if (tenant !== demo.tenantId) return problem(403, "Forbidden", "AuthorizationUnsuccessful")
          if (scale !== Infinity) {
            admitted.minute.push(request.nowMillis)
            admitted.day.push(request.nowMillis)
            admitted.app.push(request.nowMillis)
          }
          if (inFlight >= rateLimits.concurrent && scale !== Infinity) {
            return SimulatorResponse.empty(429, { "retry-after": "1", "x-rate-limit-problem": "concurrent" })
          }
          inFlight += 1
          maxInFlight = Math.max(maxInFlight, inFlight)
          const response = yield* Effect.gen(function* () {
            if ((options.latencyMillis ?? 0) > 0) yield* Effect.sleep(options.latencyMillis ?? 0)
            return yield* handler(request)
          }).pipe(
            Effect.ensuring(
              Effect.sync(() => {
                inFlight -= 1
              })
            )
          )
          return withHeaders(response, request.nowMillis)
        })

    const list = (
      store: RecordStore.RecordStore<XeroRecord>,
      collection: "Invoices" | "CreditNotes",
      acceptsStatuses: boolean
    ) =>
      api((request) =>
        Effect.sync(() => {
          let where: Option.Option<Where> = Option.none()
          const whereText = request.query.get("where")
          if (whereText !== null && whereText.trim() !== "") {
            try {
              where = Option.some(parseWhere(whereText))
            } catch (error) {
              return queryParseError(error instanceof QueryParseError ? error.message : String(error))
            }
          }
          const statuses = acceptsStatuses
            ? (request.query.get("Statuses") ?? "")
                .split(",")
                .map((status) => status.trim())
                .filter((status) => status !== "")
            : []
          const since = readSince(request.headers["if-modified-since"])
          let matching = store.filter(
            (record) =>
              (Option.isNone(where) || matches(where.value, record)) &&
              (statuses.length === 0 || statuses.includes(String(record["Status"]))) &&
              (Option.isNone(since) ||
                Option.match(updatedMillis(record), {
                  onNone: () => false,
                  onSome: (updated) => updated >= since.value
                }))
          )
          const order = request.query.get("order")
          if (order !== null && order.trim() !== "") matching = sortRecords(matching, order)
          if (request.query.get("page") === null) {
            return SimulatorResponse.json(200, envelope(request.nowMillis, prng, { [collection]: matching }))
          }
          const paging = Paging.read(request.query, {
            pageParam: "page",
            sizeParam: "pageSize",
            defaultPageSize: 100,
            maxPageSize,
            overMax: "clamp"
          })
          if (paging._tag === "Invalid") return queryParseError(`${paging.parameter} ${paging.detail}`)
          const page = Paging.slice(matching, paging.page, paging.pageSize)
          return SimulatorResponse.json(
            200,
            envelope(request.nowMillis, prng, {
              pagination: {
                page: page.page,
                pageSize: page.pageSize,
                pageCount: page.totalPages,
                itemCount: page.totalItems
              },
              [collection]: page.items
            })
          )
        })
      )

    const byId = (
      store: RecordStore.RecordStore<XeroRecord>,
      collection: "Invoices" | "CreditNotes",
      numberField: string
    ) =>
      api((request) =>
        Effect.sync(() => {
          const id = request.params["id"] ?? ""
          const found = Option.orElse(store.get(id), () =>
            Option.fromNullishOr(store.filter((record) => record[numberField] === id)[0])
          )
          return Option.match(found, {
            onNone: notFoundText,
            onSome: (record) =>
              SimulatorResponse.json(200, envelope(request.nowMillis, prng, { [collection]: [record] }))
          })
        })
      )

    const contactFor = (
      given: XeroRecord,
      nowMillis: number
    ): { readonly contact: XeroRecord } | { readonly error: string } => {
      if (typeof given["ContactID"] === "string") {
        const known = contacts.get(given["ContactID"])
        return known === undefined
          ? { error: "The contact with the specified ContactID could not be found" }
          : { contact: known }
      }
      const byNumber =
        typeof given["ContactNumber"] === "string"
          ? [...contacts.values()].find((contact) => contact["ContactNumber"] === given["ContactNumber"])
          : undefined
      if (byNumber !== undefined) return { contact: byNumber }
      const byName =
        typeof given["Name"] === "string"
          ? [...contacts.values()].find((contact) => contact["Name"] === given["Name"])
          : undefined
      if (byName !== undefined) return { contact: byName }
      if (typeof given["Name"] !== "string" || given["Name"].trim() === "") {
        return { error: "A Contact must be specified with a ContactID, ContactNumber or Name" }
      }
      const contact: XeroRecord = {
        ContactID: Prng.uuid(prng),
        ContactStatus: "ACTIVE",
        Name: given["Name"],
        ...(typeof given["ContactNumber"] === "string" ? { ContactNumber: given["ContactNumber"] } : {}),
        ...(typeof given["CompanyNumber"] === "string" ? { CompanyNumber: given["CompanyNumber"] } : {}),
        ...(typeof given["EmailAddress"] === "string" ? { EmailAddress: given["EmailAddress"] } : {}),
        Addresses: [],
        Phones: [],
        UpdatedDateUTC: formatMsJsonDate(nowMillis),
        ContactGroups: [],
        ContactPersons: [],
        HasValidationErrors: false
      }
      contacts.set(String(contact["ContactID"]), contact)
      return { contact }
    }

    // Builds a document from a PUT element, or the messages Xero would answer with.
    const build = (
      given: XeroRecord,
      kind: "invoice" | "creditNote",
      nowMillis: number
    ): { readonly record: XeroRecord } | { readonly messages: ReadonlyArray<string> } => {
      const messages: Array<string> = []
      const expectedType = kind === "invoice" ? "ACCREC" : "ACCRECCREDIT"
      if (given["Type"] !== expectedType) messages.push(`The simulator creates ${expectedType} documents only`)
      const contact = contactFor((given["Contact"] ?? {}) as XeroRecord, nowMillis)
      if ("error" in contact) messages.push(contact.error)
      const givenLines = Array.isArray(given["LineItems"]) ? (given["LineItems"] as ReadonlyArray<XeroRecord>) : []
      if (givenLines.length === 0) messages.push("At least one line item is required")
      const amountType = typeof given["LineAmountTypes"] === "string" ? given["LineAmountTypes"] : "Exclusive"
      if (amountType !== "Exclusive" && amountType !== "NoTax")
        messages.push("The simulator takes Exclusive or NoTax line amounts")
      const zero = BigDecimal.fromBigInt(0n)
      let subTotal = zero
      let totalTax = zero
      const lines = givenLines.map((line, index) => {
        if (typeof line["Description"] !== "string" || line["Description"].trim() === "") {
          messages.push(`Line ${index + 1}: Description needs to be at least 1 char long`)
        }
        const quantity = Option.getOrElse(decimalOf(line["Quantity"]), () => BigDecimal.fromBigInt(1n))
        const unitAmount = Option.getOrElse(decimalOf(line["UnitAmount"]), () => zero)
        const lineAmount = BigDecimal.round(BigDecimal.multiply(quantity, unitAmount), {
          scale: 2,
          mode: "half-from-zero"
        })
        const taxAmount = Option.getOrElse(decimalOf(line["TaxAmount"]), () => zero)
        subTotal = BigDecimal.sum(subTotal, lineAmount)
        totalTax = BigDecimal.sum(totalTax, taxAmount)
        return {
          Description: line["Description"],
          Quantity: raw(quantity),
          UnitAmount: raw(unitAmount),
          TaxType: typeof line["TaxType"] === "string" ? line["TaxType"] : "NONE",
          TaxAmount: raw(taxAmount),
          LineAmount: raw(lineAmount),
          Tracking: [],
          LineItemID: Prng.uuid(prng),
          ValidationErrors: []
        }
      })
      const total = BigDecimal.sum(subTotal, totalTax)
      if (BigDecimal.isNegative(total)) messages.push("The document total cannot be negative")
      const date =
        typeof given["Date"] === "string"
          ? readXeroDate(given["Date"])
          : Option.some(CalendarDate.ofUtc(DateTime.makeUnsafe(nowMillis)))
      if (Option.isNone(date)) messages.push("Date is not a valid date")
      const dueDate = typeof given["DueDate"] === "string" ? readXeroDate(given["DueDate"]) : Option.none()
      if (typeof given["DueDate"] === "string" && Option.isNone(dueDate)) messages.push("DueDate is not a valid date")
      const status = typeof given["Status"] === "string" ? given["Status"] : "DRAFT"
      if (status !== "DRAFT" && status !== "SUBMITTED")
        messages.push("The simulator creates DRAFT or SUBMITTED documents only")
      if (messages.length > 0 || "error" in contact || Option.isNone(date)) return { messages }
      created += 1
      const id = Prng.uuid(prng)
      const numberField = kind === "invoice" ? "InvoiceNumber" : "CreditNoteNumber"
      const number =
        typeof given[numberField] === "string"
          ? given[numberField]
          : `${kind === "invoice" ? "INV" : "CN"}-${String(created).padStart(4, "0")}`
      const issued = calendarDateToEpochMillis(date.value)
      const common = {
        Reference: typeof given["Reference"] === "string" ? given["Reference"] : "",
        Contact: contact.contact,
        DateString: isoSeconds(issued),
        Date: formatMsJsonDate(issued),
        ...Option.match(dueDate, {
          onNone: () => ({}),
          onSome: (due) => ({
            DueDateString: isoSeconds(calendarDateToEpochMillis(due)),
            DueDate: formatMsJsonDate(calendarDateToEpochMillis(due))
          })
        }),
        Status: status,
        LineAmountTypes: amountType,
        LineItems: lines,
        SubTotal: raw(subTotal),
        TotalTax: raw(totalTax),
        Total: raw(total),
        UpdatedDateUTC: formatMsJsonDate(nowMillis),
        UpdatedDateUTCString: `${isoSeconds(nowMillis)}Z`,
        CurrencyCode:
          typeof given["CurrencyCode"] === "string" ? given["CurrencyCode"] : (options.baseCurrency ?? "GBP"),
        CurrencyRate: Option.match(decimalOf(given["CurrencyRate"]), {
          onNone: () => ExactJson.rawNumber("1.000000"),
          onSome: raw
        }),
        SentToContact: false,
        HasAttachments: false,
        HasErrors: false,
        StatusAttributeString: "OK"
      }
      return {
        record:
          kind === "invoice"
            ? {
                Type: "ACCREC",
                InvoiceID: id,
                InvoiceNumber: number,
                Payments: [],
                CreditNotes: [],
                Prepayments: [],
                Overpayments: [],
                ...common,
                AmountDue: raw(total),
                AmountPaid: raw(zero),
                AmountCredited: raw(zero),
                IsDiscounted: false
              }
            : {
                Type: "ACCRECCREDIT",
                CreditNoteID: id,
                ID: id,
                CreditNoteNumber: number,
                ...common,
                RemainingCredit: raw(total),
                Payments: [],
                Allocations: []
              }
      }
    }

    const create = (
      store: RecordStore.RecordStore<XeroRecord>,
      collection: "Invoices" | "CreditNotes",
      kind: "invoice" | "creditNote"
    ) =>
      api((request) =>
        Effect.sync(() => {
          const key = request.headers["idempotency-key"]
          const replayKey = key === undefined ? undefined : `${collection}:${key}`
          if (replayKey !== undefined) {
            if (key!.length > 128) return validationError({}, ["Idempotency-Key must be at most 128 characters"])
            const replay = idempotent.get(replayKey)
            if (replay !== undefined) return replay
          }
          const body = request.json as Record<string, unknown> | undefined
          const elements =
            body !== undefined && Array.isArray(body[collection]) ? (body[collection] as ReadonlyArray<XeroRecord>) : []
          const summarize = request.query.get("summarizeErrors") !== "false"
          let response: SimulatorResponse.SimulatorResponse
          if (elements.length === 0) {
            response = validationError({}, [`The request must contain ${collection}`])
          } else {
            const results = elements.map((element) => ({ element, result: build(element, kind, request.nowMillis) }))
            const failed = results.filter((entry) => "messages" in entry.result)
            if (failed.length > 0 && summarize) {
              const first = failed[0]!
              response = validationError(first.element, "messages" in first.result ? first.result.messages : [])
            } else {
              const answered = results.map((entry) => {
                if ("record" in entry.result) {
                  store.insert(entry.result.record)
                  return entry.result.record
                }
                return {
                  ...entry.element,
                  HasErrors: true,
                  StatusAttributeString: "ERROR",
                  ValidationErrors: entry.result.messages.map((message) => ({ Message: message }))
                }
              })
              response = SimulatorResponse.json(200, envelope(request.nowMillis, prng, { [collection]: answered }))
            }
          }
          if (replayKey !== undefined && response.status < 500) idempotent.set(replayKey, response)
          return response
        })
      )

    const connections = Route.get("/connections", (request) =>
      Effect.gen(function* () {
        yield* oauth.authenticate(request)
        return SimulatorResponse.json(200, [
          {
            id: guidOf(`connection:${demo.tenantId}`),
            authEventId: guidOf(`auth:${demo.tenantId}`),
            tenantId: demo.tenantId,
            tenantType: "ORGANISATION",
            tenantName: demo.tenantName,
            createdDateUtc: "2025-01-01T00:00:00.0000000",
            updatedDateUtc: "2025-01-01T00:00:00.0000000"
          }
        ])
      })
    )

    const simulator = yield* Simulator.make({
      name: "xero",
      routes: [
        oauth.tokenRoute(tokenPath),
        connections,
        Route.get(`${apiPath}/Invoices`, list(invoices, "Invoices", true)),
        Route.put(`${apiPath}/Invoices`, create(invoices, "Invoices", "invoice")),
        Route.get(`${apiPath}/Invoices/:id`, byId(invoices, "Invoices", "InvoiceNumber")),
        Route.get(`${apiPath}/CreditNotes`, list(creditNotes, "CreditNotes", false)),
        Route.put(`${apiPath}/CreditNotes`, create(creditNotes, "CreditNotes", "creditNote")),
        Route.get(`${apiPath}/CreditNotes/:id`, byId(creditNotes, "CreditNotes", "CreditNoteNumber"))
      ],
      notFound: notFoundText,
      rateLimits: rules,
      rateLimitScale: scale,
      rateLimitResponse: (request, rejection) =>
        withHeaders(
          SimulatorResponse.empty(429, {
            "retry-after": String(Math.max(1, Math.ceil(rejection.retryAfterMillis / 1000))),
            "x-rate-limit-problem": rejection.rule.name
          }),
          request.nowMillis
        ),
      serverErrorResponse: (_request, status) =>
        SimulatorResponse.json(status, {
          ErrorNumber: 500,
          Type: "UnknownErrorException",
          Message: "An error occurred in Xero (injected)"
        }),
      ...(options.faults === undefined ? {} : { faults: options.faults })
    })
    return { simulator, oauth, invoices, creditNotes, maxInFlight: () => maxInFlight }
  })

/** Xero's simulator module: what the demo server, benchmarks and the conformance suite use. */
export const simulator: SimulatorModule.SimulatorModule = SimulatorModule.make({
  system: SystemId.make(system),
  displayName,
  documentedMaxPageSize: maxPageSize,
  seedProfile,
  make: (options) => Effect.map(makeSimulator(options), (built) => built.simulator),
  demoConnection: (origin) => {
    const base = origin.endsWith("/") ? origin.slice(0, -1) : origin
    return {
      baseUrl: `${base}${apiPath}`,
      settings: { tenantId: demo.tenantId, clientId: demo.clientId, tokenUrl: `${base}${tokenPath}` },
      secrets: { clientSecret: demo.clientSecret },
      tokens: {
        accessToken: demo.accessToken,
        refreshToken: demo.refreshToken,
        expiresAtMillis: Number.MAX_SAFE_INTEGER
      }
    }
  }
})
