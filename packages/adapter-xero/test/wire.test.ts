import { assert, describe, it } from "@effect/vitest"
import { ExactJson } from "@konto/core"
import { BigDecimal, DateTime, Option, Schema } from "effect"
import fc from "fast-check"
import {
  errorDetail,
  formatMsJsonDate,
  parseMsJsonDate,
  readXeroDate,
  renderWhere,
  Where,
  XeroCreditNote,
  XeroCreditNotes,
  XeroDate,
  XeroDateTime,
  XeroError,
  XeroInvoice,
  XeroInvoices,
  XeroInvoicesInput
} from "../src/wire.ts"
import { exampleCreditNotes, exampleInvoices, exampleWith, responseExample } from "./officialSpec.ts"

const decodeDate = Schema.decodeUnknownSync(XeroDate)
const encodeDate = Schema.encodeSync(XeroDate)
const decodeDateTime = Schema.decodeUnknownSync(XeroDateTime)
const encodeDateTime = Schema.encodeSync(XeroDateTime)
const decodeInvoice = Schema.decodeUnknownSync(XeroInvoice)
const decodeCreditNote = Schema.decodeUnknownSync(XeroCreditNote)

const documentedInvoices = [
  ...exampleInvoices("/Invoices", "get"),
  ...exampleInvoices("/Invoices", "put"),
  ...exampleInvoices("/Invoices/{InvoiceID}", "get"),
  ...exampleInvoices("/Invoices/{InvoiceID}", "post")
]
const documentedCreditNotes = [
  ...exampleCreditNotes("/CreditNotes", "get"),
  ...exampleCreditNotes("/CreditNotes/{CreditNoteID}", "get")
]

describe("MS-JSON dates", () => {
  it("decodes the documented dates exactly", () => {
    assert.strictEqual(decodeDate("/Date(1539993600000+0000)/"), "2018-10-20")
    assert.strictEqual(decodeDate("/Date(1546128000000+0000)/"), "2018-12-30")
    const updated = decodeDateTime("/Date(1541176592690+0000)/")
    assert.strictEqual(DateTime.toEpochMillis(updated), 1541176592690)
    assert.strictEqual(DateTime.formatIso(updated), "2018-11-02T16:36:32.690Z")
    // The envelope's DateTimeUTC is written without an offset.
    assert.strictEqual(DateTime.toEpochMillis(decodeDateTime("/Date(1552326816230)/")), 1552326816230)
  })

  it("reads a date in the zone its offset names", () => {
    // Midnight UTC seen from +13:00 is 13:00 the same day; from -01:00 it is the evening before.
    assert.strictEqual(decodeDate("/Date(1539993600000+1300)/"), "2018-10-20")
    assert.strictEqual(decodeDate("/Date(1539993600000-0100)/"), "2018-10-19")
    assert.deepStrictEqual(
      parseMsJsonDate("/Date(-86400000-0130)/"),
      Option.some({ epochMillis: -86400000, offsetMinutes: -90 })
    )
    assert.strictEqual(decodeDate("/Date(-86400000+0000)/"), "1969-12-31")
  })

  it("reads the ISO forms Xero echoes and konto sends", () => {
    assert.strictEqual(decodeDate("2019-03-11"), "2019-03-11")
    assert.strictEqual(decodeDate("2018-10-20T00:00:00"), "2018-10-20")
    assert.strictEqual(DateTime.formatIso(decodeDateTime("2018-11-02T16:36:32Z")), "2018-11-02T16:36:32.000Z")
    assert.strictEqual(DateTime.formatIso(decodeDateTime("2018-11-02T16:36:32")), "2018-11-02T16:36:32.000Z")
  })

  it("refuses text that is not a date", () => {
    for (const text of [
      "",
      "/Date()/",
      "/Date(12.5+0000)/",
      "/Date(1539993600000+2500)/",
      "Date(1539993600000)",
      "2018-02-30",
      "yesterday"
    ]) {
      assert.isTrue(Option.isNone(Schema.decodeUnknownOption(XeroDate)(text)), text)
    }
    assert.isTrue(Option.isNone(Schema.decodeUnknownOption(XeroDateTime)("/Date(99999999999999999+0000)/")))
  })

  it("agrees with the DateString / UpdatedDateUTCString twins of every documented example", () => {
    const records = [...documentedInvoices, ...documentedCreditNotes]
    assert.isAbove(records.length, 6)
    for (const record of records) {
      if (typeof record["DateString"] === "string") {
        assert.strictEqual(
          readXeroDate(record["Date"] as string).pipe(Option.getOrNull),
          (record["DateString"] as string).slice(0, 10)
        )
      }
      if (typeof record["DueDateString"] === "string") {
        assert.strictEqual(decodeDate(record["DueDate"]), (record["DueDateString"] as string).slice(0, 10))
      }
      if (typeof record["UpdatedDateUTCString"] === "string") {
        const updated = decodeDateTime(record["UpdatedDateUTC"])
        assert.strictEqual(
          DateTime.formatIso(updated).slice(0, 19),
          (record["UpdatedDateUTCString"] as string).slice(0, 19)
        )
      }
    }
  })

  it("law: a calendar date encodes and decodes to itself", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }),
        (instant) => {
          const date = instant.toISOString().slice(0, 10)
          const decoded = decodeDate(date)
          assert.strictEqual(decodeDate(encodeDate(decoded)), decoded)
        }
      ),
      { numRuns: 500 }
    )
  })

  it("law: the milliseconds of /Date(ms+0000)/ are kept exactly, and encoding writes them back", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (millis) => {
        const decoded = decodeDateTime(formatMsJsonDate(millis))
        assert.strictEqual(DateTime.toEpochMillis(decoded), millis)
        assert.strictEqual(encodeDateTime(decoded), `/Date(${millis}+0000)/`)
      }),
      { numRuns: 500 }
    )
  })
})

describe("documented payloads", () => {
  it("every documented invoice and credit note decodes", () => {
    for (const record of documentedInvoices) decodeInvoice(record)
    for (const record of documentedCreditNotes) decodeCreditNote(record)
    const listing = Schema.decodeUnknownSync(XeroInvoices)(responseExample("/Invoices", "get"))
    assert.deepStrictEqual(
      Option.map(listing.pagination, (pagination) =>
        [pagination.page, pagination.pageSize, pagination.pageCount, pagination.itemCount].map(Option.getOrNull)
      ),
      Option.some([1, 100, 1, 3])
    )
    assert.strictEqual(listing.Invoices.length, 3)
    const credits = Schema.decodeUnknownSync(XeroCreditNotes)(responseExample("/CreditNotes", "get"))
    assert.strictEqual(credits.CreditNotes.length, 2)
  })

  it("reads amounts exactly", () => {
    const invoice = decodeInvoice(exampleWith(documentedInvoices, "InvoiceNumber", "INV-0006"))
    assert.isTrue(BigDecimal.equals(Option.getOrThrow(invoice.Total), BigDecimal.fromStringUnsafe("148062.76")))
    // A raw JSON number kept by ExactJson.parse stays exact beyond a float's digits.
    const exact = decodeInvoice(
      ExactJson.parse('{"InvoiceID":"x","Total":12345678901234567.89,"CurrencyRate":1.000000}')
    )
    assert.strictEqual(BigDecimal.format(Option.getOrThrow(exact.Total)), "12345678901234567.89")
    assert.isTrue(BigDecimal.equals(Option.getOrThrow(exact.CurrencyRate), BigDecimal.fromStringUnsafe("1")))
  })

  it("never fails on a vocabulary value Xero adds later, and tolerates nulls", () => {
    const invoice = decodeInvoice({
      InvoiceID: "5b1c7a7e-0000-4000-8000-000000000001",
      Type: "ACCRECFUTURE",
      Status: "ARCHIVED",
      LineAmountTypes: "Compound",
      Reference: null,
      SentToContact: null,
      LineItems: null,
      Contact: { ContactID: "c", Addresses: null, Phones: [{ PhoneType: "SATELLITE" }] }
    })
    assert.deepStrictEqual(invoice.Status, Option.some("ARCHIVED"))
    assert.deepStrictEqual(invoice.Type, Option.some("ACCRECFUTURE"))
    assert.isTrue(Option.isNone(invoice.Reference))
    assert.isTrue(Option.isNone(invoice.SentToContact))
    assert.deepStrictEqual(invoice.LineItems, [])
  })

  it("reads Xero's error body with its per-element validation messages", () => {
    const body = responseExample("/Accounts", "put", "400")
    const error = Schema.decodeUnknownSync(XeroError)(body)
    assert.deepStrictEqual(error.ErrorNumber, Option.some(10))
    assert.deepStrictEqual(error.Type, Option.some("ValidationException"))
    assert.strictEqual(errorDetail(error), "A validation exception occurred: Please enter a unique Name.")
  })
})

describe("request payloads", () => {
  it("writes amounts as exact JSON numbers", () => {
    const body = Schema.encodeSync(XeroInvoicesInput)({
      Invoices: [
        {
          Type: "ACCREC",
          Contact: { ContactID: "430fa14a-f945-44d3-9f97-5df5e28441b8" },
          LineItems: [
            {
              Description: "Acme Tires",
              Quantity: BigDecimal.fromStringUnsafe("2"),
              UnitAmount: BigDecimal.fromStringUnsafe("12345678901234567.89")
            }
          ],
          Date: "2019-03-11",
          DueDate: "2018-12-10",
          Reference: "Website Design",
          LineAmountTypes: "Exclusive",
          Status: "DRAFT"
        }
      ]
    })
    assert.strictEqual(
      ExactJson.stringify(body),
      '{"Invoices":[{"Type":"ACCREC","Contact":{"ContactID":"430fa14a-f945-44d3-9f97-5df5e28441b8"},' +
        '"LineItems":[{"Description":"Acme Tires","Quantity":2,"UnitAmount":12345678901234567.89}],' +
        '"Date":"2019-03-11","DueDate":"2018-12-10","Reference":"Website Design","LineAmountTypes":"Exclusive","Status":"DRAFT"}]}'
    )
  })
})

describe("where", () => {
  it("renders the documented forms", () => {
    const where = Where.and([
      Where.compare("Type", "==", Where.string("ACCREC")),
      Where.or([
        Where.compare("Status", "==", Where.string("DRAFT")),
        Where.compare("Status", "==", Where.string("SUBMITTED"))
      ]),
      Where.compare("AmountDue", ">", Where.number(BigDecimal.fromStringUnsafe("0"))),
      Where.compare("DueDate", "<", Where.date(decodeDate("2026-01-31")))
    ])
    assert.strictEqual(
      renderWhere(where),
      'Type=="ACCREC" AND (Status=="DRAFT" OR Status=="SUBMITTED") AND AmountDue>0 AND DueDate<DateTime(2026,01,31)'
    )
    assert.strictEqual(
      renderWhere(Where.compare("Reference", "==", Where.string('say "hi"'))),
      'Reference=="say \\"hi\\""'
    )
  })
})
