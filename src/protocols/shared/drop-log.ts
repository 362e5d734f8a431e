import type { CodecLogger } from '../codec-options.ts'

/** Collects what one translation drops or changes, then logs it as one warning line. */
export interface DropLog {
  /** Records one dropped or changed thing (counted when repeated). */
  drop(what: string): void
  /** Logs the collected items (if any) under `context`, e.g. `anthropic request → openai`. */
  flush(): void
}

/** Creates a {@link DropLog} writing to `logger`. */
export function createDropLog(logger: CodecLogger, context: string): DropLog {
  const counts = new Map<string, number>()
  return {
    drop(what) {
      counts.set(what, (counts.get(what) ?? 0) + 1)
    },
    flush() {
      if (counts.size === 0) return
      const items = [...counts].map(([what, count]) => (count > 1 ? `${what} (×${count})` : what))
      logger.warn(`${context}: ${items.join('; ')}`)
      counts.clear()
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
