/**
 * A scripted `HttpClient` for tests: each request is recorded and answered by a handler (no network).
 */
import { Effect, Layer } from "effect"
import { HttpClient, HttpClientError, HttpClientRequest, HttpClientResponse } from "effect/http"

/** A request as the fake saw it. */
export interface SeenRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** What the handler answers: a response, a transport failure, or an effect that produces either. */
export type Answer =
  | { readonly status: number; readonly body?: string | undefined; readonly headers?: Readonly<Record<string, string>> }
  | { readonly transportError: string }

export type Handler = (request: SeenRequest, index: number) => Answer | Effect.Effect<Answer>

/** A fake client plus the requests it has seen. */
export const make = (handler: Handler) => {
  const seen: Array<SeenRequest> = []
  const client = HttpClient.make((request, url) =>
    Effect.gen(function*() {
      const body = request.body._tag === "Uint8Array"
        ? new TextDecoder().decode(request.body.body)
        : ""
      const seenRequest: SeenRequest = { method: request.method, url, headers: { ...request.headers }, body }
      const index = seen.length
      seen.push(seenRequest)
      const produced = handler(seenRequest, index)
      const answer = Effect.isEffect(produced) ? yield* produced : produced
      if ("transportError" in answer) {
        return yield* Effect.fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.TransportError({ request, description: answer.transportError })
          })
        )
      }
      return HttpClientResponse.fromWeb(
        request,
        new Response(answer.status === 204 ? null : answer.body ?? "", { status: answer.status, headers: answer.headers ?? {} })
      )
    })
  )
  return { client, seen, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

/** A JSON answer. */
export const json = (status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): Answer => ({
  status,
  body: JSON.stringify(value),
  headers: { "content-type": "application/json", ...headers }
})

/** Unused import guard for request helpers in tests. */
export const get = HttpClientRequest.get
