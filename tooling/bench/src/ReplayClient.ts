/**
 * Recorded vendor answers, replayed from memory. A recording client passes requests to a real one (an
 * in-process simulator) and keeps each answer's status, headers and body text; a replay client answers the
 * same requests from those bytes with no simulator and no sockets, so what is measured on replay is konto's
 * work on the vendor's bytes.
 */
import { Effect } from "effect"
import { HttpClient, HttpClientError, HttpClientResponse } from "effect/http"

/** One recorded answer. */
export interface RecordedAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

/** Recorded answers by `METHOD url`, in the order first seen. */
export type Recording = Map<string, RecordedAnswer>

const keyOf = (method: string, url: URL): string => `${method} ${url.toString()}`

const responseOf = (request: Parameters<typeof HttpClientResponse.fromWeb>[0], answer: RecordedAnswer) =>
  HttpClientResponse.fromWeb(request, new Response(answer.text, { status: answer.status, headers: answer.headers }))

/** A client that sends through `upstream` and records every answer into `recording`. */
export const recording = (upstream: HttpClient.HttpClient, into: Recording): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const response = yield* upstream.execute(request)
      const text = yield* response.text
      const answer: RecordedAnswer = { status: response.status, headers: { ...response.headers }, text }
      into.set(keyOf(request.method, url), answer)
      return responseOf(request, answer)
    })
  )

/** A client that answers from `recording`; a request that was not recorded fails as a transport error. */
export const replay = (from: Recording): HttpClient.HttpClient =>
  HttpClient.make((request, url) => {
    const answer = from.get(keyOf(request.method, url))
    return answer === undefined
      ? Effect.fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.TransportError({
              request,
              description: `not recorded: ${request.method} ${url}`
            })
          })
        )
      : Effect.succeed(responseOf(request, answer))
  })
