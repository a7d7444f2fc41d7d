import { assert, describe, it } from "@effect/vitest"
import { TokenStore } from "@konto/core"
import { TestClockDriver } from "@konto/testkit"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { makeSimulator } from "../src/simulator.ts"
import { connectionFor, seedTodayMillis, storeDemoTokens } from "./FortnoxHarness.ts"
import { connection, program } from "./ReadmeExample.ts"

describe("the README's example", () => {
  it.effect("lists the overdue invoices of a Fortnox account (here: the simulator's)", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(seedTodayMillis)
      const sim = yield* makeSimulator({ invoiceCount: 50, seed: 41 })
      // The README's connection, pointed at the simulator and holding the demo account's credentials.
      const demo = connectionFor(sim, connection.connectionId)
      yield* storeDemoTokens(sim, connection.connectionId)
      const overdue = yield* TestClockDriver.drive(
        program({ ...connection, baseUrl: demo.baseUrl, settings: demo.settings, secrets: demo.secrets }).pipe(
          Effect.provide(sim.layer)
        )
      )
      assert.isAbove(overdue.length, 0)
      assert.isTrue(overdue.every((summary) => summary.statuses.includes("Overdue")))
    }).pipe(Effect.provide(TokenStore.layerMemory))
  )
})
