/**
 * docs/capability-matrix.md, rendered from the registered connectors' capability rows.
 */

import { fileURLToPath } from "node:url"
import { CapabilityMatrix } from "@konto/core"
import { firstPartyConnectors } from "./connectors.ts"

/** Where the generated matrix lives. */
export const capabilityMatrixPath = fileURLToPath(new URL("../../../docs/capability-matrix.md", import.meta.url))

/** The matrix document for the first-party connectors. */
export const renderCapabilityMatrix = async (): Promise<string> => {
  const connectors = await firstPartyConnectors()
  return CapabilityMatrix.renderMarkdown(
    connectors.map((connector) => ({
      system: connector.id,
      displayName: connector.displayName,
      capabilities: connector.capabilities
    }))
  )
}
