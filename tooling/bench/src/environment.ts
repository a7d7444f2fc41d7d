/**
 * What a result was measured on: machine, Node and package versions, commit, date.
 */
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { cpus, totalmem } from "node:os"
import { fileURLToPath } from "node:url"

/** The environment a benchmark ran in. */
export interface Environment {
  readonly date: string
  readonly node: string
  readonly v8: string
  readonly platform: string
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  readonly commit: string
  readonly packages: Readonly<Record<string, string>>
}

const benchRoot = fileURLToPath(new URL("../", import.meta.url))
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url))

const versionOf = (manifestPath: string): string => {
  try {
    return (JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string }).version
  } catch {
    return "absent"
  }
}

const commitOf = (): string => {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repositoryRoot, encoding: "utf8" })
    // The bench's own output (results and the report) does not make the measured code dirty: a run writes them
    // between its figures.
    const dirty = execFileSync(
      "git",
      [
        "status",
        "--porcelain",
        "--untracked-files=no",
        "--",
        ".",
        ":(exclude)tooling/bench/results",
        ":(exclude)docs/performance.md"
      ],
      { cwd: repositoryRoot, encoding: "utf8" }
    )
    return `${commit.trim()}${dirty.trim() === "" ? "" : " (uncommitted changes)"}`
  } catch {
    return "unknown"
  }
}

const workspacePackages: Readonly<Record<string, string>> = {
  "@konto/core": "packages/core",
  "@konto/connector-kit": "packages/connector-kit",
  "@konto/simulator-kit": "packages/simulator-kit",
  "@konto/adapter-fortnox": "packages/adapter-fortnox",
  "@konto/adapter-moneybird": "packages/adapter-moneybird",
  "@konto/adapter-xero": "packages/adapter-xero",
  "@konto/api": "packages/api",
  "@konto/server": "packages/server",
  "@konto/store": "packages/store"
}

const npmPackages: ReadonlyArray<string> = ["effect", "@effect/platform-node", "autocannon", "fast-check"]

/** Reads the environment once per run. */
export const environment = (): Environment => ({
  date: new Date().toISOString(),
  node: process.version,
  v8: process.versions.v8,
  platform: `${process.platform} ${process.arch}`,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  commit: commitOf(),
  packages: {
    ...Object.fromEntries(
      npmPackages.map((name) => [name, versionOf(`${benchRoot}/node_modules/${name}/package.json`)])
    ),
    ...Object.fromEntries(
      Object.entries(workspacePackages).map(([name, folder]) => [
        name,
        versionOf(`${repositoryRoot}/${folder}/package.json`)
      ])
    )
  }
})
