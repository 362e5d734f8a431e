import type { OutageLog } from './outage-log.ts'
import type { RequestRecord } from './request-record.ts'
import type { Store } from './store.ts'
import { withTimeout } from './with-timeout.ts'

/** Tuning of a {@link WriteBuffer}. */
export interface WriteBufferOptions {
  batchSize: number
  flushIntervalMs: number
  bufferLimit: number
  writeTimeoutMs: number
  now: () => number
}

/** Records waiting for the store, written in batches on a timer, bounded while the store is down. */
export interface WriteBuffer {
  push(record: RequestRecord): void
  /** Writes everything buffered; resolves once done or when a write fails. */
  flush(): Promise<void>
  /** Records buffered or being written. */
  pending(): number
  stop(): void
}

const MAX_BACKOFF_MS = 30_000
// Behind by more than two batches, a write takes up to five: a batch's fixed cost (one round trip on
// PostgreSQL, five on MySQL) is then paid once per 1 000 records instead of 200, which counts most when
// the database is across a network; the Node CPU per record falls too (BENCHMARKS.md, the SQL writers: ~15% on
// PostgreSQL, ~25% on MySQL). That is what lets a backlog drain while traffic goes on.
const CATCH_UP_BEHIND = 2
const CATCH_UP_BATCHES = 5

/** Starts the write buffer over `store` (its timer is unref'd); outages and drops go to `outages`. */
export function createWriteBuffer(store: Store, outages: OutageLog, options: WriteBufferOptions): WriteBuffer {
  const buffer: RequestRecord[] = []
  let writingCount = 0
  let writing: Promise<void> | undefined
  let failures = 0
  let retryAt = 0
  let drainScheduled = false

  // The oldest records go first when the buffer is full: the newest say most about the present.
  const trim = (): void => {
    const excess = buffer.length + writingCount - options.bufferLimit
    if (excess > 0) outages.drop(buffer.splice(0, Math.min(excess, buffer.length)).length, 'full')
  }

  const writeBatch = async (batch: RequestRecord[]): Promise<boolean> => {
    writingCount = batch.length
    outages.writeStarted(batch.length)
    try {
      // A write that never settles counts as failed; ids make it harmless if it commits later after all.
      await withTimeout(store.insert(batch), options.writeTimeoutMs, 'the store did not answer')
      writingCount = 0
      failures = 0
      retryAt = 0
      outages.succeeded()
      outages.waiting(buffer.length)
      return true
    } catch (error) {
      buffer.unshift(...batch)
      writingCount = 0
      trim()
      failures += 1
      retryAt = options.now() + Math.min(options.flushIntervalMs * 2 ** failures, MAX_BACKOFF_MS)
      outages.failed(error)
      return false
    }
  }

  const nextBatchSize = (): number =>
    buffer.length > options.batchSize * CATCH_UP_BEHIND ? options.batchSize * CATCH_UP_BATCHES : options.batchSize

  const drain = (): Promise<void> => {
    writing ??= (async () => {
      try {
        while (buffer.length > 0 && (await writeBatch(buffer.splice(0, nextBatchSize())))) {
          // next batch
        }
      } finally {
        writing = undefined
        outages.report()
      }
    })()
    return writing
  }

  const timer = setInterval(() => {
    outages.report()
    if (buffer.length > 0 && options.now() >= retryAt) void drain()
  }, options.flushIntervalMs)
  timer.unref()

  return {
    push(record) {
      buffer.push(record)
      trim()
      outages.waiting(buffer.length + writingCount)
      if (buffer.length < options.batchSize || writing || outages.down || drainScheduled) return
      drainScheduled = true
      setImmediate(() => {
        drainScheduled = false
        void drain()
      })
    },

    async flush() {
      if (writing) await writing
      if (buffer.length > 0) await drain()
    },

    pending: () => buffer.length + writingCount,

    stop: () => clearInterval(timer),
  }
}
