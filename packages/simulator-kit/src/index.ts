/**
 * @konto/simulator-kit — what every konto vendor simulator is built on: an in-memory record store,
 * vendor-shaped routes mountable as an `HttpClient` or on a real HTTP server, paging helpers, rate limits on
 * the effect `Clock`, seeded fault injection, request counts, an OAuth token endpoint, and `InvoiceSeed`.
 */
export * as Faults from "./Faults.ts"
export * as InvoiceSeed from "./InvoiceSeed.ts"
export * as OAuthServer from "./OAuthServer.ts"
export * as Paging from "./Paging.ts"
export * as Prng from "./Prng.ts"
export * as RateLimit from "./RateLimit.ts"
export * as RecordStore from "./RecordStore.ts"
export * as RequestCounter from "./RequestCounter.ts"
export * as Route from "./Route.ts"
export * as Simulator from "./Simulator.ts"
export * as SimulatorModule from "./SimulatorModule.ts"
export * as SimulatorRequest from "./SimulatorRequest.ts"
export * as SimulatorResponse from "./SimulatorResponse.ts"
export * as SimulatorServer from "./SimulatorServer.ts"
