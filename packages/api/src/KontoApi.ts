/**
 * konto's `HttpApi`: API.1's sales-invoice and consent endpoints (paths, parameters, headers, bodies and
 * `ProblemDetails` errors as in `../specs/zwapgrid/`), plus konto's connect step, the capability matrix and
 * health. One definition gives the server its routes, the OpenAPI document and a typed client.
 */
import { Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import {
  Conflict,
  ConnectionRejected,
  IdempotencyKeyReused,
  NotFound,
  NotImplemented,
  PreconditionFailed,
  ServiceUnavailable,
  Unauthorized,
  UnsupportedQuery,
  upstreamErrors
} from "./ApiProblem.ts"
import { ApiKeyAuth, ConnectAuth } from "./Authentication.ts"
import {
  AccessTokenDto,
  ConnectConsentDto,
  ConsentDto,
  ConsentId,
  ConsentStatus,
  CreateConsentDto,
  ExchangeOtcDto,
  OtcDto,
  UpdateConsentDto
} from "./ConsentDto.ts"
import { PagedResult } from "./PagedResult.ts"
import { RequestValidation } from "./RequestValidation.ts"
import { SalesInvoiceDto, SalesInvoiceSummaryDto } from "./SalesInvoiceDto.ts"
import { SalesInvoiceInputDto } from "./SalesInvoiceInputDto.ts"
import { GetSalesInvoiceParams, ListSalesInvoicesParams } from "./SalesInvoiceQuery.ts"
import { SystemDto } from "./SystemDto.ts"

/** `x-correlation-id`: a GUID the caller chooses; echoed on the response and attached to konto's logs. */
export const CorrelationId = Schema.String.check(Schema.isGUID()).annotate({
  description: "A unique GUID that can be used to track this request."
})

/** The headers every `/api` endpoint takes. */
export const correlationHeaders = { "x-correlation-id": CorrelationId }

/** `Idempotency-Key`: the same key and body create once; see the README. */
export const IdempotencyKey = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(255)).annotate({
  description: "Creates at most once per key: a retry with the same key and body returns the first result."
})

const consentPath = { consentId: ConsentId }

/** `SalesInvoiceSummaryDtoPagedResultDto`. */
export const SalesInvoiceSummaryDtoPagedResultDto = PagedResult(
  SalesInvoiceSummaryDto,
  "SalesInvoiceSummaryDtoPagedResultDto"
)

/** `ConsentDtoPagedResultDto`. */
export const ConsentDtoPagedResultDto = PagedResult(ConsentDto, "ConsentDtoPagedResultDto")

/** API.1's sales-invoice endpoints. */
export class SalesInvoicesGroup extends HttpApiGroup.make("salesInvoices")
  .add(
    HttpApiEndpoint.get("list", "/api/v1/consents/:consentId/salesinvoices", {
      params: consentPath,
      query: ListSalesInvoicesParams,
      headers: correlationHeaders,
      success: SalesInvoiceSummaryDtoPagedResultDto,
      error: [UnsupportedQuery, NotFound, Conflict, NotImplemented, ...upstreamErrors]
    }).annotateMerge(
      OpenApi.annotations({
        summary: "List sales invoices",
        description:
          "A status filter the system cannot serve fails with 400 and exactly " +
          "`Filtering by status {status} is not supported by {system}`."
      })
    ),
    HttpApiEndpoint.get("get", "/api/v1/consents/:consentId/salesinvoices/:salesInvoiceId", {
      params: { ...consentPath, salesInvoiceId: Schema.NonEmptyString },
      query: GetSalesInvoiceParams,
      headers: correlationHeaders,
      success: SalesInvoiceDto,
      error: [NotFound, Conflict, NotImplemented, ...upstreamErrors]
    }).annotateMerge(OpenApi.annotations({ summary: "Get a sales invoice by ID" })),
    HttpApiEndpoint.post("create", "/api/v1/consents/:consentId/salesinvoices", {
      params: consentPath,
      headers: { ...correlationHeaders, "idempotency-key": Schema.optionalKey(IdempotencyKey) },
      payload: SalesInvoiceInputDto,
      success: SalesInvoiceDto,
      error: [NotFound, Conflict, IdempotencyKeyReused, NotImplemented, ...upstreamErrors]
    }).annotateMerge(
      OpenApi.annotations({
        summary: "Post a sales invoice",
        description:
          "With an `Idempotency-Key` header, the same key and body create once and return the first " +
          "result; the same key with another body fails with 422; while the first is in flight, 409."
      })
    )
  )
  .middleware(RequestValidation)
  .middleware(ApiKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Sales Invoices" })) {}

/** API.1's consent endpoints and konto's connect step. */
export class ConsentsGroup extends HttpApiGroup.make("consents")
  .add(
    HttpApiEndpoint.post("create", "/api/v1/consents", {
      headers: correlationHeaders,
      payload: CreateConsentDto,
      success: ConsentDto.pipe(HttpApiSchema.status(201))
    }).annotateMerge(OpenApi.annotations({ summary: "Create a consent" })),
    HttpApiEndpoint.get("list", "/api/v1/consents", {
      headers: correlationHeaders,
      query: {
        Count: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100 }))),
        CurrentPage: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 2147483647 }))),
        Status: Schema.optionalKey(ConsentStatus),
        Source: Schema.optionalKey(Schema.String),
        Name: Schema.optionalKey(Schema.String),
        OrderBy: Schema.optionalKey(Schema.Literals(["CreatedOnAscending", "CreatedOnDescending"]))
      },
      success: ConsentDtoPagedResultDto
    }).annotateMerge(OpenApi.annotations({ summary: "List consents" })),
    HttpApiEndpoint.get("get", "/api/v1/consents/:consentId", {
      params: consentPath,
      headers: correlationHeaders,
      success: HttpApiSchema.WithHeaders(ConsentDto, { etag: Schema.String }),
      error: NotFound
    }).annotateMerge(OpenApi.annotations({ summary: "Get a consent" })),
    HttpApiEndpoint.patch("update", "/api/v1/consents/:consentId", {
      params: consentPath,
      headers: { ...correlationHeaders, "if-match": Schema.optionalKey(Schema.String) },
      payload: UpdateConsentDto,
      success: HttpApiSchema.NoContent,
      error: [NotFound, PreconditionFailed]
    }).annotateMerge(OpenApi.annotations({ summary: "Update a consent (rename, or revoke with status 2)" })),
    HttpApiEndpoint.delete("delete", "/api/v1/consents/:consentId", {
      params: consentPath,
      headers: correlationHeaders,
      success: HttpApiSchema.NoContent,
      error: NotFound
    }).annotateMerge(OpenApi.annotations({ summary: "Delete a consent" })),
    HttpApiEndpoint.post("createOtc", "/api/v1/consents/:consentId/otc", {
      params: consentPath,
      headers: correlationHeaders,
      success: OtcDto.pipe(HttpApiSchema.status(201)),
      error: NotFound
    }).annotateMerge(OpenApi.annotations({ summary: "Create a one-time code" }))
  )
  .middleware(RequestValidation)
  .middleware(ApiKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Consents" })) {}

/** konto's connect step: attach a system and its credentials to a consent. */
export class ConnectGroup extends HttpApiGroup.make("connect")
  .add(
    HttpApiEndpoint.put("connect", "/api/v1/consents/:consentId/connection", {
      params: consentPath,
      headers: correlationHeaders,
      payload: ConnectConsentDto,
      success: ConsentDto,
      error: [NotFound, Conflict, ConnectionRejected, NotImplemented, ...upstreamErrors]
    }).annotateMerge(
      OpenApi.annotations({
        summary: "Connect a consent to an accounting system",
        description:
          "Attaches a system and its credentials; the system's connector checks them before the " +
          "consent becomes ACCEPTED. Takes the API key, or the consent token from the one-time-code exchange."
      })
    )
  )
  .middleware(RequestValidation)
  .middleware(ConnectAuth)
  .annotateMerge(OpenApi.annotations({ title: "Consents" })) {}

/** The one-time-code exchange (no API key: the code is the credential). */
export class ConsentTokenGroup extends HttpApiGroup.make("consentToken")
  .add(
    HttpApiEndpoint.post("exchange", "/api/v1/consents/auth/token", {
      headers: correlationHeaders,
      payload: ExchangeOtcDto,
      success: AccessTokenDto,
      error: [Unauthorized, ServiceUnavailable]
    }).annotateMerge(OpenApi.annotations({ summary: "Exchange a one-time code for a consent token" }))
  )
  .middleware(RequestValidation)
  .annotateMerge(OpenApi.annotations({ title: "Consents" })) {}

/** The capability matrix. */
export class SystemsGroup extends HttpApiGroup.make("systems")
  .add(
    HttpApiEndpoint.get("list", "/api/v1/systems", {
      headers: correlationHeaders,
      success: Schema.Array(SystemDto)
    }).annotateMerge(OpenApi.annotations({ summary: "List the registered systems and their capabilities" })),
    HttpApiEndpoint.get("get", "/api/v1/systems/:system", {
      params: { system: Schema.NonEmptyString },
      headers: correlationHeaders,
      success: SystemDto,
      error: NotFound
    }).annotateMerge(OpenApi.annotations({ summary: "Get a system's capabilities and connection fields" }))
  )
  .middleware(RequestValidation)
  .middleware(ApiKeyAuth)
  .annotateMerge(OpenApi.annotations({ title: "Systems" })) {}

/** The health of the server and its store. */
export const HealthDto = Schema.Struct({ status: Schema.Literal("ok") }).annotate({ identifier: "HealthDto" })

/** Health (no API key, no correlation id). */
export class HealthGroup extends HttpApiGroup.make("health", { topLevel: true })
  .add(
    HttpApiEndpoint.get("health", "/health", {
      success: HealthDto,
      error: ServiceUnavailable
    }).annotateMerge(OpenApi.annotations({ summary: "Health of the server and its store" }))
  )
  .annotateMerge(OpenApi.annotations({ title: "Health" })) {}

// Core's decimal decodes from a JSON number, a numeric string or a raw JSON number, and the generator documents
// that input union (`anyOf` of number, "NaN"-style strings, string and `{}`, which accepts anything). konto always
// writes a JSON number literal, so the document says `type: number` there, and drops repeated union members.
const decimalInput: ReadonlyArray<string> = [
  { type: "number" },
  { type: "string", enum: ["Infinity", "-Infinity", "NaN"] },
  { type: "string" },
  {}
].map((member) => JSON.stringify(member))

const documentDecimalsAsNumbers = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(documentDecimalsAsNumbers)
  if (node === null || typeof node !== "object") return node
  const entries = Object.entries(node).map(([key, value]) => [key, documentDecimalsAsNumbers(value)] as const)
  const object: Record<string, unknown> = Object.fromEntries(entries)
  const anyOf = object["anyOf"]
  if (!Array.isArray(anyOf)) return object
  const texts = anyOf.map((member) => JSON.stringify(member))
  const isDecimal = decimalInput.every((member) => texts.includes(member))
  const members = [...new Set(texts.filter((text) => !(isDecimal && decimalInput.includes(text))))]
  if (isDecimal) members.unshift(JSON.stringify({ type: "number", description: "An exact decimal number" }))
  const { anyOf: _anyOf, ...rest } = object
  return members.length === 1
    ? { ...rest, ...(JSON.parse(members[0] as string) as object) }
    : { ...rest, anyOf: members.map((text) => JSON.parse(text) as unknown) }
}

/** konto's API. */
export class KontoApi extends HttpApi.make("konto")
  .add(SalesInvoicesGroup)
  .add(ConsentsGroup)
  .add(ConnectGroup)
  .add(ConsentTokenGroup)
  .add(SystemsGroup)
  .add(HealthGroup)
  .annotateMerge(
    OpenApi.annotations({
      title: "konto",
      version: "1",
      description:
        "Sales invoices in many accounting systems through one canonical model, compatible with API.1's " +
        "sales-invoice and consent endpoints. Every /api route takes `x-api-key` and a `x-correlation-id` GUID; " +
        "errors are RFC 9457 problem details.",
      transform: (spec) => documentDecimalsAsNumbers(spec) as typeof spec
    })
  ) {}
