/**
 * The konto HTTP server process (composition only). Run `dist/main.js`; `./run start` runs it in demo mode.
 */
export * as ConnectorModules from "./ConnectorModules.ts"
export * as DemoSimulators from "./DemoSimulators.ts"
export * as HttpConfig from "./HttpConfig.ts"
export * as KontoHttp from "./KontoHttp.ts"
export * as Logging from "./Logging.ts"
