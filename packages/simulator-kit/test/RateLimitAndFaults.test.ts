import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber } from "effect"
import { HttpClientRequest } from "effect/http"
import { TestClock } from "effect/testing"
import { RateLimit, RecordStore, Route, Simulator, SimulatorRequest, SimulatorResponse } from "../src/index.ts"

const ok = Route.get("/items", () => Effect.succeed(SimulatorResponse.json(200, { items: [1, 2, 3], total: 3 })))

const perToken = (request: SimulatorRequest.SimulatorRequest) => SimulatorRequest.bearerToken(request)

const statuses = (simulator: Simulator.Simulator, count: number, token = "a") =>
  Effect.forEach(Array.from({ length: count }), () =>
    simulator.client
      .get("http://vendor/items", { headers: { authorization: `Bearer ${token}` } })
      .pipe(Effect.map((response) => response.status))
  )

describe("rate limits on the effect Clock", () => {
  it.effect("a sliding window of 25 requests per 5 s per access token answers 429 with Retry-After", () =>
    Effect.gen(function* () {
      const simulator = yield* Simulator.make({
        name: "vendor",
        routes: [ok],
        rateLimits: [{ name: "25 per 5 s per token", requests: 25, perMillis: 5_000, window: "sliding", key: perToken }]
      })
      yield* TestClock.adjust(1_000)
      assert.deepStrictEqual(new Set(yield* statuses(simulator, 25)), new Set([200]))
      const refused = yield* simulator.client.get("http://vendor/items", { headers: { authorization: "Bearer a" } })
      assert.strictEqual(refused.status, 429)
      assert.strictEqual(refused.headers["retry-after"], "5")
      // Another token has its own window.
      assert.deepStrictEqual(yield* statuses(simulator, 1, "b"), [200])
      yield* TestClock.adjust(4_999)
      assert.deepStrictEqual(yield* statuses(simulator, 1), [429])
      yield* TestClock.adjust(1)
      assert.deepStrictEqual(yield* statuses(simulator, 1), [200])
      assert.strictEqual(simulator.rateLimiter.rejected(), 2)
    })
  )

  it.effect("a fixed window resets at its boundary; a scale factor shortens it", () =>
    Effect.gen(function* () {
      const simulator = yield* Simulator.make({
        name: "vendor",
        routes: [ok],
        rateLimits: [
          { name: "60 per minute per tenant", requests: 60, perMillis: 60_000, window: "fixed", key: () => "tenant" }
        ],
        rateLimitScale: 10
      })
      yield* TestClock.adjust(1_000)
      const first = yield* statuses(simulator, 61)
      assert.strictEqual(first.filter((status) => status === 429).length, 1)
      yield* TestClock.adjust(5_000)
      assert.deepStrictEqual(yield* statuses(simulator, 1), [200])
    })
  )

  it("Infinity turns limits off", () => {
    const limiter = RateLimit.make(
      [{ name: "1 per hour", requests: 1, perMillis: 3_600_000, window: "sliding", key: () => "k" }],
      Infinity
    )
    const request = { nowMillis: 0 } as SimulatorRequest.SimulatorRequest
    assert.isUndefined(limiter.admit(request))
    assert.isUndefined(limiter.admit(request))
  })
})

const faultStatuses = (seed: number) =>
  Effect.gen(function* () {
    const simulator = yield* Simulator.make({
      name: "vendor",
      routes: [ok],
      faults: { seed, rate: 0.5, kinds: ["rate-limit", "server-error"] }
    })
    return yield* statuses(simulator, 40)
  })

describe("fault injection", () => {
  it.effect("is deterministic given the seed", () =>
    Effect.gen(function* () {
      const first = yield* faultStatuses(7)
      const again = yield* faultStatuses(7)
      const other = yield* faultStatuses(8)
      assert.deepStrictEqual(first, again)
      assert.notDeepEqual(first, other)
      assert.isTrue(first.some((status) => status === 429))
      assert.isTrue(first.some((status) => status >= 500))
      assert.isTrue(first.some((status) => status === 200))
    })
  )

  it.effect("spares non-GET requests unless told otherwise", () =>
    Effect.gen(function* () {
      const simulator = yield* Simulator.make({
        name: "vendor",
        routes: [Route.post("/items", () => Effect.succeed(SimulatorResponse.json(201, {})))],
        faults: { seed: 1, rate: 1, kinds: ["server-error"] }
      })
      const posted = yield* simulator.client.post("http://vendor/items")
      assert.strictEqual(posted.status, 201)
      simulator.faults.set({ seed: 1, rate: 1, kinds: ["server-error"], onlyGets: false })
      const failed = yield* simulator.client.post("http://vendor/items")
      assert.isAtLeast(failed.status, 500)
      simulator.faults.set(undefined)
      assert.strictEqual((yield* simulator.client.post("http://vendor/items")).status, 201)
    })
  )

  it.effect("a timeout holds the response on the Clock, so a client timeout fires first", () =>
    Effect.gen(function* () {
      const simulator = yield* Simulator.make({
        name: "vendor",
        routes: [ok],
        faults: { seed: 1, rate: 1, kinds: ["timeout"], hangMillis: 60_000 }
      })
      const fiber = yield* Effect.forkChild(
        simulator.client.get("http://vendor/items").pipe(Effect.timeout(30_000), Effect.exit)
      )
      yield* TestClock.adjust(30_000)
      const exit = yield* Fiber.join(fiber)
      assert.isTrue(Exit.isFailure(exit))
      // Without a client timeout, the response arrives as 504 after hangMillis.
      const late = yield* Effect.forkChild(simulator.client.get("http://vendor/items"))
      yield* TestClock.adjust(60_000)
      assert.strictEqual((yield* Fiber.join(late)).status, 504)
    })
  )

  it.effect("a truncated JSON body fails to read", () =>
    Effect.gen(function* () {
      const simulator = yield* Simulator.make({
        name: "vendor",
        routes: [ok],
        faults: { seed: 1, rate: 1, kinds: ["truncated-json"] }
      })
      const response = yield* simulator.client.get("http://vendor/items")
      assert.strictEqual(response.status, 200)
      const body = yield* Effect.exit(response.text)
      assert.isTrue(Exit.isFailure(body))
      assert.strictEqual(simulator.faults.injected()["truncated-json"], 1)
    })
  )

  it.effect("a lost response: the handler runs, the client sees a transport error", () =>
    Effect.gen(function* () {
      const store = RecordStore.make<{ readonly id: string }>({ idOf: (record) => record.id })
      const simulator = yield* Simulator.make({
        name: "vendor",
        routes: [
          Route.post("/items", (request) =>
            Effect.sync(() => {
              store.insert({ id: request.headers["idempotency-key"] ?? "?" })
              return SimulatorResponse.json(201, {})
            })
          )
        ]
      })
      simulator.faults.dropNextResponse({ method: "POST", route: "POST /items" })
      const lost = yield* HttpClientRequest.post("http://vendor/items").pipe(
        HttpClientRequest.setHeader("Idempotency-Key", "k1"),
        simulator.client.execute,
        Effect.flip
      )
      assert.strictEqual(lost.reason._tag, "TransportError")
      assert.isTrue(store.has("k1"))
      const retried = yield* simulator.client.post("http://vendor/items")
      assert.strictEqual(retried.status, 201)
      assert.deepStrictEqual(simulator.requests.byStatus(), { "0": 1, "201": 1 })
    })
  )
  it.effect("a lost response may match several methods: the first write of either kind is dropped", () =>
    Effect.gen(function* () {
      const simulator = yield* Simulator.make({
        name: "vendor",
        routes: [
          Route.get("/items", () => Effect.succeed(SimulatorResponse.json(200, []))),
          Route.put("/items", () => Effect.succeed(SimulatorResponse.json(200, {})))
        ]
      })
      simulator.faults.dropNextResponse({ method: ["POST", "PUT"] })
      const read = yield* simulator.client.get("http://vendor/items")
      assert.strictEqual(read.status, 200)
      const lost = yield* Effect.flip(simulator.client.put("http://vendor/items"))
      assert.strictEqual(lost.reason._tag, "TransportError")
      const retried = yield* simulator.client.put("http://vendor/items")
      assert.strictEqual(retried.status, 200)
      assert.strictEqual(simulator.faults.injected()["lost-response"], 1)
    })
  )
})
