// The store commands (keys, consents) and a consent that reaches a system over real HTTP: a Fortnox simulator on
// a loopback port, connected with credentials from the environment. The steps share one working directory (one
// embedded store) and run in order.

import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { ExactJson, SalesInvoice } from "@konto/core"
import { Schema } from "effect"
import { buildTimeout, ensureBuilt, lines, run, workingDirectory } from "./CliProcess.ts"
import * as LoopbackFortnox from "./LoopbackFortnox.ts"

const decodeSummary = Schema.decodeUnknownSync(SalesInvoice.SalesInvoiceSummary)
const decodeInvoice = Schema.decodeUnknownSync(SalesInvoice.SalesInvoice)

const directory = workingDirectory()
let fortnox: LoopbackFortnox.LoopbackFortnox
let apiKey = ""
let otherKeyId = ""
let otherKey = ""
let consentId = ""
const everything: Array<string> = []

const konto = async (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const result = await run(args, { cwd: directory, env: { KONTO_API_KEY: apiKey, ...env } })
  everything.push(result.stdout, result.stderr)
  return result
}

beforeAll(async () => {
  ensureBuilt()
  fortnox = await LoopbackFortnox.start(30)
}, buildTimeout)

afterAll(() => fortnox.close())

describe("konto keys and consents on the embedded store", () => {
  it("keys create prints the new key once on stdout (and only its id on stderr)", async () => {
    const created = await run(["keys", "create", "--label", "ci"], { cwd: directory })
    assert.strictEqual(created.code, 0, created.stderr)
    apiKey = created.stdout.trim()
    assert.match(apiKey, /^konto_[0-9a-f]{16}_[A-Za-z0-9_-]+$/)
    assert.match(lines(created.stderr).at(-1) ?? "", /^konto: created API key [0-9a-f]{16}; it is shown only now/)
    const other = await konto(["keys", "create", "--label", "other", "--format", "json"])
    assert.strictEqual(other.code, 0)
    const issued = JSON.parse(other.stdout) as { readonly id: string; readonly key: string; readonly label: string }
    assert.strictEqual(issued.label, "other")
    otherKeyId = issued.id
    otherKey = issued.key
  })

  it("keys list shows ids, labels and prefixes, never a key", async () => {
    const result = await konto(["keys", "list"])
    assert.strictEqual(result.code, 0)
    assert.match(result.stdout, /^ID +LABEL +PREFIX +CREATED +LAST USED +REVOKED$/m)
    assert.include(result.stdout, otherKeyId)
    assert.notInclude(result.stdout, apiKey)
  })

  it("without an API key (and no terminal to ask in) consents are exit 2 saying where a key comes from", async () => {
    const result = await run(["consents", "list"], { cwd: directory })
    assert.strictEqual(result.code, 2)
    assert.strictEqual(
      result.stderr,
      "konto: missing API key: pass --api-key, set KONTO_API_KEY, or run in a terminal to be asked\n"
    )
  })

  it("an invalid API key is exit 5", async () => {
    const result = await konto(["consents", "list"], { KONTO_API_KEY: "konto_0000000000000000_nope" })
    assert.strictEqual(result.code, 5)
    assert.strictEqual(result.stderr, "konto: the API key is not valid\n")
  })

  it("consents add without a system: a consent to connect later", async () => {
    const result = await konto(["consents", "add", "--name", "Later AB", "--format", "json"])
    assert.strictEqual(result.code, 0, result.stderr)
    const consent = JSON.parse(result.stdout) as { readonly status: string; readonly system: string | null }
    assert.strictEqual(consent.status, "Created")
    assert.isNull(consent.system)
  })

  it("a required secret that is not given (and no terminal) is exit 2 naming its variable", async () => {
    const result = await konto([
      "consents",
      "add",
      "--name",
      "Acme AB",
      "--system",
      "fortnox",
      "--base-url",
      fortnox.baseUrl,
      "--setting",
      `clientId=${fortnox.settings["clientId"]}`,
      "--setting",
      `tokenUrl=${fortnox.settings["tokenUrl"]}`
    ])
    assert.strictEqual(result.code, 2)
    assert.match(
      result.stderr,
      /^konto: missing Fortnox clientSecret: pass --secret clientSecret=<value>, set KONTO_SECRET_CLIENT_SECRET/
    )
  })

  it("credentials the system refuses are exit 5, and nothing is stored", async () => {
    const result = await konto(
      [
        "consents",
        "add",
        "--name",
        "Acme AB",
        "--system",
        "fortnox",
        "--base-url",
        fortnox.baseUrl,
        "--setting",
        `clientId=${fortnox.settings["clientId"]}`,
        "--setting",
        `tokenUrl=${fortnox.settings["tokenUrl"]}`
      ],
      { KONTO_SECRET_CLIENT_SECRET: "wrong-secret", KONTO_REFRESH_TOKEN: fortnox.refreshToken }
    )
    assert.strictEqual(result.code, 5)
    assert.match(result.stderr, /^konto: fortnox refused the credentials: /)
    const listed = await konto(["consents", "list", "--format", "json"])
    assert.lengthOf(JSON.parse(listed.stdout) as ReadonlyArray<unknown>, 1)
  })

  it("consents add --system connects it, credentials from the environment, checked with the system first", async () => {
    const result = await konto(
      [
        "consents",
        "add",
        "--name",
        "Acme AB",
        "--system",
        "fortnox",
        "--base-url",
        fortnox.baseUrl,
        "--setting",
        `clientId=${fortnox.settings["clientId"]}`,
        "--setting",
        `tokenUrl=${fortnox.settings["tokenUrl"]}`,
        "--format",
        "json"
      ],
      { KONTO_SECRET_CLIENT_SECRET: fortnox.secrets["clientSecret"]!, KONTO_REFRESH_TOKEN: fortnox.refreshToken }
    )
    assert.strictEqual(result.code, 0, result.stderr)
    const consent = JSON.parse(result.stdout) as {
      readonly id: string
      readonly status: string
      readonly system: string
      readonly secretNames: ReadonlyArray<string>
    }
    assert.strictEqual(consent.status, "Accepted")
    assert.strictEqual(consent.system, "fortnox")
    assert.deepStrictEqual(consent.secretNames, ["clientSecret"])
    consentId = consent.id
  })

  it("consents list and show; an unknown consent is exit 3", async () => {
    const [list, show, unknown] = [
      await konto(["consents", "list"]),
      await konto(["consents", "show", consentId]),
      await konto(["consents", "show", "9b2f7a4e-0000-4000-8000-000000000000"])
    ]
    assert.strictEqual(list.code, 0)
    assert.match(list.stdout, /^ID +NAME +STATUS +SYSTEM +TEST +CREATED$/m)
    assert.match(list.stdout, new RegExp(`^${consentId} +Acme AB +Accepted +fortnox +no `, "m"))
    assert.strictEqual(show.code, 0)
    assert.match(show.stdout, /^Secrets +clientSecret \(stored encrypted, never shown\)$/m)
    assert.strictEqual(unknown.code, 3)
    assert.strictEqual(unknown.stderr, "konto: consent 9b2f7a4e-0000-4000-8000-000000000000 does not exist\n")
  })

  it("invoices list --consent reads the system over HTTP", async () => {
    const result = await konto(["invoices", "list", "--consent", consentId, "--format", "ndjson"])
    assert.strictEqual(result.code, 0, result.stderr)
    const entries = lines(result.stdout).map((line) => decodeSummary(ExactJson.parse(line)))
    assert.strictEqual(entries.length, 30)
  })

  it("invoices create --consent is idempotent: the same file twice creates one invoice", async () => {
    const file = join(directory, "invoice.json")
    writeFileSync(
      file,
      JSON.stringify({
        accountingCustomerParty: {
          supplierAssignedAccountId: { id: "101" },
          party: { partyName: { name: "Kund AB" } }
        },
        invoiceLines: [
          {
            invoicedQuantity: { quantity: 1 },
            item: { name: "Support" },
            price: { priceAmount: { amount: 990, currencyId: "SEK" } }
          }
        ]
      })
    )
    const first = await konto(["invoices", "create", "--consent", consentId, "--file", file])
    const second = await konto(["invoices", "create", "--consent", consentId, "--file", file])
    assert.strictEqual(first.code, 0, first.stderr)
    assert.strictEqual(second.code, 0, second.stderr)
    assert.strictEqual(
      decodeInvoice(ExactJson.parse(first.stdout)).source.id,
      decodeInvoice(ExactJson.parse(second.stdout)).source.id
    )
    const listed = await konto(["invoices", "list", "--consent", consentId, "--format", "ndjson"])
    assert.strictEqual(lines(listed.stdout).length, 31)
  })

  it("export --consent writes every invoice to the file", async () => {
    const out = join(directory, "invoices.ndjson")
    const result = await konto(["export", "--consent", consentId, "--out", out])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.strictEqual(result.stdout, "")
    assert.strictEqual(
      readFileSync(out, "utf8")
        .split("\n")
        .filter((line) => line !== "").length,
      31
    )
  })

  it("consents remove deletes it (then it is not found)", async () => {
    const removed = await konto(["consents", "remove", consentId])
    assert.strictEqual(removed.code, 0)
    const after = await konto(["invoices", "list", "--consent", consentId])
    assert.strictEqual(after.code, 3)
    assert.strictEqual(after.stderr, `konto: Consent ${consentId} was not found\n`)
  })

  it("keys revoke: the key stops working at once; an unknown key id is exit 3", async () => {
    const before = await konto(["consents", "list"], { KONTO_API_KEY: otherKey })
    assert.strictEqual(before.code, 0)
    const revoked = await konto(["keys", "revoke", otherKeyId])
    assert.strictEqual(revoked.code, 0)
    const after = await konto(["consents", "list"], { KONTO_API_KEY: otherKey })
    assert.strictEqual(after.code, 5)
    const list = await konto(["keys", "list", "--format", "json"])
    const keys = JSON.parse(list.stdout) as ReadonlyArray<{ readonly id: string; readonly revokedAt: string | null }>
    assert.isNotNull(keys.find((key) => key.id === otherKeyId)?.revokedAt)
    const unknown = await konto(["keys", "revoke", "0000000000000000"])
    assert.strictEqual(unknown.code, 3)
  })

  it("no output of any later step contains a secret (a key is printed only by the create that issues it)", () => {
    // The first entries are the output of `keys create --format json`, which prints the key it issues.
    const output = everything.slice(2).join("\n")
    assert.notInclude(output, fortnox.secrets["clientSecret"]!)
    assert.notInclude(output, fortnox.refreshToken)
    assert.notInclude(output, "wrong-secret")
    assert.notInclude(output, apiKey)
  })
})
