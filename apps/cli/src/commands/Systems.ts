/**
 * `konto systems`: the capability matrix of the connectors this CLI serves.
 */
import { Capabilities, CapabilityMatrix, ExactJson } from "@konto/core"
import { CapabilityTable } from "@konto/invoice-export"
import { Effect, Schema } from "effect"
import { Command, Flag } from "effect/cli"
import * as CommandFailure from "../CommandFailure.ts"
import { connectors } from "../Connectors.ts"
import * as Output from "../Output.ts"

const rows: ReadonlyArray<CapabilityMatrix.CapabilityRow> = connectors.map((connector) => ({
  system: connector.id,
  displayName: connector.displayName,
  capabilities: connector.capabilities
}))

const encodeCapabilities = Schema.encodeSync(Capabilities.Capabilities)

/** The command. */
export const systems = Command.make(
  "systems",
  {
    format: Flag.Literals("format", ["table", "json", "markdown"]).pipe(
      Flag.withDescription("table (default), json (the capability rows as data) or markdown (with the reasons)"),
      Flag.withDefault("table")
    )
  },
  ({ format }) =>
    CommandFailure.handle(
      Effect.suspend(() => {
        switch (format) {
          case "table":
            return Output.print(CapabilityTable.render(rows))
          case "markdown":
            return Output.print(CapabilityMatrix.renderMarkdown(rows))
          case "json":
            return Output.print(
              ExactJson.stringify(
                rows.map((row) => ({
                  system: row.system,
                  displayName: row.displayName,
                  capabilities: encodeCapabilities(row.capabilities)
                })),
                2
              ) + "\n"
            )
        }
      })
    )
).pipe(
  Command.withDescription("Show what each accounting system supports: operations, status filters and query dimensions"),
  Command.withExamples([
    { command: "konto systems", description: "The capability matrix as a table" },
    {
      command: "konto systems --format markdown",
      description: "With the reason for every emulated or unsupported cell"
    }
  ])
)
