/**
 * `FortnoxClient`: Fortnox's invoice endpoints over HTTP — base URL (overridable per connection), OAuth 2 bearer
 * tokens refreshed through core's `TokenStore` (Fortnox's refresh tokens are single-use and rotate on every
 * refresh), Fortnox's rate limit kept client-side, safe retries, `ErrorInformation` bodies read for the error
 * message, and `MetaInformation` paging. It speaks Fortnox's wire format; `mapping.ts` and the connector turn it
 * into konto's.
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
  InvalidInput,
  type ListQuery,
  type TokenStore
} from "@konto/core"
import { Config, Context, Effect, Layer, Option, type Redacted, Schema, Stream } from "effect"
import type { HttpClient } from "effect/http"
import { maxPageSize, rateLimit, system } from "./capabilities.ts"
import * as Wire from "./wire.ts"

/** Fortnox's API base URL. */
export const defaultBaseUrl = "https://api.fortnox.se/3"

/** Fortnox's OAuth token endpoint. */
export const defaultTokenUrl = "https://apps.fortnox.se/oauth-v1/token"

/** The OAuth scopes konto needs: `invoice`, and `customer` for the customer's organisation number. */
export const scopes: ReadonlyArray<string> = ["invoice", "customer"]

/** What a Fortnox client needs. */
export interface FortnoxClientOptions {
  /** The connection whose OAuth tokens the `TokenStore` holds; the rate limiter is keyed by it too. */
  readonly connectionId: string
  /** The Fortnox integration's client id and secret (for refreshing tokens). */
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** Replaces `https://api.fortnox.se/3` (proxies, simulators). */
  readonly baseUrl?: Option.Option<string> | undefined
  /** Replaces `https://apps.fortnox.se/oauth-v1/token`. */
  readonly tokenUrl?: Option.Option<string> | undefined
  /** `RetryPolicy.defaults` when absent. */
  readonly retryPolicy?: RetryPolicy.RetryPolicy | undefined
}

/** The settings and secrets a Fortnox connection asks for. */
export const connectionFields: ReadonlyArray<ConnectionField> = [
  { name: "clientId", secret: false, required: true, description: "Client id of your Fortnox integration" },
  { name: "clientSecret", secret: true, required: true, description: "Client secret of your Fortnox integration" },
  {
    name: "tokenUrl",
    secret: false,
    required: false,
    description: `OAuth token endpoint (default ${defaultTokenUrl})`
  }
]

/** The client options of a connection; `InvalidInput` when a required field is missing. */
export const optionsFromConnection = (connection: Connection): Effect.Effect<FortnoxClientOptions, InvalidInput> => {
  const clientId = connection.settings["clientId"]
  const clientSecret = connection.secrets["clientSecret"]
  if (clientId === undefined || clientId.trim() === "") {
    return Effect.fail(new InvalidInput({ system, operation: "connect", field: "clientId", detail: "is required" }))
  }
  if (clientSecret === undefined) {
    return Effect.fail(new InvalidInput({ system, operation: "connect", field: "clientSecret", detail: "is required" }))
  }
  return Effect.succeed({
    connectionId: connection.connectionId,
    clientId,
    clientSecret,
    baseUrl: connection.baseUrl,
    tokenUrl: Option.fromNullishOr(connection.settings["tokenUrl"])
  })
}

/** Fortnox's invoice endpoints for one connection. */
export class FortnoxClient extends Context.Service<
  FortnoxClient,
  {
    /** Every invoice matching the parameters (`GET /3/invoices`), walking pages of the largest size Fortnox allows. */
    readonly invoices: (parameters: Wire.InvoiceListParameters) => Stream.Stream<Wire.InvoiceListItem, ConnectorError>
    /** One window of the listing, from the one Fortnox page of exactly that size and number. */
    readonly invoicePage: (
      parameters: Wire.InvoiceListParameters,
      request: ListQuery.PageRequest
    ) => Effect.Effect<ListQuery.Page<Wire.InvoiceListItem>, ConnectorError>
    /** One invoice in full (`GET /3/invoices/{DocumentNumber}`). */
    readonly invoice: (documentNumber: string) => Effect.Effect<Wire.Invoice, ConnectorError>
    /**
     * The invoice whose `ExternalInvoiceReference1` is exactly `reference` (konto's idempotency key), if any.
     * Fortnox searches by substring; only an exact match counts. Errors carry the operation `create`.
     */
    readonly findByExternalInvoiceReference1: (
      reference: string
    ) => Effect.Effect<Option.Option<Wire.InvoiceListItem>, ConnectorError>
    /** Creates an invoice (`POST /3/invoices`); never retried except after a 429. */
    readonly createInvoice: (payload: Wire.InvoicePayload) => Effect.Effect<Wire.Invoice, ConnectorError>
  }
>()("@konto/adapter-fortnox/FortnoxClient") {}

/** Reads Fortnox's `ErrorInformation` bodies (both spellings); `Code` becomes the vendor code. */
export const errorBody: HttpErrors.ErrorBodyReader = HttpErrors.errorBodyReader(Wire.ErrorInformationWrap, (body) => {
  const information = body.ErrorInformation
  const message = information.Message ?? information.message
  const code = information.Code ?? information.code
  return message === null || message === undefined
    ? Option.none()
    : Option.some({ detail: message, vendorCode: Option.map(Option.fromNullishOr(code), String) })
})

// konto's own payload always encodes; a failure would be a bug in wire.ts, not a vendor problem.
const encodePayload = (payload: Wire.InvoicePayloadWrap) =>
  Effect.orDie(Schema.encodeEffect(Wire.InvoicePayloadWrap)(payload))

/** The query string of a listing: the parameters as Fortnox names them, plus the page. */
const listQuery = (parameters: Wire.InvoiceListParameters, page: number, limit: number) => ({
  ...parameters,
  page,
  limit
})

/** Makes the client of one connection. */
export const make = (
  options: FortnoxClientOptions
): Effect.Effect<FortnoxClient["Service"], never, HttpClient.HttpClient | TokenStore.TokenStore> =>
  Effect.gen(function* () {
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
    const rateLimiter = yield* RateLimiter.shared(`${system}:${options.connectionId}`, {
      // Fortnox counts on arrival; a quarter second of margin keeps network jitter from bunching 26 into 5 s.
      windows: [{ limit: rateLimit.requests, windowMillis: rateLimit.perMillis + 250 }]
    })
    const client = yield* VendorClient.make({
      system,
      baseUrl: defaultBaseUrl,
      baseUrlOverride: options.baseUrl,
      auth: ClientAuth.oauth(session),
      rateLimiter,
      retryPolicy: options.retryPolicy,
      errorBody
    })

    const fetchPage =
      (
        parameters: Wire.InvoiceListParameters,
        operation: "list" | "create" = "list"
      ): VendorPages.FetchPage<Wire.InvoiceListItem, ConnectorError, never> =>
      (page, limit) =>
        client.getJson("/invoices", { operation, query: listQuery(parameters, page, limit) }, Wire.InvoiceList).pipe(
          Effect.map((body) =>
            VendorPages.make(body.Invoices, {
              totalItems: body.MetaInformation["@TotalResources"],
              totalPages: body.MetaInformation["@TotalPages"]
            })
          )
        )

    return FortnoxClient.of({
      invoices: (parameters) => VendorPages.stream(fetchPage(parameters), { pageSize: maxPageSize }),
      // Fortnox pages by number and size, so API.1's window is exactly Fortnox's page of that size: one request.
      invoicePage: (parameters, request) =>
        VendorPages.window(fetchPage(parameters), { vendorPageSize: request.count }, request),
      invoice: (documentNumber) =>
        client
          .getJson(
            VendorClient.path`/invoices/${documentNumber}`,
            { operation: "get", notFound: { resource: "SalesInvoice", id: documentNumber } },
            Wire.InvoiceWrap
          )
          .pipe(Effect.map((body) => body.Invoice)),
      findByExternalInvoiceReference1: (reference) =>
        VendorPages.stream(fetchPage({ externalinvoicereference1: reference }, "create"), {
          pageSize: maxPageSize
        }).pipe(
          Stream.filter((item) => item.ExternalInvoiceReference1 === reference),
          Stream.runHead
        ),
      createInvoice: (payload) =>
        Effect.flatMap(encodePayload({ Invoice: payload }), (body) =>
          client.sendJson("POST", "/invoices", body, Wire.InvoiceWrap, { operation: "create" })
        ).pipe(Effect.map((body) => body.Invoice))
    })
  })

/** The client as a layer. */
export const layer = (
  options: FortnoxClientOptions
): Layer.Layer<FortnoxClient, never, HttpClient.HttpClient | TokenStore.TokenStore> =>
  Layer.effect(FortnoxClient, make(options))

/**
 * The client from configuration: `connectionId`, `clientId`, `clientSecret` (redacted), optional `baseUrl` and
 * `tokenUrl`.
 */
export const layerConfig = (
  config: Config.Wrap<FortnoxClientOptions>
): Layer.Layer<FortnoxClient, Config.ConfigError, HttpClient.HttpClient | TokenStore.TokenStore> =>
  Layer.effect(FortnoxClient, Effect.flatMap(Config.unwrap(config), make))
