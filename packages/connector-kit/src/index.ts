/**
 * @konto/connector-kit — what every konto adapter's `<System>Client` is built on: vendor HTTP failures as core's
 * tagged errors, exact JSON decoding, safe retries, per-connection rate limiting, page walking and OAuth token
 * refresh coordination, tied together by `VendorClient`.
 */
export * as ClientAuth from "./ClientAuth.ts"
export * as HttpErrors from "./HttpErrors.ts"
export * as JsonBody from "./JsonBody.ts"
export * as OAuthSession from "./OAuthSession.ts"
export * as OAuthTokenEndpoint from "./OAuthTokenEndpoint.ts"
export * as RateLimiter from "./RateLimiter.ts"
export * as RetryPolicy from "./RetryPolicy.ts"
export * as VendorClient from "./VendorClient.ts"
export * as VendorPages from "./VendorPages.ts"
