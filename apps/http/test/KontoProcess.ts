/**
 * The built HTTP app as a real process: started with `node apps/http/dist/main.js` on a free loopback port with
 * its own data directory, read from its start banner (stdout) and its logs (JSON lines on stderr), stopped with
 * SIGINT as a terminal's Ctrl-C does.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const appFolder = fileURLToPath(new URL("../", import.meta.url))
const main = join(appFolder, "dist", "main.js")

/** Builds the app (its dependencies are built by `turbo run build`, which `./run test` runs first). */
export const buildApp = (): void => {
  const tsc = join(appFolder, "..", "..", "node_modules", ".bin", "tsc")
  const result = spawnSync(existsSync(tsc) ? tsc : "tsc", ["-p", "tsconfig.build.json"], {
    cwd: appFolder,
    encoding: "utf8"
  })
  if (result.status !== 0) throw new Error(`building apps/http failed:\n${result.stdout}${result.stderr}`)
}

/** A free port on the loopback interface. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** A fresh data directory. */
export const dataDirectory = (): string => mkdtempSync(join(tmpdir(), "konto-http-test-"))

/** Runs `main.js create-api-key <label>` against a data directory; returns the printed key. */
export const createApiKey = (dataDir: string, label: string): string => {
  const result = spawnSync(process.execPath, [main, "create-api-key", label], {
    cwd: dataDir,
    env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", KONTO_DATA_DIR: join(dataDir, "data") },
    encoding: "utf8"
  })
  const key = /: (konto_\S+)/.exec(result.stdout)?.[1]
  if (result.status !== 0 || key === undefined)
    throw new Error(`create-api-key failed:\n${result.stdout}${result.stderr}`)
  return key
}

/** A demo consent as the banner lists it. */
export interface BannerConsent {
  readonly displayName: string
  readonly system: string
  readonly consentId: string
  readonly ok: boolean
}

/** A running server. */
export interface KontoProcess {
  readonly child: ChildProcess
  readonly baseUrl: string
  readonly port: number
  readonly apiKey: string
  readonly consents: ReadonlyArray<BannerConsent>
  readonly stdout: () => string
  readonly stderr: () => string
  /** The log lines written so far, parsed. */
  readonly logs: () => ReadonlyArray<{ readonly message: unknown; readonly annotations: Record<string, unknown> }>
  /** Sends SIGINT and waits for the exit code. */
  readonly stop: () => Promise<number | null>
}

const ready = "Ctrl-C stops konto."

/** Starts the server and waits for its banner. */
export const start = async (options: {
  readonly dataDir: string
  readonly env?: Record<string, string>
}): Promise<KontoProcess> => {
  const port = await freePort()
  const child = spawn(process.execPath, [main], {
    cwd: options.dataDir,
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: process.env["HOME"] ?? "",
      KONTO_DEMO: "true",
      KONTO_PORT: String(port),
      KONTO_DATA_DIR: join(options.dataDir, "data"),
      ...options.env
    },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let stdout = ""
  let stderr = ""
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8")
  })
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8")
  })
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 90 s\n${stdout}\n${stderr}`)), 90_000)
    const poll = setInterval(() => {
      if (stdout.includes(ready)) {
        clearInterval(poll)
        clearTimeout(timer)
        resolve()
      }
    }, 50)
    void exited.then((code) => {
      clearInterval(poll)
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code} before it was ready\n${stdout}\n${stderr}`))
    })
  })
  const apiKey = /API key: (\S+)/.exec(stdout)?.[1] ?? ""
  const consents = [...stdout.matchAll(/^ {2}(.+?)\s+([a-z][a-z0-9-]+)\s+([0-9a-f-]{36}) {2}(.*)$/gm)].map((match) => ({
    displayName: (match[1] ?? "").trim(),
    system: match[2] ?? "",
    consentId: match[3] ?? "",
    ok: match[4] === "ok"
  }))
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    consents,
    stdout: () => stdout,
    stderr: () => stderr,
    logs: () =>
      stderr
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map(
          (line) =>
            JSON.parse(line) as {
              readonly message: unknown
              readonly annotations: Record<string, unknown>
            }
        ),
    stop: () => {
      child.kill("SIGINT")
      return exited
    }
  }
}

/** A response as a test reads it. */
export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: unknown
}

/** Sends a request; `key: null` sends no API key, `correlationId: null` no correlation id. */
export const send = async (
  server: { readonly baseUrl: string; readonly apiKey: string },
  method: string,
  path: string,
  options: {
    readonly key?: string | null
    readonly correlationId?: string | null
    readonly body?: unknown
    readonly rawBody?: string
    readonly headers?: Record<string, string>
  } = {}
): Promise<Reply> => {
  const headers: Record<string, string> = { ...options.headers }
  const key = options.key === undefined ? server.apiKey : options.key
  if (key !== null) headers["x-api-key"] = key
  const correlationId = options.correlationId === undefined ? crypto.randomUUID() : options.correlationId
  if (correlationId !== null) headers["x-correlation-id"] = correlationId
  let body: string | undefined
  if (options.rawBody !== undefined) body = options.rawBody
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers["content-type"] ??= "application/json"
  }
  const response = await fetch(server.baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) })
  const text = await response.text()
  let json: unknown
  try {
    json = text === "" ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}

/** Reads a JSON body along a path of keys and indexes; a missing step reads as `undefined`. */
export const at = (value: unknown, ...path: ReadonlyArray<string | number>): unknown =>
  path.reduce<unknown>(
    (current, key) =>
      typeof current === "object" && current !== null ? (current as Record<string | number, unknown>)[key] : undefined,
    value
  )

/** The list at a path of a JSON body (empty when there is none). */
export const list = (value: unknown, ...path: ReadonlyArray<string | number>): ReadonlyArray<unknown> => {
  const found = at(value, ...path)
  return Array.isArray(found) ? found : []
}

/** Whether the object at a path of a JSON body has a key. */
export const has = (value: unknown, key: string, ...path: ReadonlyArray<string | number>): boolean => {
  const found = at(value, ...path)
  return typeof found === "object" && found !== null && Object.hasOwn(found, key)
}
