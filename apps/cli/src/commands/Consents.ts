/**
 * `konto consents add|list|show|remove`: the consents of the caller's API key in the store. `add --system` connects
 * the consent at once: settings and secrets come from flags, `KONTO_SECRET_<NAME>` variables or prompts (secrets
 * without echo), and the connection is checked with one cheap call to the system before it is stored.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { type Connection, ConnectorRegistry, SalesInvoices, SystemId, TokenStore } from "@konto/core"
import { Table } from "@konto/invoice-export"
import { type Consent, Consents } from "@konto/store"
import { DateTime, Effect, Layer, Option, Redacted, Schema } from "effect"
import { Argument, Command, Flag, Prompt, TerminalCapabilities } from "effect/cli"
import * as CommandFailure from "../CommandFailure.ts"
import { connectors } from "../Connectors.ts"
import * as Output from "../Output.ts"
import * as Secrets from "../Secrets.ts"
import * as StoreAccess from "../StoreAccess.ts"
import { UsageError } from "../UsageError.ts"

/** The system refused the connection's credentials while it was checked (exit code 5). */
export class ConnectionRefused extends Schema.TaggedError<ConnectionRefused>()("ConnectionRefused", {
  message: Schema.String
}) {}

const consentJson = (consent: Consent.Consent) => ({
  id: consent.id,
  name: consent.name,
  status: consent.status,
  system: Option.getOrNull(consent.source),
  isTest: consent.isTest,
  timeZone: consent.timeZone,
  baseUrl: Option.getOrNull(consent.baseUrl),
  settings: consent.settings,
  secretNames: consent.secretNames,
  createdOn: DateTime.formatIso(consent.createdOn),
  updatedOn: Option.getOrNull(Option.map(consent.updatedOn, DateTime.formatIso)),
  version: consent.version
})

const details = (consent: Consent.Consent): string => {
  const fields: ReadonlyArray<readonly [string, string]> = [
    ["Id", consent.id],
    ["Name", consent.name],
    ["Status", consent.status],
    ["System", Option.getOrElse(consent.source, () => "— (not connected)")],
    ["Test", String(consent.isTest)],
    ["Time zone", consent.timeZone],
    ["Base URL", Option.getOrElse(consent.baseUrl, () => "—")],
    [
      "Settings",
      Object.entries(consent.settings)
        .map(([name, value]) => `${name}=${value}`)
        .join(" ") || "—"
    ],
    [
      "Secrets",
      consent.secretNames.length === 0 ? "—" : `${consent.secretNames.join(" ")} (stored encrypted, never shown)`
    ],
    ["Created", DateTime.formatIso(consent.createdOn)],
    ["Updated", Option.match(consent.updatedOn, { onNone: () => "—", onSome: DateTime.formatIso })]
  ]
  const width = Math.max(...fields.map(([label]) => label.length))
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${Table.cell(value)}\n`).join("")
}

const columns: ReadonlyArray<Table.Column<Consent.Consent>> = [
  { header: "ID", value: (consent) => consent.id },
  { header: "NAME", value: (consent) => consent.name },
  { header: "STATUS", value: (consent) => consent.status },
  { header: "SYSTEM", value: (consent) => Option.getOrElse(consent.source, () => "—") },
  { header: "TEST", value: (consent) => (consent.isTest ? "yes" : "no") },
  { header: "CREATED", value: (consent) => DateTime.formatIso(consent.createdOn) }
]

const viewFormat = Flag.Literals("format", ["text", "json"]).pipe(
  Flag.withDescription("text (default) or json"),
  Flag.withDefault("text")
)

const print = (consent: Consent.Consent, format: "text" | "json") =>
  Output.print(format === "json" ? JSON.stringify(consentJson(consent), null, 2) + "\n" : details(consent))

/** A required setting that was not given: asked for in a terminal, else a usage error. */
const askSetting = (name: string, description: string) =>
  Effect.gen(function* () {
    const terminal = yield* TerminalCapabilities.TerminalCapabilities
    if (!terminal.canPrompt) {
      return yield* new UsageError({
        message: `missing setting ${name} (${description}): pass --setting ${name}=<value>`
      })
    }
    return yield* Prompt.run(Prompt.String({ message: `${name} (${description})` })).pipe(
      Effect.catchTag("QuitError", () => new UsageError({ message: `no ${name} given` }))
    )
  })

/** The connection the flags describe for `system`, its fields completed from the environment or prompts. */
const connectionInput = (input: {
  readonly system: string
  readonly settings: Option.Option<Record<string, string>>
  readonly secrets: Option.Option<Record<string, string>>
}) =>
  Effect.gen(function* () {
    const registry = yield* ConnectorRegistry.make(connectors)
    const connector = yield* registry.get(input.system)
    const settings: Record<string, string> = { ...Option.getOrElse(input.settings, () => ({})) }
    const given: Record<string, string> = Option.getOrElse(input.secrets, () => ({}))
    const secrets: Record<string, Redacted.Redacted<string>> = {}
    for (const field of connector.connectionFields) {
      if (field.secret) {
        const source: Secrets.SecretSource = {
          label: `${connector.displayName} ${field.name}`,
          flag: `--secret ${field.name}=<value>`,
          value: Option.map(Option.fromUndefinedOr(given[field.name]), (value) =>
            Redacted.make(value, { label: field.name })
          ),
          environmentVariable: Secrets.environmentVariableOf(field.name)
        }
        const secret = field.required ? Option.some(yield* Secrets.resolve(source)) : yield* Secrets.given(source)
        if (Option.isSome(secret)) secrets[field.name] = secret.value
      } else if (field.required && (settings[field.name] ?? "").trim() === "") {
        settings[field.name] = yield* askSetting(field.name, field.description)
      }
    }
    for (const name of Object.keys(given)) {
      if (!(name in secrets)) secrets[name] = Redacted.make(given[name]!, { label: name })
    }
    return { connector, settings, secrets }
  })

const oauthTokens = (input: {
  readonly accessToken: Option.Option<Redacted.Redacted<string>>
  readonly refreshToken: Option.Option<Redacted.Redacted<string>>
}) =>
  Effect.gen(function* () {
    const refreshToken = yield* Secrets.given({
      label: "refresh token",
      flag: "--refresh-token",
      value: input.refreshToken,
      environmentVariable: "KONTO_REFRESH_TOKEN"
    })
    const accessToken = yield* Secrets.given({
      label: "access token",
      flag: "--access-token",
      value: input.accessToken,
      environmentVariable: "KONTO_ACCESS_TOKEN"
    })
    if (Option.isNone(refreshToken)) {
      return Option.isSome(accessToken)
        ? yield* new UsageError({ message: "--access-token needs --refresh-token (or KONTO_REFRESH_TOKEN)" })
        : Option.none<TokenStore.OAuthTokens>()
    }
    // Without an access token (or its expiry) the connector refreshes before the first call.
    return Option.some<TokenStore.OAuthTokens>({
      accessToken: Option.getOrElse(accessToken, () => Redacted.make("", { label: "accessToken" })),
      refreshToken: refreshToken.value,
      expiresAtMillis: 0
    })
  })

/** One cheap call with the connection (its OAuth tokens in a scratch store); returns the tokens to keep. */
const check = (
  connection: Connection,
  layer: ReturnType<(typeof connectors)[number]["layer"]>,
  tokens: Option.Option<TokenStore.OAuthTokens>
) =>
  Effect.gen(function* () {
    const scratch = yield* TokenStore.makeMemory
    if (Option.isSome(tokens)) yield* Effect.orDie(scratch.compareAndSet(connection.connectionId, null, tokens.value))
    const services = yield* Layer.build(
      layer.pipe(
        Layer.provide(Layer.mergeAll(Layer.succeed(TokenStore.TokenStore, scratch), NodeHttpClient.layerUndici))
      )
    )
    const salesInvoices = yield* Effect.provide(SalesInvoices.SalesInvoices, services)
    yield* salesInvoices.verify.pipe(
      Effect.catchTag("Unauthorized", (error) =>
        Effect.fail(new ConnectionRefused({ message: `${connection.system} refused the credentials: ${error.detail}` }))
      )
    )
    // A refresh during the check may have rotated single-use tokens: keep the latest.
    return Option.map(yield* Effect.orDie(scratch.load(connection.connectionId)), (stored) => stored.tokens)
  }).pipe(Effect.scoped)

const add = Command.make(
  "add",
  {
    name: Flag.String("name").pipe(Flag.withDescription("The customer's name")),
    system: Flag.String("system").pipe(
      Flag.withDescription(
        `Connect it to this system at once (${connectors.map((connector) => connector.id).join(", ")}; see \`konto systems\`)`
      ),
      Flag.optional
    ),
    settings: Flag.KeyValuePair("setting").pipe(
      Flag.withDescription("A connection setting, name=value (repeatable); required ones not given are asked for"),
      Flag.optional
    ),
    secrets: Flag.KeyValuePair("secret").pipe(
      Flag.withDescription(
        "A connection secret, name=value (repeatable; prefer KONTO_SECRET_<NAME> or the prompt, which do not show in the process list)"
      ),
      Flag.optional
    ),
    accessToken: Flag.Redacted("access-token").pipe(
      Flag.withDescription("OAuth access token (or KONTO_ACCESS_TOKEN)"),
      Flag.optional
    ),
    refreshToken: Flag.Redacted("refresh-token").pipe(
      Flag.withDescription("OAuth refresh token, for systems that use OAuth (or KONTO_REFRESH_TOKEN)"),
      Flag.optional
    ),
    baseUrl: Flag.String("base-url").pipe(
      Flag.withDescription("Replaces the system's base URL (sandboxes, proxies)"),
      Flag.optional
    ),
    timeZone: Flag.String("time-zone").pipe(
      Flag.withDescription("IANA time zone of the invoice dates (default Europe/Stockholm)"),
      Flag.optional
    ),
    test: Flag.Boolean("test").pipe(Flag.withDescription("Mark it a test consent"), Flag.withDefault(false)),
    skipCheck: Flag.Boolean("skip-check").pipe(
      Flag.withDescription("Store the connection without checking it with the system first"),
      Flag.withDefault(false)
    ),
    apiKey: StoreAccess.apiKeyFlag,
    format: viewFormat
  },
  (input) =>
    CommandFailure.handle(
      Effect.gen(function* () {
        const apiKey = yield* StoreAccess.apiKeyOf(input.apiKey)
        const consents = yield* Consents.Consents
        const timeZone = Option.getOrUndefined(input.timeZone)
        const connection = yield* Option.match(input.system, {
          onNone: () =>
            Option.isSome(input.settings) || Option.isSome(input.secrets)
              ? Effect.fail(new UsageError({ message: "--setting and --secret need --system" }))
              : Effect.succeed(undefined),
          onSome: (system) =>
            Effect.gen(function* () {
              const { connector, secrets, settings } = yield* connectionInput({
                system,
                settings: input.settings,
                secrets: input.secrets
              })
              const tokens = yield* oauthTokens(input)
              const probe: Connection = {
                connectionId: "konto-cli-check",
                system: connector.id,
                timeZone: timeZone ?? "Europe/Stockholm",
                baseUrl: input.baseUrl,
                settings,
                secrets
              }
              const kept = input.skipCheck ? tokens : yield* check(probe, connector.layer(probe), tokens)
              return {
                system: SystemId.make(connector.id),
                timeZone,
                baseUrl: Option.getOrUndefined(input.baseUrl),
                settings,
                secrets,
                ...(Option.isSome(kept) ? { oauth: kept.value } : {})
              }
            })
        })
        const consent = yield* consents.create(apiKey.id, {
          name: input.name,
          isTest: input.test,
          timeZone,
          connection
        })
        yield* print(consent, input.format)
        yield* Output.note(
          `konto: added consent ${consent.id}${Option.isSome(consent.source) ? ` (${consent.source.value})` : " (not connected)"}`
        )
      }).pipe(Effect.provide(StoreAccess.layer))
    )
).pipe(
  Command.withDescription("Add a consent, optionally connected to an accounting system"),
  Command.withExamples([
    { command: 'konto consents add --name "Acme AB"', description: "A consent to connect later" },
    {
      command:
        'KONTO_SECRET_CLIENT_SECRET=… KONTO_REFRESH_TOKEN=… konto consents add --name "Acme AB" --system fortnox --setting clientId=…',
      description: "Connected to Fortnox, secrets from the environment"
    }
  ])
)

const list = Command.make(
  "list",
  {
    apiKey: StoreAccess.apiKeyFlag,
    format: Flag.Literals("format", ["table", "json"]).pipe(
      Flag.withDescription("table (default) or json"),
      Flag.withDefault("table")
    )
  },
  (input) =>
    CommandFailure.handle(
      Effect.gen(function* () {
        const apiKey = yield* StoreAccess.apiKeyOf(input.apiKey)
        const consents = yield* Consents.Consents
        const all: Array<Consent.Consent> = []
        for (let currentPage = 1; ; currentPage++) {
          const page = yield* consents.list(apiKey.id, { count: 100, currentPage })
          all.push(...page.consents)
          if (currentPage >= page.totalPages) break
        }
        yield* Output.print(
          input.format === "json" ? JSON.stringify(all.map(consentJson), null, 2) + "\n" : Table.render(columns, all)
        )
      }).pipe(Effect.provide(StoreAccess.layer))
    )
).pipe(Command.withDescription("List the consents of your API key"))

const consentId = Argument.String("id").pipe(Argument.withDescription("The consent's id (see `konto consents list`)"))

const show = Command.make("show", { id: consentId, apiKey: StoreAccess.apiKeyFlag, format: viewFormat }, (input) =>
  CommandFailure.handle(
    Effect.gen(function* () {
      const apiKey = yield* StoreAccess.apiKeyOf(input.apiKey)
      const consents = yield* Consents.Consents
      yield* print(yield* consents.get(apiKey.id, input.id), input.format)
    }).pipe(Effect.provide(StoreAccess.layer))
  )
).pipe(Command.withDescription("Show a consent (secrets by name only)"))

const remove = Command.make("remove", { id: consentId, apiKey: StoreAccess.apiKeyFlag }, (input) =>
  CommandFailure.handle(
    Effect.gen(function* () {
      const apiKey = yield* StoreAccess.apiKeyOf(input.apiKey)
      const consents = yield* Consents.Consents
      yield* consents.remove(apiKey.id, input.id)
      yield* Output.note(`konto: removed consent ${input.id} with its credentials and tokens`)
    }).pipe(Effect.provide(StoreAccess.layer))
  )
).pipe(Command.withDescription("Remove a consent with its credentials and tokens"))

/** The command group. */
export const consents = Command.make("consents").pipe(
  Command.withDescription("Manage the consents of your API key (each links a customer to their accounting system)"),
  Command.withSubcommands([add, list, show, remove])
)
