/**
 * How far an export is: the count so far, the rate, and — when the total is known — the fraction and the time
 * left. Pure: the export measures the elapsed time on the effect `Clock` and calls `make`.
 */
import { Option } from "effect"

/** A progress report. */
export interface ExportProgress {
  /** Invoices written so far. */
  readonly count: number
  /** The number of invoices the export will write, when the system reports it exactly. */
  readonly total: Option.Option<number>
  readonly elapsedMillis: number
  /** Invoices per second so far (0 until time has passed). */
  readonly perSecond: number
  /** `count / total`, when the total is known. */
  readonly fraction: Option.Option<number>
  /** Time left at the rate so far, when the total is known and a rate exists. */
  readonly etaMillis: Option.Option<number>
  /** Whether this is the final report. */
  readonly done: boolean
}

/** A report from the count, the total and the elapsed time. */
export const make = (options: {
  readonly count: number
  readonly total: Option.Option<number>
  readonly elapsedMillis: number
  readonly done: boolean
}): ExportProgress => {
  const { count, done, elapsedMillis } = options
  const perSecond = elapsedMillis > 0 ? (count * 1000) / elapsedMillis : 0
  // A total the stream outgrew (invoices created meanwhile) is no longer a total.
  const total = Option.filter(options.total, (value) => value >= count)
  const fraction = Option.map(total, (value) => (value === 0 ? 1 : count / value))
  const etaMillis = done
    ? Option.map(total, () => 0)
    : Option.flatMap(total, (value) =>
        perSecond > 0 ? Option.some(((value - count) * 1000) / perSecond) : Option.none()
      )
  return { count, total, elapsedMillis, perSecond, fraction, etaMillis, done }
}
