import { assert, describe, it } from "@effect/vitest"
import { ExactJson } from "@konto/core"
import { Effect, Fiber, Option } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { TestClock } from "effect/testing"
import { RecordStore, Route, Simulator, SimulatorResponse } from "../src/index.ts"

interface Widget {
  readonly id: string
  readonly price: unknown
}

const makeWidgets = Effect.gen(function* () {
  const widgets = RecordStore.make<Widget>({
    idOf: (widget) => widget.id,
    initial: [
      { id: "1", price: ExactJson.rawNumber("12345678901234567.89") },
      { id: "2", price: 10 }
    ]
  })
  const simulator = yield* Simulator.make({
    name: "widgets",
    routes: [
      Route.get("/api/widgets.json", (request) =>
        Effect.succeed(
          SimulatorResponse.json(200, { widgets: [...widgets.values()], filter: request.query.get("filter") })
        )
      ),
      Route.get("/api/widgets/:id.json", (request) =>
        Option.match(widgets.get(request.params.id ?? ""), {
          onNone: () => Effect.fail(SimulatorResponse.json(404, { error: "widget not found" })),
          onSome: (widget) => Effect.succeed(SimulatorResponse.json(200, widget))
        })
      ),
      Route.post("/api/widgets.json", (request) =>
        Effect.sync(() => {
          const body = request.json as { readonly id: string; readonly price: unknown }
          widgets.insert({ id: body.id, price: body.price })
          return SimulatorResponse.json(201, body)
        })
      )
    ],
    notFound: (request) => SimulatorResponse.json(404, { error: `no route ${request.path}` })
  })
  return { simulator, widgets }
})

describe("Simulator as an HttpClient", () => {
  it.effect("routes by method and pattern, with path parameters and a suffix in the same segment", () =>
    Effect.gen(function* () {
      const { simulator } = yield* makeWidgets
      const client = simulator.client
      const one = yield* client.get(`${simulator.baseUrl}/api/widgets/2.json`)
      assert.strictEqual(one.status, 200)
      assert.deepStrictEqual(yield* one.json, { id: "2", price: 10 })
      const list = yield* client.get(`${simulator.baseUrl}/api/widgets.json`, { urlParams: { filter: "open" } })
      const text = yield* list.text
      // The raw decimal reaches the client exactly.
      assert.include(text, "12345678901234567.89")
      assert.include(text, `"filter":"open"`)
      const missing = yield* client.get("http://anything/api/widgets/9.json")
      assert.strictEqual(missing.status, 404)
      assert.deepStrictEqual(yield* missing.json, { error: "widget not found" })
      const unmatched = yield* client.get("http://anything/nowhere")
      assert.deepStrictEqual(yield* unmatched.json, { error: "no route /nowhere" })
      assert.strictEqual(simulator.requests.total(), 4)
      assert.strictEqual(simulator.requests.count("GET /api/widgets/:id.json"), 2)
      assert.strictEqual(simulator.requests.count("unmatched"), 1)
      simulator.requests.reset()
      assert.strictEqual(simulator.requests.total(), 0)
    })
  )

  it.effect("reads JSON bodies exactly", () =>
    Effect.gen(function* () {
      const { simulator, widgets } = yield* makeWidgets
      const response = yield* HttpClientRequest.post(`${simulator.baseUrl}/api/widgets.json`).pipe(
        HttpClientRequest.bodyText(`{"id":"3","price":98765432109876543.21}`, "application/json"),
        simulator.client.execute
      )
      assert.strictEqual(response.status, 201)
      const stored = Option.getOrThrow(widgets.get("3"))
      assert.strictEqual(ExactJson.stringify(stored.price), "98765432109876543.21")
    })
  )

  it.effect("serves as a layer", () =>
    Effect.gen(function* () {
      const { simulator } = yield* makeWidgets
      const status = yield* HttpClient.get("http://widgets/api/widgets/1.json").pipe(
        Effect.map((response) => response.status),
        Effect.provide(simulator.layer)
      )
      assert.strictEqual(status, 200)
    })
  )

  it.effect("runs handlers in the caller's fiber, on its Clock", () =>
    Effect.gen(function* () {
      const simulator = yield* Simulator.make({
        name: "slow",
        routes: [Route.get("/slow", () => Effect.sleep(10_000).pipe(Effect.as(SimulatorResponse.empty(204))))]
      })
      const fiber = yield* Effect.forkChild(simulator.client.get("http://slow/slow"))
      yield* TestClock.adjust(9_999)
      assert.isUndefined(fiber.pollUnsafe())
      yield* TestClock.adjust(1)
      const response = yield* Fiber.join(fiber)
      assert.strictEqual(response.status, 204)
    })
  )
})
