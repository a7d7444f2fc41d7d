/**
 * Serves a simulator on a real HTTP server (`node:http`) on 127.0.0.1 and an ephemeral port, for the demo
 * server and benchmarks. Scoped: closing the scope closes the server and every open connection.
 *
 * Handlers run with the services of the fiber that called `serve` (so a live `Clock` in the demo, and a
 * `TestClock` if a test serves a simulator on purpose).
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, Fiber, Schema, type Scope } from "effect"
import type { Outcome, Simulator } from "./Simulator.ts"

/** The server could not start. */
export class SimulatorServerError extends Schema.TaggedError<SimulatorServerError>()("SimulatorServerError", {
  simulator: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `simulator ${this.simulator} could not be served: ${this.detail}`
  }
}

/** A served simulator. */
export interface ServedSimulator {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string
  readonly port: number
}

const readBody = (message: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    message.on("data", (chunk: Buffer) => chunks.push(chunk))
    message.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    message.on("error", reject)
  })

const headersOf = (message: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value
  }
  return headers
}

const write = (outcome: Outcome, message: IncomingMessage, response: ServerResponse): void => {
  switch (outcome._tag) {
    case "Drop":
      message.socket.destroy()
      return
    case "Respond": {
      const { headers, status, text } = outcome.response
      const body = Buffer.from(text, "utf8")
      response.writeHead(status, { ...headers, "content-length": String(body.length) })
      response.end(message.method === "HEAD" ? undefined : body)
      return
    }
    case "Truncate": {
      const { headers, status, text } = outcome.response
      const body = Buffer.from(text, "utf8")
      response.writeHead(status, { ...headers, "content-length": String(body.length) })
      response.write(body.subarray(0, Math.floor(body.length / 2)), () => message.socket.destroy())
      return
    }
  }
}

/** Serves the simulator on `host` (default 127.0.0.1) and `port` (default: an ephemeral one). */
export const serve = (
  simulator: Simulator,
  options?: { readonly host?: string; readonly port?: number }
): Effect.Effect<ServedSimulator, SimulatorServerError, Scope.Scope> =>
  Effect.gen(function* () {
    const context = yield* Effect.context<never>()
    const runFork = Effect.runForkWith(context)
    const host = options?.host ?? "127.0.0.1"
    const server = createServer((message, response) => {
      const fiber = runFork(
        Effect.gen(function* () {
          const text = yield* Effect.promise(() => readBody(message))
          const url = new URL(message.url ?? "/", `http://${message.headers.host ?? host}`)
          const outcome = yield* simulator.handle({
            method: message.method ?? "GET",
            url,
            headers: headersOf(message),
            text
          })
          write(outcome, message, response)
        })
      )
      // The client went away: stop a handler that is still waiting (e.g. an injected timeout).
      response.on("close", () => {
        if (!response.writableFinished) Effect.runFork(Fiber.interrupt(fiber))
      })
    })
    const port = yield* Effect.acquireRelease(
      Effect.callback<number, SimulatorServerError>((resume) => {
        server.once("error", (error) =>
          resume(Effect.fail(new SimulatorServerError({ simulator: simulator.name, detail: error.message })))
        )
        server.listen(options?.port ?? 0, host, () => resume(Effect.succeed((server.address() as AddressInfo).port)))
      }),
      () =>
        Effect.callback<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    return { baseUrl: `http://${host}:${port}`, port }
  })
