/**
 * The handlers of API.1's consent endpoints, the one-time-code exchange and konto's connect step. Consents are
 * the store's, scoped by the caller's API key: another key's consent is answered exactly like a missing one.
 */
import { ApiProblem, Caller, ConsentDto, KontoApi } from "@konto/api"
import {
  type Connection,
  type ConnectorError,
  ConnectorRegistry,
  SalesInvoices,
  SystemId,
  TokenStore
} from "@konto/core"
import { type Consent, Consents, type StoreError } from "@konto/store"
import { DateTime, Effect, Layer, Option, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { HttpApiBuilder, HttpApiSchema } from "effect/http-api"
import { asApiKeyId } from "./Connections.ts"
import { fromConnectorError, fromStoreError } from "./ProblemMapping.ts"

/** API.1's view of a stored consent. */
export const toConsentDto = (consent: Consent.Consent): ConsentDto.ConsentDto => ({
  id: consent.id,
  name: consent.name,
  status: ConsentDto.consentStatus[statusKey[consent.status]],
  source: Option.getOrNull(consent.source),
  systemSettingsId: Option.getOrNull(consent.systemSettingsId),
  createdOn: consent.createdOn,
  updatedOn: Option.getOrNull(consent.updatedOn)
})

const statusKey = { Created: "created", Accepted: "accepted", Revoked: "revoked", Inactive: "inactive" } as const

/** The consent's ETag: its version, quoted. */
export const etagOf = (consent: Consent.Consent): string => `"${consent.version}"`

/** The version an `If-Match` asks for; `undefined` for `*`; `null` when it names no version of konto's. */
export const versionOfIfMatch = (ifMatch: string): number | undefined | null => {
  const value = ifMatch.trim()
  if (value === "*") return undefined
  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(value) ?? /^(\d{1,15})$/.exec(value)
  return match?.[1] === undefined ? null : Number(match[1])
}

const notFound = (consentId: string) => new ApiProblem.NotFound({ detail: `Consent ${consentId} was not found` })

const storeFailure = (error: StoreError) => Effect.fail(fromStoreError(error))

const consentOrderBy = {
  CreatedOnAscending: { field: "createdOn", direction: "asc" },
  CreatedOnDescending: { field: "createdOn", direction: "desc" }
} as const

const statusByCode = { 0: "Created", 1: "Accepted", 2: "Revoked", 3: "Inactive" } as const

/** The consent group's handlers. */
export const layerConsents = HttpApiBuilder.group(
  KontoApi,
  "consents",
  Effect.fn(function* (handlers) {
    const consents = yield* Consents.Consents
    return handlers
      .handle("create", ({ payload }) =>
        Effect.gen(function* () {
          const caller = yield* Caller
          const consent = yield* consents.create(asApiKeyId(caller.apiKeyId), { name: payload.name }).pipe(
            Effect.catchTags({
              ConsentInputInvalid: (error) =>
                Effect.fail(
                  new ApiProblem.InvalidParameter({ parameter: error.field, detail: `${error.field}: ${error.detail}` })
                ),
              StoreError: storeFailure
            })
          )
          return toConsentDto(consent)
        })
      )
      .handle("list", ({ query }) =>
        Effect.gen(function* () {
          const caller = yield* Caller
          const page = yield* consents
            .list(asApiKeyId(caller.apiKeyId), {
              count: query.Count ?? 100,
              currentPage: query.CurrentPage ?? 1,
              status: query.Status === undefined ? undefined : statusByCode[query.Status],
              source: query.Source,
              name: query.Name,
              orderBy: query.OrderBy === undefined ? undefined : consentOrderBy[query.OrderBy]
            })
            .pipe(Effect.catchTag("StoreError", storeFailure))
          return {
            meta: { totalResources: page.totalResources, totalPages: page.totalPages, currentPage: page.currentPage },
            data: page.consents.map(toConsentDto)
          }
        })
      )
      .handle("get", ({ params }) =>
        Effect.gen(function* () {
          const caller = yield* Caller
          const consent = yield* consents.get(asApiKeyId(caller.apiKeyId), params.consentId).pipe(
            Effect.catchTags({
              ConsentNotFound: () => Effect.fail(notFound(params.consentId)),
              StoreError: storeFailure
            })
          )
          return HttpApiSchema.withHeaders({ body: toConsentDto(consent), headers: { etag: etagOf(consent) } })
        })
      )
      .handle("update", ({ headers, params, payload }) =>
        Effect.gen(function* () {
          const caller = yield* Caller
          const ifMatch = headers["if-match"]
          const expectedVersion = ifMatch === undefined ? undefined : versionOfIfMatch(ifMatch)
          if (expectedVersion === null) {
            return yield* new ApiProblem.PreconditionFailed({ detail: "If-Match does not match the consent's ETag" })
          }
          if (payload.status !== undefined && payload.status !== ConsentDto.consentStatus.revoked) {
            return yield* new ApiProblem.InvalidParameter({
              parameter: "status",
              detail: "status: only 2 (REVOKED) can be set; a consent becomes ACCEPTED (1) by connecting it"
            })
          }
          const name = payload.name ?? undefined
          yield* consents
            .update(
              asApiKeyId(caller.apiKeyId),
              params.consentId,
              {
                ...(name === undefined ? {} : { name }),
                ...(payload.status === undefined ? {} : { status: "Revoked" as const })
              },
              { expectedVersion }
            )
            .pipe(
              Effect.catchTags({
                ConsentNotFound: () => Effect.fail(notFound(params.consentId)),
                ConsentVersionMismatch: () =>
                  Effect.fail(
                    new ApiProblem.PreconditionFailed({ detail: "If-Match does not match the consent's ETag" })
                  ),
                ConsentInputInvalid: (error) =>
                  Effect.fail(
                    new ApiProblem.InvalidParameter({
                      parameter: error.field,
                      detail: `${error.field}: ${error.detail}`
                    })
                  ),
                StoreError: storeFailure
              })
            )
        })
      )
      .handle("delete", ({ params }) =>
        Effect.gen(function* () {
          const caller = yield* Caller
          yield* consents.remove(asApiKeyId(caller.apiKeyId), params.consentId).pipe(
            Effect.catchTags({
              ConsentNotFound: () => Effect.fail(notFound(params.consentId)),
              StoreError: storeFailure
            })
          )
        })
      )
      .handle("createOtc", ({ params }) =>
        Effect.gen(function* () {
          const caller = yield* Caller
          const code = yield* consents.createOneTimeCode(asApiKeyId(caller.apiKeyId), params.consentId).pipe(
            Effect.catchTags({
              ConsentNotFound: () => Effect.fail(notFound(params.consentId)),
              StoreError: storeFailure
            })
          )
          return { code: Redacted.value(code.code) }
        })
      )
  })
)

/** The one-time-code exchange. */
export const layerConsentToken = HttpApiBuilder.group(
  KontoApi,
  "consentToken",
  Effect.fn(function* (handlers) {
    const consents = yield* Consents.Consents
    return handlers.handle("exchange", ({ payload }) =>
      Effect.gen(function* () {
        if (payload.code === null || payload.code.trim() === "") {
          return yield* new ApiProblem.InvalidParameter({
            parameter: "code",
            detail: "code: the one-time code is required"
          })
        }
        const token = yield* consents.exchangeOneTimeCode(payload.consentId, Redacted.make(payload.code)).pipe(
          Effect.catchTags({
            OneTimeCodeInvalid: () =>
              Effect.fail(new ApiProblem.Unauthorized({ detail: "The one-time code is not valid" })),
            StoreError: storeFailure
          })
        )
        return { token: Redacted.value(token.token), expiresIn: token.expiresIn }
      })
    )
  })
)

const unknownSystem = (system: string, known: ReadonlyArray<string>) =>
  new ApiProblem.InvalidParameter({
    parameter: "system",
    detail: `system: ${system} is not served by this konto (registered: ${known.join(", ") || "none"})`
  })

/** Checks a connection with its connector: one cheap vendor call. OAuth tokens live in a scratch token store. */
const verifyConnection = (
  connection: Connection,
  layer: ReturnType<ConnectorRegistry.ConnectorRegistryShape["connectors"][number]["layer"]>,
  tokens: Option.Option<TokenStore.OAuthTokens>,
  httpClient: HttpClient.HttpClient
) =>
  Effect.gen(function* () {
    const scratch = yield* TokenStore.makeMemory
    if (Option.isSome(tokens)) yield* Effect.orDie(scratch.compareAndSet(connection.connectionId, null, tokens.value))
    const services = yield* Layer.build(
      layer.pipe(
        Layer.provide(Layer.succeed(TokenStore.TokenStore, scratch)),
        Layer.provide(Layer.succeed(HttpClient.HttpClient, httpClient))
      )
    )
    yield* SalesInvoices.SalesInvoices.pipe(
      Effect.flatMap((salesInvoices) => salesInvoices.verify),
      Effect.provide(services)
    )
    // A refresh during the check may have rotated the tokens: the latest ones are the ones to keep.
    return Option.map(yield* Effect.orDie(scratch.load(connection.connectionId)), (stored) => stored.tokens)
  }).pipe(Effect.scoped)

const connectProblem = (system: string) => (error: ConnectorError) => {
  switch (error._tag) {
    case "Unauthorized":
      return new ApiProblem.ConnectionRejected({ system, detail: `${system} refused the credentials: ${error.detail}` })
    case "NotFound":
      return new ApiProblem.ConnectionRejected({
        system,
        detail: `${system} did not find what the connection names: ${error.message}`
      })
    default:
      return fromConnectorError(error, "operation")
  }
}

/** konto's connect step. */
export const layerConnect = HttpApiBuilder.group(
  KontoApi,
  "connect",
  Effect.fn(function* (handlers) {
    const consents = yield* Consents.Consents
    const registry = yield* ConnectorRegistry.ConnectorRegistry
    const httpClient = yield* HttpClient.HttpClient
    return handlers.handle("connect", ({ params, payload }) =>
      Effect.gen(function* () {
        const caller = yield* Caller
        if (caller.consentScope !== undefined && caller.consentScope !== params.consentId) {
          return yield* notFound(params.consentId)
        }
        const apiKeyId = asApiKeyId(caller.apiKeyId)
        const consent = yield* consents.get(apiKeyId, params.consentId).pipe(
          Effect.catchTags({
            ConsentNotFound: () => Effect.fail(notFound(params.consentId)),
            StoreError: storeFailure
          })
        )
        const known = registry.connectors.map((connector) => connector.id)
        const connector = yield* registry
          .get(payload.system)
          .pipe(Effect.mapError(() => unknownSystem(payload.system, known)))
        const secrets = Object.fromEntries(
          Object.entries(payload.secrets ?? {}).map(([name, value]) => [name, Redacted.make(value, { label: name })])
        )
        const connection: Connection = {
          connectionId: consent.id,
          system: connector.id,
          timeZone: payload.timeZone ?? consent.timeZone,
          baseUrl: Option.fromUndefinedOr(payload.baseUrl),
          settings: payload.settings ?? {},
          secrets
        }
        const tokens = Option.map(
          Option.fromUndefinedOr(payload.oauth),
          (oauth): TokenStore.OAuthTokens => ({
            accessToken: Redacted.make(oauth.accessToken, { label: "accessToken" }),
            refreshToken: Redacted.make(oauth.refreshToken, { label: "refreshToken" }),
            expiresAtMillis: oauth.expiresAt === undefined ? 0 : DateTime.toEpochMillis(oauth.expiresAt)
          })
        )
        const latestTokens = yield* verifyConnection(connection, connector.layer(connection), tokens, httpClient).pipe(
          Effect.mapError(connectProblem(connector.displayName))
        )
        const connected = yield* consents
          .connect(apiKeyId, consent.id, {
            system: SystemId.make(connector.id),
            timeZone: connection.timeZone,
            ...(payload.baseUrl === undefined ? {} : { baseUrl: payload.baseUrl }),
            settings: connection.settings,
            secrets,
            ...(Option.isSome(latestTokens) ? { oauth: latestTokens.value } : {})
          })
          .pipe(
            Effect.catchTags({
              ConsentNotFound: () => Effect.fail(notFound(params.consentId)),
              ConsentVersionMismatch: () =>
                Effect.fail(new ApiProblem.Conflict({ detail: "The consent changed while connecting; try again" })),
              ConsentInputInvalid: (error) =>
                Effect.fail(
                  new ApiProblem.InvalidParameter({ parameter: error.field, detail: `${error.field}: ${error.detail}` })
                ),
              StoreError: storeFailure
            })
          )
        return toConsentDto(connected)
      })
    )
  })
)
