import { assert, describe, it } from "@effect/vitest"
import { TestClockDriver } from "@konto/testkit"
import { Effect, Option, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { make as makeSimulator, simulator } from "../src/simulator.ts"
import { exampleInvoices } from "./MoneybirdOpenApi.ts"
import { connection, run } from "./ReadmeExample.ts"

describe("the README's example", () => {
  it.effect("runs against the simulator (documented invoices): overdue invoices, a sync, a draft sent", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.parse("2026-09-10T08:00:00Z"))
      const sim = yield* makeSimulator({ records: exampleInvoices(), invoiceCount: 0 })
      const demo = simulator.demoConnection(sim.baseUrl)
      const result = yield* TestClockDriver.drive(
        run({
          ...connection,
          baseUrl: Option.some(demo.baseUrl),
          settings: demo.settings,
          secrets: { apiToken: Redacted.make(demo.secrets["apiToken"] ?? "") }
        }).pipe(Effect.provide(sim.layer))
      )
      assert.isAbove(result.overdue.length, 0)
      assert.isTrue(result.overdue.every((invoice) => invoice.statuses.includes("Overdue")))
      // Nothing was held yet, so every invoice is a change.
      assert.strictEqual(result.changes.length, exampleInvoices().length)
      assert.deepStrictEqual(
        Option.flatMap(result.sent, (invoice) => invoice.source.status),
        Option.some("open")
      )
    })
  )
})
