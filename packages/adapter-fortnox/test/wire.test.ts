import { assert, describe, it } from "@effect/vitest"
import { ExactJson } from "@konto/core"
import { BigDecimal, Option, Schema } from "effect"
import * as Wire from "../src/wire.ts"
import { documentedList, fixtureJson } from "./Fixtures.ts"
import { describeErrors, validate } from "./FortnoxOpenApi.ts"

describe("Fortnox's OpenAPI holds the fixtures", () => {
  it("the full-invoice fixtures are fortnox_Invoice_Wrap bodies", () => {
    for (const name of ["invoice.json", "credit-invoice.json"]) {
      const errors = validate("fortnox_Invoice_Wrap", JSON.parse(JSON.stringify(fixtureJson(name))))
      assert.deepStrictEqual(errors, [], `${name}: ${describeErrors(errors)}`)
    }
  })

  it("the documented list example differs from the OpenAPI in one place only: CurrencyRate is a string", () => {
    const errors = validate("fortnox_InvoiceListItem_Wrap", fixtureJson("invoices.documented.json"))
    assert.deepStrictEqual(
      errors.map((error) => `${error.instancePath} ${error.keyword}`),
      ["/Invoices/0/CurrencyRate type"]
    )
  })

  it("decoded and encoded again, the documented example is an OpenAPI-valid body (CurrencyRate a number)", () => {
    const encoded = ExactJson.parse(ExactJson.stringify(Schema.encodeSync(Wire.InvoiceList)(documentedList())))
    const errors = validate("fortnox_InvoiceListItem_Wrap", encoded)
    assert.deepStrictEqual(errors, [], describeErrors(errors))
  })
})

describe("wire schemas", () => {
  it("tolerate fields konto does not read", () => {
    const item = Schema.decodeUnknownSync(Wire.InvoiceListItem)({ DocumentNumber: "7", SomeNewField: { nested: true } })
    assert.strictEqual(item.DocumentNumber, "7")
  })

  it("read amounts exactly beyond float precision (ExactJson.parse keeps the source text)", () => {
    const body = ExactJson.parse(`{"DocumentNumber":"8","Total":12345678901234567.89,"Balance":0.10}`)
    const item = Schema.decodeUnknownSync(Wire.InvoiceListItem)(body)
    assert.isTrue(
      BigDecimal.equals(item.Total ?? BigDecimal.fromBigInt(0n), BigDecimal.fromStringUnsafe("12345678901234567.89"))
    )
    assert.isTrue(BigDecimal.equals(item.Balance ?? BigDecimal.fromBigInt(1n), BigDecimal.fromStringUnsafe("0.1")))
  })

  it("refuse a list item without DocumentNumber, Fortnox's key", () => {
    assert.isTrue(Option.isNone(Schema.decodeUnknownOption(Wire.InvoiceListItem)({ Total: 1 })))
  })

  it("DeliveredQuantity reads numbers and text and writes text, as the OpenAPI declares", () => {
    const fromNumber = Schema.decodeUnknownSync(Wire.InvoiceRow)({ DeliveredQuantity: 2.5 })
    const fromText = Schema.decodeUnknownSync(Wire.InvoiceRow)({ DeliveredQuantity: "2.50" })
    assert.isTrue(
      BigDecimal.equals(
        fromNumber.DeliveredQuantity ?? BigDecimal.fromBigInt(0n),
        fromText.DeliveredQuantity ?? BigDecimal.fromBigInt(1n)
      )
    )
    assert.deepStrictEqual(Schema.encodeSync(Wire.InvoiceRow)(fromText), { DeliveredQuantity: "2.5" })
  })

  it("ErrorInformation is read in both spellings: the OpenAPI's and the one live responses use", () => {
    const documented = Schema.decodeUnknownSync(Wire.ErrorInformationWrap)({
      ErrorInformation: { Error: 1, Message: "Ogiltig inloggning", Code: 2000310 }
    })
    const live = Schema.decodeUnknownSync(Wire.ErrorInformationWrap)({
      ErrorInformation: { error: 1, message: "Kan inte hitta fakturan.", code: "2000434" }
    })
    assert.strictEqual(documented.ErrorInformation.Message, "Ogiltig inloggning")
    assert.strictEqual(live.ErrorInformation.message, "Kan inte hitta fakturan.")
  })
})
