/**
 * The server on a real loopback port over a store in a temporary data directory, with the test connectors, two
 * API keys and a log that collects every line; plus a small fetch-based client, as any API.1 client would call.
 */

import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeHttpServer } from "@effect/platform-node"
import { ConnectorRegistry } from "@konto/core"
import { KontoServer } from "@konto/server"
import { ApiKeys, type DataDirectoryLocked, Store, type StoreError } from "@konto/store"
import { Context, Effect, Layer, Logger, Redacted, Tracer } from "effect"
import { FetchHttpClient, HttpServer } from "effect/http"
import { makeConnector, makeOAuthConnector, makeVendor, type TestVendor } from "./TestConnector.ts"

/** What a test file gets. */
export interface TestEnvShape {
  readonly baseUrl: string
  readonly apiKey: string
  readonly otherApiKey: string
  readonly vendor: TestVendor
  /** The store's API keys, as the server sees them (e.g. to revoke a key while the server runs). */
  readonly apiKeys: ApiKeys.ApiKeys["Service"]
  /** Every log line the server wrote (JSON). */
  readonly logs: Array<string>
  /** Every span the server started. */
  readonly spans: Array<Tracer.NativeSpan>
}

export class TestEnv extends Context.Service<TestEnv, TestEnvShape>()("test/TestEnv") {}

export class DataDirectory extends Context.Service<DataDirectory, string>()("test/DataDirectory") {}

const dataDirectory = Layer.effect(
  DataDirectory,
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), "konto-server-test-"))),
    (directory) => Effect.sync(() => rmSync(directory, { recursive: true, force: true }))
  )
)

/** The store layer the server gets; a test may wrap it (e.g. to count reads). */
export type StoreLayer = Layer.Layer<Store.Services, StoreError | DataDirectoryLocked>

/**
 * The environment, with options for the server (e.g. key aliases), konto keys to register up front and a wrapper
 * around the store the server uses.
 */
export const layer = (
  options: KontoServer.KontoServerOptions = {},
  registerKeys: ReadonlyArray<string> = [],
  wrapStore: (store: StoreLayer) => StoreLayer = (store) => store
) => {
  const logs: Array<string> = []
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Layer.succeed(
    Tracer.Tracer,
    Tracer.make({
      span: (options) => {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      }
    })
  )
  const logger = Logger.layer([
    Logger.map(Logger.formatJson, (line) => {
      logs.push(line)
    })
  ])
  return Layer.unwrap(
    Effect.gen(function* () {
      const vendor = yield* makeVendor()
      const directory = yield* DataDirectory
      const store = wrapStore(Store.layer({ dataDirectory: directory }))
      const registry = ConnectorRegistry.layer([
        makeConnector(vendor),
        makeConnector(vendor, { id: "readbooks", readOnly: true }),
        makeOAuthConnector(vendor)
      ])
      const server = KontoServer.layer(options).pipe(
        Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })),
        Layer.provide(registry),
        Layer.provide(FetchHttpClient.layer),
        Layer.provideMerge(store)
      )
      const env = Layer.effect(
        TestEnv,
        Effect.gen(function* () {
          const http = yield* HttpServer.HttpServer
          const apiKeys = yield* ApiKeys.ApiKeys
          const first = yield* apiKeys.create({ label: "first" })
          const second = yield* apiKeys.create({ label: "second" })
          for (const key of registerKeys) yield* apiKeys.register({ label: "registered", key: Redacted.make(key) })
          const address = http.address
          return {
            baseUrl: HttpServer.formatAddress(address),
            apiKey: Redacted.value(first.key),
            otherApiKey: Redacted.value(second.key),
            vendor,
            apiKeys,
            logs,
            spans
          }
        })
      )
      return env.pipe(Layer.provide(server))
    })
  ).pipe(Layer.provide(dataDirectory), Layer.provide(logger), Layer.provide(tracer), Layer.orDie)
}

/** A response as a test reads it. */
export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: unknown
}

/** Sends a request; `key: null` sends no API key, `correlationId: null` no correlation id. */
export const send = (
  env: TestEnvShape,
  method: string,
  path: string,
  options: {
    readonly key?: string | null
    readonly correlationId?: string | null
    readonly body?: unknown
    readonly rawBody?: string
    readonly headers?: Record<string, string>
  } = {}
): Effect.Effect<Reply> =>
  Effect.promise(async () => {
    const headers: Record<string, string> = { ...options.headers }
    const key = options.key === undefined ? env.apiKey : options.key
    if (key !== null) headers["x-api-key"] = key
    const correlationId = options.correlationId === undefined ? crypto.randomUUID() : options.correlationId
    if (correlationId !== null) headers["x-correlation-id"] = correlationId
    let body: string | undefined
    if (options.rawBody !== undefined) body = options.rawBody
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers["content-type"] ??= "application/json"
    }
    const response = await fetch(env.baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) })
    const text = await response.text()
    let json: unknown
    try {
      json = text === "" ? undefined : JSON.parse(text)
    } catch {
      json = undefined
    }
    return { status: response.status, headers: response.headers, text, json }
  })

/** Creates a consent for a key and connects it to Test Books; returns its id. */
export const connectedConsent = (env: TestEnvShape, key: string = env.apiKey, system = "testbooks") =>
  Effect.gen(function* () {
    const created = yield* send(env, "POST", "/api/v1/consents", { key, body: { name: "Kund AB" } })
    if (created.status !== 201) throw new Error(`create consent: ${created.status} ${created.text}`)
    const id = String(at(created.json, "id"))
    const connected = yield* send(env, "PUT", `/api/v1/consents/${id}/connection`, {
      key,
      body: { system, secrets: { apiToken: env.vendor.token }, settings: { companyId: "c1" } }
    })
    if (connected.status !== 200) throw new Error(`connect consent: ${connected.status} ${connected.text}`)
    return id
  })

/** Reads a JSON body along a path of keys and indexes; a missing step reads as `undefined`. */
export const at = (value: unknown, ...path: ReadonlyArray<string | number>): unknown =>
  path.reduce<unknown>(
    (current, key) =>
      typeof current === "object" && current !== null ? (current as Record<string | number, unknown>)[key] : undefined,
    value
  )

/** The list at a path of a JSON body (empty when there is none). */
export const list = (value: unknown, ...path: ReadonlyArray<string | number>): ReadonlyArray<unknown> => {
  const found = at(value, ...path)
  return Array.isArray(found) ? found : []
}

/** Whether the object at a path of a JSON body has a key. */
export const has = (value: unknown, key: string, ...path: ReadonlyArray<string | number>): boolean => {
  const found = at(value, ...path)
  return typeof found === "object" && found !== null && Object.hasOwn(found, key)
}
