// Runs the built CLI (`dist/main.js`) as a real subprocess and collects stdout, stderr and the exit code.
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The built entry point (`./run test` builds every package before testing). */
export const mainPath = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url))

/** How long `ensureBuilt` may take (a cold build of every package the CLI depends on). */
export const buildTimeout = 600_000

/** Builds the CLI and what it depends on when `dist/main.js` is missing (a bare `vitest run`). */
export const ensureBuilt = (): void => {
  if (existsSync(mainPath)) return
  // `./run` puts the pinned Node and pnpm on PATH (turbo needs pnpm).
  execFileSync(join(repositoryRoot, "run"), ["build", "--filter=@konto/cli...", "--output-logs=errors-only"], {
    cwd: repositoryRoot,
    stdio: "inherit"
  })
}

/** A fresh working directory (each gets its own embedded store in `.konto/`). */
export const workingDirectory = (): string => mkdtempSync(join(tmpdir(), "konto-cli-test-"))

/** The environment of a run: the caller's, without any KONTO_ setting, plus `env`. */
export const environment = (env: Record<string, string> = {}): Record<string, string> => {
  const clean: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith("KONTO_") && name !== "NODE_OPTIONS") clean[name] = value
  }
  return { ...clean, NO_COLOR: "1", ...env }
}

/** What a run printed and how it ended. */
export interface Result {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** How to run the CLI. */
export interface RunOptions {
  readonly cwd?: string
  readonly env?: Record<string, string>
  /** Flags for `node` itself (e.g. a heap limit). */
  readonly nodeFlags?: ReadonlyArray<string>
  readonly input?: string
}

/** Starts the CLI. */
export const start = (args: ReadonlyArray<string>, options: RunOptions = {}): ChildProcess =>
  spawn(process.execPath, [...(options.nodeFlags ?? []), mainPath, ...args], {
    cwd: options.cwd ?? workingDirectory(),
    env: environment(options.env),
    stdio: ["pipe", "pipe", "pipe"]
  })

/** Collects a started process's output until it exits. */
export const completion = (child: ChildProcess, input?: string): Promise<Result> =>
  new Promise((resolve, reject) => {
    let stdout = ""
    let stderr = ""
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.on("error", reject)
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))
    child.stdin?.end(input ?? "")
  })

/** Runs the CLI to completion. */
export const run = (args: ReadonlyArray<string>, options: RunOptions = {}): Promise<Result> =>
  completion(start(args, options), options.input)

/** The stderr lines. */
export const lines = (text: string): ReadonlyArray<string> => text.split("\n").filter((line) => line !== "")
