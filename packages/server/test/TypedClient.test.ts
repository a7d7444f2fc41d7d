import { assert, layer } from "@effect/vitest"
import { ApiKeyAuth, ConnectAuth, KontoApi } from "@konto/api"
import { BigDecimal, Effect, Layer, Option } from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { HttpApiClient, HttpApiMiddleware } from "effect/http-api"
import { connectedConsent, TestEnv, layer as testEnv } from "./TestServer.ts"

layer(testEnv(), { timeout: 60_000 })("the typed client from @konto/api", (it) => {
  it.effect("lists and reads invoices with decoded, exact amounts", () =>
    Effect.gen(function* () {
      const env = yield* TestEnv
      const consentId = yield* connectedConsent(env)
      const withKey = HttpApiMiddleware.layerClient(ApiKeyAuth, ({ next, request }) =>
        next(HttpClientRequest.setHeader(request, "x-api-key", env.apiKey))
      )
      const withKeyToo = HttpApiMiddleware.layerClient(ConnectAuth, ({ next, request }) =>
        next(HttpClientRequest.setHeader(request, "x-api-key", env.apiKey))
      )
      const client = yield* HttpApiClient.make(KontoApi, {
        transformClient: HttpClient.mapRequest(HttpClientRequest.prependUrl(env.baseUrl))
      }).pipe(Effect.provide(Layer.mergeAll(withKey, withKeyToo, FetchHttpClient.layer)))
      const headers = { "x-correlation-id": crypto.randomUUID() }
      const page = yield* client.salesInvoices.list({
        params: { consentId },
        query: { Count: 10, Status: "Paid" },
        headers
      })
      assert.deepStrictEqual(
        page.data.map((summary) => Option.getOrNull(summary.id)),
        ["1001", "1004"]
      )
      const invoice = yield* client.salesInvoices.get({
        params: { consentId, salesInvoiceId: "1002" },
        query: {},
        headers
      })
      const total = Option.flatMap(invoice.legalMonetaryTotal, (totals) => totals.taxInclusiveAmount)
      assert.isTrue(Option.isSome(total) && BigDecimal.equals(total.value.amount, BigDecimal.fromStringUnsafe("800")))
      const missing = yield* client.salesInvoices
        .get({ params: { consentId, salesInvoiceId: "missing" }, query: {}, headers })
        .pipe(Effect.flip)
      assert.strictEqual(missing._tag, "NotFound")
    })
  )
})
