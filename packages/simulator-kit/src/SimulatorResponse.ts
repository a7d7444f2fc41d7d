/**
 * What a route handler answers: a status, headers and a JSON, text or empty body. JSON bodies are written
 * with core's `ExactJson.stringify`, so decimals built with `ExactJson.rawNumber` (or encoded with
 * `Money.Decimal`) reach the client exactly as vendors send them.
 */
import { ExactJson } from "@konto/core"

/** A response body. */
export type SimulatorBody =
  | { readonly _tag: "Json"; readonly value: unknown }
  | { readonly _tag: "Text"; readonly text: string; readonly contentType: string }
  | { readonly _tag: "Empty" }

/** A handler's answer. Header names are lower case. */
export interface SimulatorResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: SimulatorBody
}

const lowerCase = (headers: Readonly<Record<string, string>> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]))

/** A JSON response. */
export const json = (
  status: number,
  value: unknown,
  headers?: Readonly<Record<string, string>>
): SimulatorResponse => ({
  status,
  headers: lowerCase(headers),
  body: { _tag: "Json", value }
})

/** A text response (e.g. XML, or a deliberately malformed body). */
export const text = (
  status: number,
  body: string,
  options?: { readonly contentType?: string; readonly headers?: Readonly<Record<string, string>> }
): SimulatorResponse => ({
  status,
  headers: lowerCase(options?.headers),
  body: { _tag: "Text", text: body, contentType: options?.contentType ?? "text/plain; charset=utf-8" }
})

/** A response without a body (e.g. 204). */
export const empty = (status: number, headers?: Readonly<Record<string, string>>): SimulatorResponse => ({
  status,
  headers: lowerCase(headers),
  body: { _tag: "Empty" }
})

/** The response with one header set (replacing any of the same name). */
export const setHeader = (response: SimulatorResponse, name: string, value: string): SimulatorResponse => ({
  ...response,
  headers: { ...response.headers, [name.toLowerCase()]: value }
})

/** A response as it goes on the wire: status, headers (with `content-type`) and body text. */
export interface RenderedResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

/** Serialises a response (JSON through `ExactJson.stringify`). */
export const render = (response: SimulatorResponse): RenderedResponse => {
  switch (response.body._tag) {
    case "Json":
      return {
        status: response.status,
        headers: { "content-type": "application/json; charset=utf-8", ...response.headers },
        text: ExactJson.stringify(response.body.value)
      }
    case "Text":
      return {
        status: response.status,
        headers: { "content-type": response.body.contentType, ...response.headers },
        text: response.body.text
      }
    case "Empty":
      return { status: response.status, headers: response.headers, text: "" }
  }
}
