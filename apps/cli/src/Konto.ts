/**
 * The `konto` command tree.
 */
import { Command } from "effect/cli"
import { consents } from "./commands/Consents.ts"
import { exportCommand } from "./commands/Export.ts"
import { invoices } from "./commands/Invoices.ts"
import { keys } from "./commands/Keys.ts"
import { serve } from "./commands/Serve.ts"
import { systems } from "./commands/Systems.ts"
import * as ExitCode from "./ExitCode.ts"
import { ReportMemory, Verbose } from "./GlobalOptions.ts"

// The help indents the first line only; the rest is indented here to match.
const description = [
  "Read and write sales invoices in accounting systems through one canonical model.",
  "",
  "  The store: .konto/ under the working directory (KONTO_DATA_DIR), or PostgreSQL (KONTO_DATABASE_URL).",
  "  Errors are one line on stderr (--verbose adds the cause). Exit codes:",
  ...ExitCode.documentation.map(([code, meaning]) => `    ${String(code).padStart(3)}  ${meaning}`)
].join("\n")

/** `konto`. */
export const konto = Command.make("konto").pipe(
  Command.withDescription(description),
  Command.withSubcommands([systems, consents, keys, invoices, exportCommand, serve]),
  Command.withGlobalFlags([Verbose, ReportMemory]),
  Command.withExamples([
    { command: "konto systems", description: "What each accounting system supports" },
    { command: "konto invoices list --demo", description: "Invoices of a simulated Fortnox, no credentials needed" },
    {
      command: "konto export --demo --demo-invoices 10000 --out invoices.csv",
      description: "Export with a progress bar"
    },
    {
      command: "konto --completions bash > ~/.konto-completion.bash",
      description: "Shell completions (bash, zsh, fish)"
    }
  ])
)
