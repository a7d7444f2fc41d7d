/**
 * An in-process PostgreSQL wire connection to one PGlite instance.
 *
 * PGlite is a single PostgreSQL backend. `@electric-sql/pglite-socket` serves it to several connections by
 * interleaving their protocol messages, which breaks as soon as two connections run transactions at once
 * (measured with `@effect/sql-pg`: 81 of 100 concurrent two-connection transactions failed with "Unexpected
 * ReadyForQuery" and lost updates). This bridge instead hands each connection the whole backend for one
 * complete protocol cycle (up to `Sync` or a simple `Query`), and keeps it for that connection while a
 * transaction is open, so concurrent connections see PostgreSQL's transaction semantics (serialised).
 * No socket is opened: nothing else on the machine can reach the embedded database.
 */

import { Duplex } from "node:stream"
import type { PGlite } from "@electric-sql/pglite"

const startupCode = 196608
const sslRequestCode = 80877103
const cancelRequestCode = 80877102

const typeSync = 0x53
const typeQuery = 0x51
const typeFlush = 0x48
const typeTerminate = 0x58

/** Grants the single backend to one connection at a time (FIFO). */
export class BackendMutex {
  private owner: object | null = null
  private readonly waiting: Array<{ readonly holder: object; readonly resume: () => void }> = []

  acquire(holder: object): Promise<void> {
    if (this.owner === holder) return Promise.resolve()
    if (this.owner === null) {
      this.owner = holder
      return Promise.resolve()
    }
    return new Promise((resume) => this.waiting.push({ holder, resume }))
  }

  holds(holder: object): boolean {
    return this.owner === holder
  }

  release(holder: object): void {
    if (this.owner !== holder) return
    const next = this.waiting.shift()
    this.owner = next?.holder ?? null
    next?.resume()
  }

  /** Forgets a holder that went away while waiting. */
  abandon(holder: object): void {
    const index = this.waiting.findIndex((entry) => entry.holder === holder)
    if (index >= 0) this.waiting.splice(index, 1)
  }
}

const concat = (chunks: ReadonlyArray<Uint8Array>): Uint8Array => {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0]
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
  const joined = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    joined.set(chunk, offset)
    offset += chunk.length
  }
  return joined
}

const readInt32 = (bytes: Uint8Array, offset: number): number =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(offset)

const rollback = (() => {
  const text = new TextEncoder().encode("ROLLBACK\0")
  const frame = new Uint8Array(5 + text.length)
  frame[0] = typeQuery
  new DataView(frame.buffer).setInt32(1, 4 + text.length)
  frame.set(text, 5)
  return frame
})()

/**
 * One client connection. `@effect/sql-pg` writes frontend messages into it and reads backend messages from it,
 * exactly as over a socket.
 */
export class PgliteSession extends Duplex {
  private buffered: Uint8Array = new Uint8Array(0)
  private started = false
  private cycle: Array<Uint8Array> = []
  private work: Promise<void> = Promise.resolve()
  private sessionClosed = false
  private readonly db: PGlite
  private readonly mutex: BackendMutex

  constructor(db: PGlite, mutex: BackendMutex) {
    super()
    this.db = db
    this.mutex = mutex
  }

  override _read(): void {
    // Backend messages are pushed as PGlite produces them.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.buffered = this.buffered.length === 0 ? new Uint8Array(chunk) : concat([this.buffered, chunk])
    const { cycles, terminate } = this.takeCycles()
    for (const cycle of cycles) {
      this.work = this.work.then(() => this.run(cycle))
    }
    if (terminate) this.work = this.work.then(() => this.close())
    this.work.then(
      () => callback(),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)))
    )
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.work.then(() => this.close()).then(() => callback(), callback)
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.work
      .then(() => this.close())
      .then(
        () => callback(error),
        () => callback(error)
      )
  }

  /** Splits the buffered bytes into complete protocol cycles; leaves a partial message buffered. */
  private takeCycles(): { readonly cycles: Array<Uint8Array>; readonly terminate: boolean } {
    const cycles: Array<Uint8Array> = []
    while (true) {
      if (!this.started) {
        if (this.buffered.length < 8) return { cycles, terminate: false }
        const length = readInt32(this.buffered, 0)
        if (this.buffered.length < length) return { cycles, terminate: false }
        const message = this.buffered.slice(0, length)
        this.buffered = this.buffered.slice(length)
        const code = readInt32(message, 4)
        if (code === sslRequestCode) {
          this.push(Uint8Array.of(0x4e))
          continue
        }
        // PGlite runs one statement at a time to completion, so there is nothing to cancel.
        if (code === cancelRequestCode) return { cycles, terminate: true }
        if (code !== startupCode) {
          this.destroy(new Error(`unsupported startup code ${code}`))
          return { cycles, terminate: false }
        }
        this.started = true
        cycles.push(message)
        continue
      }
      if (this.buffered.length < 5) return { cycles, terminate: false }
      const length = 1 + readInt32(this.buffered, 1)
      if (this.buffered.length < length) return { cycles, terminate: false }
      const type = this.buffered[0]
      const message = this.buffered.slice(0, length)
      this.buffered = this.buffered.slice(length)
      if (type === typeTerminate) return { cycles, terminate: true }
      this.cycle.push(message)
      if (type === typeSync || type === typeQuery || type === typeFlush) {
        cycles.push(concat(this.cycle))
        this.cycle = []
      }
    }
  }

  private async run(cycle: Uint8Array): Promise<void> {
    if (this.sessionClosed) return
    await this.mutex.acquire(this)
    try {
      const output = await this.db.runExclusive(() => this.db.execProtocolRaw(cycle))
      if (output.length > 0 && !this.sessionClosed) this.push(output)
    } finally {
      if (!this.db.isInTransaction()) this.mutex.release(this)
    }
  }

  private async close(): Promise<void> {
    if (this.sessionClosed) return
    this.sessionClosed = true
    this.mutex.abandon(this)
    if (this.mutex.holds(this)) {
      try {
        // A connection that goes away inside a transaction must not leave the backend in it.
        if (!this.db.closed && this.db.isInTransaction()) {
          await this.db.runExclusive(() => this.db.execProtocolRaw(rollback))
        }
      } finally {
        this.mutex.release(this)
      }
    }
    this.push(null)
  }
}
