import { Worker, type WorkerOptions } from 'node:worker_threads'
import type { SqlJsCall, SqlJsReply, SqlJsWorkerData } from './sqljs-protocol.ts'

/** How the worker thread is started: `new Worker`, unless a test wants to hold on to it. */
export type StartWorker = (file: URL, options: WorkerOptions) => Worker

/** One running sql.js worker, ready for calls. */
export interface SqlJsWorkerHost {
  post(call: SqlJsCall): void
  /** Keeps the process alive while calls are pending; lets it exit otherwise. */
  hold(held: boolean): void
  /** Resolves with the exit code once the thread has stopped. */
  readonly exited: Promise<number>
  terminate(): Promise<void>
}

/**
 * The worker's young generation, in MiB. Left to V8 it grows to ~48 MiB under a steady stream of inserts
 * (each batch arrives as a structured clone and leaves as a journal line); the survivors of each
 * scavenge are a few KiB, so a small one costs a little more CPU in this thread and ~40 MiB less RSS.
 */
const YOUNG_GENERATION_MB = 8

// From source the worker loads its TypeScript through tsx; in the build it is a bundle beside this one.
const workerFile = import.meta.url.endsWith('.ts')
  ? new URL('./sqljs-worker-entry.mjs', import.meta.url)
  : new URL('./sqljs-worker.mjs', import.meta.url)

/**
 * Starts a worker over `data` and resolves once it has loaded the database (rejects with the reason it
 * could not). Every later message goes to `onReply`.
 */
export function startSqlJsWorker(
  data: SqlJsWorkerData,
  onReply: (reply: SqlJsReply) => void,
  startWorker: StartWorker = (file, options) => new Worker(file, options),
): Promise<SqlJsWorkerHost> {
  const worker = startWorker(workerFile, {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  })
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve))
  const host: SqlJsWorkerHost = {
    post: (call) => worker.postMessage(call),
    hold: (held) => (held ? worker.ref() : worker.unref()),
    exited,
    terminate: async () => {
      await worker.terminate()
    },
  }
  return new Promise((resolve, reject) => {
    let ready = false
    worker.on('message', (message: SqlJsReply) => {
      if (message.type === 'ready') {
        ready = true
        worker.unref()
        return resolve(host)
      }
      if (message.type === 'failed') return reject(new Error(`sql.js store: ${message.message}`))
      onReply(message)
    })
    // An error event is followed by the exit event, which is what the owner watches.
    worker.on('error', (error) => {
      if (!ready) reject(error)
    })
    void exited.then((code) => {
      if (!ready) reject(new Error(`sql.js store: the worker stopped while starting (exit code ${code})`))
    })
  })
}
