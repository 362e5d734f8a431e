import { clampRecord } from './clamp-record.ts'
import { createLiveCounter, type LiveStats } from './live-stats.ts'
import { createOutageLog, type DropCause, type RecorderLogger } from './outage-log.ts'
import { startPruner } from './pruner.ts'
import { countsAsCall, type RequestRecord } from './request-record.ts'
import type { PruneResult, Store } from './store.ts'
import { messageOf, withTimeout } from './with-timeout.ts'
import { createWriteBuffer } from './write-buffer.ts'

export type { DropCause, RecorderLogger } from './outage-log.ts'

/** Tuning of the recorder; every field has a default. */
export interface RecorderOptions {
  /** Records per store write; a write that catches up on more than two batches takes up to five. Default 200. */
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
  /** Records dropped since start: the buffer was full, or they came after `close()`. */
  dropped: number
  /** The same, by cause. */
  droppedBy: Record<DropCause, number>
  /** Whether the last write failed. */
  storeDown: boolean
  /** Whether writes succeed but fall behind the traffic (half the buffer waiting). */
  storeSlow: boolean
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

/**
 * Creates the recorder over `store`: a write buffer flushed in batches on a timer, retention pruning,
 * and the live counters. Its timers are unref'd; `close()` stops them.
 */
export function createRecorder(store: Store, options: RecorderOptions = {}): Recorder {
  const logger = options.logger ?? {
    warn: (message) => console.warn(message),
    info: (message) => console.info(message),
  }
  const now = options.now ?? Date.now
  const batchSize = Math.max(1, options.batchSize ?? 200)
  const bufferLimit = Math.max(batchSize, options.bufferLimit ?? 10_000)
  const retentionMs = options.retentionMs ?? 30 * DAY_MS
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000

  const live = createLiveCounter()
  const outages = createOutageLog(logger, bufferLimit, now)
  const writes = createWriteBuffer(store, outages, {
    batchSize,
    bufferLimit,
    flushIntervalMs: options.flushIntervalMs ?? 1_000,
    writeTimeoutMs: options.writeTimeoutMs ?? 30_000,
    now,
  })
  const pruner = startPruner(store, {
    retentionMs,
    rollupRetentionMs: options.rollupRetentionMs ?? Math.max(retentionMs, 30 * DAY_MS),
    intervalMs: options.pruneIntervalMs ?? 3_600_000,
    logger,
    now,
  })
  let closed = false

  return {
    record(record) {
      try {
        if (closed) {
          // Nothing writes after close; the log says so at once, then at most every 10 s.
          outages.drop(1, 'closed')
          return outages.report()
        }
        if (countsAsCall(record.kind)) live.hit(now())
        writes.push(clampRecord(record))
      } catch {
        // Recording must never break a request; a malformed record is simply not kept.
      }
    },
    begin: () => live.begin(),
    live: () => live.snapshot(now()),
    flush: () => writes.flush(),
    prune: () => pruner.prune(),
    status: () => ({
      pending: writes.pending(),
      dropped: outages.dropped,
      droppedBy: outages.droppedBy(),
      storeDown: outages.down,
      storeSlow: outages.slow,
    }),

    async close() {
      if (closed) return
      closed = true
      writes.stop()
      pruner.stop()
      await withTimeout(writes.flush(), closeTimeoutMs, 'timed out').catch(() => {})
      outages.report()
      const left = writes.pending()
      if (left > 0)
        logger.warn(
          `pinai store: ${left} request records could not be written before shutdown: ${outages.pendingReason()}`,
        )
      if (options.closeStore === false) return
      try {
        await withTimeout(store.close(), closeTimeoutMs, 'timed out')
      } catch (error) {
        logger.warn(`pinai store: closing the store failed (${messageOf(error)})`)
      }
    },
  }
}
