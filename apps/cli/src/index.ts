/**
 * The `konto` command (composition only): its command tree and exit codes. The process entry is `main.ts`.
 */
export * as ExitCode from "./ExitCode.ts"
export { konto } from "./Konto.ts"
