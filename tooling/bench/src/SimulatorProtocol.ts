/**
 * The protocol between the bench and a simulator served in its own process (`simulatorProcess.ts`).
 */

/** What the simulator process is started with. */
export interface SimulatorArguments {
  readonly system: string
  readonly invoiceCount: number
  readonly seed: number
  /** The factor the vendor's rate-limit windows are shortened by; `null`: no limits (JSON has no Infinity). */
  readonly rateLimitScale: number | null
}

/** What the simulator counted. */
export interface SimulatorReport {
  readonly type: "report"
  readonly requests: number
  readonly byRoute: Readonly<Record<string, number>>
  readonly byStatus: Readonly<Record<string, number>>
  readonly rateLimited: number
  readonly peakRssBytes: number
  /** The last request the simulator answered (path with query, and headers), to replay it on its own. */
  readonly lastRequest: { readonly path: string; readonly headers: Readonly<Record<string, string>> } | null
}

/** Parent → simulator. */
export type SimulatorCommand = { readonly type: "report" } | { readonly type: "stop" }

/** Simulator → parent. */
export type SimulatorMessage =
  | { readonly type: "ready"; readonly origin: string; readonly startMillis: number }
  | SimulatorReport

/** Node flags of the simulator process: a simulator that holds its records eagerly needs room for a million. */
export const execArgv: ReadonlyArray<string> = ["--max-old-space-size=12288"]
