import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { HttpClient, HttpClientRequest, HttpClientResponse } from "effect/http"
import * as ReplayClient from "../src/ReplayClient.ts"

const upstream = (calls: { count: number }) =>
  HttpClient.make((request, url) =>
    Effect.sync(() => {
      calls.count += 1
      return HttpClientResponse.fromWeb(
        request,
        new Response(`{"path":"${url.pathname}","amount":12345678901234567.89}`, {
          status: 200,
          headers: { "content-type": "application/json", "x-page": url.searchParams.get("page") ?? "" }
        })
      )
    })
  )

describe("ReplayClient", () => {
  it.effect("replays the recorded bytes, status and headers without calling upstream", () =>
    Effect.gen(function* () {
      const calls = { count: 0 }
      const recording: ReplayClient.Recording = new Map()
      const recorder = ReplayClient.recording(upstream(calls), recording)
      const request = HttpClientRequest.get("http://vendor.invalid/invoices?page=2")
      const first = yield* recorder.execute(request)
      const firstText = yield* first.text
      assert.strictEqual(calls.count, 1)
      assert.strictEqual(recording.size, 1)

      const replayed = yield* ReplayClient.replay(recording).execute(request)
      assert.strictEqual(yield* replayed.text, firstText)
      assert.strictEqual(replayed.status, 200)
      assert.strictEqual(replayed.headers["x-page"], "2")
      assert.strictEqual(calls.count, 1)
    })
  )

  it.effect("a request that was not recorded fails as a transport error", () =>
    Effect.gen(function* () {
      const error = yield* ReplayClient.replay(new Map())
        .execute(HttpClientRequest.get("http://vendor.invalid/invoices?page=3"))
        .pipe(Effect.flip)
      assert.strictEqual(error.reason._tag, "TransportError")
    })
  )
})
