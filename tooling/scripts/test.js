// `./run test`: builds and type-checks every package, lints, runs every package's tests (turbo, one package at a
// time so database and subprocess tests do not fight over two cores), then prints one closing line that counts
// every test of every package: "N passed, N failed" (vitest's own summaries are per package).
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))
const resultFile = ".vitest-results.json"
const workspaces = ["packages", "apps", "tooling"].flatMap((group) =>
  existsSync(join(root, group))
    ? readdirSync(join(root, group))
        .map((name) => join(root, group, name))
        .filter((dir) => existsSync(join(dir, "package.json")))
    : []
)

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" })
  return result.status ?? 1
}

for (const dir of workspaces) rmSync(join(dir, resultFile), { force: true })

const filters = process.argv.slice(2).flatMap((name) => ["--filter", name])
let status = run("turbo", ["run", "build", "typecheck", ...filters, "--output-logs=errors-only"])
if (status === 0 && filters.length === 0) status = run("biome", ["lint", "."])
if (status === 0) status = run("turbo", ["run", "test", ...filters, "--concurrency=1"])

let passed = 0
let failed = 0
let skipped = 0
for (const dir of workspaces) {
  const file = join(dir, resultFile)
  if (!existsSync(file)) continue
  const report = JSON.parse(readFileSync(file, "utf8"))
  passed += report.numPassedTests ?? 0
  failed += report.numFailedTests ?? 0
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
}
if (status !== 0 && failed === 0) failed = 1 // a build, type or lint failure counts as a failure
process.stdout.write(`\nkonto: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}\n`)
process.exit(status === 0 && failed === 0 ? 0 : 1)
