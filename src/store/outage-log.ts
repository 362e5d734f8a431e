import { messageOf } from './with-timeout.ts'

/** Where the recorder reports trouble; the default is the console. */
export interface RecorderLogger {
  warn(message: string): void
  info?(message: string): void
}

/** Tracks store outages and dropped records, and says so in the log without flooding it. */
export interface OutageLog {
  readonly down: boolean
  readonly dropped: number
  /** Counts records dropped because the buffer was full. */
  drop(count: number): void
  failed(error: unknown): void
  succeeded(): void
  /** Warns about drops not yet reported: at once the first time, then at most every 10 s. */
  report(): void
}

const DROP_WARNING_EVERY_MS = 10_000

/** Creates the outage log of a write buffer holding at most `bufferLimit` records. */
export function createOutageLog(logger: RecorderLogger, bufferLimit: number, now: () => number): OutageLog {
  let down = false
  let dropped = 0
  let droppedReported = 0
  let droppedAtSuccess = 0
  let lastWarning = 0

  return {
    get down() {
      return down
    },
    get dropped() {
      return dropped
    },

    drop(count) {
      dropped += count
    },

    failed(error) {
      if (down) return
      down = true
      logger.warn(
        `pinai store: writing request records failed (${messageOf(error)}); requests are still served, ` +
          `up to ${bufferLimit} records are kept and retried`,
      )
    },

    succeeded() {
      // Drops happen only while writes fail or lag, so everything dropped since the last success is this outage's.
      const lost = dropped - droppedAtSuccess
      droppedAtSuccess = dropped
      if (!down) return
      down = false
      const message = `pinai store: writes resumed; ${lost} request records were dropped while it was unavailable`
      if (lost > 0) logger.warn(message)
      else logger.info?.(message)
    },

    report() {
      const fresh = dropped - droppedReported
      if (fresh === 0 || (droppedReported > 0 && now() - lastWarning < DROP_WARNING_EVERY_MS)) return
      logger.warn(
        `pinai store: ${fresh} request records dropped (the buffer of ${bufferLimit} was full while the store ` +
          `was unavailable; ${dropped} since start)`,
      )
      droppedReported = dropped
      lastWarning = now()
    },
  }
}
