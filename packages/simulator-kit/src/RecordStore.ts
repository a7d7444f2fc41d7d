/**
 * An in-memory store of vendor records, typed by the adapter: insertion order, lookup by id, a version per
 * record that grows on every update. A store is owned by one simulator and used from its handlers (which run
 * one at a time per fiber; JavaScript is single-threaded, so no locking).
 *
 * Timestamps are the vendor's business: handlers write `created`/`modified` fields into their records from
 * `request.nowMillis` (the effect `Clock`), in the vendor's format.
 *
 * `lazy` backs a store with a generator instead of an array, so a simulator of a million invoices holds only
 * the records that were created or changed; the rest are regenerated on access (generation must be cheap and
 * deterministic, as `InvoiceSeed.at` is).
 */
import { Option } from "effect"
import type { Indexed } from "./Paging.ts"

/** A record with its store metadata. */
export interface StoredRecord<R> {
  readonly id: string
  /** 1 when inserted (or generated), plus one per update. */
  readonly version: number
  readonly record: R
}

/** The store. */
export interface RecordStore<R> {
  /** How many records there are. */
  readonly size: () => number
  readonly get: (id: string) => Option.Option<R>
  readonly has: (id: string) => boolean
  /** The record at a position in insertion order (0-based). */
  readonly at: (index: number) => Option.Option<R>
  /** The record with its id and version. */
  readonly stored: (id: string) => Option.Option<StoredRecord<R>>
  /** Every record in insertion order, lazily. */
  readonly values: () => IterableIterator<R>
  /** Records matching a predicate, in insertion order (materialised: memory grows with the matches). */
  readonly filter: (predicate: (record: R) => boolean) => Array<R>
  /** Records `offset … offset + limit - 1` in insertion order. */
  readonly slice: (offset: number, limit: number) => Array<R>
  /** A live indexed view in insertion order, for `Paging.slice` without copying the store. */
  readonly indexed: () => Indexed<R>
  /** Adds a record; `false` (and nothing stored) when its id exists. */
  readonly insert: (record: R) => boolean
  /** Replaces a record with `f(current)`; the new record, or `none` when the id does not exist. */
  readonly update: (id: string, f: (current: R, stored: StoredRecord<R>) => R) => Option.Option<R>
}

interface Slot<R> {
  record: R
  version: number
}

/** A store over an array, optionally seeded with `initial` records. */
export const make = <R>(options: {
  readonly idOf: (record: R) => string
  readonly initial?: Iterable<R>
}): RecordStore<R> => {
  const slots: Array<Slot<R>> = []
  const indexById = new Map<string, number>()
  const insert = (record: R): boolean => {
    const id = options.idOf(record)
    if (indexById.has(id)) return false
    indexById.set(id, slots.length)
    slots.push({ record, version: 1 })
    return true
  }
  for (const record of options.initial ?? []) insert(record)
  const slotOf = (id: string): Slot<R> | undefined => {
    const index = indexById.get(id)
    return index === undefined ? undefined : slots[index]
  }
  return {
    size: () => slots.length,
    get: (id) => Option.fromNullishOr(slotOf(id)?.record),
    has: (id) => indexById.has(id),
    at: (index) => Option.fromNullishOr(slots[index]?.record),
    stored: (id) => {
      const slot = slotOf(id)
      return slot === undefined ? Option.none() : Option.some({ id, version: slot.version, record: slot.record })
    },
    values: function* () {
      for (const slot of slots) yield slot.record
    },
    filter: (predicate) => slots.flatMap((slot) => (predicate(slot.record) ? [slot.record] : [])),
    slice: (offset, limit) =>
      slots.slice(Math.max(0, offset), Math.max(0, offset) + Math.max(0, limit)).map((slot) => slot.record),
    indexed: () => ({
      get length() {
        return slots.length
      },
      at: (index) => slots[index]?.record
    }),
    insert,
    update: (id, f) => {
      const slot = slotOf(id)
      if (slot === undefined) return Option.none()
      slot.record = f(slot.record, { id, version: slot.version, record: slot.record })
      slot.version += 1
      return Option.some(slot.record)
    }
  }
}

/**
 * A store whose first `count` records are generated on access by `generate(index)`; records created later
 * are appended, and updated records are kept. `indexOf` finds a generated record's index from its id
 * (`undefined` when the id is not a generated one).
 */
export const lazy = <R>(options: {
  readonly count: number
  readonly generate: (index: number) => R
  readonly idOf: (record: R) => string
  readonly indexOf: (id: string) => number | undefined
}): RecordStore<R> => {
  const { count, generate, idOf } = options
  const changed = new Map<number, Slot<R>>()
  const appended: Array<Slot<R>> = []
  const appendedById = new Map<string, number>()
  const generatedIndex = (id: string): number | undefined => {
    const index = options.indexOf(id)
    return index !== undefined && Number.isInteger(index) && index >= 0 && index < count ? index : undefined
  }
  const slotAt = (index: number): Slot<R> | undefined => {
    if (!Number.isInteger(index) || index < 0) return undefined
    if (index < count) return changed.get(index) ?? { record: generate(index), version: 1 }
    return appended[index - count]
  }
  const indexOfId = (id: string): number | undefined => {
    const generated = generatedIndex(id)
    if (generated !== undefined) return generated
    const position = appendedById.get(id)
    return position === undefined ? undefined : count + position
  }
  const size = () => count + appended.length
  const slotOf = (id: string): Slot<R> | undefined => {
    const index = indexOfId(id)
    return index === undefined ? undefined : slotAt(index)
  }
  const slice = (offset: number, limit: number): Array<R> => {
    const result: Array<R> = []
    const end = Math.min(size(), Math.max(0, offset) + Math.max(0, limit))
    for (let index = Math.max(0, offset); index < end; index++) result.push((slotAt(index) as Slot<R>).record)
    return result
  }
  return {
    size,
    get: (id) => Option.fromNullishOr(slotOf(id)?.record),
    has: (id) => indexOfId(id) !== undefined,
    at: (index) => Option.fromNullishOr(slotAt(index)?.record),
    stored: (id) => {
      const slot = slotOf(id)
      return slot === undefined ? Option.none() : Option.some({ id, version: slot.version, record: slot.record })
    },
    values: function* () {
      for (let index = 0; index < size(); index++) yield (slotAt(index) as Slot<R>).record
    },
    filter: (predicate) => {
      const result: Array<R> = []
      for (let index = 0; index < size(); index++) {
        const record = (slotAt(index) as Slot<R>).record
        if (predicate(record)) result.push(record)
      }
      return result
    },
    slice,
    indexed: () => ({
      get length() {
        return size()
      },
      at: (index) => slotAt(index)?.record
    }),
    insert: (record) => {
      const id = idOf(record)
      if (indexOfId(id) !== undefined) return false
      appendedById.set(id, appended.length)
      appended.push({ record, version: 1 })
      return true
    },
    update: (id, f) => {
      const index = indexOfId(id)
      if (index === undefined) return Option.none()
      const slot = slotAt(index) as Slot<R>
      const next: Slot<R> = {
        record: f(slot.record, { id, version: slot.version, record: slot.record }),
        version: slot.version + 1
      }
      if (index < count) changed.set(index, next)
      else appended[index - count] = next
      return Option.some(next.record)
    }
  }
}
