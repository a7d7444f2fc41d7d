// `konto serve` as a real server on a loopback port: it answers, serves a demo consent, and stops on Ctrl-C.

import { randomUUID } from "node:crypto"
import { assert, beforeAll, describe, it } from "@effect/vitest"
import { buildTimeout, completion, ensureBuilt, run, start, workingDirectory } from "./CliProcess.ts"

beforeAll(ensureBuilt, buildTimeout)

describe("konto serve", () => {
  it("serves the HTTP API (here with --demo: simulators, a demo key and consents) until Ctrl-C", async () => {
    const directory = workingDirectory()
    const child = start(["serve", "--port", "0", "--demo", "--demo-invoices", "5"], { cwd: directory })
    let stderr = ""
    const ready = new Promise<void>((resolve) => {
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8")
        if (stderr.includes("Ctrl-C stops it.")) resolve()
      })
    })
    const ended = completion(child)
    await ready
    const baseUrl = /konto is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1]
    const apiKey = /^demo API key: (\S+)$/m.exec(stderr)?.[1]
    const consentId = /^demo consent (\S+) +Fortnox \(ok\)$/m.exec(stderr)?.[1]
    assert.isDefined(baseUrl, stderr)
    assert.isDefined(apiKey, stderr)
    assert.isDefined(consentId, stderr)

    const health = await fetch(`${baseUrl}/health`)
    assert.strictEqual(health.status, 200)
    const listing = await fetch(`${baseUrl}/api/v1/consents/${consentId}/salesinvoices?Count=2`, {
      headers: { "x-api-key": apiKey!, "x-correlation-id": randomUUID() }
    })
    assert.strictEqual(listing.status, 200)
    const body = (await listing.json()) as {
      readonly meta: { readonly totalResources: number }
      readonly data: ReadonlyArray<unknown>
    }
    assert.strictEqual(body.meta.totalResources, 5)
    assert.lengthOf(body.data, 2)

    // The embedded store belongs to the server while it runs: another konto process is told so (exit 7).
    const locked = await run(["keys", "list"], { cwd: directory })
    assert.strictEqual(locked.code, 7)
    assert.match(locked.stderr, /^konto: The data directory .* is in use by process \d+/)

    child.kill("SIGINT")
    const result = await ended
    assert.strictEqual(result.code, 130)
    assert.strictEqual(result.stdout, "")
  })
})
