/**
 * How a command ends: a failure becomes one line on stderr — `konto: <detail>`, the detail an API client would see
 * in the ProblemDetails — and an exit code (`ExitCode`); `--verbose` adds the cause. Interruption (Ctrl-C) passes
 * through and ends in 130.
 */
import { Cause, Effect, Option, Predicate, Runtime } from "effect"
import type { GlobalFlag } from "effect/cli"
import * as ExitCode from "./ExitCode.ts"
import { ReportMemory, Verbose } from "./GlobalOptions.ts"
import * as Problem from "./Problem.ts"

/** The command failed and said so; the process exits with `exitCode`. */
export class CommandFailed extends Error {
  override readonly [Runtime.errorExitCode]: number
  constructor(readonly exitCode: number) {
    super(`konto exited with ${exitCode}`)
    this[Runtime.errorExitCode] = exitCode
  }
}

const writeError = (line: string) =>
  Effect.sync(() => void process.stderr.write(line.endsWith("\n") ? line : `${line}\n`))

/** `stdout` closed by the reader (`konto invoices list | head`): not a failure. */
const isClosedStdout = (error: unknown): boolean =>
  Predicate.hasProperty(error, "_tag") &&
  error._tag === "ExportSinkError" &&
  Predicate.hasProperty(error, "code") &&
  error.code === "EPIPE"

const report = (cause: Cause.Cause<unknown>) =>
  Effect.gen(function* () {
    const verbose = yield* Verbose
    const failure = Cause.findErrorOption(cause)
    if (Option.isSome(failure) && isClosedStdout(failure.value)) return ExitCode.ExitCode.ok
    const code = Option.match(failure, { onNone: () => ExitCode.ExitCode.unexpected, onSome: ExitCode.of })
    const detail = Option.match(failure, {
      onNone: () => `unexpected error: ${Problem.detailOf(Cause.squash(cause))}`,
      onSome: Problem.detailOf
    })
    yield* writeError(`konto: ${detail}`)
    if (verbose) yield* writeError(Cause.pretty(cause))
    else if (code === ExitCode.ExitCode.unexpected) yield* writeError("konto: run again with --verbose for the cause")
    return code
  })

const reportMemory = Effect.gen(function* () {
  if (yield* ReportMemory) {
    // maxRSS is in kibibytes.
    yield* writeError(`konto: peak-rss-bytes=${process.resourceUsage().maxRSS * 1024}`)
  }
})

/** Runs a command's program: reports a failure as one line and an exit code, and the peak memory if asked. */
export const handle = <A, E, R>(
  program: Effect.Effect<A, E, R>
): Effect.Effect<
  void,
  CommandFailed,
  R | GlobalFlag.Setting.Identifier<"verbose"> | GlobalFlag.Setting.Identifier<"report-memory">
> =>
  program.pipe(
    Effect.asVoid,
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.interrupt
        : Effect.flatMap(report(cause), (code) =>
            code === ExitCode.ExitCode.ok ? Effect.void : Effect.fail(new CommandFailed(code))
          )
    ),
    Effect.ensuring(reportMemory)
  )
