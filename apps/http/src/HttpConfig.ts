/**
 * The HTTP app's configuration, from the environment.
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `KONTO_HOST` | `127.0.0.1` | interface to listen on |
 * | `KONTO_PORT` | `3000` | port to listen on |
 * | `KONTO_CONNECTORS` | the first-party adapters | comma-separated connector modules (packages or file paths) |
 * | `KONTO_DEMO` | `false` (`./run start`: `true`) | serve every connector's simulator and a demo consent per system |
 * | `KONTO_DEMO_API_KEY` | generated once, kept in the data directory | the demo API key |
 * | `KONTO_DEMO_INVOICES` | `25` | invoices per simulator |
 * | `KONTO_API_KEYS` | — | konto API keys to register at start (comma-separated), the bootstrap admin path |
 * | `KONTO_LOG_LEVEL` | `Info` | least severe level logged (JSON lines on stderr) |
 * | `KONTO_ACCESS_CACHE_TTL` | `5 seconds` | how long verified API keys and consent reads are reused; how late another process sees a revocation (`0 seconds`: no caching) |
 *
 * The store reads its own: `KONTO_DATA_DIR` (default `.konto`), `KONTO_DATABASE_URL`, `KONTO_ENCRYPTION_KEY`.
 */
import { Config, Duration, Option, Redacted } from "effect"

/** The first-party adapters, served unless `KONTO_CONNECTORS` says otherwise. */
export const firstPartyConnectors: ReadonlyArray<string> = [
  "@konto/adapter-fortnox",
  "@konto/adapter-moneybird",
  "@konto/adapter-xero"
]

/** The app's settings. */
export interface HttpConfig {
  readonly host: string
  readonly port: number
  readonly connectors: ReadonlyArray<string>
  readonly demo: boolean
  readonly demoApiKey: Option.Option<Redacted.Redacted<string>>
  readonly demoInvoices: number
  readonly apiKeys: ReadonlyArray<Redacted.Redacted<string>>
  /** The server's access caches: how long a verified key or consent read is reused (zero: not at all). */
  readonly accessCacheTimeToLive: Duration.Duration
}

const list = (text: string): ReadonlyArray<string> =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")

/** Reads the settings. */
export const config: Config.Config<HttpConfig> = Config.all({
  host: Config.String("KONTO_HOST").pipe(Config.withDefault("127.0.0.1")),
  port: Config.Port("KONTO_PORT").pipe(Config.withDefault(3000)),
  connectors: Config.String("KONTO_CONNECTORS").pipe(Config.map(list), Config.withDefault(firstPartyConnectors)),
  demo: Config.Boolean("KONTO_DEMO").pipe(Config.withDefault(false)),
  demoApiKey: Config.option(Config.Redacted("KONTO_DEMO_API_KEY")).pipe(
    Config.map(Option.filter((key) => Redacted.value(key).trim() !== ""))
  ),
  demoInvoices: Config.Int("KONTO_DEMO_INVOICES").pipe(Config.withDefault(25)),
  apiKeys: Config.option(Config.String("KONTO_API_KEYS")).pipe(
    Config.map(Option.match({ onNone: () => [], onSome: list })),
    Config.map((keys) => keys.map((key) => Redacted.make(key, { label: "ApiKey" })))
  ),
  accessCacheTimeToLive: Config.Duration("KONTO_ACCESS_CACHE_TTL").pipe(Config.withDefault(Duration.seconds(5)))
})
