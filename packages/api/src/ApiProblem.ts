/**
 * The errors of konto's API, each an RFC 9457 problem (`application/problem+json`) that validates against
 * API.1's `ProblemDetails` schema (`type`, `title`, `status`, `detail`, `instance`, extensions allowed).
 * Problems that share a status are told apart by `type`.
 */
import { Schema } from "effect"
import { HttpApiError } from "effect/http-api"

const typeUri = <const Name extends string>(name: Name) => `urn:konto:problem:${name}` as const

/** 400: a path, query, header or body parameter is missing or invalid; `parameter` names it. */
export class InvalidParameter extends HttpApiError.Problem<InvalidParameter>()(
  "InvalidParameter",
  {
    type: typeUri("invalid-parameter"),
    status: 400,
    title: "Invalid parameter"
  },
  {
    parameter: Schema.optionalKey(Schema.String)
  }
) {}

/**
 * 400: the system cannot filter or order the listing as asked. For a status filter the detail is exactly
 * API.1's `Filtering by status {status} is not supported by {system}`.
 */
export class UnsupportedQuery extends HttpApiError.Problem<UnsupportedQuery>()(
  "UnsupportedQuery",
  {
    type: typeUri("unsupported-query"),
    status: 400,
    title: "Query not supported by the system"
  },
  {
    system: Schema.optionalKey(Schema.String)
  }
) {}

/** 401: the `x-api-key` header (or the consent token) is missing or invalid. */
export class Unauthorized extends HttpApiError.Problem<Unauthorized>()("Unauthorized", {
  type: typeUri("unauthorized"),
  status: 401,
  title: "Unauthorized"
}) {}

/** 404: no such consent for this API key (another key's consent is indistinguishable), or no such invoice. */
export class NotFound extends HttpApiError.Problem<NotFound>()("NotFound", {
  type: typeUri("not-found"),
  status: 404,
  title: "Not found"
}) {}

/** 409: the consent is not connected (or revoked), or a create with the same idempotency key is in flight. */
export class Conflict extends HttpApiError.Problem<Conflict>()("Conflict", {
  type: typeUri("conflict"),
  status: 409,
  title: "Conflict"
}) {}

/** 412: `If-Match` does not match the consent's current `ETag`. */
export class PreconditionFailed extends HttpApiError.Problem<PreconditionFailed>()("PreconditionFailed", {
  type: typeUri("precondition-failed"),
  status: 412,
  title: "Precondition failed"
}) {}

/** 422: the idempotency key was already used with a different request body. */
export class IdempotencyKeyReused extends HttpApiError.Problem<IdempotencyKeyReused>()("IdempotencyKeyReused", {
  type: typeUri("idempotency-key-reused"),
  status: 422,
  title: "Idempotency key reused with a different request"
}) {}

/** 422: the accounting system refused the connection's credentials or settings while connecting. */
export class ConnectionRejected extends HttpApiError.Problem<ConnectionRejected>()(
  "ConnectionRejected",
  {
    type: typeUri("connection-rejected"),
    status: 422,
    title: "The accounting system rejected the connection"
  },
  {
    system: Schema.optionalKey(Schema.String)
  }
) {}

/** 429: the accounting system's rate limit was hit; the response carries `Retry-After` when the system gave one. */
export class TooManyRequests extends HttpApiError.Problem<TooManyRequests>()(
  "TooManyRequests",
  {
    type: typeUri("too-many-requests"),
    status: 429,
    title: "Too many requests"
  },
  {
    retryAfterSeconds: Schema.optionalKey(Schema.Int)
  }
) {}

/** 500: an unexpected failure inside konto. Never the answer to bad input; carries no internals. */
export class InternalError extends HttpApiError.Problem<InternalError>()("InternalError", {
  type: typeUri("internal-error"),
  status: 500,
  title: "Internal server error"
}) {}

/** 501: the system (or konto's adapter for it) does not support the operation. */
export class NotImplemented extends HttpApiError.Problem<NotImplemented>()(
  "NotImplemented",
  {
    type: typeUri("not-implemented"),
    status: 501,
    title: "Not implemented for this system"
  },
  {
    system: Schema.optionalKey(Schema.String)
  }
) {}

/** 502: the accounting system refused the request, refused the credentials or answered with something unreadable. */
export class BadGateway extends HttpApiError.Problem<BadGateway>()(
  "BadGateway",
  {
    type: typeUri("bad-gateway"),
    status: 502,
    title: "The accounting system failed the request"
  },
  {
    system: Schema.optionalKey(Schema.String)
  }
) {}

/** 503: the accounting system is unavailable. */
export class ServiceUnavailable extends HttpApiError.Problem<ServiceUnavailable>()(
  "ServiceUnavailable",
  {
    type: typeUri("service-unavailable"),
    status: 503,
    title: "The accounting system is unavailable"
  },
  {
    system: Schema.optionalKey(Schema.String),
    retryAfterSeconds: Schema.optionalKey(Schema.Int)
  }
) {}

/** 504: the accounting system did not answer in time. */
export class GatewayTimeout extends HttpApiError.Problem<GatewayTimeout>()(
  "GatewayTimeout",
  {
    type: typeUri("gateway-timeout"),
    status: 504,
    title: "The accounting system timed out"
  },
  {
    system: Schema.optionalKey(Schema.String)
  }
) {}

/** The errors an upstream (accounting-system) call may end in. */
export const upstreamErrors = [TooManyRequests, BadGateway, ServiceUnavailable, GatewayTimeout] as const
