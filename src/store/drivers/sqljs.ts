import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { RequestRecord } from '../request-record.ts'
import type { Store } from '../store.ts'
import { acquireFileLock, type FileLock } from './file-lock.ts'
import type { PersistResult, SqlJsCall, SqlJsReply, SqlJsWorkerData, WorkerMemory } from './sqljs-protocol.ts'
import { startSqlJsWorker, type SqlJsWorkerHost, type StartWorker } from './sqljs-worker-host.ts'

/**
 * Default of `storage.maxSize`: the database, and a snapshot's copy of it while one is written. 8 MiB keeps
 * pinai under 200 MiB at concurrency 64 over long runs, where 16 MiB reached 214–217 MiB (docs/store.md,
 * "Memory ceiling"; BENCHMARKS.md).
 */
export const DEFAULT_SQLJS_MAX_SIZE = 8 * 2 ** 20

/** Options of the sql.js driver. */
export interface SqlJsStoreOptions {
  /** How often new records are appended to the journal; a kill loses at most about this much. Default 1 s. */
  flushIntervalMs?: number
  /** Bytes the database may use before its oldest request rows are pruned (rollups are kept); 0 for no cap. */
  maxSizeBytes?: number
  /** Where background trouble (a failed write, a refused record, a restarted worker) is reported; default console. */
  logger?: { warn(message: string): void; info?(message: string): void }
  /** How the worker thread is started; tests use it to reach the thread and stop it. */
  startWorker?: StartWorker
}

/** The embedded store: sql.js in a worker thread that owns the database and persists it. */
export interface SqlJsStore extends Store {
  /** Absolute path of the file, or undefined for `sqlite::memory:`. */
  readonly path: string | undefined
  /** Writes the journal, and a snapshot if anything changed since the last one; resolves once on disk. */
  persist(): Promise<PersistResult>
  /** What the worker's heap holds now (for tests and the bench). */
  workerMemory(): Promise<WorkerMemory>
}

type Pending = { call: SqlJsCall; resolve: (value: unknown) => void; reject: (error: Error) => void }

/** Inserts answered but not yet on disk, kept to be written again if the worker dies; beyond this, the oldest are let go. */
const MAX_UNCONFIRMED_RECORDS = 50_000
/** More restarts than this within a minute means the worker cannot run: the store fails instead. */
const MAX_RESTARTS_PER_MINUTE = 3

/**
 * Opens the sql.js store at `path` (`:memory:` for none): takes the single-owner lock beside the file and
 * starts the worker that loads the snapshot, replays the journal and persists (docs/store.md). A worker
 * that dies is restarted; the calls it had not answered, and the inserts it had answered but not yet
 * written, are sent to the new one (inserts skip known ids, so nothing is counted twice).
 */
export async function openSqlJsStore(path: string, options: SqlJsStoreOptions = {}): Promise<SqlJsStore> {
  const logger = options.logger ?? console
  const file = path === ':memory:' ? undefined : resolve(path)
  let lock: FileLock | undefined
  if (file) {
    await mkdir(dirname(file), { recursive: true })
    lock = await acquireFileLock(`${file}.lock`, file)
  }
  const data: SqlJsWorkerData = {
    path: file ?? null,
    flushIntervalMs: options.flushIntervalMs ?? 1_000,
    maxSizeBytes: options.maxSizeBytes ?? DEFAULT_SQLJS_MAX_SIZE,
  }
  const pending = new Map<number, Pending>()
  const unconfirmed = new Map<number, readonly RequestRecord[]>()
  let unconfirmedCount = 0
  let durableThrough = 0
  let nextId = 0
  let failure: Error | undefined
  let closing = false
  const restarts: number[] = []

  const forget = (id: number): void => {
    unconfirmedCount -= unconfirmed.get(id)?.length ?? 0
    unconfirmed.delete(id)
  }

  const onReply = (message: SqlJsReply): void => {
    if (message.type === 'warning') return logger.warn(message.message)
    if (message.type === 'info') return logger.info?.(message.message)
    if (message.type === 'durable') {
      durableThrough = Math.max(durableThrough, message.through)
      for (const id of unconfirmed.keys()) if (id <= message.through) forget(id)
      return
    }
    if (message.type !== 'result' && message.type !== 'error') return
    const entry = pending.get(message.id)
    if (!entry) return
    pending.delete(message.id)
    if (pending.size === 0) host.hold(false)
    if (message.type === 'error') return entry.reject(new Error(`sql.js store: ${message.message}`))
    if (entry.call.method === 'insert' && file && message.id > durableThrough) {
      unconfirmed.set(message.id, entry.call.args[0])
      unconfirmedCount += entry.call.args[0].length
      for (const id of unconfirmed.keys()) {
        if (unconfirmedCount <= MAX_UNCONFIRMED_RECORDS) break
        forget(id)
      }
    }
    entry.resolve(message.value)
  }

  const failAll = (error: Error): void => {
    failure ??= error
    for (const entry of pending.values()) entry.reject(failure)
    pending.clear()
  }

  const send = (entry: Pending): void => {
    pending.set(entry.call.id, entry)
    host.hold(true)
    host.post(entry.call)
  }

  let host: SqlJsWorkerHost
  let restarting: Promise<void> | undefined
  // True from a worker's death until its successor has been handed every waiting call.
  let starting = false

  const watch = (watched: SqlJsWorkerHost): void => {
    void watched.exited.then((code) => {
      if (closing || failure) return failAll(new Error(`sql.js store: the worker stopped (exit code ${code})`))
      starting = true
      restarting = restart(code).finally(() => {
        starting = false
        restarting = undefined
      })
    })
  }

  const restart = async (code: number): Promise<void> => {
    const now = Date.now()
    restarts.push(now)
    while ((restarts[0] ?? now) < now - 60_000) restarts.shift()
    if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
      const message = `the worker stopped ${restarts.length} times within a minute (last exit code ${code}); giving up`
      logger.warn(`pinai store: ${message}`)
      return failAll(new Error(`sql.js store: ${message}`))
    }
    logger.warn(
      `pinai store: the sql.js worker stopped (exit code ${code}); restarting it and writing its unsaved records again`,
    )
    try {
      host = await startSqlJsWorker(data, onReply, options.startWorker)
    } catch (error) {
      return failAll(error instanceof Error ? error : new Error(String(error)))
    }
    watch(host)
    const resend = [...unconfirmed.values()]
    unconfirmed.clear()
    unconfirmedCount = 0
    for (const records of resend) {
      send({ call: { id: ++nextId, method: 'insert', args: [records] }, resolve: () => {}, reject: () => {} })
    }
    for (const entry of [...pending.values()]) send(entry)
    starting = false
  }

  try {
    host = await startSqlJsWorker(data, onReply, options.startWorker)
  } catch (error) {
    await lock?.release()
    throw error
  }
  watch(host)

  const call = <T>(method: SqlJsCall['method'], args: unknown[]): Promise<T> => {
    if (failure) return Promise.reject(failure)
    const id = ++nextId
    return new Promise<T>((resolveCall, rejectCall) => {
      const entry: Pending = {
        call: { id, method, args } as SqlJsCall,
        resolve: resolveCall as (value: unknown) => void,
        reject: rejectCall,
      }
      // While a new worker starts, the call waits in `pending` and is sent once it is ready.
      if (starting) pending.set(id, entry)
      else send(entry)
    })
  }

  let closed: Promise<void> | undefined
  return {
    driver: 'sqljs',
    path: file,
    insert: (records) => call('insert', [records]),
    listLogs: (query) => call('listLogs', [query]),
    getLog: (id) => call('getLog', [id]),
    aggregate: (query) => call('aggregate', [query]),
    prune: (pruneOptions) => call('prune', [pruneOptions]),
    persist: () => call('persist', []),
    workerMemory: () => call('memory', []),
    close() {
      closed ??= (async () => {
        try {
          await restarting
          closing = true
          if (!failure) await call('close', [])
        } finally {
          closing = true
          // The worker ends by itself once it has written the file; held here so that the process waits.
          host.hold(true)
          let timer: NodeJS.Timeout | undefined
          const stopped = await Promise.race([
            host.exited.then(() => true),
            new Promise<boolean>((wait) => (timer = setTimeout(() => wait(false), 2_000))),
          ])
          clearTimeout(timer)
          if (!stopped) await host.terminate()
          failure ??= new Error('sql.js store: closed')
          await lock?.release()
        }
      })()
      return closed
    },
  }
}
