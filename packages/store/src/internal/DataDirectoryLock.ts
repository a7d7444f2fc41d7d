/**
 * A lock file that keeps a data directory to one embedded store. PGlite has no lock of its own: two processes
 * opening one directory would corrupt it. The lock is `konto.lock` (pid, host, a random id); a lock left by a
 * process that no longer runs on this host is taken over.
 */

import { randomUUID } from "node:crypto"
import { mkdir, readFile, unlink, writeFile } from "node:fs/promises"
import { hostname } from "node:os"
import { join, resolve } from "node:path"
import { Effect, Schema, type Scope } from "effect"
import { DataDirectoryLocked, StoreError } from "../StoreError.ts"

/** The lock file's name inside the data directory. */
export const fileName = "konto.lock"

const LockFile = Schema.fromJsonString(
  Schema.Struct({
    pid: Schema.Number,
    hostname: Schema.String,
    id: Schema.String
  })
)
type LockFile = typeof LockFile.Type

// Locks this process holds, by lock id: a lock file naming this pid but an id not listed here was left by an
// earlier process that had the same pid (common in containers, where the server is often pid 1).
const heldByThisProcess = new Set<string>()

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

const isStale = (holder: LockFile): boolean =>
  holder.hostname === hostname() &&
  (holder.pid === process.pid ? !heldByThisProcess.has(holder.id) : !isRunning(holder.pid))

const ioError = (message: string) => new StoreError({ reason: "Configuration", message })

/** Takes the data directory's lock for the life of the scope. */
export const acquire = (dataDirectory: string): Effect.Effect<void, DataDirectoryLocked | StoreError, Scope.Scope> => {
  const directory = resolve(dataDirectory)
  const path = join(directory, fileName)
  const mine: LockFile = { pid: process.pid, hostname: hostname(), id: randomUUID() }
  const contents = Schema.encodeSync(LockFile)(mine)

  const create = Effect.tryPromise({
    try: () =>
      writeFile(path, contents, { flag: "wx", mode: 0o600 }).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === "EEXIST") return false
          throw error
        }
      ),
    catch: () => ioError(`could not write the lock file ${path}`)
  })
  // `null`: the file is gone (its holder just released it); `None`: unreadable contents.
  const readHolder = Effect.tryPromise({
    try: () => readFile(path, "utf8").catch(() => null),
    catch: () => ioError(`could not read the lock file ${path}`)
  }).pipe(Effect.map((text) => (text === null ? null : Schema.decodeUnknownOption(LockFile)(text))))
  const locked = (holder: LockFile | undefined) =>
    new DataDirectoryLocked({
      dataDirectory: directory,
      lockFile: path,
      pid: holder?.pid ?? null,
      hostname: holder?.hostname ?? null
    })

  const take = Effect.gen(function* () {
    yield* Effect.tryPromise({
      try: () => mkdir(directory, { recursive: true, mode: 0o700 }),
      catch: () => ioError(`could not create the data directory ${directory}`)
    })
    for (let attempt = 0; attempt < 3; attempt++) {
      if (yield* create) {
        heldByThisProcess.add(mine.id)
        return
      }
      const holder = yield* readHolder
      if (holder === null) continue
      if (holder._tag === "None" || !isStale(holder.value)) {
        return yield* locked(holder._tag === "None" ? undefined : holder.value)
      }
      yield* Effect.logWarning(`taking over ${path}, left by process ${holder.value.pid} that is no longer running`)
      yield* Effect.tryPromise({ try: () => unlink(path), catch: () => ioError(`could not remove the stale ${path}`) })
    }
    return yield* locked(undefined)
  })

  const release = Effect.gen(function* () {
    heldByThisProcess.delete(mine.id)
    const holder = yield* readHolder.pipe(Effect.orElseSucceed(() => null))
    if (holder !== null && holder._tag === "Some" && holder.value.id === mine.id) {
      yield* Effect.promise(() => unlink(path).catch(() => undefined))
    }
  })

  return Effect.acquireRelease(take, () => release)
}
