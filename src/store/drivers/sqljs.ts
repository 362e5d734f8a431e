import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { Store } from '../store.ts'
import { acquireFileLock, type FileLock } from './file-lock.ts'
import type { PersistResult, SqlJsCall, SqlJsReply, SqlJsWorkerData } from './sqljs-protocol.ts'

/** Options of the sql.js driver. */
export interface SqlJsStoreOptions {
  /** How often the file is rewritten when something changed; a kill loses at most this much. Default 5 s. */
  flushIntervalMs?: number
  /** Where failed background writes are reported; default console.warn. */
  logger?: { warn(message: string): void }
}

/** The embedded store: sql.js in a worker thread that owns the database and persists it. */
export interface SqlJsStore extends Store {
  /** Absolute path of the file, or undefined for `sqlite::memory:`. */
  readonly path: string | undefined
  /** Writes the file now if anything changed since the last write; resolves once all changes so far are on disk. */
  persist(): Promise<PersistResult>
}

// From source the worker loads its TypeScript through tsx; in the build it is a bundle beside this one.
const workerFile = import.meta.url.endsWith('.ts') ? new URL('./sqljs-worker-entry.mjs', import.meta.url) : new URL('./sqljs-worker.mjs', import.meta.url)

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }

type CallMethod = SqlJsCall['method']

/**
 * Opens the sql.js store at `path` (`:memory:` for none): takes the single-owner lock beside the file,
 * starts the worker that loads the file, migrates it and writes it back atomically every interval when it
 * changed, and on close.
 */
export async function openSqlJsStore(path: string, options: SqlJsStoreOptions = {}): Promise<SqlJsStore> {
  const file = path === ':memory:' ? undefined : resolve(path)
  let lock: FileLock | undefined
  if (file) {
    await mkdir(dirname(file), { recursive: true })
    lock = await acquireFileLock(`${file}.lock`, file)
  }
  const workerData: SqlJsWorkerData = { path: file ?? null, flushIntervalMs: options.flushIntervalMs ?? 5_000 }
  const worker = new Worker(workerFile, { workerData })
  const pending = new Map<number, Pending>()
  let nextId = 0
  let failure: Error | undefined
  let exited = false
  const exit = new Promise<void>((resolveExit) => worker.once('exit', () => resolveExit()))

  const ready = new Promise<void>((resolveReady, rejectReady) => {
    const fail = (error: Error): void => {
      failure ??= error
      rejectReady(failure)
      for (const call of pending.values()) call.reject(failure)
      pending.clear()
    }
    worker.on('message', (message: SqlJsReply) => {
      if (message.type === 'ready') return resolveReady()
      if (message.type === 'failed') return fail(new Error(`sql.js store: ${message.message}`))
      if (message.type === 'warning') return (options.logger ?? console).warn(message.message)
      const call = pending.get(message.id)
      if (!call) return
      pending.delete(message.id)
      if (pending.size === 0) worker.unref()
      if (message.type === 'result') call.resolve(message.value)
      else call.reject(new Error(`sql.js store: ${message.message}`))
    })
    worker.on('error', (error) => fail(error))
    worker.once('exit', (code) => {
      exited = true
      fail(new Error(`sql.js store: the worker stopped (exit code ${code})`))
    })
  })

  try {
    await ready
  } catch (error) {
    await worker.terminate()
    await lock?.release()
    throw error
  }
  worker.unref()

  const call = <T>(method: CallMethod, args: unknown[]): Promise<T> => {
    if (failure) return Promise.reject(failure)
    const id = ++nextId
    return new Promise<T>((resolveCall, rejectCall) => {
      pending.set(id, { resolve: resolveCall as (value: unknown) => void, reject: rejectCall })
      worker.ref()
      worker.postMessage({ id, method, args })
    })
  }

  let closing: Promise<void> | undefined
  return {
    driver: 'sqljs',
    path: file,
    insert: (records) => call('insert', [records]),
    listLogs: (query) => call('listLogs', [query]),
    getLog: (id) => call('getLog', [id]),
    aggregate: (query) => call('aggregate', [query]),
    prune: (pruneOptions) => call('prune', [pruneOptions]),
    persist: () => call('persist', []),
    close() {
      closing ??= (async () => {
        try {
          if (!exited) await call('close', [])
        } finally {
          // The worker ends by itself once it has written the file; held here so that the process waits.
          worker.ref()
          let timer: NodeJS.Timeout | undefined
          if (!exited) await Promise.race([exit, new Promise((wait) => (timer = setTimeout(wait, 2_000)))])
          clearTimeout(timer)
          if (!exited) await worker.terminate()
          failure ??= new Error('sql.js store: closed')
          await lock?.release()
        }
      })()
      return closing
    },
  }
}
