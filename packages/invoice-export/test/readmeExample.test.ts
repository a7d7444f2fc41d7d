// The README's example is this folder's readmeExample.ts (only the import path differs), and it works.

import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { SalesInvoices, SystemId } from "@konto/core"
import { Effect, Layer, Stream } from "effect"
import { parseCsv } from "./csvParser.ts"
import { capabilities, numbered } from "./fixtures.ts"
import { exportAll } from "./readmeExample.ts"

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
const example = readFileSync(new URL("./readmeExample.ts", import.meta.url), "utf8")

const connection = Layer.succeed(
  SalesInvoices.SalesInvoices,
  SalesInvoices.make({
    system: SystemId.make("ledgerly"),
    displayName: "Ledgerly",
    capabilities,
    vendor: {
      list: () => Stream.fromIterable(numbered(7)),
      get: (id) => Effect.die(`not used: get ${id}`)
    }
  })
)

describe("README example", () => {
  it("is the tested example", () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
    assert.strictEqual(block, example.replace('"../src/index.ts"', '"@konto/invoice-export"'))
  })

  it.effect("exports every invoice of the connection to CSV", () =>
    Effect.gen(function* () {
      const path = join(mkdtempSync(join(tmpdir(), "konto-readme-")), "invoices.csv")
      const result = yield* exportAll(path).pipe(Effect.provide(connection))
      assert.strictEqual(result.count, 7)
      assert.strictEqual(parseCsv(readFileSync(path, "utf8")).length, 8)
    })
  )
})
