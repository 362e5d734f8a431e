import type { CodecLogger } from '../codec-options.ts'

/** Collects what one translation drops or changes, then logs it as one warning line. */
export interface DropLog {
  /** Records one dropped or changed thing (counted when repeated). */
  drop(what: string): void
  /** Logs the collected items (if any) under `context`, e.g. `anthropic request → openai`. */
  flush(): void
}

/**
 * How many characters the distinct things one translation lists may hold together. An upstream's stream
 * can name a new thing (a block type of its own) in every event, each as long as an event: past this the
 * new ones are counted, not kept. None is cut, so no part of a secret slips past the log's redaction.
 */
export const LISTED_CHARACTERS = 4_000

/** Creates a {@link DropLog} writing to `logger`. */
export function createDropLog(logger: CodecLogger, context: string): DropLog {
  const counts = new Map<string, number>()
  let listed = 0
  let unlisted = 0
  return {
    drop(what) {
      const count = counts.get(what)
      if (count !== undefined) return void counts.set(what, count + 1)
      // With its separator, so that the line grows by no more than this.
      const size = what.length + 2
      if (listed + size > LISTED_CHARACTERS) return void (unlisted += 1)
      listed += size
      counts.set(what, 1)
    },
    flush() {
      if (counts.size === 0 && unlisted === 0) return
      const items = [...counts].map(([what, count]) => (count > 1 ? `${what} (×${count})` : what))
      if (unlisted > 0) items.push(`${unlisted} more not listed`)
      logger.warn(`${context}: ${items.join('; ')}`)
      counts.clear()
      listed = 0
      unlisted = 0
    },
  }
}

/** Runs `work` with a fresh {@link DropLog} and logs what it collected. */
export function withDropLog<T>(logger: CodecLogger, context: string, work: (drops: DropLog) => T): T {
  const drops = createDropLog(logger, context)
  try {
    return work(drops)
  } finally {
    drops.flush()
  }
}
