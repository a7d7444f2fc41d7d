/**
 * The handlers of API.1's sales-invoice endpoints: they open the caller's consent, ask its connector, and answer
 * with API.1's DTOs. The create handler reads its body itself, so amounts are exact from the first byte
 * (`ExactJson.parse`), and runs the `Idempotency-Key` protocol over the store's idempotency records.
 */

import { randomUUID } from "node:crypto"
import {
  ApiProblem,
  Caller,
  KontoApi,
  PagedResult,
  SalesInvoiceDto,
  SalesInvoiceInputDto,
  SalesInvoiceQuery
} from "@konto/api"
import { type ConnectorError, ExactJson, type SalesInvoice, type SalesInvoices } from "@konto/core"
import { Idempotency } from "@konto/store"
import { Effect, Exit, Option, Schema } from "effect"
import { HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { asApiKeyId, Connections } from "./Connections.ts"
import { fromConnectorError, fromStoreError } from "./ProblemMapping.ts"
import { toInvalidParameter } from "./RequestValidation.ts"

const encodeInvoice = Schema.encodeEffect(SalesInvoiceDto.SalesInvoiceDto)
const decodeInput = Schema.decodeUnknownEffect(SalesInvoiceInputDto.SalesInvoiceInputDto)
const encodeInput = Schema.encodeEffect(SalesInvoiceInputDto.SalesInvoiceInputDto)

/** A listing shows the payment status and terms only when asked to (API.1's `Include`). */
export const applyListIncludes = (
  summary: SalesInvoice.SalesInvoiceSummary,
  include: { readonly paymentStatus: boolean; readonly paymentTerms: boolean }
): SalesInvoice.SalesInvoiceSummary => ({
  ...summary,
  paymentStatus: include.paymentStatus ? summary.paymentStatus : Option.none(),
  paymentTerms: include.paymentTerms ? summary.paymentTerms : Option.none()
})

/** An invoice shows its payment status only when asked to (API.1's `include=paymentStatus`). */
export const applyGetIncludes = (
  invoice: SalesInvoice.SalesInvoice,
  include: { readonly paymentStatus: boolean }
): SalesInvoice.SalesInvoice => (include.paymentStatus ? invoice : { ...invoice, paymentStatus: Option.none() })

const jsonResponse = (status: number, body: string) =>
  HttpServerResponse.text(body, { status, contentType: "application/json" })

/** The sales-invoice group's handlers. */
export const layer = HttpApiBuilder.group(
  KontoApi,
  "salesInvoices",
  Effect.fn(function* (handlers) {
    const connections = yield* Connections
    const idempotency = yield* Idempotency.Idempotency

    /** Runs a connector call; its failure becomes a problem, and refused credentials mark the consent inactive. */
    const markInactiveOnRefusal =
      (caller: { readonly apiKeyId: string }, consentId: string) => (error: ConnectorError) =>
        error._tag === "Unauthorized" ? connections.markInactive(caller.apiKeyId, consentId) : Effect.void

    const call = <A>(
      caller: { readonly apiKeyId: string },
      consentId: string,
      effect: Effect.Effect<A, ConnectorError>
    ) =>
      effect.pipe(
        Effect.tapError(markInactiveOnRefusal(caller, consentId)),
        Effect.mapError((error) => fromConnectorError(error, "operation"))
      )

    const callListing = <A>(
      caller: { readonly apiKeyId: string },
      consentId: string,
      effect: Effect.Effect<A, ConnectorError>
    ) =>
      effect.pipe(
        Effect.tapError(markInactiveOnRefusal(caller, consentId)),
        Effect.mapError((error) => fromConnectorError(error, "query"))
      )

    const requireOperation = (
      salesInvoices: SalesInvoices.SalesInvoicesShape,
      operation: "list" | "get" | "create"
    ) => {
      const support = salesInvoices.capabilities.operations[operation]
      return support.support === "not-supported"
        ? Effect.fail(
            new ApiProblem.NotImplemented({
              system: salesInvoices.system,
              detail: `${salesInvoices.displayName} does not support ${operation === "list" ? "listing" : operation === "get" ? "reading" : "creating"} sales invoices: ${support.detail}`
            })
          )
        : Effect.void
    }

    return handlers
      .handle("list", ({ params, query }) =>
        Effect.scoped(
          Effect.gen(function* () {
            const caller = yield* Caller
            const { consent, salesInvoices } = yield* connections.open(caller.apiKeyId, params.consentId)
            yield* requireOperation(salesInvoices, "list")
            const request = SalesInvoiceQuery.toListQuery(query, consent.timeZone)
            const page = yield* callListing(caller, params.consentId, salesInvoices.page(request.query, request.page))
            return PagedResult.fromPage(page, (summary) =>
              SalesInvoiceDto.fromSalesInvoiceSummary(applyListIncludes(summary, request.query.include))
            )
          })
        )
      )
      .handle("get", ({ params, query }) =>
        Effect.scoped(
          Effect.gen(function* () {
            const caller = yield* Caller
            const { salesInvoices } = yield* connections.open(caller.apiKeyId, params.consentId)
            yield* requireOperation(salesInvoices, "get")
            const include = SalesInvoiceQuery.getIncludes(query)
            const invoice = yield* call(caller, params.consentId, salesInvoices.get(params.salesInvoiceId, { include }))
            return SalesInvoiceDto.fromSalesInvoice(applyGetIncludes(invoice, include))
          })
        )
      )
      .handleRaw("create", ({ headers, params, request }) =>
        Effect.scoped(
          Effect.gen(function* () {
            const caller = yield* Caller
            const text = yield* request.text.pipe(
              Effect.mapError(
                () =>
                  new ApiProblem.InvalidParameter({ parameter: "body", detail: "The request body could not be read" })
              )
            )
            const json = yield* Effect.try({
              try: () => ExactJson.parse(text),
              catch: () =>
                new ApiProblem.InvalidParameter({
                  parameter: "body",
                  detail: "Invalid request body: expected a JSON object"
                })
            })
            const input = yield* decodeInput(json).pipe(
              Effect.mapError((cause) => toInvalidParameter({ kind: "Payload", cause }))
            )
            const { salesInvoices } = yield* connections.open(caller.apiKeyId, params.consentId)
            yield* requireOperation(salesInvoices, "create")

            const create = (idempotencyKey: string) =>
              call(caller, params.consentId, salesInvoices.create(input, { idempotencyKey })).pipe(
                Effect.flatMap((invoice) =>
                  encodeInvoice(SalesInvoiceDto.fromSalesInvoice(invoice)).pipe(Effect.orDie)
                ),
                Effect.map((encoded) => ExactJson.stringify(encoded))
              )

            const key = headers["idempotency-key"]
            if (key === undefined) {
              // API.1 clients send no key: every such POST creates, and the connector still gets a unique key.
              return jsonResponse(200, yield* create(`konto-${randomUUID()}`))
            }
            // The same body, whatever its key order or spacing, is the same request.
            const canonicalBody = ExactJson.stringify(yield* encodeInput(input).pipe(Effect.orDie))
            const scope = {
              apiKeyId: asApiKeyId(caller.apiKeyId),
              consentId: params.consentId as Idempotency.IdempotencyScope["consentId"],
              key
            }
            const begun = yield* idempotency.begin(scope, canonicalBody).pipe(Effect.mapError(fromStoreError))
            switch (begun._tag) {
              case "InFlight":
                return yield* new ApiProblem.Conflict({
                  detail: `A request with Idempotency-Key ${key} is still in flight; retry later`
                })
              case "Mismatch":
                return yield* new ApiProblem.IdempotencyKeyReused({
                  detail: `Idempotency-Key ${key} was already used with a different request body`
                })
              case "Completed":
                return HttpServerResponse.text(begun.response.body, {
                  status: begun.response.status,
                  contentType: "application/json",
                  headers: { ...begun.response.headers, "idempotent-replayed": "true" }
                })
              case "New": {
                // On failure the claim is released, so a retry may run: the connector gets the same key again and
                // does not create twice upstream.
                const body = yield* create(key).pipe(
                  Effect.onExit((exit) =>
                    Exit.isFailure(exit) ? Effect.ignore(idempotency.abandon(begun.lease)) : Effect.void
                  )
                )
                yield* idempotency.complete(begun.lease, { status: 200, headers: {}, body }).pipe(
                  Effect.catchTag("IdempotencyLeaseLost", () =>
                    Effect.logWarning("an idempotency claim went stale before it completed")
                  ),
                  Effect.mapError(fromStoreError)
                )
                return jsonResponse(200, body)
              }
            }
          })
        )
      )
  })
)
