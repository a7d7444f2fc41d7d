/**
 * The CLI's exit codes — its transport protocol, as HTTP statuses are the server's — and which failure ends in
 * which. Documented in the README and in `konto --help`.
 */
import { Predicate } from "effect"

/** Exit codes. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notFound: 3,
  notSupported: 4,
  unauthorized: 5,
  upstream: 6,
  store: 7,
  interrupted: 130
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** The exit codes as shown in `--help` and the README. */
export const documentation: ReadonlyArray<readonly [ExitCode, string]> = [
  [ExitCode.ok, "success"],
  [ExitCode.unexpected, "unexpected error (a bug; run with --verbose for the cause)"],
  [ExitCode.usage, "usage: unknown command or flag, invalid value, unreadable input or unwritable output file, consent not connected"],
  [ExitCode.notFound, "not found: consent, API key or invoice"],
  [ExitCode.notSupported, "not supported by the system (operation or query)"],
  [ExitCode.unauthorized, "unauthorized: API key invalid, or the system refused the credentials"],
  [
    ExitCode.upstream,
    "the system failed: rate-limited, unavailable, rejected the request or sent an unreadable answer"
  ],
  [ExitCode.store, "konto's store is unavailable, misconfigured or locked by another process"],
  [ExitCode.interrupted, "interrupted (Ctrl-C)"]
]

const byTag: Readonly<Record<string, ExitCode>> = {
  // core's connector errors
  NotFound: ExitCode.notFound,
  NotSupported: ExitCode.notSupported,
  Unauthorized: ExitCode.unauthorized,
  RateLimited: ExitCode.upstream,
  UpstreamUnavailable: ExitCode.upstream,
  UpstreamRejected: ExitCode.upstream,
  UnexpectedPayload: ExitCode.upstream,
  InvalidInput: ExitCode.usage,
  UnknownSystem: ExitCode.usage,
  // the store's errors
  StoreError: ExitCode.store,
  DataDirectoryLocked: ExitCode.store,
  TokenStoreError: ExitCode.store,
  ApiKeyInvalid: ExitCode.unauthorized,
  ApiKeyNotFound: ExitCode.notFound,
  ConsentNotFound: ExitCode.notFound,
  ConsentNotConnected: ExitCode.usage,
  ConsentInputInvalid: ExitCode.usage,
  ConsentVersionMismatch: ExitCode.usage,
  // the CLI's own
  UsageError: ExitCode.usage,
  ConnectionRefused: ExitCode.unauthorized
}

// An output file that cannot be opened is a usage mistake (a wrong --out); a write failing later is not.
const unwritablePath = new Set(["ENOENT", "ENOTDIR", "EISDIR", "EACCES", "EPERM", "EROFS"])

const byStatus = (status: number): ExitCode => {
  if (status === 401 || status === 403) return ExitCode.unauthorized
  if (status === 404) return ExitCode.notFound
  if (status === 501) return ExitCode.notSupported
  if (status === 429 || status === 502 || status === 503 || status === 504) return ExitCode.upstream
  if (status >= 400 && status < 500) return ExitCode.usage
  return ExitCode.unexpected
}

/** The exit code a failure ends in: by its tag, else (an API problem) by its HTTP status, else 1. */
export const of = (error: unknown): ExitCode => {
  if (Predicate.hasProperty(error, "_tag") && error._tag === "ExportSinkError") {
    return Predicate.hasProperty(error, "code") && Predicate.isString(error.code) && unwritablePath.has(error.code)
      ? ExitCode.usage
      : ExitCode.unexpected
  }
  if (Predicate.hasProperty(error, "_tag") && Predicate.isString(error._tag) && error._tag in byTag) {
    return byTag[error._tag]!
  }
  if (Predicate.hasProperty(error, "status") && Predicate.isNumber(error.status)) return byStatus(error.status)
  return ExitCode.unexpected
}
