import { assert, describe, it } from "@effect/vitest"
import { VendorPages } from "@konto/connector-kit"
import { Effect, Option, Stream } from "effect"
import { Headers } from "effect/http"
import * as fc from "fast-check"

type TotalsStyle = "none" | "items" | "pages" | "hasNext"

/** A fake vendor listing of `total` items (0…total-1) in pages; counts the pages fetched. */
const vendor = (total: number, style: TotalsStyle) => {
  const fetched: Array<number> = []
  const fetchPage: VendorPages.FetchPage<number, never, never> = (pageNumber, pageSize) =>
    Effect.sync(() => {
      fetched.push(pageNumber)
      const start = (pageNumber - 1) * pageSize
      const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, index) => start + index)
      return VendorPages.make(items, {
        totalItems: style === "items" ? total : null,
        totalPages: style === "pages" ? Math.ceil(total / pageSize) : null,
        hasNext: style === "hasNext" ? start + pageSize < total : null
      })
    })
  return { fetched, fetchPage }
}

const styles: ReadonlyArray<TotalsStyle> = ["none", "items", "pages", "hasNext"]

describe("VendorPages.stream", () => {
  it.effect("walks every item once, in order, whatever the vendor says about totals", () =>
    Effect.gen(function* () {
      for (const style of styles) {
        for (const total of [0, 1, 99, 100, 101, 250]) {
          const { fetchPage, fetched } = vendor(total, style)
          const items = yield* Stream.runCollect(VendorPages.stream(fetchPage, { pageSize: 100 }))
          assert.deepStrictEqual(
            items,
            Array.from({ length: total }, (_, index) => index),
            `${style} ${total}`
          )
          // Only a vendor that says nothing about totals costs an extra (empty) page after a full last page.
          const needed = Math.max(1, Math.ceil(total / 100))
          const expected = style === "none" && total % 100 === 0 && total > 0 ? needed + 1 : needed
          assert.strictEqual(fetched.length, expected, `${style} ${total}`)
        }
      }
    })
  )

  it.effect("fetches only the pages the consumer pulls", () =>
    Effect.gen(function* () {
      const { fetchPage, fetched } = vendor(10_000, "items")
      const items = yield* Stream.runCollect(VendorPages.stream(fetchPage, { pageSize: 500 }).pipe(Stream.take(501)))
      assert.strictEqual(items.length, 501)
      assert.deepStrictEqual(fetched, [1, 2])
    })
  )

  it.effect("asks for the page size it was given (the vendor's maximum)", () =>
    Effect.gen(function* () {
      const sizes: Array<number> = []
      yield* Stream.runDrain(
        VendorPages.stream(
          (page, size) => {
            sizes.push(size)
            return Effect.succeed(VendorPages.make(page === 1 ? [1, 2, 3] : []))
          },
          { pageSize: 1_000 }
        )
      )
      assert.deepStrictEqual(sizes, [1_000])
    })
  )

  it.effect("follows the vendor's word over a short page (a vendor that caps the page size)", () =>
    Effect.gen(function* () {
      // Asked for 1,000, the vendor serves 100 per page but says there are 3 pages.
      const fetched: Array<number> = []
      const items = yield* Stream.runCollect(
        VendorPages.stream(
          (page) => {
            fetched.push(page)
            return Effect.succeed(
              VendorPages.make(
                Array.from({ length: 100 }, (_, i) => (page - 1) * 100 + i),
                { totalPages: 3 }
              )
            )
          },
          { pageSize: 1_000 }
        )
      )
      assert.strictEqual(items.length, 300)
      assert.deepStrictEqual(fetched, [1, 2, 3])
    })
  )

  it.effect("an empty page ends the walk even if the vendor claims more", () =>
    Effect.gen(function* () {
      const items = yield* Stream.runCollect(
        VendorPages.stream(() => Effect.succeed(VendorPages.make([], { hasNext: true })), { pageSize: 10 })
      )
      assert.strictEqual(items.length, 0)
    })
  )
})

describe("VendorPages.window", () => {
  it.effect("serves a window from the covering vendor pages only, with exact totals from the vendor", () =>
    Effect.gen(function* () {
      const { fetchPage, fetched } = vendor(1_234, "items")
      const page = yield* VendorPages.window(fetchPage, { vendorPageSize: 500 }, { count: 100, currentPage: 5 })
      assert.deepStrictEqual(
        page.items,
        Array.from({ length: 100 }, (_, index) => 400 + index)
      )
      assert.deepStrictEqual(fetched, [1])
      assert.deepStrictEqual(page.totalResources, Option.some(1_234))
      assert.deepStrictEqual(page.totalPages, Option.some(13))
      assert.strictEqual(page.currentPage, 5)
    })
  )

  it.effect("fetches the one vendor page holding a window, or both pages a window straddles", () =>
    Effect.gen(function* () {
      const { fetchPage, fetched } = vendor(2_000, "none")
      const page = yield* VendorPages.window(fetchPage, { vendorPageSize: 500 }, { count: 100, currentPage: 5 })
      assert.deepStrictEqual(fetched, [1])
      assert.isTrue(Option.isNone(page.totalResources))
      const { fetchPage: fetchPage2, fetched: fetched2 } = vendor(2_000, "none")
      const straddling = yield* VendorPages.window(fetchPage2, { vendorPageSize: 300 }, { count: 100, currentPage: 3 })
      assert.deepStrictEqual(
        straddling.items,
        Array.from({ length: 100 }, (_, index) => 200 + index)
      )
      assert.deepStrictEqual(fetched2, [1])
      const { fetchPage: fetchPage3, fetched: fetched3 } = vendor(2_000, "none")
      const across = yield* VendorPages.window(fetchPage3, { vendorPageSize: 300 }, { count: 100, currentPage: 4 })
      assert.deepStrictEqual(
        across.items,
        Array.from({ length: 100 }, (_, index) => 300 + index)
      )
      assert.deepStrictEqual(fetched3, [2])
      const { fetchPage: fetchPage4, fetched: fetched4 } = vendor(2_000, "none")
      const two = yield* VendorPages.window(fetchPage4, { vendorPageSize: 70 }, { count: 100, currentPage: 2 })
      assert.deepStrictEqual(
        two.items,
        Array.from({ length: 100 }, (_, index) => 100 + index)
      )
      assert.deepStrictEqual(fetched4, [2, 3])
    })
  )

  it.effect("reaching the vendor's last page makes the total exact without vendor totals", () =>
    Effect.gen(function* () {
      const { fetchPage } = vendor(250, "none")
      const last = yield* VendorPages.window(fetchPage, { vendorPageSize: 100 }, { count: 100, currentPage: 3 })
      assert.strictEqual(last.items.length, 50)
      assert.deepStrictEqual(last.totalResources, Option.some(250))
      assert.deepStrictEqual(last.totalPages, Option.some(3))
      const { fetchPage: emptyListing } = vendor(0, "none")
      const empty = yield* VendorPages.window(emptyListing, { vendorPageSize: 100 }, { count: 10, currentPage: 1 })
      assert.deepStrictEqual(empty.totalResources, Option.some(0))
      assert.deepStrictEqual(empty.totalPages, Option.some(0))
    })
  )

  it.effect("beyond the end without totals: empty and unknown", () =>
    Effect.gen(function* () {
      const { fetchPage, fetched } = vendor(250, "none")
      const beyond = yield* VendorPages.window(fetchPage, { vendorPageSize: 100 }, { count: 100, currentPage: 9 })
      assert.deepStrictEqual(beyond.items, [])
      assert.isTrue(Option.isNone(beyond.totalResources))
      assert.deepStrictEqual(fetched, [9])
    })
  )

  const law = fc.record({
    total: fc.integer({ min: 0, max: 700 }),
    count: fc.integer({ min: 1, max: 100 }),
    vendorPageSize: fc.integer({ min: 1, max: 250 }),
    style: fc.constantFrom<TotalsStyle>(...styles)
  })

  it("consecutive windows return each item exactly once, fetching exactly the covering pages (law)", () => {
    fc.assert(
      fc.property(law, ({ count, style, total, vendorPageSize }) => {
        const seen: Array<number> = []
        for (let currentPage = 1; ; currentPage++) {
          const { fetchPage, fetched } = vendor(total, style)
          const page = Effect.runSync(VendorPages.window(fetchPage, { vendorPageSize }, { count, currentPage }))
          seen.push(...page.items)
          // Covering pages that exist: from the window's first vendor page to its last, cut at the listing's
          // end; a window wholly beyond the end costs one (empty) page.
          const { first, last } = VendorPages.coveringPages({ count, currentPage }, vendorPageSize)
          const lastExisting = Math.max(first, Math.min(last, Math.ceil(total / vendorPageSize)))
          const emptyTail =
            style === "none" &&
            total % vendorPageSize === 0 &&
            total > 0 &&
            last > lastExisting &&
            lastExisting * vendorPageSize === total &&
            first <= lastExisting
          const expected = Array.from(
            { length: lastExisting - first + 1 + (emptyTail ? 1 : 0) },
            (_, index) => first + index
          )
          if (JSON.stringify(fetched) !== JSON.stringify(expected)) return false
          // Totals, when given, are exact.
          if (Option.isSome(page.totalResources) && page.totalResources.value !== total) return false
          if (Option.isSome(page.totalPages) && page.totalPages.value !== Math.ceil(total / count)) return false
          if (style === "items" && Option.isNone(page.totalResources)) return false
          if (page.items.length < count) break
        }
        return JSON.stringify(seen) === JSON.stringify(Array.from({ length: total }, (_, index) => index))
      }),
      { numRuns: 400 }
    )
  })
})

describe("VendorPages.nextLink", () => {
  it("reads rel=next from a Link header", () => {
    const headers = Headers.fromInput({
      link: `<https://moneybird.com/api/v2/1/sales_invoices.json?page=1>; rel="prev", <https://moneybird.com/api/v2/1/sales_invoices.json?page=3>; rel="next"`
    })
    assert.deepStrictEqual(
      VendorPages.nextLink(headers),
      Option.some("https://moneybird.com/api/v2/1/sales_invoices.json?page=3")
    )
    assert.deepStrictEqual(
      VendorPages.nextLink(Headers.fromInput({ link: `<https://x.test/?page=1>; rel="prev"` })),
      Option.none()
    )
    assert.deepStrictEqual(VendorPages.nextLink(Headers.empty), Option.none())
    assert.deepStrictEqual(
      VendorPages.nextLink(Headers.fromInput({ link: `<https://x.test/?page=2>; rel="last next"` })),
      Option.some("https://x.test/?page=2")
    )
  })
})

describe("VendorPages regressions", () => {
  it.effect("totalItems with a vendor that serves smaller pages than asked still walks every page", () =>
    Effect.gen(function* () {
      // Asked for 1,000, the vendor serves 100 per page and states only the item count.
      const fetched: Array<number> = []
      const items = yield* Stream.runCollect(
        VendorPages.stream(
          (page) => {
            fetched.push(page)
            const start = (page - 1) * 100
            return Effect.succeed(
              VendorPages.make(
                Array.from({ length: Math.max(0, Math.min(100, 300 - start)) }, (_, i) => start + i),
                { totalItems: 300 }
              )
            )
          },
          { pageSize: 1_000 }
        )
      )
      assert.strictEqual(items.length, 300)
      assert.deepStrictEqual(fetched, [1, 2, 3])
    })
  )

  it.effect("an invalid page size is a defect inside the stream, not a throw at construction", () =>
    Effect.gen(function* () {
      const stream = VendorPages.stream(() => Effect.succeed(VendorPages.make([1])), { pageSize: 0 })
      const exit = yield* Effect.exit(Stream.runCollect(stream))
      assert.isTrue(exit._tag === "Failure")
    })
  )
})
