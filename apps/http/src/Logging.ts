/**
 * Logs: JSON lines on stderr (stdout carries the start banner), from `KONTO_LOG_LEVEL` (default `Info`) up.
 * Secrets never reach them: they are `Redacted` everywhere, and the server logs requests by method, path and
 * status with the correlation id.
 */
import { Config, Effect, Layer, Logger, References } from "effect"

/** The app's logger. */
export const layer = Layer.unwrap(
  Effect.gen(function* () {
    const level = yield* Config.LogLevel("KONTO_LOG_LEVEL").pipe(Config.withDefault("Info"))
    return Layer.mergeAll(
      Logger.layer([
        Logger.map(Logger.formatJson, (line) => {
          process.stderr.write(line + "\n")
        })
      ]),
      Layer.succeed(References.MinimumLogLevel, level)
    )
  })
)
