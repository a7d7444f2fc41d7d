// `./run start` (the main job): runs the built HTTP app (`apps/http/dist/main.js`) in demo mode — an embedded
// store in `.konto/`, every registered connector's simulator on loopback, a demo API key and one connected
// consent per system — on 127.0.0.1:$KONTO_PORT (default 3000). All of it is configured by environment variables;
// see apps/http/README.md. Ctrl-C stops the server cleanly; this script then exits with the server's code.
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))

const server = spawn(process.execPath, [`${root}apps/http/dist/main.js`], {
  cwd: root,
  stdio: "inherit",
  env: { KONTO_DEMO: "true", KONTO_HOST: "127.0.0.1", ...process.env }
})

// A terminal's Ctrl-C reaches the whole process group, the server included; a signal sent to this script alone
// is passed on once. Either way this script waits for the server's own clean shutdown.
let forwarded = false
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (forwarded) return
    forwarded = true
    setTimeout(() => server.kill(signal), 100).unref()
  })
}

server.on("exit", (code, signal) => {
  process.exit(code ?? (signal === null ? 1 : 0))
})
