#!/usr/bin/env node
/**
 * The konto HTTP server process. `node dist/main.js` serves (see `HttpConfig` for the environment);
 * `node dist/main.js create-api-key <label>` issues an API key against the configured store (stop a server
 * that holds an embedded data directory first, or use PostgreSQL).
 */
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Effect, Exit, Layer, Runtime } from "effect"
import * as KontoHttp from "./KontoHttp.ts"
import * as Logging from "./Logging.ts"

const [command, label] = process.argv.slice(2)

const program = command === "create-api-key" ? KontoHttp.createApiKey(label ?? "admin") : Layer.launch(KontoHttp.layer)

// Ctrl-C (or SIGTERM) is a requested stop: once the finalizers have run, the process exits with 0.
const teardown: Runtime.Teardown = (exit, onExit) =>
  Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)

program.pipe(Effect.provide(Logging.layer), NodeRuntime.runMain({ teardown }))
