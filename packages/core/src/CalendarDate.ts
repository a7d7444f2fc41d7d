/**
 * Calendar dates (`yyyy-MM-dd`) and "today" in a connection's time zone. Core never reads the wall clock:
 * callers pass the instant (from the effect `Clock`) and the zone.
 */
import { DateTime, Schema } from "effect"

// `Date.UTC` reads years 0–99 as 1900–1999; `setUTCFullYear` takes the year as given.
const utcDate = (year: number, monthIndex: number, day: number): Date => {
  const date = new Date(0)
  date.setUTCFullYear(year, monthIndex, day)
  return date
}

const isValidDate = (text: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = utcDate(year, month - 1, day)
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** A calendar date `yyyy-MM-dd` (ISO 8601, no time, no zone). Compares correctly as a string. */
export const CalendarDate = Schema.String.pipe(
  Schema.check(Schema.makeFilter(isValidDate, { description: "a calendar date yyyy-MM-dd" })),
  Schema.brand("konto/CalendarDate")
)
export type CalendarDate = typeof CalendarDate.Type

/** Makes a calendar date from a literal; throws on an invalid date (for code and tests). */
export const make = (text: string): CalendarDate => Schema.decodeUnknownSync(CalendarDate)(text)

/** The default time zone of a connection. */
export const defaultTimeZone = "Europe/Stockholm"

// One formatter per zone: building an `Intl.DateTimeFormat` costs far more than using one, and "today" is read on
// every connector call (a `get` paid ~15 µs for it before).
const dayFormatters = new Map<string, Intl.DateTimeFormat>()

const dayFormatter = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = dayFormatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "iso8601",
      numberingSystem: "latn",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      era: "short"
    })
    dayFormatters.set(timeZone, formatter)
  }
  return formatter
}

/**
 * The calendar date of an instant in a time zone (e.g. "today" for overdue checks). Throws a `RangeError` for a
 * zone the runtime does not know (connections validate their zone before they are stored).
 */
export const ofInstant = (instant: DateTime.DateTime, timeZone: string): CalendarDate => {
  let year = 0
  let month = ""
  let day = ""
  let beforeCommonEra = false
  for (const part of dayFormatter(timeZone).formatToParts(DateTime.toEpochMillis(instant))) {
    if (part.type === "year") year = Number(part.value)
    else if (part.type === "month") month = part.value
    else if (part.type === "day") day = part.value
    else if (part.type === "era") beforeCommonEra = part.value === "BC" || part.value === "B"
  }
  // ISO years: 1 BC is year 0.
  const isoYear = beforeCommonEra ? 1 - year : year
  return `${isoYear < 0 ? "-" : ""}${String(Math.abs(isoYear)).padStart(4, "0")}-${month}-${day}` as CalendarDate
}

/** The calendar date part of an instant in UTC (e.g. a query's `FromInvoiceDate=2025-01-01T00:00:00Z`). */
export const ofUtc = (instant: DateTime.Utc): CalendarDate => DateTime.formatIsoDateUtc(instant) as CalendarDate

/** Orders two dates: negative when a is before b. */
export const compare = (a: CalendarDate, b: CalendarDate): number => (a < b ? -1 : a > b ? 1 : 0)

/** Adds whole days (negative to go back). */
export const addDays = (date: CalendarDate, days: number): CalendarDate => {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number]
  return utcDate(year, month - 1, day + days)
    .toISOString()
    .slice(0, 10) as CalendarDate
}
