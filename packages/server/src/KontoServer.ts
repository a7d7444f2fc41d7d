/**
 * konto's HTTP server: `@konto/api`'s routes with their handlers over the store and the connector registry,
 * `/openapi.json`, a docs UI at `/docs`, problem responses everywhere, and request logs carrying the correlation
 * id. Apps provide the `HttpServer` (e.g. `NodeHttpServer.layer`), the store (`Store.layerConfig`), the
 * registry (`ConnectorRegistry.layer`) and the `HttpClient` connectors use.
 */

import { KontoApi } from "@konto/api"
import type { ConnectorRegistry, TokenStore } from "@konto/core"
import type { ApiKeys, Changes, Consents, Idempotency } from "@konto/store"
import { type FileSystem, Layer, type Path } from "effect"
import { type Etag, type HttpClient, type HttpPlatform, HttpRouter } from "effect/http"
import { HttpApiBuilder, HttpApiScalar } from "effect/http-api"
import * as Authentication from "./Authentication.ts"
import * as Connections from "./Connections.ts"
import * as ConsentsHandlers from "./ConsentsHandlers.ts"
import * as CorrelationId from "./CorrelationId.ts"
import * as HealthHandlers from "./HealthHandlers.ts"
import * as ProblemResponses from "./ProblemResponses.ts"
import * as RequestValidation from "./RequestValidation.ts"
import * as SalesInvoicesHandlers from "./SalesInvoicesHandlers.ts"
import * as SystemsHandlers from "./SystemsHandlers.ts"

export type { AccessCacheOptions } from "./ShortLivedCache.ts"

/** Options of the server. */
export interface KontoServerOptions extends Authentication.AuthenticationOptions, Connections.ConnectionsOptions {
  /** Where the docs UI is served (default `/docs`). */
  readonly docsPath?: `/${string}` | undefined
}

/** What the server needs from the app. */
export type Requirements =
  | ApiKeys.ApiKeys
  | Consents.Consents
  | Changes.Changes
  | Idempotency.Idempotency
  | TokenStore.TokenStore
  | ConnectorRegistry.ConnectorRegistry
  | HttpClient.HttpClient

/** The platform services the routes use (`NodeHttpServer.layer` provides them; tests: `HttpServer.layerServices`). */
export type Platform = Etag.Generator | FileSystem.FileSystem | HttpPlatform.HttpPlatform | Path.Path

/** The routes, as a router layer (for `HttpRouter.serve` or `HttpRouter.toWebHandler`). */
export const layerRoutes = (options: KontoServerOptions = {}) => {
  const handlers = Layer.mergeAll(
    SalesInvoicesHandlers.layer,
    ConsentsHandlers.layerConsents,
    ConsentsHandlers.layerConsentToken,
    ConsentsHandlers.layerConnect,
    SystemsHandlers.layer,
    HealthHandlers.layer
  ).pipe(Layer.provide(Connections.layer(options)))
  const middleware = Layer.mergeAll(
    RequestValidation.layer,
    Authentication.layerApiKeyAuth(options),
    Authentication.layerConnectAuth(options)
  )
  return Layer.mergeAll(
    HttpApiBuilder.layer(KontoApi, { openapiPath: "/openapi.json" }),
    HttpApiScalar.layer(KontoApi, { path: options.docsPath ?? "/docs" }),
    ProblemResponses.layer
  ).pipe(Layer.provide(handlers), Layer.provide(middleware))
}

/** The server: routes served on the app's `HttpServer`, each response logged with its correlation id. */
export const layer = (options: KontoServerOptions = {}) =>
  HttpRouter.serve(layerRoutes(options), { disableLogger: true, middleware: CorrelationId.withLogging })
