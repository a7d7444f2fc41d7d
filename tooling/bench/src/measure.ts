/**
 * Timing: the median of several runs after a warm-up, so one GC pause or JIT tier-up does not decide a figure.
 */

/** One measured figure. */
export interface Measurement {
  readonly medianMillis: number
  readonly runsMillis: ReadonlyArray<number>
}

/** The median of some values. */
export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Runs `work` `warmups` times unmeasured, then `runs` times measured; returns the median wall time. */
export const measure = async (
  work: () => unknown | Promise<unknown>,
  options: { readonly runs?: number; readonly warmups?: number } = {}
): Promise<Measurement> => {
  const runs = Math.max(5, options.runs ?? 7)
  for (let index = 0; index < (options.warmups ?? 2); index++) await work()
  const runsMillis: Array<number> = []
  for (let index = 0; index < runs; index++) {
    const started = process.hrtime.bigint()
    await work()
    runsMillis.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  return { medianMillis: median(runsMillis), runsMillis }
}

/** Measures a baseline and a subject interleaved run by run, so machine noise hits both alike. */
export const measurePair = async (
  baseline: () => unknown | Promise<unknown>,
  subject: () => unknown | Promise<unknown>,
  options: { readonly runs?: number; readonly warmups?: number } = {}
): Promise<{ readonly baseline: Measurement; readonly subject: Measurement }> => {
  const runs = Math.max(5, options.runs ?? 7)
  for (let index = 0; index < (options.warmups ?? 2); index++) {
    await baseline()
    await subject()
  }
  const baselineRuns: Array<number> = []
  const subjectRuns: Array<number> = []
  for (let index = 0; index < runs; index++) {
    let started = process.hrtime.bigint()
    await baseline()
    baselineRuns.push(Number(process.hrtime.bigint() - started) / 1e6)
    started = process.hrtime.bigint()
    await subject()
    subjectRuns.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  return {
    baseline: { medianMillis: median(baselineRuns), runsMillis: baselineRuns },
    subject: { medianMillis: median(subjectRuns), runsMillis: subjectRuns }
  }
}
