/**
 * Flags every `konto` command accepts.
 */
import { Flag, GlobalFlag } from "effect/cli"

/** `--verbose`: failures print their cause (with the stack) after the one-line message. */
export const Verbose = GlobalFlag.Setting("verbose")({
  flag: Flag.Boolean("verbose").pipe(
    Flag.withDescription("On failure, also print the cause (with the stack trace)"),
    Flag.withDefault(false)
  )
})

/** `--report-memory` (hidden, for the CLI's own tests): prints the process's peak RSS on stderr when done. */
export const ReportMemory = GlobalFlag.Setting("report-memory")({
  flag: Flag.Boolean("report-memory").pipe(
    Flag.withDescription("Print the peak resident memory (maxRSS) on stderr when the command ends"),
    Flag.withHidden,
    Flag.withDefault(false)
  )
})
