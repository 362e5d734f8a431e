import type { Store } from '../store.ts'

/** What the main thread hands the sql.js worker at start. */
export interface SqlJsWorkerData {
  /** Absolute path of the database file, or null for an in-memory database. */
  path: string | null
  /** How often the worker appends new changes to the journal. */
  flushIntervalMs: number
  /** Past this many bytes in use, the oldest request rows are pruned; 0 for no cap. */
  maxSizeBytes: number
}

/** What one persist did. */
export interface PersistResult {
  written: boolean
  bytes: number
}

type StoreMethod = 'insert' | 'listLogs' | 'getLog' | 'aggregate' | 'prune'

/** What the worker's V8 isolate holds, in bytes (`process.memoryUsage()` inside the worker). */
export interface WorkerMemory {
  heapUsed: number
  heapTotal: number
  /** Array buffers: the in-memory database file and, until collected, the exports of snapshots. */
  arrayBuffers: number
}

/** A call from the main thread: a store method, a forced persist, the worker's memory, or close (persist, then exit). */
export type SqlJsCall =
  | { [M in StoreMethod]: { id: number; method: M; args: Parameters<Store[M]> } }[StoreMethod]
  | { id: number; method: 'persist' | 'close' | 'memory'; args: [] }

/** A message from the worker: start-up outcome or the answer to one call. */
export type SqlJsReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string }
  | { type: 'warning'; message: string }
  | { type: 'info'; message: string }
  /** Every insert call up to this id is on disk (journal or snapshot): a crash of the worker loses none of it. */
  | { type: 'durable'; through: number }
