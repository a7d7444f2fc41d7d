/**
 * Normalisation throughput: vendor JSON bytes → canonical invoices with exact decimals and derived status, as
 * a ratio to `JSON.parse` alone on the same bytes, both measured in the same run (interleaved, median of ≥ 5).
 *
 * The ratio is `JSON.parse` time ÷ normalisation time, so 1 means "as fast as parsing", and the goal ≥ 1/2 means
 * normalising costs at most twice what parsing the bytes costs.
 */
import { type Measurement, measurePair } from "./measure.ts"

/** The goal for the ratio. */
export const goal = 0.5

/** One normalisation figure. */
export interface NormalisationFigure {
  /** `canonical` (API.1 JSON from the testkit's arbitraries) or a system id. */
  readonly subject: string
  /** What is normalised: `list` pages, one `get` answer per invoice, or canonical JSON documents. */
  readonly path: string
  /** What the subject does to the bytes, in one line. */
  readonly pipeline: string
  readonly invoices: number
  readonly bytes: number
  readonly jsonParse: Measurement
  readonly normalise: Measurement
  /** `jsonParse` median ÷ `normalise` median. */
  readonly ratio: number
  readonly goal: number
  readonly met: boolean
  /** Further stages measured to find where the time goes (each against `JSON.parse` like `ratio`). */
  readonly stages: ReadonlyArray<{ readonly stage: string; readonly medianMillis: number; readonly ratio: number }>
}

/** Measures `normalise` against `JSON.parse` of every text in `documents`. */
export const compare = async (options: {
  readonly subject: string
  readonly path: string
  readonly pipeline: string
  readonly invoices: number
  readonly documents: ReadonlyArray<string>
  readonly normalise: () => unknown | Promise<unknown>
  /** Parts of `normalise` measured on their own, to show where the time goes. */
  readonly stages?: ReadonlyArray<{ readonly stage: string; readonly run: () => unknown | Promise<unknown> }>
  readonly runs?: number
}): Promise<NormalisationFigure> => {
  const { documents } = options
  const parseAll = () => {
    let items = 0
    for (const document of documents) {
      const parsed: unknown = JSON.parse(document)
      items += Array.isArray(parsed) ? parsed.length : 1
    }
    return items
  }
  const measured = await measurePair(parseAll, options.normalise, { runs: options.runs ?? 7, warmups: 2 })
  const ratio = measured.baseline.medianMillis / measured.subject.medianMillis
  const stages: Array<NormalisationFigure["stages"][number]> = []
  for (const stage of options.stages ?? []) {
    const pair = await measurePair(parseAll, stage.run, { runs: options.runs ?? 7, warmups: 1 })
    stages.push({
      stage: stage.stage,
      medianMillis: pair.subject.medianMillis,
      ratio: pair.baseline.medianMillis / pair.subject.medianMillis
    })
  }
  return {
    subject: options.subject,
    path: options.path,
    pipeline: options.pipeline,
    invoices: options.invoices,
    bytes: documents.reduce((total, document) => total + Buffer.byteLength(document, "utf8"), 0),
    jsonParse: measured.baseline,
    normalise: measured.subject,
    ratio,
    goal,
    met: ratio >= goal,
    stages
  }
}
