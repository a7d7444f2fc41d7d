import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const packagesDir = join(root, "packages")
const packageDirs = readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, "package.json")))
const adapterDirs = packageDirs.filter((name) => name.startsWith("adapter-"))

interface PackageJson {
  readonly name: string
  readonly private?: boolean
  readonly sideEffects?: boolean
  readonly exports?: Record<string, unknown>
  readonly peerDependencies?: Record<string, string>
}
const readPackage = (dir: string): PackageJson =>
  JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8"))

// DESIGN §5: every adapter has the same files, so a reader who knows one knows all.
const adapterFiles = [
  "src/index.ts",
  "src/wire.ts",
  "src/client.ts",
  "src/mapping.ts",
  "src/capabilities.ts",
  "src/simulator.ts",
  "test",
  "README.md"
]

describe("adapter packages", () => {
  it("there are adapters to check", () => {
    assert.isAbove(adapterDirs.length, 0)
  })
  for (const dir of adapterDirs) {
    it(`${dir} has the adapter file set`, () => {
      const missing = adapterFiles.filter((file) => !existsSync(join(packagesDir, dir, file)))
      assert.deepStrictEqual(missing, [])
    })
    it(`${dir} is a plugin: core and effect as peers, no side effects, "." and "./simulator" exports`, () => {
      const manifest = readPackage(dir)
      assert.strictEqual(manifest.peerDependencies?.["@konto/core"], "workspace:^")
      assert.match(manifest.peerDependencies?.["effect"] ?? "", /^\^4\./)
      assert.strictEqual(manifest.sideEffects, false)
      assert.deepStrictEqual(Object.keys(manifest.exports ?? {}).sort(), [".", "./simulator"])
    })
  }
})

describe("every publishable package", () => {
  const changesets = readdirSync(join(root, ".changeset"))
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .map((file) => readFileSync(join(root, ".changeset", file), "utf8"))
  for (const dir of packageDirs) {
    const manifest = readPackage(dir)
    if (manifest.private === true) continue
    it(`${manifest.name} has a README`, () => {
      assert.isTrue(existsSync(join(packagesDir, dir, "README.md")))
    })
    // After a release `changeset version` turns pending changesets into CHANGELOG.md entries.
    it(`${manifest.name} has a pending changeset or a changelog`, () => {
      const pending = changesets.some((text) => text.includes(`"${manifest.name}"`))
      assert.isTrue(pending || existsSync(join(packagesDir, dir, "CHANGELOG.md")))
    })
  }
})
