/**
 * Where invoice commands read from: a stored consent (`--consent <id>`, owned by the caller's API key), opened
 * through `@konto/server`'s `Connections` exactly as the HTTP API opens it — or, with `--demo`, a simulated system
 * (`Demo`).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { RateLimiter } from "@konto/connector-kit"
import { CalendarDate, type ConnectorError, ConnectorRegistry, SalesInvoices } from "@konto/core"
import { Connections } from "@konto/server"
import type { ApiKeys, DataDirectoryLocked, StoreError } from "@konto/store"
import { Context, Effect, Layer, Option, type Redacted, type Scope } from "effect"
import { Flag, type Prompt } from "effect/cli"
import { connectors } from "./Connectors.ts"
import * as Demo from "./Demo.ts"
import * as StoreAccess from "./StoreAccess.ts"
import { UsageError } from "./UsageError.ts"

/** The flags that pick the source. */
export const flags = {
  consent: Flag.String("consent").pipe(
    Flag.withDescription("The consent to read (see `konto consents list`)"),
    Flag.optional
  ),
  apiKey: StoreAccess.apiKeyFlag,
  demo: Flag.String("demo").pipe(
    Flag.withOptionalValue("fortnox"),
    Flag.withDescription(
      `Read a simulated system instead of a consent: --demo (Fortnox) or --demo=<system> (${Demo.systems.join(", ")})`
    ),
    Flag.optional
  ),
  demoInvoices: Flag.Int("demo-invoices").pipe(
    Flag.withDescription("How many invoices the simulated system holds (with --demo)"),
    Flag.withDefault(25)
  ),
  demoRateLimitScale: Flag.String("demo-rate-limit-scale").pipe(
    Flag.withDescription(
      "Run the simulated system's rate limits (and konto's own limiter) this many times faster; `none` removes them (with --demo)"
    ),
    Flag.withDefault("1")
  )
}

/** The parsed source flags. */
export interface SourceOptions {
  readonly consent: Option.Option<string>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly demo: Option.Option<string>
  readonly demoInvoices: number
  readonly demoRateLimitScale: string
}

/** An open source: the connection's invoices and the time zone its dates live in. */
export interface OpenSource {
  readonly salesInvoices: SalesInvoices.SalesInvoicesShape
  readonly timeZone: string
}

const rateLimitScaleOf = (text: string): Effect.Effect<number, UsageError> => {
  if (text.trim().toLowerCase() === "none") return Effect.succeed(Number.POSITIVE_INFINITY)
  const scale = Number(text)
  return Number.isFinite(scale) && scale >= 1
    ? Effect.succeed(scale)
    : Effect.fail(
        new UsageError({ message: `--demo-rate-limit-scale: expected a number of at least 1 or "none", got "${text}"` })
      )
}

const openDemo = (system: string, options: SourceOptions) =>
  Effect.gen(function* () {
    if (options.demoInvoices < 0) return yield* new UsageError({ message: "--demo-invoices: must not be negative" })
    const rateLimitScale = yield* rateLimitScaleOf(options.demoRateLimitScale)
    const context = yield* Layer.build(Demo.layer({ system, invoiceCount: options.demoInvoices, rateLimitScale }))
    return { salesInvoices: Context.get(context, SalesInvoices.SalesInvoices), timeZone: CalendarDate.defaultTimeZone }
  })

const consentServices = Connections.layer().pipe(
  Layer.provideMerge(StoreAccess.layer),
  Layer.provideMerge(ConnectorRegistry.layer(connectors)),
  Layer.provideMerge(NodeHttpClient.layerUndici),
  Layer.provideMerge(RateLimiter.layerRegistry)
)

const openConsent = (consentId: string, options: SourceOptions) =>
  Effect.gen(function* () {
    // Built in the caller's scope: the store, the HTTP client and the connection stay open while it is used.
    const services = yield* Layer.build(consentServices)
    return yield* Effect.gen(function* () {
      const apiKey = yield* StoreAccess.apiKeyOf(options.apiKey)
      const connections = yield* Connections.Connections
      const opened = yield* connections.open(apiKey.id, consentId)
      return { salesInvoices: opened.salesInvoices, timeZone: opened.consent.timeZone }
    }).pipe(Effect.provideContext(services))
  })

/** Why a source could not be opened. */
export type OpenSourceError =
  | UsageError
  | ConnectorError
  | Connections.OpenError
  | ApiKeys.ApiKeyInvalid
  | StoreError
  | DataDirectoryLocked
  | ConnectorRegistry.DuplicateConnector

/** Opens the source the flags name; held until the scope closes. */
export const open = (
  options: SourceOptions
): Effect.Effect<OpenSource, OpenSourceError, Scope.Scope | Prompt.Environment> =>
  Option.match(options.demo, {
    onSome: (system) =>
      Option.isSome(options.consent)
        ? Effect.fail(new UsageError({ message: "use either --consent or --demo, not both" }))
        : openDemo(system, options),
    onNone: () =>
      Option.match(options.consent, {
        onNone: () =>
          Effect.fail(
            new UsageError({
              message: "which invoices? name a consent with --consent <id> (see `konto consents list`), or try --demo"
            })
          ),
        onSome: (consentId) => openConsent(consentId, options)
      })
  })
