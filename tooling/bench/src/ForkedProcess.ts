/**
 * Child processes of the bench: each export size runs in its own process (so its peak RSS is its own) and each
 * simulator in another (so serving does not share the exporter's heap or its core). Messages go over Node's
 * IPC channel; arguments go as one JSON argument.
 */
import { type ChildProcess, fork } from "node:child_process"
import { fileURLToPath } from "node:url"

/** A running child: send messages, wait for the next message of a type, wait for its exit. */
export interface ForkedProcess<In, Out extends { readonly type: string }> {
  readonly send: (message: In) => void
  readonly next: <T extends Out["type"]>(type: T) => Promise<Extract<Out, { readonly type: T }>>
  readonly exited: Promise<number | null>
  readonly kill: () => void
}

/** The file of a sibling entry module, `.ts` when running from source and `.js` when built. */
export const entry = (name: string): string => {
  const extension = import.meta.url.endsWith(".ts") ? ".ts" : ".js"
  return fileURLToPath(new URL(`./${name}${extension}`, import.meta.url))
}

/** Forks `file` with `argument` (as JSON) and Node flags `execArgv`. */
export const start = <In, Out extends { readonly type: string }>(
  file: string,
  argument: unknown,
  execArgv: ReadonlyArray<string> = []
): ForkedProcess<In, Out> => {
  const child: ChildProcess = fork(file, [JSON.stringify(argument)], {
    execArgv: [...execArgv],
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  const received: Array<Out> = []
  const waiting: Array<{
    readonly type: string
    readonly resolve: (message: Out) => void
    readonly reject: (error: Error) => void
  }> = []
  let failure: Error | undefined
  const failWaiting = (error: Error) => {
    failure ??= error
    for (const waiter of waiting.splice(0)) waiter.reject(error)
  }
  child.on("message", (message: Out) => {
    const index = waiting.findIndex((waiter) => waiter.type === message.type)
    if (index >= 0) waiting.splice(index, 1)[0]!.resolve(message)
    else received.push(message)
  })
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => {
      failWaiting(new Error(`${file} exited (${signal ?? `code ${code}`}) before answering`))
      resolve(code)
    })
  )
  child.on("error", failWaiting)
  return {
    send: (message) => {
      child.send(message as Parameters<ChildProcess["send"]>[0])
    },
    next: <T extends Out["type"]>(type: T) => {
      const index = received.findIndex((message) => message.type === type)
      if (index >= 0) return Promise.resolve(received.splice(index, 1)[0] as Extract<Out, { readonly type: T }>)
      if (failure !== undefined) return Promise.reject(failure)
      return new Promise<Extract<Out, { readonly type: T }>>((resolve, reject) => {
        waiting.push({ type, resolve: (message) => resolve(message as Extract<Out, { readonly type: T }>), reject })
      })
    },
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill()
    }
  }
}

/** In a child: the JSON argument its parent gave. */
export const argument = <A>(): A => JSON.parse(process.argv[2] ?? "null") as A

/** In a child: sends a message to the parent. */
export const reply = <M extends { readonly type: string }>(message: M): Promise<void> =>
  new Promise((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error("not started by the bench (no IPC channel)"))
      return
    }
    process.send(message, undefined, undefined, (error) => (error === null ? resolve() : reject(error)))
  })
