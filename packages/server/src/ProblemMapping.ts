/**
 * How connector and store failures become API problems. Pure and total: every connector error has one answer.
 *
 * | failure | status |
 * | --- | --- |
 * | `InvalidInput` | 400 `InvalidParameter` naming the field |
 * | `NotSupported` of a query dimension | 400 `UnsupportedQuery` (the connector's exact message) |
 * | `NotSupported` of an operation | 501 `NotImplemented` |
 * | `NotFound` | 404 |
 * | `RateLimited` | 429, `Retry-After` from the vendor |
 * | `Unauthorized` (the vendor refused the stored credentials) | 502 |
 * | `UpstreamRejected`, `UnexpectedPayload` | 502 |
 * | `UpstreamUnavailable` | 504 when it timed out, else 503 |
 * | `StoreError` | 503 (konto's own store is unavailable) |
 */
import { ApiProblem } from "@konto/api"
import type { ConnectorError } from "@konto/core"
import type { StoreError } from "@konto/store"

/** The problems a connector call may end in. */
export type ConnectorProblem =
  | ApiProblem.InvalidParameter
  | ApiProblem.UnsupportedQuery
  | ApiProblem.NotImplemented
  | ApiProblem.NotFound
  | ApiProblem.TooManyRequests
  | ApiProblem.BadGateway
  | ApiProblem.ServiceUnavailable
  | ApiProblem.GatewayTimeout

/** Whether a `NotSupported` is about the operation itself (501) or about the query (400). */
export type NotSupportedScope = "operation" | "query"

/** Seconds for a `Retry-After` header (at least 1). */
export const retryAfterSeconds = (millis: number): number => Math.max(1, Math.ceil(millis / 1000))

const timedOut = (status: number | null, detail: string): boolean =>
  status === 504 || status === 408 || /time(d)?[ -]?out/i.test(detail)

/** The problem for a connector error. */
export function fromConnectorError(
  error: ConnectorError,
  notSupported: "operation"
): Exclude<ConnectorProblem, ApiProblem.UnsupportedQuery>
export function fromConnectorError(error: ConnectorError, notSupported: NotSupportedScope): ConnectorProblem
export function fromConnectorError(error: ConnectorError, notSupported: NotSupportedScope): ConnectorProblem {
  switch (error._tag) {
    case "InvalidInput":
      return new ApiProblem.InvalidParameter({ parameter: error.field, detail: `${error.field}: ${error.detail}` })
    case "NotSupported":
      return notSupported === "query"
        ? new ApiProblem.UnsupportedQuery({ system: error.system, detail: error.detail })
        : new ApiProblem.NotImplemented({ system: error.system, detail: error.detail })
    case "NotFound":
      return new ApiProblem.NotFound({ detail: error.message })
    case "RateLimited":
      return new ApiProblem.TooManyRequests({
        detail: error.message,
        ...(error.retryAfterMillis === null ? {} : { retryAfterSeconds: retryAfterSeconds(error.retryAfterMillis) })
      })
    case "Unauthorized":
      return new ApiProblem.BadGateway({
        system: error.system,
        detail: `${error.system} refused the consent's credentials; connect the consent again`
      })
    case "UpstreamRejected":
      return new ApiProblem.BadGateway({ system: error.system, detail: error.message })
    case "UnexpectedPayload":
      return new ApiProblem.BadGateway({
        system: error.system,
        detail: `${error.system} sent a response konto cannot read`
      })
    case "UpstreamUnavailable":
      return timedOut(error.status, error.detail)
        ? new ApiProblem.GatewayTimeout({ system: error.system, detail: `${error.system} did not answer in time` })
        : new ApiProblem.ServiceUnavailable({ system: error.system, detail: error.message })
  }
}

/** The problem for a failure of konto's own store (its message is written to be safe to show). */
export const fromStoreError = (error: StoreError): ApiProblem.ServiceUnavailable =>
  new ApiProblem.ServiceUnavailable({ detail: `konto's store is unavailable (${error.reason})` })
