/**
 * An export's progress as one line of text for stderr: count (of total), a bar and percentage when the total is
 * known, the rate, and the time left (ETA) or elapsed. Pure; the caller decides where and how often to draw it.
 */
import { Option } from "effect"
import type { ExportProgress } from "./ExportProgress.ts"

const grouping = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 })

/** A whole number with thousands separators (`12,345`). */
export const count = (value: number): string => grouping.format(Math.round(value))

/** A duration as `m:ss` (or `h:mm:ss`), rounded up to the second. */
export const duration = (millis: number): string => {
  const seconds = Math.max(0, Math.ceil(millis / 1000))
  const hours = Math.floor(seconds / 3600)
  const minutes = Math.floor((seconds % 3600) / 60)
  const rest = String(seconds % 60).padStart(2, "0")
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`
}

/** A bar of `width` cells filled to `fraction`. */
export const bar = (fraction: number, width: number): string => {
  const filled = Math.min(width, Math.max(0, Math.floor(fraction * width)))
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`
}

/** The progress line (no line ending). */
export const render = (progress: ExportProgress, options: { readonly barWidth?: number } = {}): string => {
  const rate = `${count(progress.perSecond)}/s`
  if (progress.done) {
    return `exported ${count(progress.count)} invoices in ${duration(progress.elapsedMillis)} (${rate})`
  }
  return Option.match(progress.fraction, {
    onNone: () => `${count(progress.count)} invoices  ${rate}  ${duration(progress.elapsedMillis)} elapsed`,
    onSome: (fraction) => {
      const total = Option.getOrElse(progress.total, () => progress.count)
      const eta = Option.match(progress.etaMillis, {
        onNone: () => "ETA --:--",
        onSome: (millis) => `ETA ${duration(millis)}`
      })
      const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`
      return `${bar(fraction, options.barWidth ?? 24)} ${percent}  ${count(progress.count)}/${count(total)}  ${rate}  ${eta}`
    }
  })
}
