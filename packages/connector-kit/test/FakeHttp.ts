/**
 * A scripted `HttpClient` for tests: each request is recorded and answered by a handler (no network).
 */
import { Effect, Layer } from "effect"
import { Headers, HttpClient, HttpClientError, HttpClientResponse } from "effect/http"

/** A request as the fake saw it. */
export interface SeenRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly contentType: string | undefined
  readonly body: string
  /** The request headers as a log or inspection would render them (effect's redaction applied). */
  readonly rendered: Readonly<Record<string, unknown>>
}

/** What the handler answers: a response or a transport failure. */
export type Answer =
  | { readonly status: number; readonly body?: string | undefined; readonly headers?: Readonly<Record<string, string>> }
  | { readonly transportError: string }

/** Answers the `index`-th request (from 0); may be an effect (to sleep on the `TestClock`). */
export type Handler = (request: SeenRequest, index: number) => Answer | Effect.Effect<Answer>

/** A fake client, its layer, and the requests it has seen. */
export const make = (handler: Handler) => {
  const seen: Array<SeenRequest> = []
  const client = HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const isBytes = request.body._tag === "Uint8Array"
      const redactedNames = yield* Headers.CurrentRedactedNames
      const rendered = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Headers.isRedactedName(name, redactedNames) ? "<redacted>" : value
        ])
      )
      const seenRequest: SeenRequest = {
        method: request.method,
        url,
        headers: { ...request.headers },
        contentType: isBytes ? request.body.contentType : undefined,
        body: isBytes ? new TextDecoder().decode(request.body.body) : "",
        rendered
      }
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
        new Response(answer.status === 204 ? null : (answer.body ?? ""), {
          status: answer.status,
          headers: answer.headers ?? {}
        })
      )
    })
  )
  return { client, seen, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

/** Answers requests in order from a list; the last answer repeats. */
export const sequence = (answers: ReadonlyArray<Answer>) =>
  make((_request, index) => answers[Math.min(index, answers.length - 1)]!)

/** A JSON answer. */
export const json = (status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): Answer => ({
  status,
  body: JSON.stringify(value),
  headers: { "content-type": "application/json", ...headers }
})
