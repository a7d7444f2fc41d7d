/**
 * The contract every connector provides for one connection: list (paging hidden), page (API.1's window),
 * get and create. `SalesInvoices.make` builds it from a connector's vendor operations and its capability row,
 * so every connector answers "may I?" before any I/O and emulates what its vendor cannot do the same way.
 */
import { Context, Effect, Option, Stream } from "effect"
import type { Capabilities, DimensionSupport, OperationSupport } from "./Capabilities.ts"
import {
  type ConnectorError,
  InvalidInput,
  NotSupported,
  type Operation,
  statusFilterMessage
} from "./ConnectorError.ts"
import * as Emulation from "./Emulation.ts"
import type { ListQuery, Page, PageRequest } from "./ListQuery.ts"
import type { SalesInvoice, SalesInvoiceSummary } from "./SalesInvoice.ts"
import type { SalesInvoiceInput } from "./SalesInvoiceInput.ts"
import type { SystemId } from "./SystemId.ts"

/** Options of `create`. The same key never creates twice. */
export interface CreateOptions {
  readonly idempotencyKey: string
}

/** Options of `get`. */
export interface GetOptions {
  readonly include: { readonly paymentStatus: boolean }
}

/** The sales-invoice operations of one connection. */
export interface SalesInvoicesShape {
  readonly system: SystemId
  readonly displayName: string
  readonly capabilities: Capabilities
  /** Every invoice matching the query, pages walked for the caller. */
  readonly list: (query: ListQuery) => Stream.Stream<SalesInvoiceSummary, ConnectorError>
  /** One page of the listing in API.1's `Count` / `CurrentPage` window. */
  readonly page: (query: ListQuery, request: PageRequest) => Effect.Effect<Page<SalesInvoiceSummary>, ConnectorError>
  readonly get: (id: string, options?: GetOptions) => Effect.Effect<SalesInvoice, ConnectorError>
  readonly create: (input: SalesInvoiceInput, options: CreateOptions) => Effect.Effect<SalesInvoice, ConnectorError>
  /** Checks that the connection's credentials work (one cheap vendor call). */
  readonly verify: Effect.Effect<void, ConnectorError>
}

/** The sales-invoice service of the current connection. */
export class SalesInvoices extends Context.Service<SalesInvoices, SalesInvoicesShape>()("@konto/core/SalesInvoices") {}

/** What an adapter implements; `make` adds capability checks and emulation around it. */
export interface VendorOperations {
  /** Lists with the native part of the query only (emulated dimensions are already removed). */
  readonly list: (query: ListQuery) => Stream.Stream<SalesInvoiceSummary, ConnectorError>
  /** Serves a window natively, when the vendor's paging allows it without konto filtering. */
  readonly page?: (query: ListQuery, request: PageRequest) => Effect.Effect<Page<SalesInvoiceSummary>, ConnectorError>
  readonly get: (id: string, options: GetOptions) => Effect.Effect<SalesInvoice, ConnectorError>
  readonly create?: (input: SalesInvoiceInput, options: CreateOptions) => Effect.Effect<SalesInvoice, ConnectorError>
  readonly verify?: Effect.Effect<void, ConnectorError>
}

const operationCheck = (
  system: SystemId,
  displayName: string,
  operation: Operation,
  support: OperationSupport
): Effect.Effect<void, NotSupported> =>
  support.support === "not-supported"
    ? Effect.fail(
        new NotSupported({
          system,
          operation,
          reason: support.reason,
          detail: `${displayName} does not support ${operation}: ${support.detail}`
        })
      )
    : Effect.void

const dimensionCheck = (
  system: SystemId,
  displayName: string,
  what: string,
  support: DimensionSupport,
  message?: string
): Effect.Effect<void, NotSupported> =>
  support.mode === "not-supported"
    ? Effect.fail(
        new NotSupported({
          system,
          operation: "list",
          reason: support.reason,
          detail: message ?? `${what} is not supported by ${displayName}: ${support.detail}`
        })
      )
    : Effect.void

/** Checks a query against a capability row: `NotSupported` for anything the connector cannot serve. */
export const checkQuery = (
  system: SystemId,
  displayName: string,
  capabilities: Capabilities,
  query: ListQuery
): Effect.Effect<void, NotSupported | InvalidInput> =>
  Effect.gen(function* () {
    yield* operationCheck(system, displayName, "list", capabilities.operations.list)
    if (Option.isSome(query.status)) {
      const status = query.status.value
      yield* dimensionCheck(
        system,
        displayName,
        `Status ${status}`,
        capabilities.statusFilters[status],
        statusFilterMessage(status, displayName)
      )
    }
    if (Option.isSome(query.fromInvoiceDate) || Option.isSome(query.toInvoiceDate)) {
      yield* dimensionCheck(system, displayName, "Filtering by invoice date", capabilities.invoiceDateRange)
    }
    if (Option.isSome(query.createdSince)) {
      yield* dimensionCheck(system, displayName, "Filtering by created date", capabilities.createdSince)
    }
    if (Option.isSome(query.modifiedSince)) {
      yield* dimensionCheck(system, displayName, "Filtering by modified date", capabilities.modifiedSince)
    }
    if (Option.isSome(query.orderBy)) {
      yield* dimensionCheck(system, displayName, "Ordering by date", capabilities.orderByDate)
    }
    if (
      Option.isSome(query.fromInvoiceDate) &&
      Option.isSome(query.toInvoiceDate) &&
      query.fromInvoiceDate.value > query.toInvoiceDate.value
    ) {
      return yield* new InvalidInput({
        system,
        operation: "list",
        field: "FromInvoiceDate",
        detail: `must not be after ToInvoiceDate (${query.fromInvoiceDate.value} > ${query.toInvoiceDate.value})`
      })
    }
  })

/** Checks a page window: `Count` 1–100, `CurrentPage` ≥ 1 (the vendor's own page size is the adapter's concern). */
export const checkPageRequest = (system: SystemId, request: PageRequest): Effect.Effect<void, InvalidInput> => {
  if (!Number.isInteger(request.count) || request.count < 1 || request.count > 100) {
    return Effect.fail(
      new InvalidInput({ system, operation: "list", field: "Count", detail: "must be an integer from 1 to 100" })
    )
  }
  if (!Number.isInteger(request.currentPage) || request.currentPage < 1) {
    return Effect.fail(
      new InvalidInput({ system, operation: "list", field: "CurrentPage", detail: "must be an integer of 1 or more" })
    )
  }
  return Effect.void
}

/** Builds the service from a connector's vendor operations and capability row. */
export const make = (options: {
  readonly system: SystemId
  readonly displayName: string
  readonly capabilities: Capabilities
  readonly vendor: VendorOperations
}): SalesInvoicesShape => {
  const { capabilities, displayName, system, vendor } = options
  const list = (query: ListQuery): Stream.Stream<SalesInvoiceSummary, ConnectorError> =>
    Stream.unwrap(
      checkQuery(system, displayName, capabilities, query).pipe(
        Effect.map(() => {
          const queryPlan = Emulation.plan(capabilities, query)
          return Emulation.apply(queryPlan, vendor.list(queryPlan.native))
        })
      )
    )
  const page = (query: ListQuery, request: PageRequest) =>
    Effect.gen(function* () {
      yield* checkQuery(system, displayName, capabilities, query)
      yield* checkPageRequest(system, request)
      const queryPlan = Emulation.plan(capabilities, query)
      if (!Emulation.isEmulating(queryPlan) && vendor.page !== undefined) {
        return yield* vendor.page(queryPlan.native, request)
      }
      return yield* Emulation.pageFromStream(Emulation.apply(queryPlan, vendor.list(queryPlan.native)), request)
    })
  const get = (id: string, getOptions?: GetOptions) =>
    operationCheck(system, displayName, "get", capabilities.operations.get).pipe(
      Effect.andThen(() =>
        id.trim() === ""
          ? Effect.fail(
              new InvalidInput({ system, operation: "get", field: "salesInvoiceId", detail: "must not be empty" })
            )
          : vendor.get(id, getOptions ?? { include: { paymentStatus: true } })
      )
    )
  const create = (input: SalesInvoiceInput, createOptions: CreateOptions) =>
    operationCheck(system, displayName, "create", capabilities.operations.create).pipe(
      Effect.andThen(() => {
        if (vendor.create === undefined) {
          return Effect.fail(
            new NotSupported({
              system,
              operation: "create",
              reason: "not-built",
              detail: `${displayName}: create is not built`
            })
          )
        }
        if (createOptions.idempotencyKey.trim() === "") {
          return Effect.fail(
            new InvalidInput({ system, operation: "create", field: "Idempotency-Key", detail: "must not be empty" })
          )
        }
        return vendor.create(input, createOptions)
      })
    )
  const verify = vendor.verify ?? Effect.asVoid(page({ ...allInvoices }, { count: 1, currentPage: 1 }))
  return { system, displayName, capabilities, list, page, get, create, verify }
}

const allInvoices: ListQuery = {
  status: Option.none(),
  fromInvoiceDate: Option.none(),
  toInvoiceDate: Option.none(),
  createdSince: Option.none(),
  modifiedSince: Option.none(),
  orderBy: Option.none(),
  include: { paymentStatus: false, paymentTerms: false }
}
