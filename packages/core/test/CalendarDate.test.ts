import { assert, describe, it } from "@effect/vitest"
import { CalendarDate } from "@konto/core"
import { DateTime, Exit, Schema } from "effect"
import * as fc from "fast-check"
import { calendarDate, lawRuns } from "./arbitraries.ts"

const decode = Schema.decodeUnknownExit(CalendarDate.CalendarDate)

describe("CalendarDate", () => {
  it("rejects dates that do not exist and other shapes", () => {
    for (const text of [
      "2025-02-30",
      "2025-02-29",
      "2025-13-01",
      "2025-00-10",
      "2025-04-31",
      "2025-1-01",
      "20250101",
      "2025-01-01T00:00:00Z",
      ""
    ]) {
      assert.isTrue(Exit.isFailure(decode(text)), text)
    }
    assert.throws(() => CalendarDate.make("2025-02-30"))
  })

  it("accepts real dates, leap days included", () => {
    for (const text of ["2024-02-29", "2000-02-29", "2025-12-31", "1999-01-01"]) {
      assert.isTrue(Exit.isSuccess(decode(text)), text)
    }
    assert.isTrue(Exit.isFailure(decode("1900-02-29")))
  })

  it("accepts years 0000-0099 as written (regression: Date.UTC read them as 19xx)", () => {
    assert.isTrue(Exit.isSuccess(decode("0050-01-01")))
    assert.isTrue(Exit.isSuccess(decode("0004-02-29")))
    assert.isTrue(Exit.isFailure(decode("0050-02-29")))
    assert.strictEqual(CalendarDate.addDays(CalendarDate.make("0050-12-31"), 1), "0051-01-01")
  })

  it("ofInstant takes the date in the time zone: 23:30Z on Dec 31 is Jan 1 in Stockholm", () => {
    const instant = DateTime.makeUnsafe("2024-12-31T23:30:00Z")
    assert.strictEqual(CalendarDate.ofInstant(instant, "Europe/Stockholm"), "2025-01-01")
    assert.strictEqual(CalendarDate.ofInstant(instant, "UTC"), "2024-12-31")
    assert.strictEqual(CalendarDate.ofInstant(instant, "America/New_York"), "2024-12-31")
    assert.strictEqual(CalendarDate.ofUtc(instant), "2024-12-31")
  })

  it("ofInstant follows summer time: 22:30Z on a June day is the next day in Stockholm (UTC+2)", () => {
    assert.strictEqual(
      CalendarDate.ofInstant(DateTime.makeUnsafe("2025-06-15T22:30:00Z"), "Europe/Stockholm"),
      "2025-06-16"
    )
    assert.strictEqual(
      CalendarDate.ofInstant(DateTime.makeUnsafe("2025-01-15T22:30:00Z"), "Europe/Stockholm"),
      "2025-01-15"
    )
  })

  // ofInstant formats with a cached Intl formatter; effect's zoned DateTime is the reference it must agree with.
  it("ofInstant agrees with effect's zoned DateTime for any instant in years 1-9999 and any zone (law)", () => {
    const zones = fc.constantFrom(
      "Europe/Stockholm",
      "Europe/Helsinki",
      "Europe/London",
      "UTC",
      "America/New_York",
      "Pacific/Auckland",
      "Pacific/Kiritimati",
      "Pacific/Pago_Pago",
      "Asia/Kolkata"
    )
    const instant = fc.integer({ min: -62_135_510_400_000 /* 0001-01-02 */, max: Date.UTC(9999, 11, 30) })
    fc.assert(
      fc.property(instant, zones, (millis, timeZone) => {
        const expected = DateTime.formatIsoDate(DateTime.makeZonedUnsafe(millis, { timeZone }))
        assert.strictEqual(CalendarDate.ofInstant(DateTime.makeUnsafe(millis), timeZone), expected)
      }),
      { numRuns: 500 }
    )
  })

  it("ofInstant reads years below 1000 with four digits", () => {
    assert.strictEqual(CalendarDate.ofInstant(DateTime.makeUnsafe("0050-06-15T12:00:00Z"), "UTC"), "0050-06-15")
  })

  it("ofInstant refuses a zone the runtime does not know", () => {
    assert.throws(() => CalendarDate.ofInstant(DateTime.makeUnsafe(0), "Mars/Olympus_Mons"), RangeError)
  })

  it("addDays crosses months, years and leap days", () => {
    assert.strictEqual(CalendarDate.addDays(CalendarDate.make("2024-02-28"), 1), "2024-02-29")
    assert.strictEqual(CalendarDate.addDays(CalendarDate.make("2025-02-28"), 1), "2025-03-01")
    assert.strictEqual(CalendarDate.addDays(CalendarDate.make("2025-01-01"), -1), "2024-12-31")
  })

  it("addDays then subtracting returns the date, and order agrees with the day count", () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -3000, max: 3000 }), (date, days) => {
        const moved = CalendarDate.addDays(date, days)
        assert.isTrue(Exit.isSuccess(decode(moved)), moved)
        assert.strictEqual(CalendarDate.addDays(moved, -days), date)
        assert.strictEqual(CalendarDate.compare(moved, date), Math.sign(days))
      }),
      lawRuns
    )
  })

  it("generated dates decode and compare as strings compare", () => {
    fc.assert(
      fc.property(calendarDate, calendarDate, (a, b) => {
        assert.isTrue(Exit.isSuccess(decode(a)))
        assert.strictEqual(CalendarDate.compare(a, b), a < b ? -1 : a > b ? 1 : 0)
      }),
      lawRuns
    )
  })
})
