/**
 * @konto/testkit — fast-check arbitraries for konto's canonical schemas and the conformance suite every konto
 * adapter passes. `vitest`, `@effect/vitest` and `fast-check` are peer dependencies.
 */
export * as Arbitraries from "./Arbitraries.ts"
export {
  type ConformanceCheck,
  type ConformanceResult,
  checks,
  conformance,
  createInputOf,
  runAll
} from "./Conformance.ts"
export { ConformanceFailure } from "./ConformanceFailure.ts"
export * as ConformanceHarness from "./ConformanceHarness.ts"
export {
  type ConformanceSubject,
  factsOf,
  type ResolvedSubject,
  resolve,
  type UnknownFact
} from "./ConformanceSubject.ts"
export * as TestClockDriver from "./TestClockDriver.ts"
