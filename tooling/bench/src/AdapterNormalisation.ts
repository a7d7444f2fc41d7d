/**
 * Normalisation per adapter: the vendor's own JSON (as its simulator answers, at the vendor's largest page)
 * recorded once, then replayed from memory through the connector — connector-kit's exact parse, the adapter's
 * wire decode and mapping, core's status derivation — against `JSON.parse` alone on the same bytes.
 *
 * Two paths: `list` (every invoice, page after page: what an export does) and `get` (one invoice per answer,
 * the complete invoice where a vendor's listing carries less).
 */
import { ListQuery, type SalesInvoices } from "@konto/core"
import { Effect, Exit, Scope, Stream } from "effect"
import { HttpClient } from "effect/http"
import * as Normalisation from "./Normalisation.ts"
import * as ReplayClient from "./ReplayClient.ts"
import * as SimulatorConnection from "./SimulatorConnection.ts"
import type { BenchSystem } from "./Systems.ts"

/** How much of each vendor's JSON to normalise. */
export interface AdapterOptions {
  readonly listInvoices: number
  readonly getInvoices: number
  readonly seed: number
}

export const defaultOptions: AdapterOptions = { listInvoices: 5_000, getInvoices: 300, seed: 7 }

/** The what-if stage: how the figure would read if konto's exact parse cost what `JSON.parse` costs. */
export const withoutReviverStage = "what-if: the same with ExactJson.parse at JSON.parse speed (not konto's path)"

/**
 * Runs `work` with `JSON.parse` ignoring revivers, so `ExactJson.parse` costs what a plain parse costs. Amounts
 * the simulators write have at most 15 significant digits, so the floats still decode to the same decimals;
 * this is a measurement of where the time goes, never konto's path.
 */
const withoutReviver = async <A>(work: () => Promise<A>): Promise<A> => {
  const parse = JSON.parse
  JSON.parse = (text: string) => parse(text)
  try {
    return await work()
  } finally {
    JSON.parse = parse
  }
}

/** Measures the `list` and `get` figures of one system. */
export const run = async (
  system: BenchSystem,
  options: AdapterOptions = defaultOptions
): Promise<ReadonlyArray<Normalisation.NormalisationFigure>> => {
  const scope = Scope.makeUnsafe()
  try {
    const simulator = await Effect.runPromise(
      system.simulator.make({ invoiceCount: options.listInvoices, seed: options.seed, rateLimitScale: Infinity })
    )
    const connect = (client: HttpClient.HttpClient): Promise<SalesInvoices.SalesInvoicesShape> =>
      Effect.runPromise(
        SimulatorConnection.make(system, { origin: simulator.baseUrl, rateLimitScale: Infinity }).pipe(
          Effect.provideService(HttpClient.HttpClient, client),
          Scope.provide(scope)
        )
      )
    const listAll = (invoices: SalesInvoices.SalesInvoicesShape) =>
      Effect.runPromise(Stream.runCollect(invoices.list(ListQuery.all)))
    const getEach = (invoices: SalesInvoices.SalesInvoicesShape, ids: ReadonlyArray<string>) =>
      Effect.runPromise(Effect.forEach(ids, (id) => invoices.get(id)))

    const listed: ReplayClient.Recording = new Map()
    const summaries = await listAll(await connect(ReplayClient.recording(simulator.client, listed)))
    if (summaries.length !== options.listInvoices) {
      throw new Error(`${system.id}: listed ${summaries.length} of ${options.listInvoices} invoices`)
    }
    const ids = summaries.slice(0, options.getInvoices).map((summary) => summary.source.id)
    const gotten: ReplayClient.Recording = new Map()
    await getEach(await connect(ReplayClient.recording(simulator.client, gotten)), ids)

    const listFromBytes = await connect(ReplayClient.replay(listed))
    const getFromBytes = await connect(ReplayClient.replay(gotten))
    const texts = (recording: ReplayClient.Recording) => [...recording.values()].map((answer) => answer.text)

    const list = await Normalisation.compare({
      subject: system.id,
      path: "list",
      pipeline: `${system.connector.displayName} list pages → SalesInvoiceSummary (exact amounts, derived statuses)`,
      invoices: summaries.length,
      documents: texts(listed),
      normalise: () => listAll(listFromBytes),
      stages: [{ stage: withoutReviverStage, run: () => withoutReviver(() => listAll(listFromBytes)) }]
    })
    const get = await Normalisation.compare({
      subject: system.id,
      path: "get",
      pipeline: `${system.connector.displayName} single-invoice answers → SalesInvoice (exact amounts, derived statuses)`,
      invoices: ids.length,
      documents: texts(gotten),
      normalise: () => getEach(getFromBytes, ids)
    })
    return [list, get]
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
