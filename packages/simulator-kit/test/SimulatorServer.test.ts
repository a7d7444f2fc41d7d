// This test is about the real HTTP server, so it uses loopback sockets and the live clock.
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Route, Simulator, SimulatorResponse, SimulatorServer } from "../src/index.ts"

const makeSimulator = Simulator.make({
  name: "served",
  routes: [
    Route.get("/v1/things/:id", (request) =>
      Effect.succeed(SimulatorResponse.json(200, { id: request.params.id, q: request.query.get("q") }))
    ),
    Route.post("/v1/things", (request) => Effect.succeed(SimulatorResponse.json(201, { echoed: request.json })))
  ]
})

describe("SimulatorServer", () => {
  it.live("serves the same routes on 127.0.0.1 and an ephemeral port, and closes with its scope", () =>
    Effect.gen(function* () {
      const simulator = yield* makeSimulator
      const baseUrl = yield* Effect.scoped(
        Effect.gen(function* () {
          const served = yield* SimulatorServer.serve(simulator)
          assert.match(served.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
          const got = yield* Effect.promise(() => fetch(`${served.baseUrl}/v1/things/a%20b?q=x`).then((r) => r.json()))
          assert.deepStrictEqual(got, { id: "a b", q: "x" })
          const posted = yield* Effect.promise(() =>
            fetch(`${served.baseUrl}/v1/things`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: `{"amount":12345678901234567.89}`
            }).then((r) => r.text())
          )
          assert.strictEqual(posted, `{"echoed":{"amount":12345678901234567.89}}`)
          return served.baseUrl
        })
      )
      const afterClose = yield* Effect.promise(() =>
        fetch(`${baseUrl}/v1/things/1`).then(
          () => "open",
          () => "closed"
        )
      )
      assert.strictEqual(afterClose, "closed")
      assert.strictEqual(simulator.requests.total(), 2)
    })
  )

  it.live("breaks the connection for a truncated body and a lost response", () =>
    Effect.gen(function* () {
      const simulator = yield* makeSimulator
      const served = yield* SimulatorServer.serve(simulator)
      simulator.faults.set({ seed: 1, rate: 1, kinds: ["truncated-json"] })
      const truncated = yield* Effect.promise(() =>
        fetch(`${served.baseUrl}/v1/things/1`)
          .then((r) => r.text())
          .then(
            () => "read",
            () => "failed"
          )
      )
      assert.strictEqual(truncated, "failed")
      simulator.faults.set(undefined)
      simulator.faults.dropNextResponse()
      const lost = yield* Effect.promise(() =>
        fetch(`${served.baseUrl}/v1/things`, { method: "POST", body: "{}" }).then(
          () => "answered",
          () => "failed"
        )
      )
      assert.strictEqual(lost, "failed")
    }).pipe(Effect.scoped)
  )
})
