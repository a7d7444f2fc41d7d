/**
 * The lock that keeps an embedded data directory to one store.
 */

import { existsSync } from "node:fs"
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { hostname, tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import * as DataDirectoryLock from "../src/internal/DataDirectoryLock.ts"

const tempDirectory = Effect.acquireRelease(
  Effect.promise(() => mkdtemp(join(tmpdir(), "konto-lock-test-"))),
  (directory) => Effect.promise(() => rm(directory, { recursive: true, force: true }))
)

// Linux pids stay below 2^22, so this one can never be running.
const deadPid = 4_194_304 + 12_345

const writeLock = (directory: string, holder: { pid: number; hostname: string; id: string }) =>
  Effect.promise(() => writeFile(join(directory, DataDirectoryLock.fileName), JSON.stringify(holder)))

describe("DataDirectoryLock", () => {
  it.effect("a second store in the same process is refused until the first lets go", () =>
    Effect.gen(function* () {
      const directory = yield* tempDirectory
      const first = yield* Scope.make()
      yield* DataDirectoryLock.acquire(directory).pipe(Scope.provide(first))
      const refused = yield* Effect.flip(Effect.scoped(DataDirectoryLock.acquire(directory)))
      assert.strictEqual(refused._tag, "DataDirectoryLocked")
      if (refused._tag === "DataDirectoryLocked") {
        assert.strictEqual(refused.pid, process.pid)
        assert.include(refused.message, "KONTO_DATABASE_URL")
        assert.include(refused.message, "konto.lock")
      }
      yield* Scope.close(first, Exit.void)
      assert.isFalse(existsSync(join(directory, DataDirectoryLock.fileName)))
      yield* Effect.scoped(DataDirectoryLock.acquire(directory))
    })
  )

  it.effect("a running process on this host holds the lock", () =>
    Effect.gen(function* () {
      const directory = yield* tempDirectory
      // The parent of this test process is alive and is not this process.
      yield* writeLock(directory, { pid: process.ppid, hostname: hostname(), id: "other" })
      const refused = yield* Effect.flip(Effect.scoped(DataDirectoryLock.acquire(directory)))
      assert.strictEqual(refused._tag, "DataDirectoryLocked")
    })
  )

  it.effect("a lock left by a process that no longer runs is taken over", () =>
    Effect.gen(function* () {
      const directory = yield* tempDirectory
      yield* writeLock(directory, { pid: deadPid, hostname: hostname(), id: "crashed" })
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* DataDirectoryLock.acquire(directory)
          const holder = JSON.parse(
            yield* Effect.promise(() => readFile(join(directory, DataDirectoryLock.fileName), "utf8"))
          )
          assert.strictEqual(holder.pid, process.pid)
        })
      )
    })
  )

  it.effect("a lock naming this pid from an earlier process (container restart) is taken over", () =>
    Effect.gen(function* () {
      const directory = yield* tempDirectory
      yield* writeLock(directory, { pid: process.pid, hostname: hostname(), id: "previous-incarnation" })
      yield* Effect.scoped(DataDirectoryLock.acquire(directory))
    })
  )

  it.effect("a lock from another host, or unreadable, is not second-guessed", () =>
    Effect.gen(function* () {
      const directory = yield* tempDirectory
      yield* writeLock(directory, { pid: deadPid, hostname: `${hostname()}-elsewhere`, id: "remote" })
      const remote = yield* Effect.flip(Effect.scoped(DataDirectoryLock.acquire(directory)))
      assert.strictEqual(remote._tag === "DataDirectoryLocked" ? remote.hostname : null, `${hostname()}-elsewhere`)
      yield* Effect.promise(() => writeFile(join(directory, DataDirectoryLock.fileName), "garbage"))
      const unreadable = yield* Effect.flip(Effect.scoped(DataDirectoryLock.acquire(directory)))
      assert.strictEqual(unreadable._tag, "DataDirectoryLocked")
    })
  )
})
