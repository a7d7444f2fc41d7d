/**
 * The simulator held to Moneybird: every answer validates against the response schema Moneybird's official
 * OpenAPI declares for that operation and status (closed objects: no field Moneybird does not declare), the
 * documented example invoices are served as they are, documented error bodies are answered word for word, and the
 * filter grammar, paging and rate limit behave as documented.
 */
import { assert, describe, it } from "@effect/vitest"
import { ExactJson } from "@konto/core"
import { InvoiceSeed, type Simulator } from "@konto/simulator-kit"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { defaultApiToken, make as makeSimulator, simulator } from "../src/simulator.ts"
import {
  describeErrors,
  example,
  exampleInvoices,
  validateResponse,
  validateSharedResponse
} from "./MoneybirdOpenApi.ts"

const root = "/{administration_id}"
const token = `Bearer ${defaultApiToken}`

interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

const call = (
  sim: Simulator.Simulator,
  method: string,
  path: string,
  options: { readonly query?: Record<string, string>; readonly body?: unknown; readonly authorization?: string } = {}
): Effect.Effect<Answer> =>
  Effect.gen(function* () {
    const url = new URL(`${sim.baseUrl}/api/v2/123${path}`)
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value)
    const outcome = yield* sim.handle({
      method,
      url,
      headers: {
        ...(options.authorization === "" ? {} : { authorization: options.authorization ?? token }),
        ...(options.body === undefined ? {} : { "content-type": "application/json" })
      },
      text: options.body === undefined ? "" : JSON.stringify(options.body)
    })
    if (outcome._tag !== "Respond") return yield* Effect.die(`the simulator did not answer ${method} ${path}`)
    const { headers, status, text } = outcome.response
    return { status, headers, body: text === "" ? undefined : ExactJson.parse(text) }
  })

/** Asserts the answer's status and that its body is what the spec declares for it. */
const conforms = (answer: Answer, operation: string, method: "get" | "post" | "patch", status: number) => {
  assert.strictEqual(answer.status, status, JSON.stringify(answer.body).slice(0, 300))
  const errors = validateResponse(`${root}${operation}`, method, String(status), answer.body)
  assert.deepStrictEqual(errors, [], describeErrors(errors))
}

const withSimulator = <A, E>(
  options: Parameters<typeof makeSimulator>[0],
  use: (sim: Simulator.Simulator) => Effect.Effect<A, E>,
  startMillis = Date.parse("2025-06-15T08:00:00Z")
) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(startMillis)
    return yield* use(yield* makeSimulator(options))
  })

const idsOf = (body: unknown): ReadonlyArray<string> =>
  Array.isArray(body) ? body.map((invoice: { readonly id: unknown }) => String(invoice.id)) : []

const seeded = { invoiceCount: 60 }
const documented = { records: exampleInvoices(), invoiceCount: 0 }
const exampleDay = Date.parse("2026-08-25T08:00:00Z")

describe("the Moneybird simulator against Moneybird's OpenAPI", () => {
  it.effect("lists (seeded and documented invoices) validate as `A list of sales invoices`", () =>
    Effect.gen(function* () {
      for (const options of [seeded, documented]) {
        yield* withSimulator(
          options,
          (sim) =>
            Effect.gen(function* () {
              const filters = [
                "period:19000101..20991231",
                "period:19000101..20991231,state:open|late",
                "period:this_month",
                "state:draft",
                "created_after:2026-08-20 13:50:12 UTC",
                "updated_after:2026-08-21T13:50:12Z",
                "reference:Project X|30052",
                "contact_id:123"
              ]
              for (const filter of filters) {
                conforms(
                  yield* call(sim, "GET", "/sales_invoices.json", { query: { filter, per_page: "100" } }),
                  "/sales_invoices{format}",
                  "get",
                  200
                )
              }
            }),
          exampleDay
        )
      }
    })
  )

  it.effect("the documented invoices are served exactly as documented", () =>
    withSimulator(documented, (sim) =>
      Effect.gen(function* () {
        for (const invoice of exampleInvoices()) {
          const answer = yield* call(sim, "GET", `/sales_invoices/${String(invoice["id"])}.json`)
          conforms(answer, "/sales_invoices/{id}{format}", "get", 200)
          assert.deepStrictEqual(answer.body, invoice)
        }
      })
    )
  )

  it.effect("seeded invoices validate when fetched one by one, by number and by reference", () =>
    withSimulator(seeded, (sim) =>
      Effect.gen(function* () {
        const listed = (yield* call(sim, "GET", "/sales_invoices.json", {
          query: { filter: "period:19000101..20991231", per_page: "100" }
        })).body
        assert.strictEqual(idsOf(listed).length, 60)
        for (const id of idsOf(listed))
          conforms(yield* call(sim, "GET", `/sales_invoices/${id}.json`), "/sales_invoices/{id}{format}", "get", 200)
        const first = (listed as ReadonlyArray<{ readonly invoice_id: string }>)[0]
        conforms(
          yield* call(sim, "GET", `/sales_invoices/find_by_invoice_id/${first?.invoice_id ?? ""}.json`),
          "/sales_invoices/find_by_invoice_id/{invoice_id}{format}",
          "get",
          200
        )
      })
    )
  )

  it.effect("synchronization: ids and versions, then invoices by id (numbers or strings, at most 100)", () =>
    withSimulator(seeded, (sim) =>
      Effect.gen(function* () {
        const versions = yield* call(sim, "GET", "/sales_invoices/synchronization.json", {
          query: { filter: "period:19000101..20991231" }
        })
        conforms(versions, "/sales_invoices/synchronization{format}", "get", 200)
        const ids = idsOf(versions.body)
        assert.strictEqual(ids.length, 60)
        const asNumbers = ids.slice(0, 2).map((id) => ExactJson.rawNumber(id))
        const byIds = yield* call(sim, "POST", "/sales_invoices/synchronization.json", {
          body: { ids: [...asNumbers, ...ids.slice(2, 5)] }
        })
        conforms(byIds, "/sales_invoices/synchronization{format}", "post", 200)
        assert.deepStrictEqual(idsOf(byIds.body), ids.slice(0, 5))
        const many = Array.from({ length: 150 }, (_, index) => ids[index % ids.length] ?? "")
        assert.strictEqual(
          idsOf((yield* call(sim, "POST", "/sales_invoices/synchronization.json", { body: { ids: many } })).body)
            .length,
          100
        )
        const refused = yield* call(sim, "GET", "/sales_invoices/synchronization.json", {
          query: { filter: "state:bogus" }
        })
        conforms(refused, "/sales_invoices/synchronization{format}", "get", 400)
        assert.deepStrictEqual(
          refused.body,
          example(
            `${root}/sales_invoices/synchronization{format}`,
            "get",
            "400",
            "ReturnsA400WhenTheFilterHasAnInvalidValue"
          )
        )
      })
    )
  )

  it.effect("documented errors are answered word for word", () =>
    withSimulator(
      documented,
      (sim) =>
        Effect.gen(function* () {
          const missing = yield* call(sim, "GET", "/sales_invoices/1.json")
          conforms(missing, "/sales_invoices/{id}{format}", "get", 404)
          assert.deepStrictEqual(
            missing.body,
            example(`${root}/sales_invoices/{id}{format}`, "get", "404", "Returns404WhenInvoiceDoesNotExist")
          )
          const noReference = yield* call(sim, "GET", "/sales_invoices/find_by_reference/1337.json")
          conforms(noReference, "/sales_invoices/find_by_reference/{reference}{format}", "get", 404)
          assert.deepStrictEqual(
            noReference.body,
            example(
              `${root}/sales_invoices/find_by_reference/{reference}{format}`,
              "get",
              "404",
              "Returns404WhenTheGivenReferenceDoesNotExist"
            )
          )
          const listErrors: ReadonlyArray<readonly [Record<string, string>, string]> = [
            [{ per_page: "101" }, "ReturnsAnErrorWhenTooManySalesInvoicesAreRequested"],
            [{ page: "0" }, "ReturnsAnErrorWhenThePageIsOutOfRange"],
            [{ filter: "period:20130101.." }, "GiveA400ErrorWhenTheDateRangeIsUntilTheEndOfTime"],
            [{ filter: "period:..20130101" }, "GiveA400ErrorWhenTheDateRangeIsFromTheBeginningOfTime"]
          ]
          for (const [query, name] of listErrors) {
            const refused = yield* call(sim, "GET", "/sales_invoices.json", { query })
            conforms(refused, "/sales_invoices{format}", "get", 400)
            assert.strictEqual(
              (refused.body as { readonly error: string }).error,
              (example(`${root}/sales_invoices{format}`, "get", "400", name) as { readonly error: string }).error
            )
          }
          const noContact = yield* call(sim, "GET", "/contacts/customer_id/nobody.json")
          assert.strictEqual(noContact.status, 404)
          assert.deepStrictEqual(noContact.body, { error: "record not found", symbolic: { customer_id: "not_found" } })
        }),
      exampleDay
    )
  )

  it.effect("create, send and schedule answer as documented", () =>
    withSimulator(seeded, (sim) =>
      Effect.gen(function* () {
        const contact = yield* call(sim, "GET", "/contacts/customer_id/100.json")
        assert.strictEqual(contact.status, 200)
        const contactErrors = validateResponse(
          `${root}/contacts/customer_id/{customer_id}{format}`,
          "get",
          "200",
          contact.body
        )
        assert.deepStrictEqual(contactErrors, [], describeErrors(contactErrors))
        const contactId = String((contact.body as { readonly id: string }).id)
        const taxRates = yield* call(sim, "GET", "/tax_rates.json", {
          query: { filter: "tax_rate_type:sales_invoice,active:true" }
        })
        const rateErrors = validateResponse(`${root}/tax_rates{format}`, "get", "200", taxRates.body)
        assert.deepStrictEqual(rateErrors, [], describeErrors(rateErrors))
        // The documented request ("Create a basic sales invoice"), for a contact the simulator holds.
        const documentedRequest = {
          sales_invoice: {
            reference: "30052",
            contact_id: contactId,
            details_attributes: [{ description: "Rocking Chair", price: 129.95 }]
          }
        }
        const created = yield* call(sim, "POST", "/sales_invoices.json", { body: documentedRequest })
        conforms(created, "/sales_invoices{format}", "post", 201)
        const draft = created.body as {
          readonly id: string
          readonly state: string
          readonly total_price_incl_tax: string
          readonly invoice_id: unknown
        }
        assert.strictEqual(draft.state, "draft")
        assert.strictEqual(draft.invoice_id, null)
        // As documented: 129.95 at 21% is 157.24.
        assert.strictEqual(draft.total_price_incl_tax, "157.24")
        const unknownContact = yield* call(sim, "POST", "/sales_invoices.json", {
          body: { sales_invoice: { contact_id: "1" } }
        })
        conforms(unknownContact, "/sales_invoices{format}", "post", 422)
        const sent = yield* call(sim, "PATCH", `/sales_invoices/${draft.id}/send_invoice.json`, {
          body: { sales_invoice_sending: { delivery_method: "Email" } }
        })
        conforms(sent, "/sales_invoices/{id}/send_invoice{format}", "patch", 200)
        assert.strictEqual((sent.body as { readonly state: string }).state, "open")
        const second = yield* call(sim, "POST", "/sales_invoices.json", { body: documentedRequest })
        const scheduled = yield* call(
          sim,
          "PATCH",
          `/sales_invoices/${(second.body as { readonly id: string }).id}/send_invoice.json`,
          {
            body: { sales_invoice_sending: { sending_scheduled: true, invoice_date: "2025-07-01" } }
          }
        )
        conforms(scheduled, "/sales_invoices/{id}/send_invoice{format}", "patch", 200)
        assert.strictEqual((scheduled.body as { readonly state: string }).state, "scheduled")
        const empty = yield* call(sim, "POST", "/sales_invoices.json", {
          body: { sales_invoice: { contact_id: contactId } }
        })
        const refused = yield* call(
          sim,
          "PATCH",
          `/sales_invoices/${(empty.body as { readonly id: string }).id}/send_invoice.json`,
          { body: {} }
        )
        conforms(refused, "/sales_invoices/{id}/send_invoice{format}", "patch", 400)
        assert.deepStrictEqual(
          refused.body,
          example(
            `${root}/sales_invoices/{id}/send_invoice{format}`,
            "patch",
            "400",
            "ReturnsErrorWhenSendingInvalidInvoiceWithoutDetails"
          )
        )
      })
    )
  )

  it.effect(
    "filters: no filter means this year; a filter without a period has none; undated drafts match a period with today",
    () =>
      Effect.gen(function* () {
        yield* withSimulator(seeded, (sim) =>
          Effect.gen(function* () {
            const everything = idsOf(
              (yield* call(sim, "GET", "/sales_invoices.json", {
                query: { filter: "period:19000101..20991231", per_page: "100" }
              })).body
            )
            const thisYear = idsOf(
              (yield* call(sim, "GET", "/sales_invoices.json", { query: { per_page: "100" } })).body
            )
            const noPeriod = idsOf(
              (yield* call(sim, "GET", "/sales_invoices.json", { query: { filter: "state:all", per_page: "100" } }))
                .body
            )
            const seeds = [...InvoiceSeed.generate({ seed: 1, count: 60, profile: simulator.seedProfile })]
            assert.strictEqual(thisYear.length, seeds.filter((seed) => seed.issueDate >= "2025-01-01").length)
            assert.isBelow(thisYear.length, everything.length)
            assert.deepStrictEqual(noPeriod, everything)
          })
        )
        yield* withSimulator(
          documented,
          (sim) =>
            Effect.gen(function* () {
              const drafts = (filter: string) =>
                Effect.map(
                  call(sim, "GET", "/sales_invoices.json", { query: { filter, per_page: "100" } }),
                  (answer) => idsOf(answer.body).length
                )
              // The three documented drafts have no invoice date: a period holding today (2026-08-25) matches them.
              assert.strictEqual(yield* drafts("period:20260801..20260831,state:draft"), 3)
              assert.strictEqual(yield* drafts("period:20260701..20260731,state:draft"), 0)
              assert.strictEqual(yield* drafts("state:draft"), 3)
            }),
          exampleDay
        )
      })
  )

  it.effect("paging: newest first, `Link` rel=next until the last page, each invoice once", () =>
    withSimulator(seeded, (sim) =>
      Effect.gen(function* () {
        const seen: Array<string> = []
        for (let page = 1; page <= 7; page++) {
          const answer = yield* call(sim, "GET", "/sales_invoices.json", {
            query: { filter: "period:19000101..20991231", per_page: "10", page: String(page) }
          })
          conforms(answer, "/sales_invoices{format}", "get", 200)
          seen.push(...idsOf(answer.body))
          assert.strictEqual((answer.headers["link"] ?? "").includes('rel="next"'), page < 6, `page ${page}`)
        }
        assert.strictEqual(seen.length, 60)
        assert.strictEqual(new Set(seen).size, 60)
        assert.deepStrictEqual(
          seen,
          [...seen].sort((a, b) => (BigInt(a) > BigInt(b) ? -1 : 1))
        )
      })
    )
  )

  it.effect(
    "auth and rate limit: 401 without the token; the 151st request in 5 minutes is 429 `Retry later` until the window resets",
    () =>
      withSimulator(seeded, (sim) =>
        Effect.gen(function* () {
          const anonymous = yield* call(sim, "GET", "/sales_invoices.json", { authorization: "" })
          assert.strictEqual(anonymous.status, 401)
          assert.deepStrictEqual(validateSharedResponse("401_unauthorized", anonymous.body), [])
          for (let index = 0; index < 150; index++) {
            assert.strictEqual((yield* call(sim, "GET", "/tax_rates.json")).status, 200)
          }
          const limited = yield* call(sim, "GET", "/tax_rates.json")
          assert.strictEqual(limited.status, 429)
          assert.strictEqual(limited.body, "Retry later")
          assert.deepStrictEqual(validateSharedResponse("429_too_many_requests", limited.body), [])
          // As the spec documents: Retry-After and RateLimit-Reset are the epoch second the window resets.
          const reset = Number(limited.headers["retry-after"])
          assert.strictEqual(reset, Date.parse("2025-06-15T08:05:00Z") / 1000)
          assert.strictEqual(limited.headers["ratelimit-reset"], String(reset))
          assert.strictEqual(limited.headers["ratelimit-limit"], "150")
          yield* TestClock.setTime(reset * 1000)
          assert.strictEqual((yield* call(sim, "GET", "/tax_rates.json")).status, 200)
        })
      )
  )
})
