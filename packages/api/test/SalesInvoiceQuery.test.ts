import { assert, describe, it } from "@effect/vitest"
import { SalesInvoiceQuery } from "@konto/api"
import { DateTime, Exit, Option, Schema } from "effect"

const decodeList = Schema.decodeUnknownExit(
  Schema.toCodecStringTree(Schema.Struct(SalesInvoiceQuery.ListSalesInvoicesParams))
)
const decodeGet = Schema.decodeUnknownExit(
  Schema.toCodecStringTree(Schema.Struct(SalesInvoiceQuery.GetSalesInvoiceParams))
)

const list = (query: Record<string, string>) => {
  const exit = decodeList(query)
  if (Exit.isFailure(exit)) throw new Error(String(exit.cause))
  return SalesInvoiceQuery.toListQuery(exit.value, "Europe/Stockholm")
}

const rejects = (query: Record<string, string>) => Exit.isFailure(decodeList(query))

describe("list query parameters", () => {
  it("defaults to API.1's window and no filter, no includes", () => {
    const { page, query } = list({})
    assert.deepStrictEqual(page, { count: 100, currentPage: 1 })
    assert.isTrue(Option.isNone(query.status))
    assert.deepStrictEqual(query.include, { paymentStatus: false, paymentTerms: false })
  })

  it("reads Count and CurrentPage within their bounds", () => {
    assert.deepStrictEqual(list({ Count: "1", CurrentPage: "3" }).page, { count: 1, currentPage: 3 })
    assert.deepStrictEqual(list({ Count: "100" }).page.count, 100)
    for (const bad of ["0", "101", "-1", "1.5", "ten", "", "1e400"]) {
      assert.isTrue(rejects({ Count: bad }), `Count=${bad}`)
    }
    assert.isTrue(rejects({ CurrentPage: "0" }))
  })

  it("reads the seed's comma-separated Include and the spec's exploded form", () => {
    assert.deepStrictEqual(list({ Include: "paymentStatus,paymentTerms" }).query.include, {
      paymentStatus: true,
      paymentTerms: true
    })
    assert.deepStrictEqual(list({ include: "PaymentStatus" }).query.include, {
      paymentStatus: true,
      paymentTerms: false
    })
    assert.deepStrictEqual(list({ paymentStatus: "true" }).query.include, { paymentStatus: true, paymentTerms: false })
    assert.deepStrictEqual(list({ paymentStatus: "false", paymentTerms: "True" }).query.include, {
      paymentStatus: false,
      paymentTerms: true
    })
    assert.isTrue(rejects({ Include: "paymentStatus,everything" }))
    assert.isTrue(rejects({ paymentStatus: "yes" }))
  })

  it("reads Status and OrderBy in any letter case, and Sold", () => {
    assert.deepStrictEqual(list({ Status: "overdue" }).query.status, Option.some("Overdue"))
    assert.deepStrictEqual(list({ Status: "Sold" }).query.status, Option.some("Sold"))
    assert.deepStrictEqual(list({ OrderBy: "dateDescending" }).query.orderBy, Option.some("DateDescending"))
    assert.isTrue(rejects({ Status: "Lost" }))
    assert.isTrue(rejects({ OrderBy: "Amount" }))
  })

  it("reads invoice dates as dates or date-times, keeping the date as written", () => {
    const { query } = list({ FromInvoiceDate: "2025-01-01T00:00:00+01:00", ToInvoiceDate: "2025-12-31" })
    assert.deepStrictEqual(query.fromInvoiceDate, Option.some("2025-01-01"))
    assert.deepStrictEqual(query.toInvoiceDate, Option.some("2025-12-31"))
    for (const bad of ["2025-02-30", "2025-13-01", "yesterday", "2025-01-01T25:00:00Z"]) {
      assert.isTrue(rejects({ FromInvoiceDate: bad }), bad)
    }
  })

  it("reads created/modified date-times with a zone as instants and without one in the consent's time zone", () => {
    const zoned = list({ CreatedDateTime: "2025-01-01T00:00:00Z" }).query.createdSince
    assert.deepStrictEqual(Option.map(zoned, DateTime.formatIso), Option.some("2025-01-01T00:00:00.000Z"))
    const local = list({ ModifiedDateTime: "2025-07-01T12:00:00" }).query.modifiedSince
    // Stockholm is UTC+2 in July.
    assert.deepStrictEqual(Option.map(local, DateTime.formatIso), Option.some("2025-07-01T10:00:00.000Z"))
    assert.isTrue(rejects({ CreatedDateTime: "2025-01-01T00:00:00Q" }))
  })

  it("ignores parameters it does not know", () => {
    assert.deepStrictEqual(list({ Foo: "bar" }).page, { count: 100, currentPage: 1 })
  })
})

describe("get query parameters", () => {
  it("includes the payment status in either form", () => {
    const read = (query: Record<string, string>) => {
      const exit = decodeGet(query)
      if (Exit.isFailure(exit)) throw new Error(String(exit.cause))
      return SalesInvoiceQuery.getIncludes(exit.value)
    }
    assert.deepStrictEqual(read({}), { paymentStatus: false })
    assert.deepStrictEqual(read({ include: "paymentStatus" }), { paymentStatus: true })
    assert.deepStrictEqual(read({ Include: "paymentStatus" }), { paymentStatus: true })
    assert.deepStrictEqual(read({ paymentStatus: "true" }), { paymentStatus: true })
  })
})
