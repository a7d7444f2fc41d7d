import { assert, beforeAll, describe, it } from "@effect/vitest"
import { buildTimeout, ensureBuilt, lines, run } from "./CliProcess.ts"

beforeAll(ensureBuilt, buildTimeout)

describe("konto --help, usage mistakes, completions", () => {
  it("`konto --help` lists the commands and documents the exit codes", async () => {
    const result = await run(["--help"])
    assert.strictEqual(result.code, 0)
    for (const command of ["systems", "consents", "keys", "invoices", "export", "serve"]) {
      assert.match(result.stdout, new RegExp(`^  ${command} `, "m"))
    }
    for (const code of [
      "0  success",
      "2  usage",
      "3  not found",
      "4  not supported",
      "5  unauthorized",
      "6  the system failed",
      "130  interrupted"
    ]) {
      assert.include(result.stdout, code)
    }
    assert.include(result.stdout, "--verbose")
    assert.notInclude(result.stdout, "--report-memory")
    assert.strictEqual(result.stderr, "")
  })

  it("every command has --help", async () => {
    const paths = [
      ["systems"],
      ["consents", "add"],
      ["keys", "create"],
      ["invoices", "list"],
      ["invoices", "get"],
      ["invoices", "create"],
      ["export"],
      ["serve"]
    ]
    const results = await Promise.all(paths.map((path) => run([...path, "--help"])))
    results.forEach((result, index) => {
      assert.strictEqual(result.code, 0, paths[index]!.join(" "))
      assert.include(result.stdout, "USAGE", paths[index]!.join(" "))
    })
    const list = await run(["invoices", "list", "--help"])
    for (const flag of ["--consent", "--demo", "--status", "--from", "--to", "--modified-since", "--format"])
      assert.include(list.stdout, flag)
  })

  it("`konto` alone shows the help and succeeds", async () => {
    const result = await run([])
    assert.strictEqual(result.code, 0)
    assert.include(result.stdout, "SUBCOMMANDS")
  })

  it("an unknown command is exit 2 with the mistake on stderr and nothing on stdout", async () => {
    const result = await run(["invoice", "list"])
    assert.strictEqual(result.code, 2)
    assert.strictEqual(result.stdout, "")
    assert.match(lines(result.stderr)[0] ?? "", /^konto: Unknown subcommand "invoice"/)
    assert.include(result.stderr, "konto: see `konto --help`")
  })

  it("an invalid flag value is exit 2 naming the flag", async () => {
    const result = await run(["invoices", "list", "--demo", "--status", "Settled"])
    assert.strictEqual(result.code, 2)
    assert.strictEqual(result.stdout, "")
    assert.match(result.stderr, /^konto: Invalid value for flag --status: "Settled"/)
  })

  it("prints shell completions for bash, zsh and fish", async () => {
    const shells = ["bash", "zsh", "fish"]
    const results = await Promise.all(shells.map((shell) => run(["--completions", shell])))
    results.forEach((result, index) => {
      assert.strictEqual(result.code, 0, shells[index])
      assert.include(result.stdout, "konto", shells[index])
      assert.include(result.stdout, "invoices", shells[index])
    })
  })

  it("prints its version", async () => {
    const result = await run(["--version"])
    assert.strictEqual(result.code, 0)
    assert.match(result.stdout, /^konto \d+\.\d+\.\d+\n$/)
  })
})
