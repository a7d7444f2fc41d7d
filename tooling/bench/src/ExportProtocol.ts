/**
 * The protocol between the bench and one export run in its own process (`exportProcess.ts`).
 */

/** What the export process is started with. */
export interface ExportArguments {
  readonly system: string
  readonly origin: string
  /** As in `SimulatorArguments`: `null` for no limits. */
  readonly rateLimitScale: number | null
}

/** What one export measured. */
export interface ExportMeasurement {
  readonly invoices: number
  readonly wallMillis: number
  /** Peak resident set size of the whole process (`process.resourceUsage().maxRSS`). */
  readonly peakRssBytes: number
  /** Resident set size after start-up, before the first request. */
  readonly startRssBytes: number
  readonly peakHeapUsedBytes: number
  /** The largest heap seen right after a full (mark-compact) collection: what the export retains. */
  readonly peakLiveHeapBytes: number
}

/** Export → parent. */
export type ExportMessage =
  | { readonly type: "done"; readonly measurement: ExportMeasurement }
  | { readonly type: "failed"; readonly error: string }
