/**
 * A vendor-shaped route: a method, a path pattern as the vendor documents it (`/3/invoices/:DocumentNumber`,
 * `/api/v2/:administrationId/sales_invoices/:id.json`) and a handler.
 */
import type { Effect } from "effect"
import type { SimulatorRequest } from "./SimulatorRequest.ts"
import type { SimulatorResponse } from "./SimulatorResponse.ts"

/**
 * A route handler. It may fail with a response to answer early (a refused token, a validation error): the
 * failure is sent like a success.
 */
export type Handler = (request: SimulatorRequest) => Effect.Effect<SimulatorResponse, SimulatorResponse>

/** A route. */
export interface Route {
  readonly method: string
  readonly pattern: string
  /** `"GET /3/invoices/:DocumentNumber"`: how the request counter names the route. */
  readonly key: string
  readonly handler: Handler
  /** Matches a path; the decoded path parameters, or `undefined`. */
  readonly match: (path: string) => Readonly<Record<string, string>> | undefined
}

const escapeLiteral = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

const compile = (pattern: string): { readonly regex: RegExp; readonly names: ReadonlyArray<string> } => {
  const names: Array<string> = []
  let source = ""
  let rest = pattern
  const parameter = /:([A-Za-z_][A-Za-z0-9_]*)/
  for (let found = parameter.exec(rest); found !== null; found = parameter.exec(rest)) {
    source += escapeLiteral(rest.slice(0, found.index))
    names.push(found[1] as string)
    // Lazy, so a suffix in the same segment (`:id.json`) stays literal.
    source += "([^/]+?)"
    rest = rest.slice(found.index + found[0].length)
  }
  source += escapeLiteral(rest)
  return { regex: new RegExp(`^${source}/?$`), names }
}

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Declares a route. Patterns are matched in the order the simulator lists its routes. */
export const make = (method: string, pattern: string, handler: Handler): Route => {
  const { names, regex } = compile(pattern)
  const upper = method.toUpperCase()
  return {
    method: upper,
    pattern,
    key: `${upper} ${pattern}`,
    handler,
    match: (path) => {
      const found = regex.exec(path)
      if (found === null) return undefined
      const params: Record<string, string> = {}
      names.forEach((name, index) => {
        params[name] = decode(found[index + 1] as string)
      })
      return params
    }
  }
}

/** A `GET` route. */
export const get = (pattern: string, handler: Handler): Route => make("GET", pattern, handler)
/** A `POST` route. */
export const post = (pattern: string, handler: Handler): Route => make("POST", pattern, handler)
/** A `PUT` route. */
export const put = (pattern: string, handler: Handler): Route => make("PUT", pattern, handler)
/** A `PATCH` route. */
export const patch = (pattern: string, handler: Handler): Route => make("PATCH", pattern, handler)
/** A `DELETE` route. */
export const del = (pattern: string, handler: Handler): Route => make("DELETE", pattern, handler)
