// `./run konto <args>`: builds the CLI and what it depends on (quietly, to stderr — the CLI's stdout stays
// clean for `--format json` and pipes), then runs it with the given arguments.
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))
const build = spawnSync(
  "turbo",
  ["run", "build", "--filter=@konto/cli...", "--output-logs=errors-only", "--log-prefix=none"],
  { cwd: root, stdio: ["ignore", 2, 2] }
)
if (build.status !== 0) process.exit(build.status ?? 1)

const cli = spawnSync(process.execPath, [`${root}apps/cli/dist/main.js`, ...process.argv.slice(2)], {
  stdio: "inherit",
  // ./run changes to the repository root; run the CLI where the user called ./run from.
  cwd: process.env.KONTO_CALLER_CWD ?? process.cwd()
})
process.exit(cli.status ?? (cli.signal === null ? 1 : 130))
