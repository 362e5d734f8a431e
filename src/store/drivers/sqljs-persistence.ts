import type { Database } from 'sql.js'
import type { SerialQueue } from './serial-queue.ts'
import type { PersistResult } from './sqljs-protocol.ts'
import { writeFileAtomic } from './write-file-atomic.ts'

/** Writes an sql.js database to its file when it changed: on a timer, on demand, and at close. */
export interface SqlJsPersistence {
  /** Called by the SQL client whenever a statement changed something. */
  markDirty(): void
  /** Resolves once every change made before the call is in the file. */
  persist(): Promise<PersistResult>
  /** Persists every `intervalMs` while dirty; failures go to `onError` and are retried next time. */
  start(intervalMs: number, onError: (error: unknown) => void): void
  stop(): void
}

/**
 * Persistence of `database` to `path` (nothing for an in-memory database). The export runs in `queue`,
 * between calls, so it never sees half a transaction; the file write runs outside it, so that queries
 * go on while the bytes reach the disk.
 */
export function createSqlJsPersistence(database: Database, path: string | null, queue: SerialQueue): SqlJsPersistence {
  let dirty = false
  let writing: Promise<unknown> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined

  const persist = async (): Promise<PersistResult> => {
    const bytes = await queue(async () => {
      if (!path || !dirty) return undefined
      dirty = false
      return database.export()
    })
    if (!path || !bytes) {
      // Nothing new, but a write started earlier may still be on its way: durable means on disk.
      await writing
      return { written: false, bytes: 0 }
    }
    const write = writing.then(() => writeFileAtomic(path, bytes))
    writing = write.catch(() => {})
    try {
      await write
    } catch (error) {
      dirty = true
      throw error
    }
    return { written: true, bytes: bytes.byteLength }
  }

  return {
    markDirty() {
      dirty = true
    },
    persist,
    start(intervalMs, onError) {
      timer = setInterval(() => {
        if (dirty) persist().catch(onError)
      }, intervalMs)
    },
    stop() {
      clearInterval(timer)
    },
  }
}
