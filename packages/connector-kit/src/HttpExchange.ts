/**
 * One HTTP exchange with a vendor (internal): send, read the whole body text, all under a timeout, with
 * transport failures and timeouts mapped to `UpstreamUnavailable`. Status codes are left to the caller.
 */

import type { UpstreamUnavailable } from "@konto/core"
import { Effect } from "effect"
import type { Headers, HttpClient, HttpClientRequest } from "effect/http"
import * as HttpErrors from "./HttpErrors.ts"

/** A vendor response with its body read. */
export interface VendorResponse {
  readonly status: number
  readonly headers: Headers.Headers
  /** The body text as received (empty for 204). */
  readonly text: string
}

/** Sends a request and reads its body under the timeout; transport failures become `UpstreamUnavailable`. */
export const exchange = (
  http: HttpClient.HttpClient,
  context: HttpErrors.ErrorContext,
  request: HttpClientRequest.HttpClientRequest,
  timeoutMillis: number
): Effect.Effect<VendorResponse, UpstreamUnavailable> =>
  http.execute(request).pipe(
    Effect.flatMap((response) =>
      Effect.map(
        response.text,
        (text): VendorResponse => ({ status: response.status, headers: response.headers, text })
      )
    ),
    Effect.mapError((error) => HttpErrors.fromHttpClientError(context, error)),
    Effect.timeoutOrElse({
      duration: timeoutMillis,
      orElse: () => Effect.fail(HttpErrors.timedOut(context, timeoutMillis))
    })
  )

/** Whether a status is 2xx. */
export const isSuccess = (status: number): boolean => status >= 200 && status < 300
