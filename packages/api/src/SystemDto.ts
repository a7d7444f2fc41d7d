/**
 * A registered accounting system as the API shows it: its id, name, capability row (the capability matrix as
 * data) and the settings and secrets its connect step asks for.
 */
import { Capabilities, type Connector } from "@konto/core"
import { Schema } from "effect"

/** One setting or secret of a system's connect step. */
export const ConnectionFieldDto = Schema.Struct({
  name: Schema.String,
  secret: Schema.Boolean,
  required: Schema.Boolean,
  description: Schema.String
}).annotate({ identifier: "ConnectionFieldDto" })

/** A system and its capability row. */
export const SystemDto = Schema.Struct({
  id: Schema.String,
  displayName: Schema.String,
  capabilities: Capabilities.Capabilities,
  connectionFields: Schema.Array(ConnectionFieldDto)
}).annotate({ identifier: "SystemDto" })
export type SystemDto = typeof SystemDto.Type

/** The DTO of a registered connector. */
export const fromConnector = (connector: Connector.Connector): SystemDto => ({
  id: connector.id,
  displayName: connector.displayName,
  capabilities: connector.capabilities,
  connectionFields: connector.connectionFields
})
