/**
 * A count of every request a simulator received, by route key (`"GET /3/invoices"`, or `"unmatched"`) and by
 * response status, so tests assert request counts (e.g. "a not-supported filter made zero requests").
 */

/** Request counts of one simulator. */
export interface RequestCounter {
  /** Every request received since the last reset (including those answered by faults or the rate limiter). */
  readonly total: () => number
  /** Requests to one route key, e.g. `"GET /3/invoices"`. */
  readonly count: (routeKey: string) => number
  readonly byRoute: () => Readonly<Record<string, number>>
  /** Responses by status code (`0` for a dropped connection). */
  readonly byStatus: () => Readonly<Record<string, number>>
  readonly reset: () => void
  /** Records a request (the simulator calls this). */
  readonly record: (routeKey: string) => void
  /** Records a response status (the simulator calls this). */
  readonly recordStatus: (status: number) => void
}

/** An empty counter. */
export const make = (): RequestCounter => {
  let total = 0
  let byRoute = new Map<string, number>()
  let byStatus = new Map<string, number>()
  return {
    total: () => total,
    count: (routeKey) => byRoute.get(routeKey) ?? 0,
    byRoute: () => Object.fromEntries(byRoute),
    byStatus: () => Object.fromEntries(byStatus),
    reset: () => {
      total = 0
      byRoute = new Map()
      byStatus = new Map()
    },
    record: (routeKey) => {
      total += 1
      byRoute.set(routeKey, (byRoute.get(routeKey) ?? 0) + 1)
    },
    recordStatus: (status) => {
      byStatus.set(String(status), (byStatus.get(String(status)) ?? 0) + 1)
    }
  }
}
