import { assert, describe, it } from "@effect/vitest"
import { SchemeId } from "@konto/core"

describe("SchemeId", () => {
  it("normalises the field notes' SE:ORG to SE:ORGNR, case-insensitively", () => {
    assert.strictEqual(SchemeId.normalize("SE:ORG"), "SE:ORGNR")
    assert.strictEqual(SchemeId.normalize("se:org"), "SE:ORGNR")
    assert.strictEqual(SchemeId.normalize("SE:ORGNR"), "SE:ORGNR")
  })

  it("passes unknown spellings through unchanged", () => {
    assert.strictEqual(SchemeId.normalize("XX:SOMETHING"), "XX:SOMETHING")
  })

  it("maps Peppol ICD 0007 to SE:ORGNR and back", () => {
    assert.strictEqual(SchemeId.fromIcd("0007"), "SE:ORGNR")
    assert.strictEqual(SchemeId.toIcd("SE:ORGNR"), "0007")
    assert.strictEqual(SchemeId.toIcd("SE:ORG"), "0007")
    assert.isNull(SchemeId.fromIcd("9999"))
    assert.isNull(SchemeId.toIcd("GB:COH"))
  })

  it("every row round-trips through its ICD code and its aliases", () => {
    for (const row of SchemeId.schemeIds) {
      assert.strictEqual(SchemeId.normalize(row.schemeId), row.schemeId)
      for (const alias of row.aliases) assert.strictEqual(SchemeId.normalize(alias), row.schemeId)
      if (row.icd !== null) {
        assert.strictEqual(SchemeId.fromIcd(row.icd), row.schemeId)
        assert.strictEqual(SchemeId.toIcd(row.schemeId), row.icd)
      }
    }
  })

  it("no spelling or ICD code belongs to two rows", () => {
    const spellings = SchemeId.schemeIds.flatMap((row) =>
      [row.schemeId, ...row.aliases].map((spelling) => spelling.toUpperCase())
    )
    assert.strictEqual(new Set(spellings).size, spellings.length)
    const icds = SchemeId.schemeIds.flatMap((row) => (row.icd === null ? [] : [row.icd]))
    assert.strictEqual(new Set(icds).size, icds.length)
  })

  it("organisationNumberScheme names the national scheme, null for unknown countries", () => {
    assert.strictEqual(SchemeId.organisationNumberScheme("se"), "SE:ORGNR")
    assert.strictEqual(SchemeId.organisationNumberScheme("NL"), "NL:KVK")
    assert.isNull(SchemeId.organisationNumberScheme("US"))
  })
})
