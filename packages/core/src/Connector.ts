/**
 * A connector: one accounting system's adapter, declared as data plus a layer.
 */
import type { Layer } from "effect"
import type { HttpClient } from "effect/http"
import type { Capabilities } from "./Capabilities.ts"
import type { Connection, ConnectionField } from "./Connection.ts"
import type { ConnectorError } from "./ConnectorError.ts"
import type { SalesInvoices } from "./SalesInvoices.ts"
import type { SystemId } from "./SystemId.ts"
import type { TokenStore } from "./TokenStore.ts"

/** What a connector's layer may require: an HTTP client (real, or a simulator's) and a token store. */
export type ConnectorRequirements = HttpClient.HttpClient | TokenStore

/** A connector: its id, name, capability row, connection fields and the layer that serves a connection. */
export interface Connector {
  readonly id: SystemId
  readonly displayName: string
  readonly capabilities: Capabilities
  /** The settings and secrets a connection needs. */
  readonly connectionFields: ReadonlyArray<ConnectionField>
  /** The service for one connection. Fails with `InvalidInput` when the connection lacks a required field. */
  readonly layer: (connection: Connection) => Layer.Layer<SalesInvoices, ConnectorError, ConnectorRequirements>
}

/** Declares a connector (identity; gives literal types a home and documents intent). */
export const make = (connector: Connector): Connector => connector
