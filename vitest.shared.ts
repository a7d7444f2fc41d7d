// Shared vitest settings: tests import workspace packages from source (the `@konto/source` export
// condition), so a package's tests never wait for its dependencies to be rebuilt.
import { defineConfig } from "vitest/config"

export default defineConfig({
  resolve: { conditions: ["@konto/source"] },
  ssr: { resolve: { conditions: ["@konto/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    allowOnly: false,
    passWithNoTests: false,
    // The JSON report feeds the closing "N passed, N failed" line of ./run test (tooling/scripts/test.js).
    reporters: ["default", ["json", { outputFile: ".vitest-results.json" }]]
  }
})
