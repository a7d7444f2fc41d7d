/**
 * The README's examples, compiled and run, so the README cannot drift from the code.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  CalendarDate,
  Capabilities,
  Connector,
  ConnectorRegistry,
  deriveStatus,
  ExactJson,
  type InvoiceFacts,
  ListQuery,
  Money,
  NotFound,
  type SalesInvoice,
  SalesInvoices,
  SystemId
} from "@konto/core"
import { BigDecimal, Effect, Layer, Option, Schema, Stream } from "effect"

describe("README examples", () => {
  it("status derivation", () => {
    // README: status derivation
    const facts: InvoiceFacts = {
      total: Option.some(BigDecimal.fromStringUnsafe("1000.00")), // taxInclusiveAmount
      balance: Option.some(BigDecimal.fromStringUnsafe("800.00")), // totalBalanceAmount
      isCreditNote: Option.some(false),
      booked: Option.some(true),
      cancelled: Option.some(false),
      draft: Option.some(false),
      sent: Option.none(), // the vendor does not say: konto does not guess
      sold: Option.none(),
      dueDate: Option.some(CalendarDate.make("2025-02-28"))
    }
    const derived = deriveStatus(facts, CalendarDate.make("2025-03-01"))
    // → { payment: Option.some("PARTLY_PAID"), statuses: ["Unpaid", "Overdue"] }
    // README end
    assert.deepStrictEqual(derived, { payment: Option.some("PARTLY_PAID" as const), statuses: ["Unpaid", "Overdue"] })
  })

  it("exact money", () => {
    // README: exact money
    const text = `{"amount":12345678901234567.89,"currencyId":"SEK"}`
    const money = Schema.decodeUnknownSync(Money.Money)(ExactJson.parse(text))
    Money.moneyEquals(money, Money.unsafeFromString("12345678901234567.890", "SEK")) // true: 1.5 equals 1.50
    ExactJson.stringify(Schema.encodeSync(Money.Money)(money)) // '{"amount":12345678901234567.89,"currencyId":"SEK"}'
    // README end
    assert.isTrue(Money.moneyEquals(money, Money.unsafeFromString("12345678901234567.890", "SEK")))
    assert.strictEqual(ExactJson.stringify(Schema.encodeSync(Money.Money)(money)), text)
  })

  it.effect("a connector in brief", () =>
    Effect.gen(function* () {
      const summary: SalesInvoice.SalesInvoiceSummary = {
        id: Option.some("1001"),
        reference: Option.some("INV001"),
        dueDate: Option.none(),
        issueDate: Option.some(CalendarDate.make("2025-01-29")),
        createdDateTime: Option.none(),
        modifiedDateTime: Option.none(),
        isSent: Option.none(),
        accountingCustomerParty: Option.none(),
        paymentTerms: Option.none(),
        notes: [],
        totalBalanceAmount: Option.none(),
        legalMonetaryTotal: Option.none(),
        paymentStatus: Option.none(),
        source: { system: SystemId.make("acme"), id: "1001", status: Option.some("booked") },
        statuses: ["Unpaid"]
      }
      const fetchAcmeInvoices = Stream.fromIterable([summary])

      // README: connector
      const system = SystemId.make("acme")
      const displayName = "Acme Books"

      // What Acme can do, as data: the vendor filters by date itself, konto filters statuses over its pages.
      const capabilities: Capabilities.Capabilities = {
        operations: {
          list: Capabilities.supported,
          get: Capabilities.supported,
          create: Capabilities.operationNotBuilt("Acme's create endpoint is not mapped yet")
        },
        statusFilters: {
          Paid: Capabilities.emulated("from balance and total"),
          Unpaid: Capabilities.emulated("from balance and total"),
          Overdue: Capabilities.emulated("from balance, total and due date"),
          Cancelled: Capabilities.emulated("from the voided flag"),
          Unbooked: Capabilities.vendorCannot("Acme lists booked invoices only"),
          Unsent: Capabilities.vendorCannot("Acme has no sent flag"),
          Draft: Capabilities.vendorCannot("Acme lists booked invoices only"),
          Sold: Capabilities.vendorCannot("Acme has no factoring flag")
        },
        invoiceDateRange: Capabilities.native,
        createdSince: Capabilities.vendorCannot("Acme has no created timestamp"),
        modifiedSince: Capabilities.native,
        orderByDate: Capabilities.emulated("konto sorts the listing"),
        includes: { paymentStatus: Capabilities.supported, paymentTerms: Capabilities.supported },
        fields: ["id", "reference", "issueDate", "dueDate", "totalBalanceAmount", "legalMonetaryTotal"],
        paging: { maxPageSize: 500, totals: "exact" },
        rateLimits: [{ requests: 25, perMillis: 5_000, scope: "access token" }]
      }

      // The adapter implements the vendor operations; SalesInvoices.make adds capability checks and emulation.
      const AcmeConnector = Connector.make({
        id: system,
        displayName,
        capabilities,
        connectionFields: [{ name: "apiToken", secret: true, required: true, description: "Acme API token" }],
        layer: () =>
          Layer.succeed(SalesInvoices.SalesInvoices)(
            SalesInvoices.make({
              system,
              displayName,
              capabilities,
              vendor: {
                list: (_nativeQuery) => fetchAcmeInvoices, // an adapter walks the vendor's pages here
                get: (id) => Effect.fail(new NotFound({ system, operation: "get", resource: "SalesInvoice", id }))
              }
            })
          )
      })
      const registry = yield* ConnectorRegistry.make([AcmeConnector]) // fails on duplicate ids
      // README end
      assert.strictEqual((yield* registry.get("acme")).displayName, "Acme Books")
      const invoices = SalesInvoices.make({
        system,
        displayName,
        capabilities,
        vendor: {
          list: () => fetchAcmeInvoices,
          get: (id) => Effect.fail(new NotFound({ system, operation: "get", resource: "SalesInvoice", id }))
        }
      })
      const unpaid = yield* Stream.runCollect(invoices.list(ListQuery.make({ status: Option.some("Unpaid") })))
      assert.strictEqual(unpaid.length, 1)
      const unsent = yield* Stream.runCollect(invoices.list(ListQuery.make({ status: Option.some("Unsent") }))).pipe(
        Effect.flip
      )
      assert.strictEqual(unsent.message, "Filtering by status Unsent is not supported by Acme Books")
    })
  )
})
