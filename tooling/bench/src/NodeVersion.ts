/**
 * The bench needs the Node major the repository pins (`.node-version`): konto's exact JSON relies on
 * `JSON.rawJSON` and the reviver's `context.source` (Node ≥ 21), and figures are only comparable on one major.
 * `./run bench` and `./run soak` provide it; running `dist/run.js` with another Node stops here, plainly.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const pinned = (): string => {
  try {
    return readFileSync(fileURLToPath(new URL("../../../.node-version", import.meta.url)), "utf8").trim()
  } catch {
    return "24"
  }
}

/** Exits with a message when the running Node's major differs from the pinned one. */
export const check = (): void => {
  const wanted = pinned().split(".")[0]
  const running = process.versions.node.split(".")[0]
  if (wanted !== running) {
    console.error(`The bench needs Node ${pinned()} (running ${process.version}); use ./run bench or ./run soak.`)
    process.exit(1)
  }
}
