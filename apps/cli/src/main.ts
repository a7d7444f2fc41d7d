#!/usr/bin/env node
/**
 * The `konto` process: parses the command line, runs the command, exits with its code (`ExitCode`). Usage
 * mistakes print one line and a pointer to `--help` (exit 2); help, version and completions print to stdout.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Layer, Logger } from "effect"
import { CliError, CliOutput, Command } from "effect/cli"
import { CommandFailed } from "./CommandFailure.ts"
import { ExitCode } from "./ExitCode.ts"
import { konto } from "./Konto.ts"

const version = "0.1.0"

/** Help to stdout; a usage mistake as one line on stderr with where to find help. */
const presenter = CliOutput.layerPresenter({
  present: (event) =>
    Effect.gen(function* () {
      const formatter = yield* CliOutput.Formatter
      switch (event._tag) {
        case "Help":
          return yield* Effect.sync(() => void process.stdout.write(`${formatter.formatHelpDoc(event.helpDoc)}\n`))
        case "Version":
          return yield* Effect.sync(() => void process.stdout.write(`konto ${version}\n`))
        case "InvalidInvocation": {
          const first = event.errors[0]
          const message = first === undefined ? "invalid command line" : first.message
          return yield* Effect.sync(
            () => void process.stderr.write(`konto: ${message}\nkonto: see \`${event.commandPath.join(" ")} --help\`\n`)
          )
        }
      }
    })
})

const program = Command.run(konto, { version }).pipe(
  Effect.catchIf(
    (error): error is CliError.CliError => CliError.isCliError(error),
    (error) =>
      // `konto` alone (or a group without a subcommand) shows help: not a mistake.
      error._tag === "ShowHelp" && error.errors.length === 0
        ? Effect.void
        : Effect.fail(new CommandFailed(ExitCode.usage))
  ),
  // Logs (the store's, the server's) go to stderr: stdout carries results only.
  Effect.provide(Layer.mergeAll(NodeServices.layer, presenter, Layer.succeed(Logger.LogToStderr, true)))
)

NodeRuntime.runMain(program, { disableErrorReporting: true })
