/**
 * @konto/testkit — fast-check arbitraries for konto's canonical schemas and the conformance suite every konto
 * adapter passes. `vitest`, `@effect/vitest` and `fast-check` are peer dependencies.
 */
export * as Arbitraries from "./Arbitraries.ts"
export { checks, type ConformanceCheck, conformance, type ConformanceResult, createInputOf, runAll } from "./Conformance.ts"
export { ConformanceFailure } from "./ConformanceFailure.ts"
export * as ConformanceHarness from "./ConformanceHarness.ts"
export { type ConformanceSubject, factsOf, resolve, type ResolvedSubject, type UnknownFact } from "./ConformanceSubject.ts"
export * as TestClockDriver from "./TestClockDriver.ts"
