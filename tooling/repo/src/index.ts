/** Repository checks and generated docs. */

export { capabilityMatrixPath, renderCapabilityMatrix } from "./capabilityMatrix.ts"
export { firstPartyConnectors } from "./connectors.ts"
