/**
 * `konto keys create|list|revoke`: the API keys of the store (the server authenticates callers with them; consents
 * belong to one). A key's secret is shown once, when it is created; the store keeps only its hash.
 */
import { Table } from "@konto/invoice-export"
import { ApiKeys } from "@konto/store"
import { DateTime, Effect, Option, Redacted } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import * as CommandFailure from "../CommandFailure.ts"
import * as Output from "../Output.ts"
import * as StoreAccess from "../StoreAccess.ts"

const when = (instant: Option.Option<DateTime.Utc>): string =>
  Option.match(instant, { onNone: () => "—", onSome: DateTime.formatIso })

const keyJson = (key: ApiKeys.ApiKey) => ({
  id: key.id,
  label: key.label,
  prefix: key.prefix,
  createdAt: DateTime.formatIso(key.createdAt),
  lastUsedAt: Option.getOrNull(Option.map(key.lastUsedAt, DateTime.formatIso)),
  revokedAt: Option.getOrNull(Option.map(key.revokedAt, DateTime.formatIso))
})

const columns: ReadonlyArray<Table.Column<ApiKeys.ApiKey>> = [
  { header: "ID", value: (key) => key.id },
  { header: "LABEL", value: (key) => key.label },
  { header: "PREFIX", value: (key) => key.prefix },
  { header: "CREATED", value: (key) => DateTime.formatIso(key.createdAt) },
  { header: "LAST USED", value: (key) => when(key.lastUsedAt) },
  { header: "REVOKED", value: (key) => when(key.revokedAt) }
]

const format = Flag.Literals("format", ["text", "json"]).pipe(
  Flag.withDescription("text (default) or json"),
  Flag.withDefault("text")
)

const create = Command.make(
  "create",
  {
    label: Flag.String("label").pipe(
      Flag.withDescription("What the key is for (shown in listings)"),
      Flag.withDefault("")
    ),
    format
  },
  (input) =>
    CommandFailure.handle(
      Effect.gen(function* () {
        const apiKeys = yield* ApiKeys.ApiKeys
        const issued = yield* apiKeys.create({ label: input.label })
        if (input.format === "json") {
          yield* Output.print(
            JSON.stringify({ ...keyJson(issued.apiKey), key: Redacted.value(issued.key) }, null, 2) + "\n"
          )
        } else {
          yield* Output.print(`${Redacted.value(issued.key)}\n`)
        }
        yield* Output.note(
          `konto: created API key ${issued.apiKey.id}; it is shown only now — konto keeps only its hash`
        )
      }).pipe(Effect.provide(StoreAccess.layer))
    )
).pipe(
  Command.withDescription("Create an API key and print it (once)"),
  Command.withExamples([
    {
      command: "export KONTO_API_KEY=$(konto keys create --label ci)",
      description: "Create a key for the next commands"
    }
  ])
)

const list = Command.make(
  "list",
  {
    format: Flag.Literals("format", ["table", "json"]).pipe(
      Flag.withDescription("table (default) or json"),
      Flag.withDefault("table")
    )
  },
  (input) =>
    CommandFailure.handle(
      Effect.gen(function* () {
        const apiKeys = yield* ApiKeys.ApiKeys
        const keys = yield* apiKeys.list
        yield* Output.print(
          input.format === "json" ? JSON.stringify(keys.map(keyJson), null, 2) + "\n" : Table.render(columns, keys)
        )
      }).pipe(Effect.provide(StoreAccess.layer))
    )
).pipe(Command.withDescription("List the API keys (never their secrets)"))

const revoke = Command.make(
  "revoke",
  { id: Argument.String("id").pipe(Argument.withDescription("The key's id (see `konto keys list`)")) },
  (input) =>
    CommandFailure.handle(
      Effect.gen(function* () {
        const apiKeys = yield* ApiKeys.ApiKeys
        const revoked = yield* apiKeys.revoke(input.id)
        yield* Output.note(`konto: revoked API key ${revoked.id}${revoked.label === "" ? "" : ` (${revoked.label})`}`)
      }).pipe(Effect.provide(StoreAccess.layer))
    )
).pipe(Command.withDescription("Revoke an API key: it stops working at once"))

/** The command group. */
export const keys = Command.make("keys").pipe(
  Command.withDescription("Manage the store's API keys"),
  Command.withSubcommands([create, list, revoke])
)
