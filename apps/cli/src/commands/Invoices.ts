/**
 * `konto invoices list|get|create`: a consent's (or a simulated system's) sales invoices. Listings stream: any
 * number of invoices in constant memory.
 */

import { createHash } from "node:crypto"
import { readFile } from "node:fs/promises"
import { SalesInvoiceInputDto, SalesInvoiceQuery } from "@konto/api"
import {
  type CalendarDate,
  ExactJson,
  type InvoiceStatus,
  invoiceStatuses,
  ListQuery,
  SalesInvoices
} from "@konto/core"
import { InvoiceExport, InvoiceFormat, InvoiceTable, Ndjson } from "@konto/invoice-export"
import { Effect, Option, Schema, Stream } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import * as CommandFailure from "../CommandFailure.ts"
import * as InvoiceSource from "../InvoiceSource.ts"
import * as Output from "../Output.ts"
import { UsageError } from "../UsageError.ts"

const listFlags = {
  ...InvoiceSource.flags,
  status: Flag.Literals("status", invoiceStatuses).pipe(
    Flag.withDescription(`Only invoices with this derived status: ${invoiceStatuses.join(", ")}`),
    Flag.optional
  ),
  from: Flag.String("from").pipe(
    Flag.withSchema(SalesInvoiceQuery.InvoiceDateParam),
    Flag.withDescription("Issued on or after this date (yyyy-MM-dd)"),
    Flag.optional
  ),
  to: Flag.String("to").pipe(
    Flag.withSchema(SalesInvoiceQuery.InvoiceDateParam),
    Flag.withDescription("Issued on or before this date (yyyy-MM-dd)"),
    Flag.optional
  ),
  modifiedSince: Flag.String("modified-since").pipe(
    Flag.withSchema(SalesInvoiceQuery.DateTimeParam),
    Flag.withDescription("Changed on or after this instant (ISO 8601; without a zone, in the consent's time zone)"),
    Flag.optional
  ),
  createdSince: Flag.String("created-since").pipe(
    Flag.withSchema(SalesInvoiceQuery.DateTimeParam),
    Flag.withDescription("Created on or after this instant (ISO 8601; without a zone, in the consent's time zone)"),
    Flag.optional
  ),
  order: Flag.Literals("order", ListQuery.OrderBy.literals).pipe(
    Flag.withDescription("Order by issue date (default: the system's order)"),
    Flag.optional
  )
}

/** The listing query of the flags, as the HTTP API reads the same parameters. */
export const queryOf = (
  input: {
    readonly status: Option.Option<InvoiceStatus>
    readonly from: Option.Option<CalendarDate.CalendarDate>
    readonly to: Option.Option<CalendarDate.CalendarDate>
    readonly modifiedSince: Option.Option<SalesInvoiceQuery.DateTimeParam>
    readonly createdSince: Option.Option<SalesInvoiceQuery.DateTimeParam>
    readonly order: Option.Option<ListQuery.OrderBy>
  },
  timeZone: string
): ListQuery.ListQuery =>
  SalesInvoiceQuery.toListQuery(
    {
      ...Option.match(input.status, { onNone: () => ({}), onSome: (Status) => ({ Status }) }),
      ...Option.match(input.from, { onNone: () => ({}), onSome: (FromInvoiceDate) => ({ FromInvoiceDate }) }),
      ...Option.match(input.to, { onNone: () => ({}), onSome: (ToInvoiceDate) => ({ ToInvoiceDate }) }),
      ...Option.match(input.modifiedSince, {
        onNone: () => ({}),
        onSome: (ModifiedDateTime) => ({ ModifiedDateTime })
      }),
      ...Option.match(input.createdSince, { onNone: () => ({}), onSome: (CreatedDateTime) => ({ CreatedDateTime }) }),
      ...Option.match(input.order, { onNone: () => ({}), onSome: (OrderBy) => ({ OrderBy }) }),
      Include: ["paymentStatus", "paymentTerms"]
    },
    timeZone
  ).query

/** Fails with `NotSupported` before any output when the system cannot serve the query (as `list` would later). */
export const checkQuery = (salesInvoices: SalesInvoices.SalesInvoicesShape, query: ListQuery.ListQuery) =>
  SalesInvoices.checkQuery(salesInvoices.system, salesInvoices.displayName, salesInvoices.capabilities, query)

/** The query flags of listings (shared with `konto export`). */
export const queryFlags = listFlags

const list = Command.make(
  "list",
  {
    ...listFlags,
    limit: Flag.Int("limit").pipe(Flag.withDescription("At most this many invoices"), Flag.optional),
    format: Flag.Literals("format", InvoiceFormat.InvoiceFormat.literals).pipe(
      Flag.withDescription(
        "table (default), json (one array), ndjson (one invoice per line) or csv (RFC 4180, documented columns)"
      ),
      Flag.withDefault("table")
    )
  },
  (input) =>
    CommandFailure.handle(
      Effect.scoped(
        Effect.gen(function* () {
          if (Option.isSome(input.limit) && input.limit.value < 0)
            return yield* new UsageError({ message: "--limit: must not be negative" })
          const source = yield* InvoiceSource.open(input)
          const query = queryOf(input, source.timeZone)
          yield* checkQuery(source.salesInvoices, query)
          const invoices = source.salesInvoices.list(query)
          const limited = Option.match(input.limit, {
            onNone: () => invoices,
            onSome: (limit) => Stream.take(invoices, limit)
          })
          yield* InvoiceExport.run(limited, Output.stdout, { encoder: InvoiceFormat.encoder(input.format) })
        })
      )
    )
).pipe(
  Command.withDescription("List a consent's sales invoices (every page, streamed)"),
  Command.withExamples([
    { command: "konto invoices list --demo", description: "25 invoices of a simulated Fortnox" },
    {
      command: "konto invoices list --consent <id> --status Overdue --format csv",
      description: "Overdue invoices as CSV"
    },
    {
      command: "konto invoices list --consent <id> --modified-since 2025-06-01 --format ndjson",
      description: "Changed since June"
    }
  ])
)

const get = Command.make(
  "get",
  {
    ...InvoiceSource.flags,
    id: Argument.String("id").pipe(Argument.withDescription("The invoice's id (the `id` of a listing entry)")),
    format: Flag.Literals("format", ["json", "table"]).pipe(
      Flag.withDescription("json (default: the canonical invoice) or table"),
      Flag.withDefault("json")
    )
  },
  (input) =>
    CommandFailure.handle(
      Effect.scoped(
        Effect.gen(function* () {
          const source = yield* InvoiceSource.open(input)
          const invoice = yield* source.salesInvoices.get(input.id, { include: { paymentStatus: true } })
          yield* Output.print(
            input.format === "table"
              ? InvoiceTable.details(invoice)
              : ExactJson.stringify(Ndjson.invoiceJson(invoice), 2) + "\n"
          )
        })
      )
    )
).pipe(
  Command.withDescription("Show one sales invoice in full"),
  Command.withExamples([
    { command: "konto invoices get 1001 --demo --format table", description: "Invoice 1001 of a simulated Fortnox" }
  ])
)

const decodeInput = Schema.decodeUnknownEffect(SalesInvoiceInputDto.SalesInvoiceInputDto)

const readInput = (path: string) =>
  Effect.gen(function* () {
    const text = yield* Effect.tryPromise({
      try: () => readFile(path, "utf8"),
      catch: (cause) =>
        new UsageError({
          message: `--file: cannot read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`
        })
    })
    const json = yield* Effect.try({
      try: () => ExactJson.parse(text),
      catch: (cause) =>
        new UsageError({
          message: `--file: ${path} is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`
        })
    })
    const input = yield* decodeInput(json).pipe(
      Effect.mapError(
        (error) => new UsageError({ message: `--file: ${path} is not a sales invoice input: ${error.message}` })
      )
    )
    return { input, digest: createHash("sha256").update(text).digest("hex") }
  })

const create = Command.make(
  "create",
  {
    ...InvoiceSource.flags,
    file: Flag.String("file").pipe(
      Flag.withDescription("The invoice to create: API.1's SalesInvoiceInputDto as JSON"),
      Flag.withAlias("f")
    ),
    idempotencyKey: Flag.String("idempotency-key").pipe(
      Flag.withDescription("The same key never creates twice (default: derived from the file's content)"),
      Flag.optional
    ),
    format: Flag.Literals("format", ["json", "table"]).pipe(
      Flag.withDescription("json (default: the created invoice) or table"),
      Flag.withDefault("json")
    )
  },
  (input) =>
    CommandFailure.handle(
      Effect.scoped(
        Effect.gen(function* () {
          const { digest, input: invoiceInput } = yield* readInput(input.file)
          const source = yield* InvoiceSource.open(input)
          const idempotencyKey = Option.getOrElse(input.idempotencyKey, () => `konto-cli-${digest.slice(0, 32)}`)
          const invoice = yield* source.salesInvoices.create(invoiceInput, { idempotencyKey })
          yield* Output.print(
            input.format === "table"
              ? InvoiceTable.details(invoice)
              : ExactJson.stringify(Ndjson.invoiceJson(invoice), 2) + "\n"
          )
        })
      )
    )
).pipe(
  Command.withDescription("Create a sales invoice from a JSON file (idempotent: the same file never creates twice)"),
  Command.withExamples([
    {
      command: "konto invoices create --demo --file invoice.json",
      description: "Create an invoice in a simulated Fortnox"
    }
  ])
)

/** The command group. */
export const invoices = Command.make("invoices").pipe(
  Command.withDescription("Read and create a consent's sales invoices"),
  Command.withSubcommands([list, get, create])
)
