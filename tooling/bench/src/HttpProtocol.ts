/**
 * The protocol between the bench and the HTTP servers it loads (`serverProcess.ts`): konto's server over a
 * served simulator, or a bare `node:http` server answering fixed bytes.
 */

/** What a server process is started with. */
export type ServerArguments =
  | { readonly kind: "konto"; readonly system: string; readonly simulatorOrigin: string }
  | {
      readonly kind: "bare"
      readonly status: number
      readonly headers: Readonly<Record<string, string>>
      /** The body, base64 (the exact bytes konto answered). */
      readonly body: string
    }

/** Server → parent. */
export type ServerMessage = {
  readonly type: "ready"
  readonly origin: string
  /** konto only: a key and a consent connected to the simulator. */
  readonly apiKey: string
  readonly consentId: string
}

/** Parent → server. */
export type ServerCommand = { readonly type: "stop" }
