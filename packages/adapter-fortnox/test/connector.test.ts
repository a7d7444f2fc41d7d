import { assert, describe, it } from "@effect/vitest"
import { ListQuery } from "@konto/core"
import { Effect, Option, Stream } from "effect"
import { withFortnox } from "./FortnoxHarness.ts"

describe("FortnoxConnector against the simulator", () => {
  it.effect("lists every invoice in one request of 500", () =>
    withFortnox({ invoiceCount: 60, seed: 3 }, (service, sim) =>
      Effect.gen(function*() {
        const all = yield* Stream.runCollect(service.list(ListQuery.all))
        assert.strictEqual(all.length, 60)
        assert.strictEqual(sim.requests.count("GET /3/invoices"), 1)
      })))

  it.effect("native status filters agree with deriveStatus", () =>
    withFortnox({ invoiceCount: 200, seed: 5 }, (service) =>
      Effect.gen(function*() {
        const all = yield* Stream.runCollect(service.list(ListQuery.all))
        for (const status of ["Paid", "Unpaid", "Overdue", "Cancelled", "Unbooked", "Unsent", "Sold"] as const) {
          const filtered = yield* Stream.runCollect(service.list(ListQuery.make({ status: Option.some(status) })))
          const expected = all.filter((summary) => summary.statuses.includes(status)).map((summary) => Option.getOrThrow(summary.id))
          assert.deepStrictEqual(filtered.map((summary) => Option.getOrThrow(summary.id)), expected, status)
        }
      })))
})
