/**
 * The README's worked example, compiled and exercised by the tests: a `<System>Client` for a Fortnox-shaped
 * vendor built on the kit.
 */

import {
  ClientAuth,
  HttpErrors,
  OAuthSession,
  OAuthTokenEndpoint,
  RateLimiter,
  VendorClient,
  VendorPages
} from "@konto/connector-kit"
import { type Connection, type ConnectorError, type ListQuery, Money, type TokenStore } from "@konto/core"
import { Context, Effect, Layer, Option, Redacted, Schema, type Stream } from "effect"
import type { HttpClient } from "effect/http"

// wire.ts — the vendor's shapes, tolerant of extra fields.
const InvoiceListItem = Schema.Struct({ DocumentNumber: Schema.String, Total: Money.Decimal })
type InvoiceListItem = typeof InvoiceListItem.Type
const InvoiceList = Schema.Struct({
  Invoices: Schema.Array(InvoiceListItem),
  MetaInformation: Schema.Struct({ "@TotalResources": Schema.Number, "@TotalPages": Schema.Number })
})
const ErrorBody = Schema.Struct({
  ErrorInformation: Schema.Struct({
    message: Schema.String,
    code: Schema.optional(Schema.Union([Schema.Number, Schema.String]))
  })
})

// client.ts
const maxPageSize = 500

export class ExampleClient extends Context.Service<
  ExampleClient,
  {
    readonly invoices: Stream.Stream<InvoiceListItem, ConnectorError>
    readonly invoicePage: (
      request: ListQuery.PageRequest
    ) => Effect.Effect<ListQuery.Page<InvoiceListItem>, ConnectorError>
    readonly invoice: (documentNumber: string) => Effect.Effect<InvoiceListItem, ConnectorError>
  }
>()("@konto/adapter-example/ExampleClient") {}

export const make = (
  connection: Connection
): Effect.Effect<ExampleClient["Service"], never, HttpClient.HttpClient | TokenStore.TokenStore> =>
  Effect.gen(function* () {
    const tokenEndpoint = yield* OAuthTokenEndpoint.make({
      system: "example",
      url: "https://apps.example.test/oauth-v1/token",
      clientId: connection.settings["clientId"] ?? "",
      clientSecret: connection.secrets["clientSecret"] ?? Redacted.make(""),
      clientAuthentication: "basic"
    })
    const session = yield* OAuthSession.make({
      system: "example",
      connectionId: connection.connectionId,
      refresh: tokenEndpoint.refresh
    })
    const rateLimiter = yield* RateLimiter.shared(`example:${connection.connectionId}`, {
      windows: [{ limit: 25, windowMillis: 5_000 }]
    })
    const client = yield* VendorClient.make({
      system: "example",
      baseUrl: "https://api.example.test/3",
      baseUrlOverride: connection.baseUrl,
      auth: ClientAuth.oauth(session),
      rateLimiter,
      errorBody: HttpErrors.errorBodyReader(ErrorBody, (body) =>
        Option.some({
          detail: body.ErrorInformation.message,
          vendorCode: Option.fromUndefinedOr(body.ErrorInformation.code).pipe(Option.map(String))
        })
      )
    })

    const fetchPage: VendorPages.FetchPage<InvoiceListItem, ConnectorError, never> = (page, limit) =>
      client.getJson("/invoices", { operation: "list", query: { page, limit } }, InvoiceList).pipe(
        Effect.map((body) =>
          VendorPages.make(body.Invoices, {
            totalItems: body.MetaInformation["@TotalResources"],
            totalPages: body.MetaInformation["@TotalPages"]
          })
        )
      )

    return ExampleClient.of({
      invoices: VendorPages.stream(fetchPage, { pageSize: maxPageSize }),
      invoicePage: (request) => VendorPages.window(fetchPage, { vendorPageSize: maxPageSize }, request),
      invoice: (documentNumber) =>
        client
          .getJson(
            VendorClient.path`/invoices/${documentNumber}`,
            { operation: "get", notFound: { resource: "SalesInvoice", id: documentNumber } },
            Schema.Struct({ Invoice: InvoiceListItem })
          )
          .pipe(Effect.map((body) => body.Invoice))
    })
  })

export const layer = (
  connection: Connection
): Layer.Layer<ExampleClient, never, HttpClient.HttpClient | TokenStore.TokenStore> =>
  Layer.effect(ExampleClient, make(connection))
