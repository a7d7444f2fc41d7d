/**
 * `XeroClient`: Xero's Accounting API for one connection (one tenant), on connector-kit.
 *
 * - Base URL `https://api.xero.com/api.xro/2.0` (the connection's override wins); `xero-tenant-id` on every call.
 * - OAuth 2.0 bearer tokens with rotating refresh tokens through core's `TokenStore` (`OAuthSession`: one refresh
 *   under concurrency, the rotated refresh token stored before the new access token is used).
 * - Xero's per-tenant limits client-side: 60 calls per minute, 5,000 per day, 5 in flight (connector-kit's
 *   limiter paces konto's own calls). A 429's `Retry-After` is honoured by the retry policy.
 *   `X-MinLimit-Remaining` / `X-DayLimit-Remaining` are read from every response. The header reaching 0 at the end
 *   of konto's own window is no reason to wait — the limiter already does; only when Xero counts more calls than
 *   konto made (another app or replica spends the tenant's minute) are those calls charged to the limiter, which
 *   then holds the next calls until they age out of its window (see `observe`).
 * - Xero's error bodies (`ValidationException` with per-element `ValidationErrors`) become `UpstreamRejected`
 *   carrying every message.
 *
 * Listing: sales invoices come from `GET /Invoices` (`Type=="ACCREC"`), sales credit notes from
 * `GET /CreditNotes` (`Type=="ACCRECCREDIT"`). Each stream is paged with the largest page (`pageSize=1000`),
 * page by page until `pagination.pageCount` (or a short page). The two are disjoint (a document is either an
 * invoice or a credit note), so:
 * - unordered, the listing is every invoice, then every credit note;
 * - ordered by date, both streams are requested with `order=Date ASC|DESC` and merged (a two-way merge that
 *   reads each stream page by page; on equal dates the invoice comes first);
 * - a `Count`/`CurrentPage` window of the unordered listing is cut from the concatenation by offsets: the
 *   invoice page covering the window's start tells the number of invoices (`pagination.itemCount`), and the
 *   part of the window beyond them is read from the credit notes at the offset that remains. Each document is
 *   in exactly one window for any window size. Without `itemCount` the window is cut from the stream instead.
 *   A window is not read from pages of 1,000: Xero numbers pages of any `pageSize` (1 to 1,000), so each part is
 *   read in the fewest requests, from the smallest pages that give them (`windowPages`) — `Count=100` is one page
 *   of 100.
 */

import {
  ClientAuth,
  HttpErrors,
  OAuthSession,
  OAuthTokenEndpoint,
  RateLimiter,
  type RetryPolicy,
  VendorClient,
  VendorPages
} from "@konto/connector-kit"
import {
  type Connection,
  type ConnectionField,
  type ConnectorError,
  Emulation,
  InvalidInput,
  type ListQuery,
  NotFound,
  type Operation,
  type TokenStore,
  UpstreamRejected
} from "@konto/core"
import {
  Clock,
  Config,
  Context,
  DateTime,
  Effect,
  Layer,
  Option,
  type Redacted,
  Ref,
  Scheduler,
  Schema,
  Stream
} from "effect"
import type { HttpClient } from "effect/http"
import { Headers } from "effect/http"
import { maxPageSize, rateLimits, system } from "./capabilities.ts"
import {
  creditNoteDocument,
  documentDate,
  errorDetail,
  invoiceDocument,
  renderWhere,
  type XeroCreditNote,
  XeroCreditNoteSummaries,
  XeroCreditNotes,
  XeroCreditNotesInput,
  type XeroDocument,
  type XeroDocumentInput,
  type XeroDocumentQuery,
  type XeroDocumentSummary,
  XeroError,
  type XeroInvoice,
  XeroInvoiceSummaries,
  XeroInvoices,
  XeroInvoicesInput,
  type XeroListQuery,
  type XeroPagination,
  type XeroValidationError
} from "./wire.ts"

/** Xero's API base URL. */
export const defaultBaseUrl = "https://api.xero.com/api.xro/2.0"

/** Xero's OAuth 2.0 token endpoint. */
export const defaultTokenUrl = "https://identity.xero.com/connect/token"

/** The OAuth scopes konto needs: read and write invoices and credit notes; `offline_access` for refresh tokens. */
export const scopes: ReadonlyArray<string> = ["accounting.transactions", "offline_access"]

/** Unit amounts to four decimals (`unitdp=4`): Xero rounds them to two otherwise. */
export const unitdp = 4

/** The longest `Idempotency-Key` Xero accepts. */
export const maxIdempotencyKeyLength = 128

/** What a `XeroClient` needs. */
export interface XeroClientOptions {
  /** Keys the token store (and names the connection in errors). */
  readonly connectionId: string
  /** The `xero-tenant-id` of the organisation (from `GET https://api.xero.com/connections`). */
  readonly tenantId: string
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** Replaces `https://api.xero.com/api.xro/2.0` (simulators, proxies). */
  readonly baseUrl?: Option.Option<string> | undefined
  /** Replaces `https://identity.xero.com/connect/token`. */
  readonly tokenUrl?: Option.Option<string> | undefined
  /** `RetryPolicy.defaults` when absent. */
  readonly retryPolicy?: RetryPolicy.RetryPolicy | undefined
  /** The `pageSize` asked for (default and most 1,000, Xero's largest page; smaller only for tests). */
  readonly pageSize?: number | undefined
}

/** The settings and secrets a Xero connection asks for. */
export const connectionFields: ReadonlyArray<ConnectionField> = [
  {
    name: "tenantId",
    secret: false,
    required: true,
    description: "The organisation's tenant id (xero-tenant-id), from GET https://api.xero.com/connections"
  },
  { name: "clientId", secret: false, required: true, description: "Client id of your Xero app" },
  { name: "clientSecret", secret: true, required: true, description: "Client secret of your Xero app" },
  { name: "tokenUrl", secret: false, required: false, description: `OAuth token endpoint (default ${defaultTokenUrl})` }
]

/** What Xero said about the tenant's remaining allowance in its latest response. */
export interface XeroLimits {
  readonly minuteRemaining: Option.Option<number>
  readonly dayRemaining: Option.Option<number>
  /** When (epoch ms) the latest response carrying the headers arrived. */
  readonly observedAtMillis: Option.Option<number>
}

/** Xero's Accounting API for one tenant: sales invoices and credit notes. */
export class XeroClient extends Context.Service<
  XeroClient,
  {
    /**
     * Every document of the query: invoices then credit notes, or both merged by date when ordered. Listing pages
     * are decoded to the summary fields only (`XeroInvoiceSummary`, `XeroCreditNoteSummary`).
     */
    readonly documents: (query: XeroDocumentQuery) => Stream.Stream<XeroDocumentSummary, ConnectorError>
    /** One `Count`/`CurrentPage` window of `documents(query)`. */
    readonly documentPage: (
      query: XeroDocumentQuery,
      request: ListQuery.PageRequest
    ) => Effect.Effect<ListQuery.Page<XeroDocumentSummary>, ConnectorError>
    /** A sales invoice (`GET /Invoices/{id}`) or, failing that, a sales credit note (`GET /CreditNotes/{id}`). */
    readonly document: (id: string) => Effect.Effect<XeroDocument, ConnectorError>
    /** Creates a draft invoice (`PUT /Invoices`) or credit note (`PUT /CreditNotes`) under an `Idempotency-Key`. */
    readonly create: (input: XeroDocumentInput, idempotencyKey: string) => Effect.Effect<XeroDocument, ConnectorError>
    /** The allowance Xero reported last. */
    readonly limits: Effect.Effect<XeroLimits>
  }
>()("@konto/adapter-xero/XeroClient") {}

const readErrorBody: HttpErrors.ErrorBodyReader = HttpErrors.errorBodyReader(XeroError, (body) =>
  Option.isSome(body.Message) || body.Elements.length > 0
    ? Option.some({
        detail: errorDetail(body),
        vendorCode: Option.orElse(body.Type, () => Option.map(body.ErrorNumber, String))
      })
    : Option.none()
)

// Xero's identity layer answers 401/403 with capitalised problem details ({Title, Detail, Status}).
const readProblemBody: HttpErrors.ErrorBodyReader = HttpErrors.errorBodyReader(
  Schema.Struct({ Title: Schema.optional(Schema.String), Detail: Schema.optional(Schema.String) }),
  (body) =>
    Option.fromUndefinedOr(body.Detail ?? body.Title).pipe(
      Option.map((detail) => ({ detail, vendorCode: Option.fromUndefinedOr(body.Title) }))
    )
)

const errorBody: HttpErrors.ErrorBodyReader = (body, status) => {
  const xero = readErrorBody(body, status)
  return Option.isSome(xero) ? xero : readProblemBody(body, status)
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const headerNumber = (headers: Headers.Headers, name: string): Option.Option<number> =>
  Option.flatMap(Headers.get(headers, name), (value) => {
    const parsed = Number(value.trim())
    return value.trim() !== "" && Number.isInteger(parsed) ? Option.some(parsed) : Option.none()
  })

const minuteMillis = 60_000

// Xero counts a call when it arrives, konto when its limiter grants it: calls whose latencies differ by up to this
// much are still matched when Xero's count is compared with konto's.
const arrivalSlackMillis = 1_000

/** The window konto paces Xero's 60 calls a minute over: a minute plus the arrival slack (see the limiter below). */
export const pacedMinuteMillis = minuteMillis + arrivalSlackMillis

/** The Xero pages (`page` from 1 to `last`, inclusive, all of `pageSize` items) that serve items `[from, to)`. */
export interface WindowPages {
  readonly pageSize: number
  readonly first: number
  readonly last: number
}

/**
 * The pages to read for items `[from, to)` of one listing: the fewest requests, and of those the smallest
 * `pageSize` (1 to `maxSize`), so a window is read in as few and as small pages as Xero's numbered pages allow —
 * `[0, 100)` is page 1 of 100, `[200, 300)` page 3 of 100, `[50, 150)` page 1 of 150. A window no single page
 * covers takes the fewest pages any size gives (at worst the pages of `maxSize` that cover it).
 */
export const windowPages = (from: number, to: number, maxSize: number): WindowPages => {
  const last = Math.max(from + 1, to) - 1
  let best: WindowPages | undefined
  for (let size = 1; size <= maxSize; size++) {
    const pages = { pageSize: size, first: Math.floor(from / size) + 1, last: Math.floor(last / size) + 1 }
    if (best === undefined || pages.last - pages.first < best.last - best.first) best = pages
    // One page is the fewest there can be, and no smaller size gave one.
    if (pages.first === pages.last) break
  }
  return best!
}

/** The messages of a document Xero returned with validation errors (`summarizeErrors=false` style answers). */
const validationMessages = (errors: ReadonlyArray<XeroValidationError>): ReadonlyArray<string> =>
  errors.flatMap((error) => Option.toArray(error.Message))

interface Cursor<A> {
  readonly buffer: ReadonlyArray<A>
  readonly index: number
  readonly nextPage: Option.Option<number>
}

interface Slice<A> {
  readonly items: ReadonlyArray<A>
  /** The length of the whole listing, when known. */
  readonly total: Option.Option<number>
}

/** Builds the client on the `HttpClient` and `TokenStore` of the context. */
export const make = (
  options: XeroClientOptions
): Effect.Effect<XeroClient["Service"], never, HttpClient.HttpClient | TokenStore.TokenStore> =>
  Effect.gen(function* () {
    const pageSize = Math.max(1, Math.min(maxPageSize, Math.floor(options.pageSize ?? maxPageSize)))
    const tokenEndpoint = yield* OAuthTokenEndpoint.make({
      system,
      url: Option.getOrElse(options.tokenUrl ?? Option.none(), () => defaultTokenUrl),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      clientAuthentication: "basic"
    })
    const session = yield* OAuthSession.make({
      system,
      connectionId: options.connectionId,
      refresh: tokenEndpoint.refresh
    })
    // Xero's limits are per tenant: every connection to the same organisation shares them. Xero counts a call when
    // it arrives, the limiter when it grants it: the time between varies (a GC pause, the network), so the minute
    // carries a second of margin (1.7%); without it a long export drew a 429 at a window's edge now and then.
    const rateLimiter = yield* RateLimiter.shared(`${system}:${options.tenantId}`, {
      windows: [
        { limit: rateLimits.perMinute, windowMillis: pacedMinuteMillis },
        { limit: rateLimits.perDay, windowMillis: 86_400_000 }
      ],
      maxConcurrent: rateLimits.concurrent
    })
    const vendor = yield* VendorClient.make({
      system,
      baseUrl: defaultBaseUrl,
      baseUrlOverride: options.baseUrl,
      headers: { "xero-tenant-id": options.tenantId },
      auth: ClientAuth.oauth(session),
      rateLimiter,
      retryPolicy: options.retryPolicy,
      errorBody
    })
    const limitsRef = yield* Ref.make<XeroLimits>({
      minuteRemaining: Option.none(),
      dayRemaining: Option.none(),
      observedAtMillis: Option.none()
    })

    /**
     * Reads the limit headers of a response to a call made at `calledAt`. Xero's minute header says how many calls
     * of the tenant it counted in its last minute (`60 − X-MinLimit-Remaining`); every call konto made that Xero can
     * have counted was granted after `calledAt − 1 minute`. When Xero counted more than that, someone else (another
     * app, another replica) spent the difference: it is charged to the limiter now, so the limiter — which knows
     * its own window, scaled or not — holds konto's next calls until those grants age out of it, instead of
     * drawing a 429. A header that counts no more than konto made (the minute spent by konto itself) waits for
     * nothing: the limiter paces konto's calls already.
     *
     * Looking back a whole minute over-counts konto's share when the limiter's window is shorter (a scaled
     * registry), which can only make konto miss someone else's calls (then Xero's 429 and `Retry-After` apply),
     * never wait for its own.
     */
    const observe = (headers: Headers.Headers, calledAt: number) =>
      Effect.gen(function* () {
        const minuteRemaining = headerNumber(headers, "x-minlimit-remaining")
        const dayRemaining = headerNumber(headers, "x-daylimit-remaining")
        if (Option.isNone(minuteRemaining) && Option.isNone(dayRemaining)) return
        const now = yield* Clock.currentTimeMillis
        yield* Ref.set(limitsRef, { minuteRemaining, dayRemaining, observedAtMillis: Option.some(now) })
        if (Option.isNone(minuteRemaining)) return
        const countedByXero = rateLimits.perMinute - minuteRemaining.value
        // The limiter counts every call it granted and every charge (its day window keeps 5,000, far more than a
        // minute holds); the clients of a tenant share it, so they never take each other's calls for someone
        // else's. Compared and charged at once (the fiber does not yield in between), so two answers never charge
        // the same calls.
        yield* Effect.gen(function* () {
          const konto = yield* rateLimiter.grantedSince(calledAt - minuteMillis - arrivalSlackMillis)
          const others = countedByXero - konto
          if (others > 0) yield* rateLimiter.charge(others)
        }).pipe(Effect.provideService(Scheduler.PreventSchedulerYield, true))
      })

    const getJson = <S extends Schema.Constraint>(
      path: string,
      requestOptions: VendorClient.RequestOptions,
      schema: S
    ): Effect.Effect<S["Type"], ConnectorError, S["DecodingServices"]> =>
      Effect.gen(function* () {
        const calledAt = yield* Clock.currentTimeMillis
        const response = yield* vendor.requestJson("GET", path, requestOptions, schema)
        yield* observe(response.headers, calledAt)
        return response.body
      })

    const listParameters = (query: XeroListQuery, page: number, size: number) => ({
      query: {
        page,
        pageSize: size,
        Statuses: query.statuses.length === 0 ? undefined : query.statuses.join(","),
        where: Option.getOrUndefined(Option.map(query.where, renderWhere)),
        order: Option.getOrUndefined(query.order),
        unitdp
      },
      headers: {
        // The spec declares `format: date-time` (its example: 2020-02-06T12:17:43.202-08:00); milliseconds kept.
        "If-Modified-Since": Option.getOrUndefined(
          Option.map(query.ifModifiedSince, (instant) => DateTime.formatIso(instant))
        )
      }
    })

    const pageInfo = (pagination: Option.Option<XeroPagination>): VendorPages.PageInfo => ({
      totalItems: Option.getOrNull(Option.flatMap(pagination, (found) => found.itemCount)),
      totalPages: Option.getOrNull(Option.flatMap(pagination, (found) => found.pageCount))
    })

    const invoicePage =
      (query: XeroListQuery): VendorPages.FetchPage<XeroDocumentSummary, ConnectorError, never> =>
      (page, size) =>
        getJson("/Invoices", { operation: "list", ...listParameters(query, page, size) }, XeroInvoiceSummaries).pipe(
          Effect.map((body) => VendorPages.make(body.Invoices.map(invoiceDocument), pageInfo(body.pagination)))
        )

    // /CreditNotes has no `Statuses` parameter: the query's statuses are already in its `where`.
    const creditNotePage =
      (query: XeroListQuery): VendorPages.FetchPage<XeroDocumentSummary, ConnectorError, never> =>
      (page, size) =>
        getJson(
          "/CreditNotes",
          { operation: "list", ...listParameters({ ...query, statuses: [] }, page, size) },
          XeroCreditNoteSummaries
        ).pipe(
          Effect.map((body) => VendorPages.make(body.CreditNotes.map(creditNoteDocument), pageInfo(body.pagination)))
        )

    // Reads the cursor's next page when its buffer is spent (skipping empty pages), until the stream ends.
    const fill = (
      fetchPage: VendorPages.FetchPage<XeroDocumentSummary, ConnectorError, never>,
      cursor: Cursor<XeroDocumentSummary>
    ): Effect.Effect<Cursor<XeroDocumentSummary>, ConnectorError> => {
      if (cursor.index < cursor.buffer.length || Option.isNone(cursor.nextPage)) return Effect.succeed(cursor)
      const pageNumber = cursor.nextPage.value
      return Effect.flatMap(fetchPage(pageNumber, pageSize), (page) =>
        fill(fetchPage, {
          buffer: page.items,
          index: 0,
          nextPage: VendorPages.hasNextPage(page, pageNumber, pageSize) ? Option.some(pageNumber + 1) : Option.none()
        })
      )
    }

    // Merges two date-ordered streams page by page; documents without a date sort last, as Xero orders nulls.
    const merged = (
      query: XeroDocumentQuery,
      direction: "ASC" | "DESC"
    ): Stream.Stream<XeroDocumentSummary, ConnectorError> => {
      const before = (left: XeroDocumentSummary, right: XeroDocumentSummary): boolean => {
        const a = Option.getOrUndefined(documentDate(left))
        const b = Option.getOrUndefined(documentDate(right))
        if (a === b) return true
        if (a === undefined) return false
        if (b === undefined) return true
        return direction === "ASC" ? a < b : a > b
      }
      const start: Cursor<XeroDocumentSummary> = { buffer: [], index: 0, nextPage: Option.some(1) }
      return Stream.unfold({ invoices: start, creditNotes: start }, (state) =>
        Effect.gen(function* () {
          const invoices = yield* fill(invoicePage(query.invoices), state.invoices)
          const creditNotes = yield* fill(creditNotePage(query.creditNotes), state.creditNotes)
          const invoice = invoices.buffer[invoices.index]
          const creditNote = creditNotes.buffer[creditNotes.index]
          if (invoice === undefined && creditNote === undefined) return undefined
          if (invoice !== undefined && (creditNote === undefined || before(invoice, creditNote))) {
            return [invoice, { invoices: { ...invoices, index: invoices.index + 1 }, creditNotes }] as const
          }
          return [creditNote!, { invoices, creditNotes: { ...creditNotes, index: creditNotes.index + 1 } }] as const
        })
      )
    }

    const documents = (query: XeroDocumentQuery): Stream.Stream<XeroDocumentSummary, ConnectorError> =>
      Option.match(query.orderByDate, {
        onNone: () =>
          Stream.concat(
            VendorPages.stream(invoicePage(query.invoices), { pageSize }),
            VendorPages.stream(creditNotePage(query.creditNotes), { pageSize })
          ),
        onSome: (direction) => merged(query, direction)
      })

    // Items [from, to) of one listing, from the fewest and smallest Xero pages that cover them.
    const slice = (
      fetchPage: VendorPages.FetchPage<XeroDocumentSummary, ConnectorError, never>,
      from: number,
      to: number
    ): Effect.Effect<Slice<XeroDocumentSummary>, ConnectorError> =>
      Effect.gen(function* () {
        const items: Array<XeroDocumentSummary> = []
        let total = Option.none<number>()
        let previousWasFull = false
        const { pageSize: size, first, last } = windowPages(from, to, pageSize)
        for (let pageNumber = first; pageNumber <= last; pageNumber++) {
          const page = yield* fetchPage(pageNumber, size)
          const pageStart = (pageNumber - 1) * size
          for (
            let index = Math.max(from - pageStart, 0);
            index < page.items.length && pageStart + index < to;
            index++
          ) {
            items.push(page.items[index]!)
          }
          if (Option.isSome(page.totalItems)) total = page.totalItems
          if (!VendorPages.hasNextPage(page, pageNumber, size)) {
            if (Option.isNone(total) && (page.items.length > 0 || pageNumber === 1 || previousWasFull)) {
              total = Option.some(pageStart + page.items.length)
            }
            break
          }
          previousWasFull = page.items.length >= size
        }
        return { items, total }
      })

    const documentPage = (
      query: XeroDocumentQuery,
      request: ListQuery.PageRequest
    ): Effect.Effect<ListQuery.Page<XeroDocumentSummary>, ConnectorError> =>
      Effect.gen(function* () {
        if (Option.isSome(query.orderByDate)) return yield* Emulation.pageFromStream(documents(query), request)
        const start = (request.currentPage - 1) * request.count
        const end = start + request.count
        const invoices = yield* slice(invoicePage(query.invoices), start, end)
        const unknownTotals = { totalResources: Option.none<number>(), totalPages: Option.none<number>() }
        if (Option.isNone(invoices.total)) {
          if (invoices.items.length === request.count)
            return { items: invoices.items, currentPage: request.currentPage, ...unknownTotals }
          // Where the credit notes start is unknown: cut the window from the stream instead.
          return yield* Emulation.pageFromStream(documents(query), request)
        }
        const invoiceCount = invoices.total.value
        if (end <= invoiceCount) return { items: invoices.items, currentPage: request.currentPage, ...unknownTotals }
        const creditNotes = yield* slice(
          creditNotePage(query.creditNotes),
          Math.max(0, start - invoiceCount),
          end - invoiceCount
        )
        const items = [...invoices.items, ...creditNotes.items]
        return Option.match(creditNotes.total, {
          onNone: () => ({ items, currentPage: request.currentPage, ...unknownTotals }),
          onSome: (creditNoteCount) => {
            const total = invoiceCount + creditNoteCount
            return {
              items,
              currentPage: request.currentPage,
              totalResources: Option.some(total),
              totalPages: Option.some(Math.ceil(total / request.count))
            }
          }
        })
      })

    const notFound = (id: string) => new NotFound({ system, operation: "get", resource: "SalesInvoice", id })

    const invoiceById = (id: string): Effect.Effect<Option.Option<XeroInvoice>, ConnectorError> =>
      getJson(
        VendorClient.path`/Invoices/${id}`,
        { operation: "get", query: { unitdp }, notFound: { resource: "SalesInvoice", id } },
        XeroInvoices
      ).pipe(
        Effect.map((body) =>
          Option.fromNullishOr(body.Invoices.find((invoice) => Option.getOrUndefined(invoice.Type) === "ACCREC"))
        ),
        Effect.catchTag("NotFound", () => Effect.succeedNone)
      )

    const creditNoteById = (id: string): Effect.Effect<Option.Option<XeroCreditNote>, ConnectorError> =>
      getJson(
        VendorClient.path`/CreditNotes/${id}`,
        { operation: "get", query: { unitdp }, notFound: { resource: "SalesInvoice", id } },
        XeroCreditNotes
      ).pipe(
        Effect.map((body) =>
          Option.fromNullishOr(
            body.CreditNotes.find((creditNote) => Option.getOrUndefined(creditNote.Type) === "ACCRECCREDIT")
          )
        ),
        Effect.catchTag("NotFound", () => Effect.succeedNone)
      )

    // A purchase bill (ACCPAY) or purchase credit note is not a sales invoice: not found, like an unknown id.
    const document = (id: string): Effect.Effect<XeroDocument, ConnectorError> =>
      Effect.gen(function* () {
        const invoice = yield* invoiceById(id)
        if (Option.isSome(invoice)) return invoiceDocument(invoice.value)
        // Credit notes are fetched by CreditNoteID only; /Invoices/{id} also accepts an invoice number.
        if (!uuidPattern.test(id)) return yield* notFound(id)
        const creditNote = yield* creditNoteById(id)
        if (Option.isSome(creditNote)) return creditNoteDocument(creditNote.value)
        return yield* notFound(id)
      })

    const rejected = (operation: Operation, messages: ReadonlyArray<string>) =>
      new UpstreamRejected({
        system,
        operation,
        status: 200,
        detail: `Xero reported validation errors: ${[...new Set(messages)].join("; ")}`,
        vendorCode: "ValidationException"
      })

    const send = <S extends Schema.Constraint>(path: string, body: unknown, schema: S, idempotencyKey: string) =>
      Effect.gen(function* () {
        const calledAt = yield* Clock.currentTimeMillis
        const response = yield* vendor.requestJson(
          "PUT",
          path,
          {
            operation: "create",
            // Validation errors as a 400 with Xero's error body, not a 200 with errors inside.
            query: { summarizeErrors: true, unitdp },
            headers: { "Idempotency-Key": idempotencyKey },
            body
          },
          schema
        )
        yield* observe(response.headers, calledAt)
        return response.body
      })

    const create = (input: XeroDocumentInput, idempotencyKey: string): Effect.Effect<XeroDocument, ConnectorError> =>
      Effect.gen(function* () {
        if (idempotencyKey.length > maxIdempotencyKeyLength) {
          return yield* new InvalidInput({
            system,
            operation: "create",
            field: "Idempotency-Key",
            detail: `Xero accepts at most ${maxIdempotencyKeyLength} characters`
          })
        }
        if (input._tag === "Invoice") {
          const body = yield* encodeInvoices({ Invoices: [input.invoice] })
          const answer = yield* send("/Invoices", body, XeroInvoices, idempotencyKey)
          const created = answer.Invoices[0]
          if (created === undefined) return yield* missingRecord("Invoices")
          const messages = validationMessages(created.ValidationErrors)
          if (Option.getOrElse(created.HasErrors, () => false) || messages.length > 0)
            return yield* rejected("create", messages)
          return invoiceDocument(created)
        }
        const body = yield* encodeCreditNotes({ CreditNotes: [input.creditNote] })
        const answer = yield* send("/CreditNotes", body, XeroCreditNotes, idempotencyKey)
        const created = answer.CreditNotes[0]
        if (created === undefined) return yield* missingRecord("CreditNotes")
        const messages = validationMessages(created.ValidationErrors)
        if (Option.getOrElse(created.HasErrors, () => false) || messages.length > 0)
          return yield* rejected("create", messages)
        return creditNoteDocument(created)
      })

    return XeroClient.of({ documents, documentPage, document, create, limits: Ref.get(limitsRef) })
  })

const encodeInvoices = (body: typeof XeroInvoicesInput.Type) =>
  Schema.encodeEffect(XeroInvoicesInput)(body).pipe(
    Effect.mapError(
      (issue) => new InvalidInput({ system, operation: "create", field: "(invoice)", detail: issue.message })
    )
  )

const encodeCreditNotes = (body: typeof XeroCreditNotesInput.Type) =>
  Schema.encodeEffect(XeroCreditNotesInput)(body).pipe(
    Effect.mapError(
      (issue) => new InvalidInput({ system, operation: "create", field: "(credit note)", detail: issue.message })
    )
  )

const missingRecord = (collection: string) =>
  new UpstreamRejected({
    system,
    operation: "create",
    status: 200,
    detail: `Xero answered without the created record (${collection} was empty)`,
    vendorCode: null
  })

/** The client as a layer. */
export const layer = (
  options: XeroClientOptions
): Layer.Layer<XeroClient, never, HttpClient.HttpClient | TokenStore.TokenStore> =>
  Layer.effect(XeroClient, make(options))

/** The client options of a connection; `InvalidInput` when a required field is missing. */
export const optionsFromConnection = (connection: Connection): Effect.Effect<XeroClientOptions, InvalidInput> => {
  const missing = (field: string) =>
    Effect.fail(new InvalidInput({ system, operation: "connect", field, detail: "is required" }))
  const tenantId = connection.settings["tenantId"]?.trim() ?? ""
  const clientId = connection.settings["clientId"]?.trim() ?? ""
  const clientSecret = connection.secrets["clientSecret"]
  if (tenantId === "") return missing("tenantId")
  if (clientId === "") return missing("clientId")
  if (clientSecret === undefined) return missing("clientSecret")
  return Effect.succeed({
    connectionId: connection.connectionId,
    tenantId,
    clientId,
    clientSecret,
    baseUrl: connection.baseUrl,
    tokenUrl: Option.filter(Option.fromNullishOr(connection.settings["tokenUrl"]), (url) => url.trim() !== "")
  })
}

/**
 * The client from configuration: `connectionId`, `tenantId`, `clientId`, `clientSecret` (redacted), optional
 * `baseUrl` and `tokenUrl`.
 */
export const layerConfig = (
  config: Config.Wrap<XeroClientOptions>
): Layer.Layer<XeroClient, Config.ConfigError, HttpClient.HttpClient | TokenStore.TokenStore> =>
  Layer.effect(XeroClient, Effect.flatMap(Config.unwrap(config), make))
