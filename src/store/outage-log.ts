import { messageOf } from './with-timeout.ts'

/** Where the recorder reports trouble; the default is the console. */
export interface RecorderLogger {
  warn(message: string): void
  info?(message: string): void
}

/**
 * Why records were dropped: the buffer was full while writes failed (`store-down`), the buffer was full
 * while writes succeeded too slowly to keep up (`store-slow`), or the record came after `close()` (`closed`).
 */
export type DropCause = 'store-down' | 'store-slow' | 'closed'

/** Tracks how the store's writes fare (failing, slow) and dropped records, and says so in the log without flooding it. */
export interface OutageLog {
  /** Whether the last write failed. */
  readonly down: boolean
  /** Whether writes succeed but records pile up faster than they are written. */
  readonly slow: boolean
  readonly dropped: number
  /** Records dropped since start, by cause. */
  droppedBy(): Record<DropCause, number>
  /**
   * Counts dropped records: `full` when the buffer overflowed (put down to the store being down or slow
   * by the outcome of the next write), `closed` when the recorder was closed.
   */
  drop(count: number, reason: 'full' | 'closed'): void
  /** A write of `count` records begins. */
  writeStarted(count: number): void
  failed(error: unknown): void
  succeeded(): void
  /** How many records wait for the store; a backlog of half the buffer while writes succeed is a slow spell. */
  waiting(count: number): void
  /** Warns about drops not yet reported: at once the first time, then at most every 10 s. */
  report(): void
  /** Why records are still unwritten (for the shutdown warning). */
  pendingReason(): string
}

const DROP_WARNING_EVERY_MS = 10_000
const CAUSES: readonly DropCause[] = ['store-down', 'store-slow', 'closed']

/** Creates the outage log of a write buffer holding at most `bufferLimit` records. */
export function createOutageLog(logger: RecorderLogger, bufferLimit: number, now: () => number): OutageLog {
  let down = false
  let lastError = ''
  let slow = false
  let recovering = false
  const dropped: Record<DropCause, number> = { 'store-down': 0, 'store-slow': 0, closed: 0 }
  const reported: Record<DropCause, number> = { 'store-down': 0, 'store-slow': 0, closed: 0 }
  const lastWarning: Record<DropCause, number> = { 'store-down': 0, 'store-slow': 0, closed: 0 }
  let droppedAtRecovery = 0
  let droppedAtSlowStart = 0
  // Overflow while no write has failed yet: the outcome of the write in flight (or the next) says why.
  let undecided = 0
  let write: { count: number; startedAt: number } | undefined
  let lastWrite: { count: number; ms: number } | undefined

  const total = () => dropped['store-down'] + dropped['store-slow'] + dropped.closed + undecided
  const decide = (cause: DropCause): void => {
    dropped[cause] += undecided
    undecided = 0
  }
  const writeDetail = (): string => {
    const last = lastWrite
      ? `the last write of ${lastWrite.count} took ${seconds(lastWrite.ms)}`
      : 'no write has finished yet'
    if (!write) return last
    const waiting = `a write of ${write.count} has waited ${seconds(now() - write.startedAt)} for the store`
    return lastWrite ? `${waiting}; ${last}` : waiting
  }
  const explain: Record<DropCause, () => string> = {
    'store-down': () => `the buffer of ${bufferLimit} was full while the store was unavailable (${lastError})`,
    'store-slow': () =>
      `the buffer of ${bufferLimit} was full: the store is up but slower than the traffic (${writeDetail()})`,
    closed: () => 'they ended after the recorder had closed for shutdown',
  }

  const report = (): void => {
    for (const cause of CAUSES) {
      const fresh = dropped[cause] - reported[cause]
      if (fresh === 0 || (reported[cause] > 0 && now() - lastWarning[cause] < DROP_WARNING_EVERY_MS)) continue
      logger.warn(`pinai store: ${fresh} request records dropped: ${explain[cause]()}; ${total()} dropped since start`)
      reported[cause] = dropped[cause]
      lastWarning[cause] = now()
    }
  }

  return {
    get down() {
      return down
    },
    get slow() {
      return slow
    },
    get dropped() {
      return total()
    },
    droppedBy() {
      const byCause = { ...dropped }
      byCause[down ? 'store-down' : 'store-slow'] += undecided
      return byCause
    },

    drop(count, reason) {
      if (reason === 'closed') dropped.closed += count
      else if (down) dropped['store-down'] += count
      else undecided += count
    },

    writeStarted(count) {
      write = { count, startedAt: now() }
    },

    failed(error) {
      write = undefined
      lastError = messageOf(error)
      decide('store-down')
      if (down) return
      down = true
      slow = false
      logger.warn(
        `pinai store: writing request records failed (${lastError}); requests are still served, ` +
          `up to ${bufferLimit} records are kept and retried`,
      )
    },

    succeeded() {
      if (write) lastWrite = { count: write.count, ms: now() - write.startedAt }
      write = undefined
      decide('store-slow')
      if (!down) return
      down = false
      // A backlog left by the outage drains now; that is no slow spell until it has drained once.
      recovering = true
      const lost = dropped['store-down'] - droppedAtRecovery
      droppedAtRecovery = dropped['store-down']
      const message = `pinai store: writes resumed; ${lost} request records were dropped while it was unavailable`
      if (lost > 0) logger.warn(message)
      else logger.info?.(message)
    },

    waiting(count) {
      if (down) return
      const caughtUp = count <= bufferLimit / 10
      if (caughtUp) recovering = false
      if (!slow && !recovering && count >= bufferLimit / 2) {
        slow = true
        droppedAtSlowStart = dropped['store-slow']
        logger.warn(
          `pinai store: the store is up but slower than the traffic: ${count} request records are waiting ` +
            `(${writeDetail()}); requests are still served, and once ${bufferLimit} wait the oldest are dropped`,
        )
      } else if (slow && caughtUp) {
        slow = false
        report()
        const lost = dropped['store-slow'] - droppedAtSlowStart
        if (lost > 0)
          logger.warn(`pinai store: writes caught up; ${lost} request records were dropped while the store was slow`)
        else logger.info?.('pinai store: writes caught up with the traffic')
      }
    },

    report,

    pendingReason: () =>
      down
        ? `the store is unavailable (${lastError})`
        : `the store was still writing, slow or not answering (${writeDetail()})`,
  }
}

function seconds(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`
}
