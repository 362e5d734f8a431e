import { clampRecord } from './clamp-record.ts'
import { createLiveCounter, type LiveStats } from './live-stats.ts'
import type { RequestRecord } from './request-record.ts'
import type { PruneResult, Store } from './store.ts'

/** Where the recorder reports trouble; the default is the console. */
export interface RecorderLogger {
  warn(message: string): void
  info?(message: string): void
}

/** Tuning of the recorder; every field has a default. */
export interface RecorderOptions {
  /** Records per store write. Default 200. */
  batchSize?: number
  /** How often buffered records are written. Default 1 s. */
  flushIntervalMs?: number
  /** Most records held while the store is unavailable; beyond it the oldest are dropped. Default 10 000. */
  bufferLimit?: number
  /** How long request rows are kept. Default 30 days. */
  retentionMs?: number
  /** How long per-minute rollups are kept. Default the longer of `retentionMs` and 30 days. */
  rollupRetentionMs?: number
  /** How often old rows are pruned (the first prune runs 10 s after start); 0 disables. Default 1 h. */
  pruneIntervalMs?: number
  logger?: RecorderLogger
  now?: () => number
  /** Whether `close()` also closes the store. Default true. */
  closeStore?: boolean
  /** A write that has not settled after this long counts as failed (ids make a late commit harmless). Default 30 s. */
  writeTimeoutMs?: number
  /** How long `close()` waits for the last writes before giving up on them. Default 10 s. */
  closeTimeoutMs?: number
}

/** Health of the write path, for the dashboard and tests. */
export interface RecorderStatus {
  /** Records buffered or being written. */
  pending: number
  /** Records dropped since start because the buffer was full. */
  dropped: number
  /** Whether the last write failed. */
  storeDown: boolean
}

/** Records client requests off the request path and keeps the live figures. */
export interface Recorder {
  /** Queues one finished request; never throws and never waits. */
  record(record: RequestRecord): void
  /** Counts a request in flight until the returned function is called (idempotent). */
  begin(): () => void
  /** QPS and RPM over the last 60 s and requests in flight. */
  live(): LiveStats
  /** Writes everything buffered; resolves (without throwing) once done or when the store fails. */
  flush(): Promise<void>
  /** Deletes rows and rollups past retention now. */
  prune(): Promise<PruneResult>
  status(): RecorderStatus
  /** Stops the timers, flushes, and closes the store (the sql.js driver writes its file a last time). */
  close(): Promise<void>
}

const DAY_MS = 86_400_000
const MAX_BACKOFF_MS = 30_000
const DROP_WARNING_EVERY_MS = 10_000

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Creates the recorder over `store` and starts its flush and prune timers (unref'd). */
export function createRecorder(store: Store, options: RecorderOptions = {}): Recorder {
  const batchSize = Math.max(1, options.batchSize ?? 200)
  const flushIntervalMs = options.flushIntervalMs ?? 1_000
  const bufferLimit = Math.max(batchSize, options.bufferLimit ?? 10_000)
  const retentionMs = options.retentionMs ?? 30 * DAY_MS
  const rollupRetentionMs = options.rollupRetentionMs ?? Math.max(retentionMs, 30 * DAY_MS)
  const pruneIntervalMs = options.pruneIntervalMs ?? 3_600_000
  const logger = options.logger ?? { warn: (message) => console.warn(message), info: (message) => console.info(message) }
  const now = options.now ?? Date.now
  const writeTimeoutMs = options.writeTimeoutMs ?? 30_000
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000

  const live = createLiveCounter()
  const buffer: RequestRecord[] = []
  let writingCount = 0
  let writing: Promise<void> | undefined
  let down = false
  let failures = 0
  let retryAt = 0
  let dropped = 0
  let droppedReported = 0
  let droppedAtSuccess = 0
  let drainScheduled = false
  let lastDropWarning = 0
  let closed = false

  const report = (): void => {
    const fresh = dropped - droppedReported
    if (fresh === 0 || (droppedReported > 0 && now() - lastDropWarning < DROP_WARNING_EVERY_MS)) return
    logger.warn(
      `pinai store: ${fresh} request records dropped (the buffer of ${bufferLimit} was full while the store ` +
        `was unavailable; ${dropped} since start)`,
    )
    droppedReported = dropped
    lastDropWarning = now()
  }

  const trim = (): void => {
    const excess = buffer.length + writingCount - bufferLimit
    if (excess <= 0) return
    const removed = buffer.splice(0, Math.min(excess, buffer.length)).length
    dropped += removed
  }

  const failed = (error: unknown): void => {
    failures += 1
    retryAt = now() + Math.min(flushIntervalMs * 2 ** failures, MAX_BACKOFF_MS)
    if (!down) {
      down = true
      logger.warn(
        `pinai store: writing request records failed (${messageOf(error)}); requests are still served, ` +
          `up to ${bufferLimit} records are kept and retried`,
      )
    }
  }

  const succeeded = (): void => {
    failures = 0
    retryAt = 0
    const lost = dropped - droppedAtSuccess
    droppedAtSuccess = dropped
    if (!down) return
    down = false
    const message = `pinai store: writes resumed; ${lost} request records were dropped while it was unavailable`
    if (lost > 0) logger.warn(message)
    else logger.info?.(message)
  }

  const drain = (): Promise<void> => {
    writing ??= (async () => {
      try {
        while (buffer.length > 0) {
          const batch = buffer.splice(0, batchSize)
          writingCount = batch.length
          try {
            await withTimeout(store.insert(batch), writeTimeoutMs, 'the store did not answer')
          } catch (error) {
            buffer.unshift(...batch)
            writingCount = 0
            trim()
            failed(error)
            return
          }
          writingCount = 0
          succeeded()
        }
      } finally {
        writing = undefined
        report()
      }
    })()
    return writing
  }

  const flushTimer = setInterval(() => {
    report()
    if (buffer.length > 0 && now() >= retryAt) void drain()
  }, flushIntervalMs)
  flushTimer.unref()

  const prune = async (): Promise<PruneResult> => {
    const time = now()
    return store.prune({ before: time - retentionMs, rollupsBefore: time - rollupRetentionMs })
  }
  const runPrune = (): void => {
    prune().catch((error: unknown) => logger.warn(`pinai store: pruning old request records failed (${messageOf(error)})`))
  }
  const pruneTimers: NodeJS.Timeout[] = []
  if (pruneIntervalMs > 0) {
    pruneTimers.push(setTimeout(runPrune, Math.min(10_000, pruneIntervalMs)), setInterval(runPrune, pruneIntervalMs))
    for (const timer of pruneTimers) timer.unref()
  }

  const flush = async (): Promise<void> => {
    if (writing) await writing
    if (buffer.length > 0) await drain()
  }

  return {
    record(record) {
      try {
        if (closed) {
          dropped += 1
          return
        }
        live.hit(now())
        buffer.push(clampRecord(record))
        trim()
        if (buffer.length >= batchSize && !writing && !down && !drainScheduled) {
          drainScheduled = true
          setImmediate(() => {
            drainScheduled = false
            void drain()
          })
        }
      } catch {
        // Recording must never break a request; a malformed record is simply not kept.
      }
    },

    begin: () => live.begin(),

    live: () => live.snapshot(now()),

    flush,

    prune,

    status: () => ({ pending: buffer.length + writingCount, dropped, storeDown: down }),

    async close() {
      if (closed) return
      closed = true
      clearInterval(flushTimer)
      for (const timer of pruneTimers) clearTimeout(timer)
      const finished = await withTimeout(flush(), closeTimeoutMs, 'timed out').then(() => true, () => false)
      report()
      const left = buffer.length
      if (left > 0 || !finished) {
        logger.warn(`pinai store: ${left + writingCount} request records could not be written before shutdown`)
      }
      if (options.closeStore === false) return
      try {
        await withTimeout(store.close(), closeTimeoutMs, 'timed out')
      } catch (error) {
        logger.warn(`pinai store: closing the store failed (${messageOf(error)})`)
      }
    },
  }
}
