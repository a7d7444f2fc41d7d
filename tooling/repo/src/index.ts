/** Repository checks and generated docs. */
export { firstPartyConnectors } from "./connectors.ts"
export { capabilityMatrixPath, renderCapabilityMatrix } from "./capabilityMatrix.ts"
