// The secret prompt, in a real terminal: util-linux `script` runs the CLI on a pseudo-terminal, the test types
// the API key when asked, and the whole terminal transcript is checked for it.

import { spawn } from "node:child_process"
import { assert, beforeAll, describe, it } from "@effect/vitest"
import { buildTimeout, ensureBuilt, environment, mainPath, run, workingDirectory } from "./CliProcess.ts"

beforeAll(ensureBuilt, buildTimeout)

const quoted = (text: string) => `'${text.replaceAll("'", "'\\''")}'`

describe("a secret asked for in a terminal", () => {
  it("is read without echo: the key typed at the prompt never appears in the terminal", async () => {
    const directory = workingDirectory()
    const created = await run(["keys", "create"], { cwd: directory })
    assert.strictEqual(created.code, 0, created.stderr)
    const key = created.stdout.trim()

    const child = spawn(
      "script",
      ["-q", "-e", "-c", `${quoted(process.execPath)} ${quoted(mainPath)} consents list`, "/dev/null"],
      {
        cwd: directory,
        env: { ...environment(), TERM: "xterm" },
        stdio: ["pipe", "pipe", "pipe"]
      }
    )
    let transcript = ""
    let typed = false
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      transcript += chunk
      if (!typed && transcript.includes("API key (not shown)")) {
        typed = true
        child.stdin.write(`${key}\r`)
      }
    })
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
    child.stdin.end()
    assert.isTrue(typed, transcript)
    assert.strictEqual(code, 0, transcript)
    assert.match(transcript, /ID +NAME +STATUS +SYSTEM +TEST +CREATED/)
    assert.notInclude(transcript, key)
    // Not even a part of it (a masked prompt would not show it either, but would show its length).
    assert.notInclude(transcript, key.slice(-12))
    assert.notInclude(transcript, "*".repeat(8))
  })
})
