/**
 * Where a secret comes from: its flag, else an environment variable, else — in a terminal — a prompt that does not
 * echo what is typed. Secrets stay `Redacted` and are never printed.
 */
import { Config, Effect, Option, Redacted } from "effect"
import { Prompt, TerminalCapabilities } from "effect/cli"
import { UsageError } from "./UsageError.ts"

/** Where to look for one secret. */
export interface SecretSource {
  /** What it is, for messages and the prompt (`API key`, `clientSecret`). */
  readonly label: string
  /** The flag that gives it, for the message when it is missing (`--api-key`). */
  readonly flag: string
  readonly value: Option.Option<Redacted.Redacted<string>>
  readonly environmentVariable: string
}

/** The environment variable of a connection secret: `clientSecret` → `KONTO_SECRET_CLIENT_SECRET`. */
export const environmentVariableOf = (secretName: string): string =>
  `KONTO_SECRET_${secretName
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase()}`

const fromEnvironment = (name: string) =>
  Config.option(Config.Redacted(name)).pipe(
    Effect.map(Option.filter((secret: Redacted.Redacted<string>) => Redacted.value(secret).length > 0)),
    Effect.orElseSucceed(() => Option.none<Redacted.Redacted<string>>())
  )

/** The secret, if its flag or environment variable gives it (no prompt). */
export const given = (source: SecretSource): Effect.Effect<Option.Option<Redacted.Redacted<string>>> =>
  Option.isSome(source.value) ? Effect.succeed(source.value) : fromEnvironment(source.environmentVariable)

/** The secret from its flag, its environment variable, or a prompt without echo; `UsageError` when none can. */
export const resolve = (source: SecretSource) =>
  Effect.gen(function* () {
    const found = yield* given(source)
    if (Option.isSome(found)) return found.value
    const terminal = yield* TerminalCapabilities.TerminalCapabilities
    if (!terminal.canPrompt) {
      return yield* new UsageError({
        message: `missing ${source.label}: pass ${source.flag}, set ${source.environmentVariable}, or run in a terminal to be asked`
      })
    }
    return yield* Prompt.run(Prompt.Hidden({ message: `${source.label} (not shown)` })).pipe(
      Effect.catchTag("QuitError", () => new UsageError({ message: `no ${source.label} given` }))
    )
  })
