/**
 * Result files: `tooling/bench/results/<name>.json`, one per benchmark, each with the environment it ran in.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { Environment } from "./environment.ts"

/** Where results are written. */
export const directory = fileURLToPath(new URL("../results/", import.meta.url))

/** A benchmark's result file. */
export interface ResultFile<F> {
  readonly name: string
  readonly title: string
  readonly environment: Environment
  /** How the figures were made: sizes, scale factors, load, what is off. */
  readonly method: Readonly<Record<string, unknown>>
  readonly figures: ReadonlyArray<F>
}

const pathOf = (name: string): string => `${directory}${name}.json`

/** Writes `results/<name>.json`. */
export const write = <F>(result: ResultFile<F>): string => {
  mkdirSync(directory, { recursive: true })
  const path = pathOf(result.name)
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`)
  return path
}

/** Reads `results/<name>.json`, if a run wrote it. */
export const read = <F>(name: string): ResultFile<F> | undefined =>
  existsSync(pathOf(name)) ? (JSON.parse(readFileSync(pathOf(name), "utf8")) as ResultFile<F>) : undefined
