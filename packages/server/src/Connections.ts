/**
 * The sales-invoice service of a caller's consent. Each connection's service (its connector layer, with the
 * connector's per-connection rate limiter and OAuth session) is built once and shared by the requests that use
 * it, keyed by consent and consent version: reconnecting or changing a consent builds a fresh one, and an idle
 * one is released after a while.
 *
 * The consent itself (owner, status, version) is read from the store at most once per few seconds per consent
 * (`accessCache`). A change through this process's store (revoked, reconnected, deleted, marked inactive) drops the
 * copy before the write returns and releases the consent's connections; a change by another process sharing the
 * database is seen here within the time to live.
 */
import { ApiProblem } from "@konto/api"
import { type ConnectorError, ConnectorRegistry, SalesInvoices, type TokenStore } from "@konto/core"
import { type ApiKeys, Changes, type Consent, Consents, type StoreError } from "@konto/store"
import { Context, Duration, Effect, Layer, RcMap, type Scope } from "effect"
import type { HttpClient } from "effect/http"
import { type ConnectorProblem, fromConnectorError, fromStoreError } from "./ProblemMapping.ts"
import * as ShortLivedCache from "./ShortLivedCache.ts"

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
export interface ConnectionsOptions extends ShortLivedCache.AccessCacheSettings {
  /** How long an unused connection's service is kept (default 5 minutes). */
  readonly idleTimeToLive?: Duration.Input | undefined
}

/** A caller's API key id: the store verified it when it authenticated the request. */
export const asApiKeyId = (apiKeyId: string): ApiKeys.ApiKeyId => apiKeyId as ApiKeys.ApiKeyId

const notFound = (consentId: string) => new ApiProblem.NotFound({ detail: `Consent ${consentId} was not found` })

const storeProblem = (error: StoreError) => fromStoreError(error)

// Cache keys: the owner's key id, the consent id and (for connections) the consent's version.
const separator = "\u0000"

const consentKey = (apiKeyId: string, consentId: string): string => apiKeyId + separator + consentId

/** The service over the store's consents, the registry, the token store and an HTTP client for connectors. */
export const make = (options: ConnectionsOptions = {}) =>
  Effect.gen(function* () {
    const consents = yield* Consents.Consents
    const changes = yield* Changes.Changes
    const registry = yield* ConnectorRegistry.ConnectorRegistry
    const requirements = yield* Effect.context<HttpClient.HttpClient | TokenStore.TokenStore>()

    const build = (key: string) =>
      Effect.gen(function* () {
        const [apiKeyId, consentId] = key.split(separator) as [string, string]
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

    const consentReads = yield* ShortLivedCache.make((key: string) => {
      const [apiKeyId, consentId] = key.split(separator) as [string, string]
      return consents.get(asApiKeyId(apiKeyId), consentId)
    }, options.accessCache)

    // Every change bumps the consent's version, so its cached services are never asked for again: release them
    // now rather than after the idle time (a deleted or revoked consent's secrets leave memory at once; one in
    // use is released when its last request ends).
    const releaseServices = (prefix: string) =>
      Effect.flatMap(RcMap.keys(services), (keys) =>
        Effect.forEach(
          Array.from(keys).filter((key) => key.startsWith(prefix)),
          (key) => RcMap.invalidate(services, key),
          { discard: true }
        )
      )

    yield* changes.subscribe((change) => {
      const prefix =
        change._tag === "ApiKeyRevoked"
          ? change.apiKeyId + separator
          : consentKey(change.apiKeyId, change.consentId) + separator
      return Effect.andThen(
        change._tag === "ApiKeyRevoked"
          ? consentReads.invalidateWhere((key) => key.startsWith(prefix))
          : consentReads.invalidate(consentKey(change.apiKeyId, change.consentId)),
        releaseServices(prefix)
      )
    })

    const open = (apiKeyId: string, consentId: string) =>
      Effect.gen(function* () {
        const consent = yield* consentReads.get(consentKey(apiKeyId, consentId)).pipe(
          Effect.catchTags({
            ConsentNotFound: () => Effect.fail(notFound(consentId)),
            StoreError: (error) => Effect.fail(storeProblem(error))
          })
        )
        if (consent.status === "Revoked") {
          return yield* new ApiProblem.Conflict({ detail: `Consent ${consentId} is revoked` })
        }
        if (consent.source._tag === "None") return yield* notConnected(consentId)
        const salesInvoices = yield* RcMap.get(services, [apiKeyId, consentId, consent.version].join(separator))
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
  | Consents.Consents
  | Changes.Changes
  | ConnectorRegistry.ConnectorRegistry
  | HttpClient.HttpClient
  | TokenStore.TokenStore
> => Layer.effect(Connections, make(options))
