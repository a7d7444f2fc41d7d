/**
 * The errors a connector may fail with, each tagged and carrying the system and the operation.
 * `@konto/connector-kit` maps vendor HTTP responses to these at the adapter boundary.
 */
import { Schema } from "effect"

/** The operation an error happened in. */
export const Operation = Schema.Literals(["list", "get", "create", "connect", "refresh-token", "sync", "send"])
export type Operation = typeof Operation.Type

const context = {
  system: Schema.String,
  operation: Operation
}

/** The invoice (or another resource) does not exist in the system. */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  ...context,
  resource: Schema.String,
  id: Schema.String
}) {
  override get message(): string {
    return `${this.resource} ${this.id} was not found in ${this.system}`
  }
}

/** Why something is not supported: the vendor cannot, or konto has not built it yet. */
export const NotSupportedReason = Schema.Literals(["vendor-cannot", "not-built"])
export type NotSupportedReason = typeof NotSupportedReason.Type

/** The system (or konto's adapter for it) does not support the operation or query. Raised before any I/O. */
export class NotSupported extends Schema.TaggedError<NotSupported>()("NotSupported", {
  ...context,
  reason: NotSupportedReason,
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/** The credentials were refused, expired beyond refresh, or lack a scope. The user must reconnect. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  ...context,
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.system} refused the credentials: ${this.detail}`
  }
}

/** The system's rate limit was hit; `retryAfterMillis` when the vendor said how long to wait. */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  ...context,
  retryAfterMillis: Schema.NullOr(Schema.Number)
}) {
  override get message(): string {
    return (
      `${this.system} rate limit reached` +
      (this.retryAfterMillis === null ? "" : `; retry after ${Math.ceil(this.retryAfterMillis / 1000)} s`)
    )
  }
}

/** The system is down, timed out or answered with a server error. */
export class UpstreamUnavailable extends Schema.TaggedError<UpstreamUnavailable>()("UpstreamUnavailable", {
  ...context,
  status: Schema.NullOr(Schema.Number),
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.system} is unavailable${this.status === null ? "" : ` (HTTP ${this.status})`}: ${this.detail}`
  }
}

/** The system refused the request as invalid; `detail` is the vendor's own message. */
export class UpstreamRejected extends Schema.TaggedError<UpstreamRejected>()("UpstreamRejected", {
  ...context,
  status: Schema.NullOr(Schema.Number),
  detail: Schema.String,
  vendorCode: Schema.NullOr(Schema.String)
}) {
  override get message(): string {
    return `${this.system} rejected the request: ${this.detail}`
  }
}

/** The system answered with a payload konto cannot read; `path` says where decoding failed. */
export class UnexpectedPayload extends Schema.TaggedError<UnexpectedPayload>()("UnexpectedPayload", {
  ...context,
  path: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.system} sent an unexpected payload at ${this.path}: ${this.detail}`
  }
}

/** The caller's input is invalid (a query or an invoice to create); nothing was sent. */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  ...context,
  field: Schema.String,
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.field}: ${this.detail}`
  }
}

/** Every error a connector operation may fail with. */
export type ConnectorError =
  | NotFound
  | NotSupported
  | Unauthorized
  | RateLimited
  | UpstreamUnavailable
  | UpstreamRejected
  | UnexpectedPayload
  | InvalidInput

/** The schema of every connector error (for transport and the API). */
export const ConnectorError = Schema.Union([
  NotFound,
  NotSupported,
  Unauthorized,
  RateLimited,
  UpstreamUnavailable,
  UpstreamRejected,
  UnexpectedPayload,
  InvalidInput
])

/** The exact message API.1 uses for an unsupported status filter. */
export const statusFilterMessage = (status: string, systemDisplayName: string): string =>
  `Filtering by status ${status} is not supported by ${systemDisplayName}`
