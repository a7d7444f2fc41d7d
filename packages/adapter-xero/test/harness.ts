/**
 * The adapter wired to a Xero simulator in memory: the simulator, an in-memory token store holding the demo
 * connection's tokens, the `XeroClient` and the `SalesInvoices` service, all on the test's `Clock`.
 */

import type { RetryPolicy } from "@konto/connector-kit"
import { type Connection, type SalesInvoices, SystemId, TokenStore } from "@konto/core"
import { Effect, Option, Redacted } from "effect"
import { HttpClient, type HttpClientRequest } from "effect/http"
import * as Client from "../src/client.ts"
import { makeSalesInvoices } from "../src/index.ts"
import { apiPath, makeSimulator, simulator, type XeroSimulator, type XeroSimulatorOptions } from "../src/simulator.ts"

/** Everything a test needs. */
export interface Harness {
  readonly xero: XeroSimulator
  readonly connection: Connection
  readonly tokens: TokenStore.TokenStore["Service"]
  readonly client: Client.XeroClient["Service"]
  readonly invoices: SalesInvoices.SalesInvoicesShape
}

/** Options of the harness: the simulator's, plus the connection's time zone and access-token expiry. */
export interface HarnessOptions extends XeroSimulatorOptions {
  readonly timeZone?: string
  /** When the stored access token expires (default: never). */
  readonly accessTokenExpiresAtMillis?: number
  readonly retryPolicy?: RetryPolicy.RetryPolicy
  /** The page size the client asks Xero for (default 1,000), to walk many pages with few invoices. */
  readonly pageSize?: number
  /** Sees every request the adapter sends (method, full URL, headers, body text). */
  readonly onRequest?: (request: SentRequest) => void
}

/** A request as the adapter sent it. */
export interface SentRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

const bodyText = (request: HttpClientRequest.HttpClientRequest): string => {
  const body = request.body
  if (body._tag === "Uint8Array") return new TextDecoder().decode(body.body)
  if (body._tag === "Raw" && typeof body.body === "string") return body.body
  return ""
}

const recording = (
  inner: HttpClient.HttpClient,
  onRequest: ((request: SentRequest) => void) | undefined
): HttpClient.HttpClient =>
  onRequest === undefined
    ? inner
    : HttpClient.make((request, url) =>
        Effect.sync(() =>
          onRequest({ method: request.method, url, headers: { ...request.headers }, body: bodyText(request) })
        ).pipe(Effect.andThen(inner.execute(request)))
      )

/** Builds the simulator and the adapter on it. */
export const makeHarness = (options: HarnessOptions = {}): Effect.Effect<Harness> =>
  Effect.gen(function* () {
    const xero = yield* makeSimulator(options)
    const demo = simulator.demoConnection(xero.simulator.baseUrl)
    const connection: Connection = {
      connectionId: "xero-test-connection",
      system: SystemId.make("xero"),
      timeZone: options.timeZone ?? "Pacific/Auckland",
      baseUrl: Option.some(demo.baseUrl),
      settings: demo.settings,
      secrets: Object.fromEntries(Object.entries(demo.secrets).map(([name, value]) => [name, Redacted.make(value)]))
    }
    const tokens = yield* TokenStore.makeMemory
    yield* Effect.orDie(
      tokens.compareAndSet(connection.connectionId, null, {
        accessToken: Redacted.make(demo.tokens!.accessToken),
        refreshToken: Redacted.make(demo.tokens!.refreshToken),
        expiresAtMillis: options.accessTokenExpiresAtMillis ?? Number.MAX_SAFE_INTEGER
      })
    )
    const clientOptions = yield* Effect.orDie(Client.optionsFromConnection(connection))
    const client = yield* Client.make({
      ...clientOptions,
      retryPolicy: options.retryPolicy,
      pageSize: options.pageSize
    }).pipe(
      Effect.provideService(HttpClient.HttpClient, recording(xero.simulator.client, options.onRequest)),
      Effect.provideService(TokenStore.TokenStore, tokens)
    )
    const invoices = yield* makeSalesInvoices({ timeZone: connection.timeZone }).pipe(
      Effect.provideService(Client.XeroClient, client)
    )
    return { xero, connection, tokens, client, invoices }
  })

/** The API path of a collection (`/api.xro/2.0/Invoices`), as the request counter names routes. */
export const route = (method: string, path: string): string => `${method} ${apiPath}${path}`
