import { assert, describe, it } from "@effect/vitest"
import { Option } from "effect"
import { Paging, RecordStore, Route } from "../src/index.ts"

interface Item {
  readonly id: string
  readonly value: number
}

const generated = (index: number): Item => ({ id: `g${index}`, value: index })

const lazyStore = () => {
  let generations = 0
  const store = RecordStore.lazy<Item>({
    count: 5,
    generate: (index) => {
      generations += 1
      return generated(index)
    },
    idOf: (item) => item.id,
    indexOf: (id) => (/^g\d+$/.test(id) ? Number(id.slice(1)) : undefined)
  })
  return { store, generations: () => generations }
}

const stores = (): ReadonlyArray<readonly [string, RecordStore.RecordStore<Item>]> => [
  ["eager", RecordStore.make<Item>({ idOf: (item) => item.id, initial: [0, 1, 2, 3, 4].map(generated) })],
  ["lazy", lazyStore().store]
]

describe("RecordStore", () => {
  for (const [kind, store] of stores()) {
    it(`${kind}: inserts, finds, updates with versions, slices and pages`, () => {
      assert.strictEqual(store.size(), 5)
      assert.isFalse(store.insert({ id: "g2", value: 99 }))
      assert.isTrue(store.insert({ id: "new", value: 5 }))
      assert.strictEqual(store.size(), 6)
      assert.deepStrictEqual(Option.getOrThrow(store.get("g3")), generated(3))
      assert.isTrue(Option.isNone(store.get("g9")))
      assert.deepStrictEqual(Option.getOrThrow(store.at(5)), { id: "new", value: 5 })
      assert.deepStrictEqual(Option.getOrThrow(store.update("g1", (item) => ({ ...item, value: 10 }))), {
        id: "g1",
        value: 10
      })
      store.update("g1", (item, stored) => ({ ...item, value: item.value + stored.version }))
      assert.deepStrictEqual(Option.getOrThrow(store.stored("g1")), {
        id: "g1",
        version: 3,
        record: { id: "g1", value: 12 }
      })
      assert.strictEqual(Option.getOrThrow(store.stored("g0")).version, 1)
      assert.isTrue(Option.isNone(store.update("nope", (item) => item)))
      assert.deepStrictEqual(
        store.slice(1, 2).map((item) => item.value),
        [12, 2]
      )
      assert.deepStrictEqual(
        [...store.values()].map((item) => item.id),
        ["g0", "g1", "g2", "g3", "g4", "new"]
      )
      assert.deepStrictEqual(
        store.filter((item) => item.value % 2 === 0).map((item) => item.id),
        ["g0", "g1", "g2", "g4"]
      )
      const page = Paging.slice(store.indexed(), 2, 4)
      assert.deepStrictEqual(
        page.items.map((item) => item.id),
        ["g4", "new"]
      )
      assert.strictEqual(page.totalItems, 6)
      assert.strictEqual(page.totalPages, 2)
    })
  }

  it("lazy: generates only what is read, and keeps what changed", () => {
    const { generations, store: lazy } = lazyStore()
    assert.strictEqual(generations(), 0)
    Option.getOrThrow(lazy.get("g4"))
    assert.strictEqual(generations(), 1)
    lazy.update("g0", (item) => ({ ...item, value: -1 }))
    const before = generations()
    assert.strictEqual(Option.getOrThrow(lazy.get("g0")).value, -1)
    assert.strictEqual(generations(), before)
  })
})

describe("Paging", () => {
  it("slices by page with totals, counting from 1 or from 0", () => {
    const items = Array.from({ length: 23 }, (_, index) => index)
    assert.deepStrictEqual(Paging.slice(items, 3, 10), {
      items: [20, 21, 22],
      page: 3,
      pageSize: 10,
      totalItems: 23,
      totalPages: 3
    })
    assert.deepStrictEqual(Paging.slice(items, 4, 10).items, [])
    assert.deepStrictEqual(Paging.slice(items, 0, 10, { firstPage: 0 }).items, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    assert.strictEqual(Paging.slice([], 1, 10).totalPages, 1)
    assert.deepStrictEqual(Paging.sliceOffset(items, 21, 5), [21, 22])
  })

  it("reads paging parameters with defaults, limits and refusals", () => {
    const parameters = { pageParam: "page", sizeParam: "limit", defaultPageSize: 100, maxPageSize: 500 }
    assert.deepStrictEqual(Paging.read(new URLSearchParams(""), parameters), { _tag: "Page", page: 1, pageSize: 100 })
    assert.deepStrictEqual(Paging.read(new URLSearchParams("page=3&limit=900"), parameters), {
      _tag: "Page",
      page: 3,
      pageSize: 500
    })
    assert.strictEqual(
      Paging.read(new URLSearchParams("limit=900"), { ...parameters, overMax: "reject" })._tag,
      "Invalid"
    )
    assert.strictEqual(Paging.read(new URLSearchParams("page=0"), parameters)._tag, "Invalid")
    assert.strictEqual(Paging.read(new URLSearchParams("page=x"), parameters)._tag, "Invalid")
    assert.strictEqual(Paging.read(new URLSearchParams("limit=-1"), parameters)._tag, "Invalid")
  })
})

describe("Route", () => {
  it("matches vendor path patterns, decoding parameters", () => {
    const route = Route.get("/api/v2/:administrationId/sales_invoices/:id.json", () => {
      throw new Error("not called")
    })
    assert.deepStrictEqual(route.match("/api/v2/123/sales_invoices/456.json"), { administrationId: "123", id: "456" })
    assert.isUndefined(route.match("/api/v2/123/sales_invoices.json"))
    assert.deepStrictEqual(
      Route.get("/3/invoices/:DocumentNumber", () => {
        throw new Error("not called")
      }).match("/3/invoices/10%2001/"),
      { DocumentNumber: "10 01" }
    )
    assert.strictEqual(route.key, "GET /api/v2/:administrationId/sales_invoices/:id.json")
  })
})
