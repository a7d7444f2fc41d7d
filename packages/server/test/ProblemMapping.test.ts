import { assert, describe, it } from "@effect/vitest"
import {
  InvalidInput,
  NotFound,
  NotSupported,
  RateLimited,
  Unauthorized,
  UnexpectedPayload,
  UpstreamRejected,
  UpstreamUnavailable
} from "@konto/core"
import { ProblemMapping } from "@konto/server"

const context = { system: "testbooks", operation: "get" } as const

describe("ProblemMapping.fromConnectorError", () => {
  const cases = [
    [new InvalidInput({ ...context, field: "Count", detail: "too big" }), 400],
    [
      new NotSupported({
        ...context,
        operation: "list",
        reason: "vendor-cannot",
        detail: "Filtering by status Draft is not supported by X"
      }),
      400
    ],
    [new NotFound({ ...context, resource: "Invoice", id: "1" }), 404],
    [new RateLimited({ ...context, retryAfterMillis: 1200 }), 429],
    [new Unauthorized({ ...context, detail: "expired" }), 502],
    [new UpstreamRejected({ ...context, status: 400, detail: "no", vendorCode: null }), 502],
    [new UnexpectedPayload({ ...context, path: "$.x", detail: "bad" }), 502],
    [new UpstreamUnavailable({ ...context, status: 500, detail: "oops" }), 503],
    [new UpstreamUnavailable({ ...context, status: null, detail: "request timed out after 30 s" }), 504],
    [new UpstreamUnavailable({ ...context, status: 504, detail: "gateway" }), 504]
  ] as const

  for (const [error, status] of cases) {
    it(`${error._tag} (${error.message}) → ${status}`, () => {
      assert.strictEqual(ProblemMapping.fromConnectorError(error, "query").status, status)
    })
  }

  it("a query's NotSupported keeps the connector's exact message; an operation's is a 501", () => {
    const error = new NotSupported({
      ...context,
      operation: "list",
      reason: "vendor-cannot",
      detail: "Filtering by status Draft is not supported by X"
    })
    assert.strictEqual(
      ProblemMapping.fromConnectorError(error, "query").detail,
      "Filtering by status Draft is not supported by X"
    )
    assert.strictEqual(ProblemMapping.fromConnectorError(error, "operation").status, 501)
  })

  it("rounds Retry-After up to whole seconds, at least one", () => {
    assert.strictEqual(ProblemMapping.retryAfterSeconds(1), 1)
    assert.strictEqual(ProblemMapping.retryAfterSeconds(1000), 1)
    assert.strictEqual(ProblemMapping.retryAfterSeconds(1001), 2)
    const problem = ProblemMapping.fromConnectorError(
      new RateLimited({ ...context, retryAfterMillis: 2500 }),
      "operation"
    )
    assert.strictEqual(problem._tag === "TooManyRequests" ? problem.retryAfterSeconds : undefined, 3)
  })
})
