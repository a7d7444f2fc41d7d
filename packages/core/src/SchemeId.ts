/**
 * Party identification schemes. konto emits API.1's scheme ids (`SE:ORGNR` for a Swedish organisation
 * number), accepts the field notes' `SE:ORG` on input, and maps Peppol ICD codes (ISO 6523) for invoice files.
 */

/** One row of the scheme table. */
export interface SchemeIdRow {
  /** The scheme id konto emits. */
  readonly schemeId: string
  /** The Peppol / ISO 6523 ICD code, where one exists. */
  readonly icd: string | null
  /** Other spellings accepted on input. */
  readonly aliases: ReadonlyArray<string>
  readonly description: string
}

/** The documented table of scheme ids. */
export const schemeIds: ReadonlyArray<SchemeIdRow> = [
  {
    schemeId: "SE:ORGNR",
    icd: "0007",
    aliases: ["SE:ORG"],
    description: "Swedish organisation number (organisationsnummer)"
  },
  { schemeId: "SE:VAT", icd: "9955", aliases: [], description: "Swedish VAT number" },
  {
    schemeId: "NO:ORGNR",
    icd: "0192",
    aliases: ["NO:ORG"],
    description: "Norwegian organisation number (Enhetsregisteret)"
  },
  { schemeId: "NO:VAT", icd: "9908", aliases: [], description: "Norwegian VAT number" },
  { schemeId: "DK:CVR", icd: "0184", aliases: ["DK:ORG"], description: "Danish CVR number" },
  { schemeId: "FI:OVT", icd: "0037", aliases: [], description: "Finnish OVT code" },
  { schemeId: "FI:YTUNNUS", icd: "0212", aliases: ["FI:ORG"], description: "Finnish business id (Y-tunnus)" },
  { schemeId: "NL:KVK", icd: "0106", aliases: ["NL:ORG"], description: "Dutch Chamber of Commerce number (KvK)" },
  { schemeId: "NL:VAT", icd: "9944", aliases: [], description: "Dutch VAT number" },
  { schemeId: "GB:COH", icd: null, aliases: ["GB:ORG"], description: "UK Companies House number" },
  { schemeId: "GLN", icd: "0088", aliases: [], description: "Global Location Number (GS1)" },
  { schemeId: "EU:VAT", icd: null, aliases: ["VAT"], description: "An EU VAT number with its country prefix" }
]

const bySpelling = new Map<string, SchemeIdRow>(
  schemeIds.flatMap((row) => [row.schemeId, ...row.aliases].map((spelling) => [spelling.toUpperCase(), row] as const))
)
const byIcd = new Map<string, SchemeIdRow>(
  schemeIds.flatMap((row) => (row.icd === null ? [] : [[row.icd, row] as const]))
)

/** The scheme id konto emits for an input spelling (`SE:ORG` → `SE:ORGNR`); unknown spellings pass through. */
export const normalize = (schemeId: string): string => bySpelling.get(schemeId.toUpperCase())?.schemeId ?? schemeId

/** The scheme id for a Peppol ICD code (`0007` → `SE:ORGNR`), or null when konto has no row for it. */
export const fromIcd = (icd: string): string | null => byIcd.get(icd)?.schemeId ?? null

/** The Peppol ICD code for a scheme id, or null. */
export const toIcd = (schemeId: string): string | null => bySpelling.get(schemeId.toUpperCase())?.icd ?? null

/** The scheme for a national organisation number by ISO 3166 country code (`SE` → `SE:ORGNR`). */
export const organisationNumberScheme = (countryCode: string): string | null => {
  switch (countryCode.toUpperCase()) {
    case "SE":
      return "SE:ORGNR"
    case "NO":
      return "NO:ORGNR"
    case "DK":
      return "DK:CVR"
    case "FI":
      return "FI:YTUNNUS"
    case "NL":
      return "NL:KVK"
    case "GB":
      return "GB:COH"
    default:
      return null
  }
}
