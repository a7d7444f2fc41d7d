/**
 * The fault soak: every simulator served on loopback with 20% of its GETs faulted (429 + `Retry-After`, 5xx,
 * timeouts, truncated JSON). A full listing through the connector must equal the fault-free listing exactly —
 * no invoice lost, none duplicated, none changed — and creates whose responses are lost must never duplicate.
 *
 * Real clock and real sockets: an injected timeout holds the response longer than the client waits, so each one
 * costs the client's timeout (30 s by default) in wall time.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { type ConnectorError, ExactJson, ListQuery, SalesInvoice, type SalesInvoices } from "@konto/core"
import { type Faults, SimulatorServer } from "@konto/simulator-kit"
import { createInputOf, resolve } from "@konto/testkit"
import { Effect, Exit, Result, Schema, Stream } from "effect"
import * as SimulatorConnection from "./SimulatorConnection.ts"
import type { BenchSystem } from "./Systems.ts"

/** How hard to soak. */
export interface SoakOptions {
  /** Vendor pages per listing: each system holds this many of its largest pages of invoices. */
  readonly pages: number
  readonly faultRate: number
  readonly faultSeed: number
  readonly creates: number
  /** Rate-limit windows are shortened by this factor on both sides (the soak is about faults, not pacing). */
  readonly rateLimitScale: number
}

export const defaultOptions: SoakOptions = {
  pages: 50,
  faultRate: 0.2,
  faultSeed: 20,
  creates: 12,
  rateLimitScale: 10
}

/** What one system's soak found. */
export interface SoakFigure {
  readonly system: string
  readonly invoices: number
  readonly faultRate: number
  readonly faultSeed: number
  readonly listed: number
  readonly lost: number
  readonly duplicated: number
  readonly changed: number
  /** The listing's failure, when it failed instead of completing. */
  readonly listingError: string | null
  /** Faults injected during the faulted listing, by kind. */
  readonly injected: Readonly<Record<string, number>>
  /** Requests the faulted listing made (retries included). */
  readonly requests: number
  readonly creates: {
    readonly attempted: number
    readonly lostResponses: number
    /** Distinct keys whose create never succeeded, even when repeated. */
    readonly failed: number
    /** Invoices the vendor holds beyond one per key. */
    readonly duplicated: number
    /** Keys whose repeated create answered a different invoice than the first success. */
    readonly inconsistent: number
  }
  readonly wallMillis: number
  readonly passed: boolean
}

const encodeSummary = Schema.encodeSync(SalesInvoice.SalesInvoiceSummary)

const describe = (error: ConnectorError): string => `${error._tag}: ${error.message}`

const listAll = (invoices: SalesInvoices.SalesInvoicesShape) =>
  Stream.runCollect(invoices.list(ListQuery.all)).pipe(
    Effect.map((summaries) =>
      summaries.map((summary) => [summary.source.id, ExactJson.stringify(encodeSummary(summary))] as const)
    )
  )

/** Soaks one system. */
export const run = (system: BenchSystem, options: SoakOptions = defaultOptions): Promise<SoakFigure> =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const started = performance.now()
        const invoiceCount = options.pages * system.simulator.documentedMaxPageSize
        const resolved = resolve({ connector: system.connector, simulator: system.simulator, invoiceCount })
        const simulator = yield* system.simulator.make({
          seeds: resolved.seeds,
          rateLimitScale: options.rateLimitScale
        })
        const served = yield* SimulatorServer.serve(simulator)
        const connect = SimulatorConnection.make(system, {
          origin: served.baseUrl,
          rateLimitScale: options.rateLimitScale
        })

        const reference = yield* Effect.flatMap(connect, listAll).pipe(Effect.scoped, Effect.orDie)
        const expected = new Map(reference)

        const faults: Faults.FaultOptions = {
          seed: options.faultSeed,
          rate: options.faultRate,
          kinds: ["rate-limit", "server-error", "timeout", "truncated-json"]
        }
        simulator.faults.set(faults)
        simulator.faults.resetCounts()
        simulator.requests.reset()
        // A fresh connection: nothing cached from the fault-free listing.
        const faulted = yield* Effect.flatMap(connect, listAll).pipe(Effect.scoped, Effect.result)
        const listed = Result.isSuccess(faulted) ? faulted.success : []
        const injected = { ...simulator.faults.injected() }
        const seen = new Map<string, number>()
        for (const [id] of listed) seen.set(id, (seen.get(id) ?? 0) + 1)
        const duplicated = [...seen.values()].filter((count) => count > 1).length
        const lost = [...expected.keys()].filter((id) => !seen.has(id)).length
        const changed = listed.filter(([id, json]) => expected.has(id) && expected.get(id) !== json).length
        const listingRequests = simulator.requests.total()

        // Creates: every other one loses its response after the vendor did the work; a failed create is
        // repeated with the same key, as a caller would.
        const invoices = yield* Effect.scoped(connect)
        const before = reference.length
        const input = createInputOf(resolved)
        let failed = 0
        let inconsistent = 0
        for (let index = 0; index < options.creates; index++) {
          const key = `konto-soak-${system.id}-${options.faultSeed}-${index}`
          const results: Array<string> = []
          for (let attempt = 0; attempt < 3 && results.length < 2; attempt++) {
            if (index % 2 === 0 && attempt === 0) simulator.faults.dropNextResponse({ method: ["POST", "PUT"] })
            const created = yield* Effect.exit(invoices.create(input, { idempotencyKey: key }))
            if (Exit.isSuccess(created)) results.push(created.value.source.id)
          }
          if (results.length === 0) failed += 1
          if (new Set(results).size > 1) inconsistent += 1
        }
        const lostResponses = simulator.faults.injected()["lost-response"]
        simulator.faults.set(undefined)
        const after = yield* Effect.flatMap(connect, listAll).pipe(Effect.scoped, Effect.orDie)
        const createdCount = after.length - before
        const createDuplicates = Math.max(0, createdCount - (options.creates - failed))

        const listingError = Result.isFailure(faulted) ? describe(faulted.failure) : null
        const figure: SoakFigure = {
          system: system.id,
          invoices: invoiceCount,
          faultRate: options.faultRate,
          faultSeed: options.faultSeed,
          listed: listed.length,
          lost,
          duplicated,
          changed,
          listingError,
          injected,
          requests: listingRequests,
          creates: {
            attempted: options.creates,
            lostResponses,
            failed,
            duplicated: createDuplicates,
            inconsistent
          },
          wallMillis: performance.now() - started,
          passed:
            listingError === null &&
            lost === 0 &&
            duplicated === 0 &&
            changed === 0 &&
            listed.length === expected.size &&
            createDuplicates === 0 &&
            inconsistent === 0 &&
            failed === 0
        }
        return figure
      })
    ).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
