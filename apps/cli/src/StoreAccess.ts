/**
 * The store the CLI works on: embedded (a `.konto/` data directory under the working directory, or
 * `KONTO_DATA_DIR`) or PostgreSQL (`KONTO_DATABASE_URL`), as `@konto/store` reads its configuration. An embedded
 * store belongs to one process: while `konto serve` holds it, other commands use the server or PostgreSQL.
 */
import { ApiKeys, Store } from "@konto/store"
import { Effect, type Option, type Redacted } from "effect"
import { Flag } from "effect/cli"
import * as Secrets from "./Secrets.ts"

/** The store's services, configured from the environment. */
export const layer = Store.layerConfig()

/** `--api-key`: consents belong to an API key. */
export const apiKeyFlag: Flag.Flag<Option.Option<Redacted.Redacted<string>>> = Flag.Redacted("api-key").pipe(
  Flag.withDescription("Your konto API key (default: KONTO_API_KEY; asked for, without echo, in a terminal)"),
  Flag.optional
)

/** The caller's API key (flag, `KONTO_API_KEY` or a prompt), verified. */
export const apiKeyOf = (flag: Option.Option<Redacted.Redacted<string>>) =>
  Effect.gen(function* () {
    const key = yield* Secrets.resolve({
      label: "API key",
      flag: "--api-key",
      value: flag,
      environmentVariable: "KONTO_API_KEY"
    })
    const apiKeys = yield* ApiKeys.ApiKeys
    return yield* apiKeys.verify(key)
  })
