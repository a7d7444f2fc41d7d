/**
 * What an adapter tells the conformance suite about itself: its connector, its simulator, and what its vendor
 * cannot represent or does not expose. From that the suite chooses seeds and computes what every answer
 * should be.
 */
import {
  CalendarDate,
  type Capabilities,
  type Connector,
  type DerivedStatus,
  deriveStatus,
  type InvoiceFacts,
  type InvoiceStatus,
  invoiceStatuses,
  type SalesInvoiceInput
} from "@konto/core"
import type { Faults, SimulatorModule } from "@konto/simulator-kit"
import { InvoiceSeed } from "@konto/simulator-kit"
import { Option } from "effect"

/** A status fact (or amount) a system may not expose: the connector reports it as unknown (`Option.none()`). */
export type UnknownFact =
  | "total"
  | "net"
  | "balance"
  | "isCreditNote"
  | "booked"
  | "cancelled"
  | "draft"
  | "sent"
  | "sold"
  | "dueDate"

/** What an adapter passes to `conformance(...)`. Only `connector` and `simulator` are required. */
export interface ConformanceSubject {
  readonly connector: Connector.Connector
  /** The adapter's `simulator` export. */
  readonly simulator: SimulatorModule.SimulatorModule
  /** Facts the system does not expose (the canonical invoice has `none` for them). Default: none. */
  readonly unknownFacts?: ReadonlyArray<UnknownFact>
  /** Narrows the simulator's `seedProfile` (what generated seeds may contain). */
  readonly seedProfile?: Partial<InvoiceSeed.SeedProfile>
  /** How many invoices the simulator holds (default 40). */
  readonly invoiceCount?: number
  /** The generator seed to start the search for a covering seed set from (default 1). */
  readonly seed?: number
  /** "Today" (default `InvoiceSeed.defaultAsOf`, 2025-06-15); the TestClock is set to 06:00 of it. */
  readonly asOf?: CalendarDate.CalendarDate
  /** The connection's time zone (default Europe/Stockholm). */
  readonly timeZone?: string
  /** Page sizes the paging check walks (default 1, 2, 3, 7, 10, 33, 100). */
  readonly pageSizes?: ReadonlyArray<number>
  /** Faults for the fault check (default: seed 7, rate 0.2, every kind, GETs only). */
  readonly faults?: Faults.FaultOptions
  /** The invoice to create (default: two lines to the first seed's customer). */
  readonly createInput?: (
    seeds: ReadonlyArray<InvoiceSeed.InvoiceSeed>,
    asOf: CalendarDate.CalendarDate
  ) => SalesInvoiceInput.SalesInvoiceInput
}

/** A subject with every default filled in and its seeds chosen. */
export interface ResolvedSubject {
  readonly subject: ConformanceSubject
  readonly connector: Connector.Connector
  readonly simulator: SimulatorModule.SimulatorModule
  readonly capabilities: Capabilities.Capabilities
  readonly unknownFacts: ReadonlySet<UnknownFact>
  readonly profile: InvoiceSeed.SeedProfile
  readonly asOf: CalendarDate.CalendarDate
  readonly timeZone: string
  readonly pageSizes: ReadonlyArray<number>
  readonly faults: Faults.FaultOptions
  readonly seeds: ReadonlyArray<InvoiceSeed.InvoiceSeed>
  /** What the connector should report for a seed. */
  readonly expected: (seed: InvoiceSeed.InvoiceSeed) => DerivedStatus
  /** The statuses the suite can check a filter of (served natively or emulated). */
  readonly filterableStatuses: ReadonlyArray<InvoiceStatus>
}

/** The seed's facts as the connector can know them (unknown facts masked). */
export const factsOf = (seed: InvoiceSeed.InvoiceSeed, unknown: ReadonlySet<UnknownFact>): InvoiceFacts => {
  const facts = InvoiceSeed.facts(seed)
  const mask = <A>(name: UnknownFact, value: Option.Option<A>): Option.Option<A> =>
    unknown.has(name) ? Option.none() : value
  return {
    total: mask("total", facts.total),
    balance: mask("balance", facts.balance),
    isCreditNote: mask("isCreditNote", facts.isCreditNote),
    booked: mask("booked", facts.booked),
    cancelled: mask("cancelled", facts.cancelled),
    draft: mask("draft", facts.draft),
    sent: mask("sent", facts.sent),
    sold: mask("sold", facts.sold),
    dueDate: mask("dueDate", facts.dueDate)
  }
}

const covers = (
  seeds: ReadonlyArray<InvoiceSeed.InvoiceSeed>,
  statuses: ReadonlyArray<InvoiceStatus>,
  expected: (seed: InvoiceSeed.InvoiceSeed) => DerivedStatus
): boolean => {
  const derived = seeds.map((seed) => expected(seed).statuses)
  // Every checked filter must both match and exclude something, or a filter that returns all (or nothing) passes.
  return statuses.every(
    (status) => derived.some((set) => set.includes(status)) && derived.some((set) => !set.includes(status))
  )
}

/** Resolves defaults and chooses the first generator seed (from `seed`) whose invoices cover every checked filter. */
export const resolve = (subject: ConformanceSubject): ResolvedSubject => {
  const capabilities = subject.connector.capabilities
  const unknownFacts = new Set(subject.unknownFacts ?? [])
  const profile: InvoiceSeed.SeedProfile = { ...subject.simulator.seedProfile, ...subject.seedProfile }
  const asOf = subject.asOf ?? InvoiceSeed.defaultAsOf
  const count = subject.invoiceCount ?? 40
  const expected = (seed: InvoiceSeed.InvoiceSeed) => deriveStatus(factsOf(seed, unknownFacts), asOf)
  const filterableStatuses = invoiceStatuses.filter(
    (status) => capabilities.statusFilters[status].mode !== "not-supported"
  )
  const generate = (seed: number) => [...InvoiceSeed.generate({ seed, count, asOf, profile })]
  const first = subject.seed ?? 1
  let seeds = generate(first)
  for (let attempt = 0; attempt < 500 && !covers(seeds, filterableStatuses, expected); attempt++) {
    seeds = generate(first + attempt + 1)
  }
  return {
    subject,
    connector: subject.connector,
    simulator: subject.simulator,
    capabilities,
    unknownFacts,
    profile,
    asOf,
    timeZone: subject.timeZone ?? CalendarDate.defaultTimeZone,
    pageSizes: subject.pageSizes ?? [1, 2, 3, 7, 10, 33, 100],
    faults: subject.faults ?? { seed: 7, rate: 0.2 },
    seeds,
    expected,
    filterableStatuses
  }
}
