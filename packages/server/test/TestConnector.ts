/**
 * A connector of the server's own for its tests ("Test Books"), so they do not depend on any adapter: an
 * in-memory vendor with a known token, canonical invoices (one with a 17-digit total), a create that counts its
 * calls and can be held open, and invoice ids that make the vendor fail in each of the ways a connector can.
 */
import {
  CalendarDate,
  Capabilities,
  Connector,
  deriveStatus,
  InvalidInput,
  Money,
  NotFound,
  RateLimited,
  type SalesInvoice,
  SalesInvoices,
  SystemId,
  TokenStore,
  Unauthorized,
  UpstreamRejected,
  UpstreamUnavailable
} from "@konto/core"
import { BigDecimal, DateTime, Effect, Latch, Layer, Option, Redacted, Ref, Stream } from "effect"

/** The vendor behind the test connector: its invoices and what it saw. */
export interface TestVendor {
  readonly token: string
  readonly invoices: Ref.Ref<ReadonlyArray<SalesInvoice.SalesInvoice>>
  /** How many creates reached the vendor. */
  readonly creates: Ref.Ref<number>
  /** The idempotency keys the vendor received. */
  readonly keys: Ref.Ref<ReadonlyArray<string>>
  /** A create whose reference is `hold` opens `holding`, then waits until `gate` opens. */
  readonly gate: Latch.Latch
  readonly holding: Latch.Latch
}

const system = SystemId.make("testbooks")
const displayName = "Test Books"
const asOf = CalendarDate.make("2025-06-15")

const sek = (amount: string) => Money.unsafeFromString(amount, "SEK")

/** A canonical invoice with consistent facts and derived statuses. */
export const makeInvoice = (options: {
  readonly id: string
  readonly total: string
  readonly balance: string
  readonly issueDate: string
  readonly dueDate: string
  readonly sent?: boolean
  readonly booked?: boolean
}): SalesInvoice.SalesInvoice => {
  const total = Money.unsafeFromString(options.total, "SEK").amount
  const balance = Money.unsafeFromString(options.balance, "SEK").amount
  const dueDate = CalendarDate.make(options.dueDate)
  const derived = deriveStatus(
    {
      total: Option.some(total),
      balance: Option.some(balance),
      isCreditNote: Option.some(BigDecimal.isNegative(total)),
      booked: Option.some(options.booked ?? true),
      cancelled: Option.some(false),
      draft: Option.some(false),
      sent: Option.some(options.sent ?? true),
      sold: Option.none(),
      dueDate: Option.some(dueDate)
    },
    asOf
  )
  const created = DateTime.makeUnsafe(`${options.issueDate}T08:00:00Z`)
  return {
    id: Option.some(options.id),
    reference: Option.some(`INV-${options.id}`),
    buyerReference: Option.none(),
    sellerReference: Option.none(),
    bookedInvoiceIndicator: Option.some(options.booked ?? true),
    cancelledInvoiceIndicator: Option.some(false),
    issueDate: Option.some(CalendarDate.make(options.issueDate)),
    issueTime: Option.none(),
    dueDate: Option.some(dueDate),
    createdDateTime: Option.some(created),
    modifiedDateTime: Option.some(created),
    creditInvoice: Option.some({
      creditInvoiceIndicator: Option.some(BigDecimal.isNegative(total)),
      creditInvoiceDocumentReferences: []
    }),
    notes: [],
    orderReference: Option.none(),
    documentCurrencyCode: Option.some({ currency: Option.some("SEK"), currencyRate: Option.none() }),
    accountingCustomerParty: Option.some({
      supplierAssignedAccountId: Option.some({ id: Option.some("CUST1"), schemeId: Option.none() }),
      party: {
        partyIdentification: [{ id: Option.some("559079-0100"), schemeId: Option.some("SE:ORGNR") }],
        partyName: Option.some({ name: Option.some("Kund AB"), languageId: Option.none() }),
        postalAddress: Option.some({
          buildingNumber: Option.none(),
          streetName: Option.some("Storgatan 1"),
          additionalStreetName: Option.none(),
          cityName: Option.some("Stockholm"),
          postalZone: Option.some("111 22"),
          country: Option.some({ identificationCode: Option.some("SE"), name: Option.none() })
        }),
        partyLegalEntity: Option.none(),
        contact: Option.none()
      }
    }),
    paymentTerms: Option.some({
      paymentTermsId: Option.some({ id: Option.some("30"), schemeId: Option.none() }),
      notes: []
    }),
    taxTotals: [],
    totalBalanceAmount: Option.some({ amount: balance, currencyId: "SEK" }),
    legalMonetaryTotal: Option.some({
      lineExtensionAmount: Option.none(),
      taxExclusiveAmount: Option.none(),
      taxInclusiveAmount: Option.some({ amount: total, currencyId: "SEK" }),
      prepaidAmount: Option.none(),
      payableRoundingAmount: Option.none(),
      payableAmount: Option.some({ amount: balance, currencyId: "SEK" })
    }),
    paymentStatus: Option.some({ status: derived.payment, settlementDate: Option.none() }),
    isSent: Option.some(options.sent ?? true),
    isSold: Option.none(),
    reminder: Option.none(),
    invoiceLines: [
      {
        id: Option.some("1"),
        invoicedQuantity: Option.some({ quantity: Option.some(BigDecimal.fromBigInt(1n)), unitCode: Option.none() }),
        lineExtensionAmount: Option.some(sek("100")),
        item: {
          name: Option.some("Work"),
          description: Option.none(),
          sellersItemIdentification: Option.none(),
          classifiedTaxCategories: []
        },
        price: Option.some({ priceAmount: sek("100") })
      }
    ],
    source: { system, id: options.id, status: Option.some("open") },
    statuses: derived.statuses
  }
}

/** The invoices every test vendor starts with. */
export const initialInvoices: ReadonlyArray<SalesInvoice.SalesInvoice> = [
  makeInvoice({ id: "1001", total: "1250.00", balance: "0", issueDate: "2025-01-10", dueDate: "2025-02-09" }),
  makeInvoice({ id: "1002", total: "800.00", balance: "800.00", issueDate: "2025-03-01", dueDate: "2025-03-31" }),
  makeInvoice({
    id: "1003",
    total: "12345678901234567.89",
    balance: "345678901234567.89",
    issueDate: "2025-05-02",
    dueDate: "2025-07-01"
  }),
  makeInvoice({
    id: "1004",
    total: "-200.00",
    balance: "0",
    issueDate: "2025-05-20",
    dueDate: "2025-06-19",
    sent: false
  }),
  makeInvoice({
    id: "1005",
    total: "99.95",
    balance: "99.95",
    issueDate: "2025-06-01",
    dueDate: "2025-07-01",
    booked: false
  })
]

/** A fresh vendor. */
export const makeVendor = (token = "test-token-9f2c"): Effect.Effect<TestVendor> =>
  Effect.gen(function* () {
    return {
      token,
      invoices: yield* Ref.make(initialInvoices),
      creates: yield* Ref.make(0),
      keys: yield* Ref.make<ReadonlyArray<string>>([]),
      gate: yield* Latch.make(true),
      holding: yield* Latch.make(false)
    }
  })

/** Test Books' capability row: everything emulated but the statuses it cannot tell. */
export const capabilities: Capabilities.Capabilities = {
  operations: { list: Capabilities.supported, get: Capabilities.supported, create: Capabilities.supported },
  statusFilters: {
    Paid: Capabilities.emulated("from total and balance"),
    Unpaid: Capabilities.emulated("from total and balance"),
    Overdue: Capabilities.emulated("from balance and due date"),
    Cancelled: Capabilities.vendorCannot("Test Books has no cancelled invoices"),
    Unbooked: Capabilities.emulated("from the booked flag"),
    Unsent: Capabilities.emulated("from the sent flag"),
    Draft: Capabilities.vendorCannot("Test Books has no drafts"),
    Sold: Capabilities.notBuilt("not mapped yet")
  },
  invoiceDateRange: Capabilities.emulated("over the listing"),
  createdSince: Capabilities.emulated("over the listing"),
  modifiedSince: Capabilities.emulated("over the listing"),
  orderByDate: Capabilities.emulated("over the listing"),
  includes: { paymentStatus: Capabilities.supported, paymentTerms: Capabilities.supported },
  fields: [],
  paging: { maxPageSize: 100, totals: "exact" },
  rateLimits: []
}

const failures: Record<string, (operation: "get") => Effect.Effect<void, SalesInvoicesError>> = {
  "rate-limited": (operation) => Effect.fail(new RateLimited({ system, operation, retryAfterMillis: 2500 })),
  down: (operation) => Effect.fail(new UpstreamUnavailable({ system, operation, status: 503, detail: "maintenance" })),
  slow: (operation) =>
    Effect.fail(new UpstreamUnavailable({ system, operation, status: null, detail: "request timed out" })),
  rejected: (operation) =>
    Effect.fail(new UpstreamRejected({ system, operation, status: 400, detail: "bad id", vendorCode: null })),
  refused: (operation) => Effect.fail(new Unauthorized({ system, operation, detail: "token revoked" }))
}

type SalesInvoicesError = RateLimited | UpstreamUnavailable | UpstreamRejected | Unauthorized

/** The connector over a vendor. `readOnly` declares create not supported (for 501). */
export const makeConnector = (
  vendor: TestVendor,
  options: { readonly id?: string; readonly readOnly?: boolean } = {}
) => {
  const id = SystemId.make(options.id ?? system)
  const rowCapabilities: Capabilities.Capabilities = options.readOnly
    ? {
        ...capabilities,
        operations: { ...capabilities.operations, create: Capabilities.operationVendorCannot("read-only books") }
      }
    : capabilities
  return Connector.make({
    id,
    displayName: options.readOnly ? "Read-only Books" : displayName,
    capabilities: rowCapabilities,
    connectionFields: [
      { name: "apiToken", secret: true, required: true, description: "The company's API token" },
      { name: "companyId", secret: false, required: true, description: "The company" }
    ],
    layer: (connection) =>
      Layer.effect(
        SalesInvoices.SalesInvoices,
        Effect.gen(function* () {
          const token = connection.secrets["apiToken"]
          if (token === undefined) {
            return yield* new InvalidInput({
              system: id,
              operation: "connect",
              field: "apiToken",
              detail: "is required"
            })
          }
          const authorized = (operation: "list" | "get" | "create"): Effect.Effect<void, Unauthorized> =>
            Redacted.value(token) === vendor.token
              ? Effect.void
              : Effect.fail(new Unauthorized({ system: id, operation, detail: "unknown token" }))
          return SalesInvoices.make({
            system: id,
            displayName: options.readOnly ? "Read-only Books" : displayName,
            capabilities: rowCapabilities,
            vendor: {
              list: () =>
                Stream.unwrap(
                  authorized("list").pipe(Effect.andThen(Ref.get(vendor.invoices)), Effect.map(Stream.fromIterable))
                ),
              get: (invoiceId) =>
                authorized("get").pipe(
                  Effect.andThen(() => failures[invoiceId]?.("get") ?? Effect.void),
                  Effect.andThen(Ref.get(vendor.invoices)),
                  Effect.flatMap((invoices) => {
                    const found = invoices.find((invoice) => invoice.source.id === invoiceId)
                    return found === undefined
                      ? Effect.fail(new NotFound({ system: id, operation: "get", resource: "Invoice", id: invoiceId }))
                      : Effect.succeed(found)
                  })
                ),
              create: (input, { idempotencyKey }) =>
                Effect.gen(function* () {
                  yield* authorized("create")
                  yield* Ref.update(vendor.keys, (keys) => [...keys, idempotencyKey])
                  if (Option.getOrUndefined(input.reference) === "hold") {
                    yield* vendor.holding.open
                    yield* vendor.gate.await
                  }
                  const count = yield* Ref.updateAndGet(vendor.creates, (n) => n + 1)
                  const line = input.invoiceLines[0]
                  const total = line === undefined ? "0" : Money.formatDecimal(line.price.priceAmount.amount)
                  const invoice = makeInvoice({
                    id: String(2000 + count),
                    total,
                    balance: total,
                    issueDate: Option.getOrElse(input.issueDate, () => "2025-06-15"),
                    dueDate: Option.getOrElse(input.dueDate, () => "2025-07-15")
                  })
                  yield* Ref.update(vendor.invoices, (invoices) => [...invoices, invoice])
                  return invoice
                }),
              verify: authorized("list")
            }
          })
        })
      )
  })
}

/**
 * An OAuth flavour of Test Books: the access token comes from the token store, and the connection refreshes an
 * expired one (rotating both tokens) before its first call, as OAuth connectors do.
 */
export const makeOAuthConnector = (vendor: TestVendor) => {
  const id = SystemId.make("oauthbooks")
  return Connector.make({
    id,
    displayName: "OAuth Books",
    capabilities,
    connectionFields: [],
    layer: (connection) =>
      Layer.effect(
        SalesInvoices.SalesInvoices,
        Effect.gen(function* () {
          const tokens = yield* TokenStore.TokenStore
          const accessToken = Effect.gen(function* () {
            const stored = yield* Effect.orDie(tokens.load(connection.connectionId))
            if (Option.isNone(stored))
              return yield* new Unauthorized({ system: id, operation: "list", detail: "no tokens" })
            if (stored.value.tokens.expiresAtMillis > 0) return Redacted.value(stored.value.tokens.accessToken)
            const rotated: TokenStore.OAuthTokens = {
              accessToken: Redacted.make(`${vendor.token}-rotated`),
              refreshToken: Redacted.make("refresh-2"),
              expiresAtMillis: Date.UTC(2100, 0, 1)
            }
            yield* Effect.orDie(tokens.compareAndSet(connection.connectionId, stored.value.version, rotated))
            return Redacted.value(rotated.accessToken)
          })
          const authorized = (operation: "list" | "get" | "create") =>
            Effect.flatMap(accessToken, (token) =>
              token === `${vendor.token}-rotated`
                ? Effect.void
                : Effect.fail(new Unauthorized({ system: id, operation, detail: "unknown access token" }))
            )
          return SalesInvoices.make({
            system: id,
            displayName: "OAuth Books",
            capabilities,
            vendor: {
              list: () =>
                Stream.unwrap(
                  authorized("list").pipe(Effect.andThen(Ref.get(vendor.invoices)), Effect.map(Stream.fromIterable))
                ),
              get: (invoiceId) =>
                authorized("get").pipe(
                  Effect.andThen(Ref.get(vendor.invoices)),
                  Effect.flatMap((invoices) => {
                    const found = invoices.find((invoice) => invoice.source.id === invoiceId)
                    return found === undefined
                      ? Effect.fail(new NotFound({ system: id, operation: "get", resource: "Invoice", id: invoiceId }))
                      : Effect.succeed(found)
                  })
                ),
              verify: authorized("list")
            }
          })
        })
      )
  })
}
