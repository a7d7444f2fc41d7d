import { assert, describe, it } from "@effect/vitest"
import { InvoiceSeed } from "@konto/simulator-kit"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import {
  demo,
  documentedInvoices,
  type FortnoxSimulator,
  makeSimulator,
  parseLastModified,
  simulator
} from "../src/simulator.ts"
import { fixtureText } from "./Fixtures.ts"
import { seedTodayMillis } from "./FortnoxHarness.ts"
import { describeErrors, validate } from "./FortnoxOpenApi.ts"

interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/** One raw request to the simulator, as Fortnox's API would get it. */
const call = (
  sim: FortnoxSimulator,
  method: string,
  pathAndQuery: string,
  options: {
    readonly token?: string | null
    readonly body?: unknown
    readonly form?: string
    readonly basic?: string
  } = {}
) =>
  Effect.gen(function* () {
    const headers: Record<string, string> = {}
    const token = options.token === undefined ? demo.accessToken : options.token
    if (token !== null) headers["authorization"] = `Bearer ${token}`
    if (options.basic !== undefined) headers["authorization"] = `Basic ${Buffer.from(options.basic).toString("base64")}`
    let text = ""
    if (options.body !== undefined) {
      headers["content-type"] = "application/json"
      text = JSON.stringify(options.body)
    }
    if (options.form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded"
      text = options.form
    }
    const outcome = yield* sim.handle({ method, url: new URL(`${sim.baseUrl}${pathAndQuery}`), headers, text })
    if (outcome._tag !== "Respond") return yield* Effect.die(`unexpected outcome ${outcome._tag}`)
    const answer: Answer = {
      status: outcome.response.status,
      headers: outcome.response.headers,
      body: outcome.response.text === "" ? undefined : JSON.parse(outcome.response.text)
    }
    return answer
  })

const assertValid = (component: string, body: unknown) => {
  const errors = validate(component, body)
  assert.deepStrictEqual(errors, [], describeErrors(errors))
}

const errorCode = (answer: Answer): unknown =>
  (answer.body as { readonly ErrorInformation?: { readonly Code?: unknown } }).ErrorInformation?.Code

const invoicesOf = (answer: Answer): ReadonlyArray<Record<string, unknown>> =>
  (answer.body as { readonly Invoices: ReadonlyArray<Record<string, unknown>> }).Invoices

const metaOf = (answer: Answer): Record<string, number> =>
  (answer.body as { readonly MetaInformation: Record<string, number> }).MetaInformation

const withSimulator = <A, E>(
  options: Parameters<typeof makeSimulator>[0],
  use: (sim: FortnoxSimulator) => Effect.Effect<A, E>
) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(seedTodayMillis)
    return yield* use(yield* makeSimulator(options))
  })

describe("the simulator's responses validate against Fortnox's OpenAPI", () => {
  it.effect("list pages, with and without filters and sorting", () =>
    withSimulator({ invoiceCount: 120, seed: 11 }, (sim) =>
      Effect.gen(function* () {
        for (const query of [
          "?limit=500",
          "?limit=50&page=3",
          "?filter=unpaid",
          "?filter=unpaidoverdue&sortby=invoicedate&sortorder=descending",
          "?filter=cancelled&fromdate=2025-01-01&todate=2025-06-30",
          "?lastmodified=2025-05-01%2012:00",
          "?page=99"
        ]) {
          const answer = yield* call(sim, "GET", `/3/invoices${query}`)
          assert.strictEqual(answer.status, 200, query)
          assertValid("fortnox_InvoiceListItem_Wrap", answer.body)
        }
      })
    )
  )

  it.effect("every invoice in full", () =>
    withSimulator({ invoiceCount: 60, seed: 12 }, (sim) =>
      Effect.gen(function* () {
        for (const seed of InvoiceSeed.generate({ seed: 12, count: 60, profile: simulator.seedProfile })) {
          yield* TestClock.adjust(250) // within Fortnox's 25 requests per 5 seconds
          const answer = yield* call(sim, "GET", `/3/invoices/${seed.number}`)
          assert.strictEqual(answer.status, 200)
          assertValid("fortnox_Invoice_Wrap", answer.body)
        }
      })
    )
  )

  it.effect("a created invoice (201), and error bodies", () =>
    withSimulator({ invoiceCount: 5, seed: 13 }, (sim) =>
      Effect.gen(function* () {
        const customer = InvoiceSeed.customers({ seed: 13, count: 5 })[0]!
        const created = yield* call(sim, "POST", "/3/invoices", {
          body: {
            Invoice: {
              CustomerNumber: customer.number,
              ExternalInvoiceReference1: "key-1",
              InvoiceRows: [{ DeliveredQuantity: "3", Description: "Konsulttimme", Price: 1049.5, VAT: 25 }]
            }
          }
        })
        assert.strictEqual(created.status, 201)
        assertValid("fortnox_Invoice_Wrap", created.body)
        for (const failed of [
          yield* call(sim, "GET", "/3/invoices/999999"),
          yield* call(sim, "GET", "/3/invoices?filter=unpaid&customernumber=100"),
          yield* call(sim, "GET", "/3/invoices", { token: null }),
          yield* call(sim, "POST", "/3/invoices", { body: { Invoice: { CustomerNumber: "no-such", InvoiceRows: [] } } })
        ]) {
          assertValid("fortnox_ErrorInformationWrap", failed.body)
        }
      })
    )
  )
})

describe("the documented example is one of the simulator's records", () => {
  it.effect("listed as Fortnox documents it (CurrencyRate as the OpenAPI's number)", () =>
    withSimulator({ seeds: [], invoices: documentedInvoices }, (sim) =>
      Effect.gen(function* () {
        const answer = yield* call(sim, "GET", "/3/invoices")
        const documented = JSON.parse(fixtureText("invoices.documented.json")) as {
          Invoices: Array<Record<string, unknown>>
        }
        const [first, second] = invoicesOf(answer)
        assert.deepStrictEqual(first, { ...documented.Invoices[0], CurrencyRate: 1 })
        assert.strictEqual(second?.["DocumentNumber"], "3")
        assert.deepStrictEqual(metaOf(answer), { "@TotalResources": 2, "@TotalPages": 1, "@CurrentPage": 1 })
      })
    )
  )

  it.effect("filters place it where Fortnox's flags say: invoice 1 unpaid and unbooked, invoice 3 cancelled", () =>
    withSimulator({ seeds: [], invoices: documentedInvoices }, (sim) =>
      Effect.gen(function* () {
        const numbers = (answer: Answer) => invoicesOf(answer).map((invoice) => invoice["DocumentNumber"])
        assert.deepStrictEqual(numbers(yield* call(sim, "GET", "/3/invoices?filter=unpaid")), ["1"])
        assert.deepStrictEqual(numbers(yield* call(sim, "GET", "/3/invoices?filter=unpaidoverdue")), ["1"])
        assert.deepStrictEqual(numbers(yield* call(sim, "GET", "/3/invoices?filter=unbooked")), ["1"])
        assert.deepStrictEqual(numbers(yield* call(sim, "GET", "/3/invoices?filter=cancelled")), ["3"])
        assert.deepStrictEqual(numbers(yield* call(sim, "GET", "/3/invoices?filter=fullypaid")), [])
      })
    )
  )
})

describe("Fortnox's listing rules", () => {
  it.effect("one resource-specific filter at a time: a second is refused with 2000588", () =>
    withSimulator({ invoiceCount: 10, seed: 14 }, (sim) =>
      Effect.gen(function* () {
        for (const query of [
          "?filter=unpaid&customernumber=100",
          "?filter=unpaid&filter=cancelled",
          "?sent=false&ocr=1"
        ]) {
          const refused = yield* call(sim, "GET", `/3/invoices${query}`)
          assert.strictEqual(refused.status, 400, query)
          assert.strictEqual(errorCode(refused), 2000588)
        }
      })
    )
  )

  it.effect("a filter combines with the global lastmodified and the invoice-date range", () =>
    withSimulator({ invoiceCount: 10, seed: 14 }, (sim) =>
      Effect.gen(function* () {
        const answer = yield* call(
          sim,
          "GET",
          "/3/invoices?filter=unpaid&lastmodified=2024-01-01%2000:00&fromdate=2024-01-01&todate=2025-12-31"
        )
        assert.strictEqual(answer.status, 200)
      })
    )
  )

  it.effect("limit defaults to 100 and may not exceed 500; MetaInformation counts pages of the limit", () =>
    withSimulator({ invoiceCount: 230, seed: 15 }, (sim) =>
      Effect.gen(function* () {
        const first = yield* call(sim, "GET", "/3/invoices")
        assert.strictEqual(invoicesOf(first).length, 100)
        assert.deepStrictEqual(metaOf(first), { "@TotalResources": 230, "@TotalPages": 3, "@CurrentPage": 1 })
        const last = yield* call(sim, "GET", "/3/invoices?page=3")
        assert.strictEqual(invoicesOf(last).length, 30)
        assert.strictEqual((yield* call(sim, "GET", "/3/invoices?limit=500")).status, 200)
        assert.strictEqual((yield* call(sim, "GET", "/3/invoices?limit=501")).status, 400)
      })
    )
  )

  it.effect("lists in document-number order, or by invoice date when asked", () =>
    withSimulator({ invoiceCount: 40, seed: 16 }, (sim) =>
      Effect.gen(function* () {
        const numbers = invoicesOf(yield* call(sim, "GET", "/3/invoices")).map((invoice) =>
          Number(invoice["DocumentNumber"])
        )
        assert.deepStrictEqual(
          numbers,
          [...numbers].sort((a, b) => a - b)
        )
        const dates = invoicesOf(yield* call(sim, "GET", "/3/invoices?sortby=invoicedate&sortorder=descending")).map(
          (invoice) => String(invoice["InvoiceDate"])
        )
        assert.deepStrictEqual(dates, [...dates].sort().reverse())
      })
    )
  )

  it("lastmodified is Swedish local time, to the minute", () => {
    assert.strictEqual(parseLastModified("2025-01-15 13:05"), Date.parse("2025-01-15T12:05:00Z"))
    assert.strictEqual(parseLastModified("2025-07-15 13:05"), Date.parse("2025-07-15T11:05:00Z"))
    assert.strictEqual(parseLastModified("2025-07-15"), Date.parse("2025-07-14T22:00:00Z"))
    assert.strictEqual(parseLastModified("15/07/2025"), undefined)
  })
})

describe("the simulator's auth and limits", () => {
  it.effect("25 requests per 5 seconds per access token, then 429 with Retry-After", () =>
    withSimulator({ invoiceCount: 3, seed: 17 }, (sim) =>
      Effect.gen(function* () {
        for (let index = 0; index < 25; index++)
          assert.strictEqual((yield* call(sim, "GET", "/3/invoices")).status, 200)
        const refused = yield* call(sim, "GET", "/3/invoices")
        assert.strictEqual(refused.status, 429)
        assert.strictEqual(refused.headers["retry-after"], "5")
        assertValid("fortnox_ErrorInformationWrap", refused.body)
        yield* TestClock.adjust(5_000)
        assert.strictEqual((yield* call(sim, "GET", "/3/invoices")).status, 200)
      })
    )
  )

  it.effect("the token endpoint rotates single-use refresh tokens; a spent one is invalid_grant", () =>
    withSimulator({ invoiceCount: 3, seed: 18 }, (sim) =>
      Effect.gen(function* () {
        const basic = `${demo.clientId}:${demo.clientSecret}`
        const first = yield* call(sim, "POST", "/oauth-v1/token", {
          token: null,
          basic,
          form: `grant_type=refresh_token&refresh_token=${demo.refreshToken}`
        })
        assert.strictEqual(first.status, 200)
        const tokens = first.body as {
          readonly access_token: string
          readonly refresh_token: string
          readonly scope: string
        }
        assert.notStrictEqual(tokens.refresh_token, demo.refreshToken)
        assert.strictEqual(tokens.scope, "invoice customer")
        const reused = yield* call(sim, "POST", "/oauth-v1/token", {
          token: null,
          basic,
          form: `grant_type=refresh_token&refresh_token=${demo.refreshToken}`
        })
        assert.strictEqual(reused.status, 400)
        assert.strictEqual((reused.body as { readonly error: string }).error, "invalid_grant")
        assert.strictEqual((yield* call(sim, "GET", "/3/invoices", { token: tokens.access_token })).status, 200)
        assert.strictEqual((yield* call(sim, "GET", "/3/invoices", { token: "forged" })).status, 401)
      })
    )
  )
})
