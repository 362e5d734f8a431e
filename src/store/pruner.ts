import type { RecorderLogger } from './outage-log.ts'
import type { PruneResult, Store } from './store.ts'
import { messageOf } from './with-timeout.ts'

/** Retention settings of a {@link Pruner}. */
export interface PrunerOptions {
  retentionMs: number
  rollupRetentionMs: number
  /** 0 disables the timer; `prune()` still works. */
  intervalMs: number
  logger: RecorderLogger
  now: () => number
}

/** Deletes rows and rollups past retention, on a timer and on demand. */
export interface Pruner {
  prune(): Promise<PruneResult>
  stop(): void
}

const FIRST_PRUNE_DELAY_MS = 10_000

/** Starts pruning: 10 s after start (out of the way of start-up), then every interval; timers are unref'd. */
export function startPruner(store: Store, options: PrunerOptions): Pruner {
  const prune = (): Promise<PruneResult> => {
    const time = options.now()
    return store.prune({ before: time - options.retentionMs, rollupsBefore: time - options.rollupRetentionMs })
  }
  const run = (): void => {
    prune().catch((error: unknown) =>
      options.logger.warn(`pinai store: pruning old request records failed (${messageOf(error)})`),
    )
  }
  const timers: NodeJS.Timeout[] = []
  if (options.intervalMs > 0) {
    timers.push(
      setTimeout(run, Math.min(FIRST_PRUNE_DELAY_MS, options.intervalMs)),
      setInterval(run, options.intervalMs),
    )
    for (const timer of timers) timer.unref()
  }
  return {
    prune,
    stop: () => {
      for (const timer of timers) clearTimeout(timer)
    },
  }
}
