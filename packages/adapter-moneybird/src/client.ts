/**
 * `MoneybirdClient`: Moneybird's sales-invoice endpoints (API v2) for one administration, on connector-kit.
 *
 * - Base URL `https://moneybird.com/api/v2/{administration_id}`: the connection's override replaces
 *   `https://moneybird.com/api/v2`, the administration id is always appended. Every path ends in `.json`.
 * - Authentication by bearer token: a personal API token as it is, or OAuth 2 — access tokens refreshed through
 *   core's `TokenStore` (`OAuthSession`: one refresh under concurrency, a rotated refresh token stored before the
 *   new access token is used) at `https://moneybird.com/oauth/token`, client credentials in the form.
 * - Moneybird's limit, 150 requests per 5 minutes, kept client-side per connection. A 429 is retried after
 *   `Retry-After`, which Moneybird's spec describes as the epoch second the window resets (not a delay): a value
 *   that large is turned into the delay until then (`RateLimit-Reset` is read the same way when `Retry-After` is
 *   missing), so either reading works.
 * - Error bodies (`{ error, symbolic }`, `{ error: { field: [...] }, details }`, `"Retry later"`) become core's
 *   errors with Moneybird's message.
 * - Paging with `page` / `per_page` (at most 100), following `Link: rel="next"`; Moneybird gives no totals.
 * - The synchronization endpoints: ids and versions (`GET`), then up to 100 invoices per `POST`.
 */

import {
  ClientAuth,
  type HttpErrors,
  OAuthSession,
  OAuthTokenEndpoint,
  RateLimiter,
  RetryPolicy,
  VendorClient,
  VendorPages
} from "@konto/connector-kit"
import {
  type Connection,
  type ConnectionField,
  type ConnectorError,
  InvalidInput,
  type ListQuery,
  TokenStore
} from "@konto/core"
import { Clock, Config, Context, Effect, Layer, Option, type Redacted, Schema, Stream } from "effect"
import { Headers, HttpClient, HttpClientResponse } from "effect/http"
import { maxPageSize, rateLimit, system } from "./capabilities.ts"
import * as Wire from "./wire.ts"

/** Moneybird's API root; the administration id follows it. */
export const defaultBaseUrl = "https://moneybird.com/api/v2"

/** Moneybird's OAuth token endpoint. */
export const defaultTokenUrl = "https://moneybird.com/oauth/token"

/** The response format every path ends in. */
export const format = ".json"

/** The OAuth scope konto needs (a personal API token has it when created with "Sales invoices"). */
export const scopes: ReadonlyArray<string> = ["sales_invoices"]

/** Moneybird's 429 waits up to a whole 5-minute window; konto waits rather than fail. */
export const defaultRetryPolicy: RetryPolicy.RetryPolicy = RetryPolicy.make({
  maxRetryAfterMillis: rateLimit.perMillis
})

/** How a client authenticates: a personal API token, or an OAuth application (tokens in the `TokenStore`). */
export type MoneybirdAuth =
  | { readonly _tag: "ApiToken"; readonly token: Redacted.Redacted<string> }
  | {
      readonly _tag: "OAuth"
      readonly clientId: string
      readonly clientSecret: Redacted.Redacted<string>
      /** Replaces `https://moneybird.com/oauth/token`. */
      readonly tokenUrl?: Option.Option<string> | undefined
    }

/** What a Moneybird client needs. */
export interface MoneybirdClientOptions {
  /** Keys the rate limiter (one limiter per connection however often the layer is built). */
  readonly connectionId: string
  /** The administration (`administration_id`) the invoices live in. */
  readonly administrationId: string
  readonly auth: MoneybirdAuth
  /** Replaces `https://moneybird.com/api/v2` (proxies, simulators); the administration id is appended. */
  readonly baseUrl?: Option.Option<string> | undefined
  /** `defaultRetryPolicy` when absent. */
  readonly retryPolicy?: RetryPolicy.RetryPolicy | undefined
}

/** The settings and secrets a Moneybird connection asks for. */
export const connectionFields: ReadonlyArray<ConnectionField> = [
  {
    name: "administrationId",
    secret: false,
    required: true,
    description:
      "The administration's id (digits; the number after moneybird.com/ in the web app, or GET /administrations.json)"
  },
  {
    name: "apiToken",
    secret: true,
    required: false,
    description: "A personal API token with the sales_invoices scope (required unless the OAuth fields are given)"
  },
  {
    name: "clientId",
    secret: false,
    required: false,
    description: "OAuth: your Moneybird application's client id (its tokens live in the TokenStore)"
  },
  {
    name: "clientSecret",
    secret: true,
    required: false,
    description: "OAuth: your Moneybird application's client secret"
  },
  { name: "tokenUrl", secret: false, required: false, description: `OAuth token endpoint (default ${defaultTokenUrl})` }
]

const administrationIdPattern = /^\d+$/

/** The client options of a connection; `InvalidInput` when a required field is missing or malformed. */
export const optionsFromConnection = (connection: Connection): Effect.Effect<MoneybirdClientOptions, InvalidInput> => {
  const administrationId = connection.settings["administrationId"]?.trim() ?? ""
  const apiToken = connection.secrets["apiToken"]
  const clientId = connection.settings["clientId"]?.trim() ?? ""
  const clientSecret = connection.secrets["clientSecret"]
  if (administrationId === "") {
    return Effect.fail(
      new InvalidInput({ system, operation: "connect", field: "administrationId", detail: "is required" })
    )
  }
  if (!administrationIdPattern.test(administrationId)) {
    return Effect.fail(
      new InvalidInput({ system, operation: "connect", field: "administrationId", detail: "must be digits" })
    )
  }
  const tokenUrl = Option.filter(Option.fromNullishOr(connection.settings["tokenUrl"]), (url) => url.trim() !== "")
  const auth: MoneybirdAuth | undefined =
    apiToken !== undefined
      ? { _tag: "ApiToken", token: apiToken }
      : clientId !== "" && clientSecret !== undefined
        ? { _tag: "OAuth", clientId, clientSecret, tokenUrl }
        : undefined
  if (auth === undefined) {
    return Effect.fail(
      new InvalidInput({
        system,
        operation: "connect",
        field: "apiToken",
        detail: "is required (or clientId and clientSecret of an OAuth application)"
      })
    )
  }
  return Effect.succeed({ connectionId: connection.connectionId, administrationId, auth, baseUrl: connection.baseUrl })
}

/** Moneybird's sales-invoice endpoints for one administration, in Moneybird's wire format. */
export class MoneybirdClient extends Context.Service<
  MoneybirdClient,
  {
    readonly administrationId: string
    /** One page of `GET /sales_invoices` (`page` from 1, `per_page` 1–100). */
    readonly salesInvoicePage: (
      filter: Wire.FilterTerms,
      page: number,
      perPage: number
    ) => Effect.Effect<VendorPages.VendorPage<Wire.SalesInvoice>, ConnectorError>
    /** Every invoice matching the filter, 100 per request. */
    readonly salesInvoices: (filter: Wire.FilterTerms) => Stream.Stream<Wire.SalesInvoice, ConnectorError>
    /** API.1's `Count` / `CurrentPage` window of the listing, from the one Moneybird page of that size. */
    readonly salesInvoiceWindow: (
      filter: Wire.FilterTerms,
      request: ListQuery.PageRequest
    ) => Effect.Effect<ListQuery.Page<Wire.SalesInvoice>, ConnectorError>
    /** `GET /sales_invoices/synchronization`: the id and version of every invoice matching the filter. */
    readonly versions: (
      filter: Wire.FilterTerms
    ) => Effect.Effect<ReadonlyArray<Wire.SynchronizationEntry>, ConnectorError>
    /** `POST /sales_invoices/synchronization`: the invoices with these ids, 100 per request, in Moneybird's order. */
    readonly salesInvoicesByIds: (ids: ReadonlyArray<string>) => Stream.Stream<Wire.SalesInvoice, ConnectorError>
    /** `GET /sales_invoices/{id}`. */
    readonly salesInvoice: (id: string) => Effect.Effect<Wire.SalesInvoice, ConnectorError>
    /** `GET /sales_invoices/find_by_invoice_id/{invoice_id}` (by invoice number). */
    readonly findByInvoiceId: (invoiceId: string) => Effect.Effect<Wire.SalesInvoice, ConnectorError>
    /** `GET /sales_invoices/find_by_reference/{reference}`; `none` when no invoice has it. */
    readonly findByReference: (reference: string) => Effect.Effect<Option.Option<Wire.SalesInvoice>, ConnectorError>
    /** `POST /sales_invoices`: creates a draft (nothing is sent). Not retried after a lost answer. */
    readonly createSalesInvoice: (body: Wire.CreateSalesInvoice) => Effect.Effect<Wire.SalesInvoice, ConnectorError>
    /** `PATCH /sales_invoices/{id}/send_invoice`: sends (or schedules) an invoice. Never retried after a lost answer. */
    readonly sendSalesInvoice: (
      id: string,
      sending: Wire.SalesInvoiceSending
    ) => Effect.Effect<Wire.SalesInvoice, ConnectorError>
    /** `GET /contacts/customer_id/{customer_id}`; `none` when no contact has it. */
    readonly contactByCustomerId: (
      customerId: string
    ) => Effect.Effect<Option.Option<Wire.ContactRecord>, ConnectorError>
    /** `GET /tax_rates` with `tax_rate_type:sales_invoice,active:true`. */
    readonly salesTaxRates: Effect.Effect<ReadonlyArray<Wire.TaxRate>, ConnectorError>
  }
>()("@konto/adapter-moneybird/MoneybirdClient") {}

const decodeErrorBody = Schema.decodeUnknownOption(Wire.ErrorBody)

const describeFields = (fields: Readonly<Record<string, unknown>>): string =>
  Object.entries(fields)
    .map(
      ([field, messages]) =>
        `${field} ${Array.isArray(messages) ? messages.map((message) => (typeof message === "string" ? message : JSON.stringify(message))).join(", ") : JSON.stringify(messages)}`
    )
    .join("; ")

const symbolicCode = (fields: Readonly<Record<string, unknown>>): Option.Option<string> => {
  const codes = Object.entries(fields).map(([field, code]) => {
    if (typeof code === "string") return `${field}:${code}`
    if (Array.isArray(code)) {
      const first: unknown = code[0]
      if (typeof first === "object" && first !== null && "error" in first) return `${field}:${String(first.error)}`
    }
    return field
  })
  return codes.length === 0 ? Option.none() : Option.some(codes.join(","))
}

/** Moneybird's error bodies: the message, and the symbolic codes (`id:not_found`) as the vendor code. */
export const readErrorBody: HttpErrors.ErrorBodyReader = (body) =>
  Option.flatMap(decodeErrorBody(body), (decoded): Option.Option<HttpErrors.VendorMessage> => {
    if (typeof decoded === "string")
      return decoded.trim() === "" ? Option.none() : Option.some({ detail: decoded, vendorCode: Option.none() })
    const error = decoded.error
    const codes = Option.orElse(Option.flatMap(Option.fromNullishOr(decoded.symbolic), symbolicCode), () =>
      Option.flatMap(Option.fromNullishOr(decoded.details), symbolicCode)
    )
    if (typeof error === "string") return Option.some({ detail: error, vendorCode: codes })
    if (error !== null && error !== undefined) return Option.some({ detail: describeFields(error), vendorCode: codes })
    return Option.none()
  })

/** A `Retry-After` that large is a point in time (epoch seconds), not a delay of decades. */
const epochSecondsThreshold = 1_000_000_000

const integerHeader = (headers: Headers.Headers, name: string): Option.Option<number> =>
  Option.flatMap(Headers.get(headers, name), (value) =>
    /^\d+$/.test(value.trim()) ? Option.some(Number(value.trim())) : Option.none()
  )

/**
 * Rewrites a 429's `Retry-After` into a delay in seconds when Moneybird sent the epoch second its window resets
 * (as its spec documents), or sent only `RateLimit-Reset`; other responses pass untouched.
 */
export const normaliseRetryAfter = (
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<HttpClientResponse.HttpClientResponse> => {
  if (response.status !== 429) return Effect.succeed(response)
  const retryAfter = integerHeader(response.headers, "retry-after")
  const reset = Option.orElse(
    Option.filter(retryAfter, (value) => value >= epochSecondsThreshold),
    () =>
      Option.isNone(Headers.get(response.headers, "retry-after"))
        ? integerHeader(response.headers, "ratelimit-reset")
        : Option.none()
  )
  if (Option.isNone(reset)) return Effect.succeed(response)
  return Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    const text = yield* Effect.orElseSucceed(response.text, () => "")
    const delaySeconds = Math.max(0, reset.value - Math.floor(now / 1000))
    return HttpClientResponse.fromWeb(
      response.request,
      new Response(text, {
        status: response.status,
        headers: { ...response.headers, "retry-after": String(delaySeconds) }
      })
    )
  })
}

const salesInvoicesPath = `/sales_invoices${format}`

/**
 * The `ClientAuth` for the options. OAuth needs a `TokenStore` in the context (it is optional in the type, so an
 * API-token client needs none); without one an OAuth client fails with `InvalidInput`.
 */
const clientAuthOf = (
  options: MoneybirdClientOptions,
  http: HttpClient.HttpClient
): Effect.Effect<ClientAuth.ClientAuth, InvalidInput> =>
  Effect.gen(function* () {
    const auth = options.auth
    if (auth._tag === "ApiToken") return ClientAuth.bearer(auth.token)
    const store = yield* Effect.serviceOption(TokenStore.TokenStore)
    if (Option.isNone(store)) {
      return yield* new InvalidInput({
        system,
        operation: "connect",
        field: "clientId",
        detail: "an OAuth connection needs a TokenStore for its tokens"
      })
    }
    const endpoint = OAuthTokenEndpoint.makeWith(http, {
      system,
      url: Option.getOrElse(auth.tokenUrl ?? Option.none(), () => defaultTokenUrl),
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      // Moneybird's documented token requests carry the client id and secret in the form.
      clientAuthentication: "body"
    })
    const session = yield* OAuthSession.make({
      system,
      connectionId: options.connectionId,
      refresh: endpoint.refresh
    }).pipe(Effect.provideService(TokenStore.TokenStore, store.value))
    return ClientAuth.oauth(session)
  })

/** Builds the client on the `HttpClient` (and, for OAuth, the `TokenStore`) of the context. */
export const make = (
  options: MoneybirdClientOptions
): Effect.Effect<MoneybirdClient["Service"], InvalidInput, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const raw = yield* HttpClient.HttpClient
    const http = raw.pipe(HttpClient.transformResponse(Effect.flatMap(normaliseRetryAfter)))
    const auth = yield* clientAuthOf(options, raw)
    const rateLimiter = yield* RateLimiter.shared(`${system}:${options.connectionId}`, {
      windows: [{ limit: rateLimit.requests, windowMillis: rateLimit.perMillis }]
    })
    const root = Option.getOrElse(
      Option.filter(options.baseUrl ?? Option.none(), (url) => url.trim() !== ""),
      () => defaultBaseUrl
    )
    const client = VendorClient.makeWith(http, {
      system,
      baseUrl: `${root.endsWith("/") ? root.slice(0, -1) : root}/${options.administrationId}`,
      auth,
      rateLimiter,
      retryPolicy: options.retryPolicy ?? defaultRetryPolicy,
      errorBody: readErrorBody
    })

    const salesInvoicePage = (filter: Wire.FilterTerms, page: number, perPage: number) =>
      client
        .requestJson(
          "GET",
          salesInvoicesPath,
          { operation: "list", query: { filter: Wire.encodeFilter(filter), page, per_page: perPage } },
          Wire.SalesInvoiceList
        )
        .pipe(
          Effect.map((response) =>
            VendorPages.make(response.body, {
              // A `Link` header that names no next page says this is the last; without one, a short page says it.
              hasNext: Option.isSome(Headers.get(response.headers, "link"))
                ? Option.isSome(VendorPages.nextLink(response.headers))
                : null
            })
          )
        )

    const fetchPage =
      (filter: Wire.FilterTerms): VendorPages.FetchPage<Wire.SalesInvoice, ConnectorError, never> =>
      (page, perPage) =>
        salesInvoicePage(filter, page, perPage)

    const versions = (filter: Wire.FilterTerms) =>
      client.getJson(
        `/sales_invoices/synchronization${format}`,
        { operation: "sync", query: { filter: Wire.encodeFilter(filter) } },
        Wire.SynchronizationList
      )

    // A POST that only reads (the spec marks it `x-query`): safe to repeat.
    const byIds = (ids: ReadonlyArray<string>) =>
      client.sendJson("POST", `/sales_invoices/synchronization${format}`, { ids }, Wire.SalesInvoiceList, {
        operation: "sync",
        idempotent: true
      })

    const salesInvoicesByIds = (ids: ReadonlyArray<string>): Stream.Stream<Wire.SalesInvoice, ConnectorError> =>
      Stream.fromIterable(chunks(ids, Wire.maxSynchronizationIds)).pipe(
        Stream.mapEffect(byIds),
        Stream.flatMap(Stream.fromIterable)
      )

    const salesInvoice = (id: string) =>
      client.getJson(
        VendorClient.path`/sales_invoices/${id}${format}`,
        { operation: "get", notFound: { resource: "SalesInvoice", id } },
        Wire.SalesInvoice
      )

    const findByInvoiceId = (invoiceId: string) =>
      client.getJson(
        VendorClient.path`/sales_invoices/find_by_invoice_id/${invoiceId}${format}`,
        { operation: "get", notFound: { resource: "SalesInvoice", id: invoiceId } },
        Wire.SalesInvoice
      )

    const findByReference = (reference: string) =>
      client
        .getJson(
          VendorClient.path`/sales_invoices/find_by_reference/${reference}${format}`,
          { operation: "create", notFound: { resource: "SalesInvoice", id: reference } },
          Wire.SalesInvoice
        )
        .pipe(
          Effect.map(Option.some),
          Effect.catchTag("NotFound", () => Effect.succeedNone)
        )

    const createSalesInvoice = (body: Wire.CreateSalesInvoice) =>
      Effect.flatMap(encodeCreate(body), (encoded) =>
        client.sendJson("POST", salesInvoicesPath, encoded, Wire.SalesInvoice, { operation: "create" })
      )

    const sendSalesInvoice = (id: string, sending: Wire.SalesInvoiceSending) =>
      client.sendJson(
        "PATCH",
        VendorClient.path`/sales_invoices/${id}/send_invoice${format}`,
        { sales_invoice_sending: sending },
        Wire.SalesInvoice,
        { operation: "send", notFound: { resource: "SalesInvoice", id } }
      )

    const contactByCustomerId = (customerId: string) =>
      client
        .getJson(
          VendorClient.path`/contacts/customer_id/${customerId}${format}`,
          { operation: "create", notFound: { resource: "Contact", id: customerId } },
          Wire.ContactRecord
        )
        .pipe(
          Effect.map(Option.some),
          Effect.catchTag("NotFound", () => Effect.succeedNone)
        )

    const taxRatePage: VendorPages.FetchPage<Wire.TaxRate, ConnectorError, never> = (page, perPage) =>
      client
        .getJson(
          `/tax_rates${format}`,
          {
            operation: "create",
            query: { filter: "tax_rate_type:sales_invoice,active:true", page, per_page: perPage }
          },
          Wire.TaxRateList
        )
        .pipe(Effect.map((rates) => VendorPages.make(rates)))

    return MoneybirdClient.of({
      administrationId: options.administrationId,
      salesInvoicePage,
      salesInvoices: (filter) => VendorPages.stream(fetchPage(filter), { pageSize: maxPageSize }),
      // Moneybird pages by any size up to 100, so a window is one page of exactly its size.
      salesInvoiceWindow: (filter, request) =>
        VendorPages.window(fetchPage(filter), { vendorPageSize: request.count }, request),
      versions,
      salesInvoicesByIds,
      salesInvoice,
      findByInvoiceId,
      findByReference,
      createSalesInvoice,
      sendSalesInvoice,
      contactByCustomerId,
      salesTaxRates: Stream.runCollect(VendorPages.stream(taxRatePage, { pageSize: maxPageSize }))
    })
  })

const encodeCreateBody = Schema.encodeEffect(Wire.CreateSalesInvoice)

const encodeCreate = (body: Wire.CreateSalesInvoice) =>
  encodeCreateBody(body).pipe(
    Effect.mapError(
      (issue) => new InvalidInput({ system, operation: "create", field: "(invoice)", detail: issue.message })
    )
  )

const chunks = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size))

/** The client as a layer. */
export const layer = (
  options: MoneybirdClientOptions
): Layer.Layer<MoneybirdClient, InvalidInput, HttpClient.HttpClient> => Layer.effect(MoneybirdClient, make(options))

/**
 * The client from configuration: `connectionId`, `administrationId`, `auth` (an API token or an OAuth
 * application, secrets redacted), optional `baseUrl` and `retryPolicy`.
 */
export const layerConfig = (
  config: Config.Wrap<MoneybirdClientOptions>
): Layer.Layer<MoneybirdClient, Config.ConfigError | InvalidInput, HttpClient.HttpClient> =>
  Layer.effect(MoneybirdClient, Effect.flatMap(Config.unwrap(config), make))
