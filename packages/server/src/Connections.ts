/**
 * The sales-invoice service of a caller's consent. Each connection's service (its connector layer, with the
 * connector's per-connection rate limiter and OAuth session) is built once and shared by the requests that use
 * it, keyed by consent and consent version: reconnecting or changing a consent builds a fresh one, and an idle
 * one is released after a while.
 */
import { ApiProblem } from "@konto/api"
import { type ConnectorError, ConnectorRegistry, SalesInvoices, type TokenStore } from "@konto/core"
import { type ApiKeys, type Consent, Consents, type StoreError } from "@konto/store"
import { Context, Duration, Effect, Layer, RcMap, type Scope } from "effect"
import type { HttpClient } from "effect/http"
import { type ConnectorProblem, fromConnectorError, fromStoreError } from "./ProblemMapping.ts"

/** A consent's sales invoices, ready to use. */
export interface OpenConnection {
  readonly consent: Consent.Consent
  readonly salesInvoices: SalesInvoices.SalesInvoicesShape
}

/** What opening a consent's connection may end in. */
export type OpenError =
  | ApiProblem.NotFound
  | ApiProblem.Conflict
  | ApiProblem.NotImplemented
  | ApiProblem.ServiceUnavailable
  | Exclude<ConnectorProblem, ApiProblem.UnsupportedQuery>

/** Opens consents' connections for the sales-invoice handlers. */
export class Connections extends Context.Service<
  Connections,
  {
    /** The consent's service, shared with concurrent requests; held until the scope closes. */
    readonly open: (apiKeyId: string, consentId: string) => Effect.Effect<OpenConnection, OpenError, Scope.Scope>
    /** Marks a consent inactive after its system refused the stored credentials (best effort). */
    readonly markInactive: (apiKeyId: string, consentId: string) => Effect.Effect<void>
  }
>()("@konto/server/Connections") {}

/** Options of the connection cache. */
export interface ConnectionsOptions {
  /** How long an unused connection's service is kept (default 5 minutes). */
  readonly idleTimeToLive?: Duration.Input | undefined
}

/** A caller's API key id: the store verified it when it authenticated the request. */
export const asApiKeyId = (apiKeyId: string): ApiKeys.ApiKeyId => apiKeyId as ApiKeys.ApiKeyId

const notFound = (consentId: string) => new ApiProblem.NotFound({ detail: `Consent ${consentId} was not found` })

const storeProblem = (error: StoreError) => fromStoreError(error)

/** The service over the store's consents, the registry, the token store and an HTTP client for connectors. */
export const make = (options: ConnectionsOptions = {}) =>
  Effect.gen(function* () {
    const consents = yield* Consents.Consents
    const registry = yield* ConnectorRegistry.ConnectorRegistry
    const requirements = yield* Effect.context<HttpClient.HttpClient | TokenStore.TokenStore>()

    const build = (key: string) =>
      Effect.gen(function* () {
        const [apiKeyId, consentId] = key.split("\u0000") as [string, string]
        const connected = yield* consents.connection(asApiKeyId(apiKeyId), consentId).pipe(
          Effect.catchTags({
            ConsentNotFound: () => Effect.fail(notFound(consentId)),
            ConsentNotConnected: () => Effect.fail(notConnected(consentId)),
            StoreError: (error) => Effect.fail(storeProblem(error))
          })
        )
        const connector = yield* registry.get(connected.connection.system).pipe(
          Effect.mapError(
            (error) =>
              new ApiProblem.NotImplemented({
                system: error.system,
                detail: `The consent's system ${error.system} is not served by this konto (registered: ${error.known.join(", ") || "none"})`
              })
          )
        )
        const context = yield* Layer.build(
          connector.layer(connected.connection).pipe(Layer.provide(Layer.succeedContext(requirements)))
        ).pipe(Effect.mapError((error: ConnectorError) => fromConnectorError(error, "operation")))
        return Context.get(context, SalesInvoices.SalesInvoices)
      })

    const services = yield* RcMap.make({
      lookup: build,
      idleTimeToLive: options.idleTimeToLive ?? Duration.minutes(5)
    })

    const open = (apiKeyId: string, consentId: string) =>
      Effect.gen(function* () {
        const consent = yield* consents.get(asApiKeyId(apiKeyId), consentId).pipe(
          Effect.catchTags({
            ConsentNotFound: () => Effect.fail(notFound(consentId)),
            StoreError: (error) => Effect.fail(storeProblem(error))
          })
        )
        if (consent.status === "Revoked") {
          return yield* new ApiProblem.Conflict({ detail: `Consent ${consentId} is revoked` })
        }
        if (consent.source._tag === "None") return yield* notConnected(consentId)
        const salesInvoices = yield* RcMap.get(services, [apiKeyId, consentId, consent.version].join("\u0000"))
        return { consent, salesInvoices }
      })

    const markInactive = (apiKeyId: string, consentId: string) =>
      consents.update(asApiKeyId(apiKeyId), consentId, { status: "Inactive" }).pipe(Effect.ignore)

    return Connections.of({ open, markInactive })
  })

const notConnected = (consentId: string) =>
  new ApiProblem.Conflict({
    detail: `Consent ${consentId} is not connected to an accounting system; connect it with PUT /api/v1/consents/${consentId}/connection`
  })

/** The service as a layer. */
export const layer = (
  options: ConnectionsOptions = {}
): Layer.Layer<
  Connections,
  never,
  Consents.Consents | ConnectorRegistry.ConnectorRegistry | HttpClient.HttpClient | TokenStore.TokenStore
> => Layer.effect(Connections, make(options))
