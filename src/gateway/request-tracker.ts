import type { GatewayError } from '../ir/errors.ts'
import type { RecordSink } from './request-log.ts'
import type { SseRelay } from './stream/sse-relay.ts'

/**
 * What a gateway has under way: request records not yet written and committed streams still open.
 * Shutdown waits for the records (so the recorder closes only after the last one reached it) and ends
 * the streams left at the end of the grace period with an error event in their own protocol.
 */
export class RequestTracker implements RecordSink {
  private unwritten = 0
  private readonly streams = new Set<SseRelay>()
  private readonly waiters = new Set<() => void>()

  constructor(private readonly sink: RecordSink | undefined) {}

  /** A record was opened: it is unwritten until {@link record} takes it. */
  opened(): void {
    this.unwritten++
  }

  /** A record is written: handed to the sink, and no longer counted as unwritten. */
  record(record: Parameters<RecordSink['record']>[0]): void {
    this.unwritten = Math.max(0, this.unwritten - 1)
    try {
      this.sink?.record(record)
    } finally {
      if (this.unwritten === 0) for (const wake of this.waiters) wake()
    }
  }

  /** Counts a request in flight in the sink's live figures. */
  begin(): () => void {
    return this.sink?.begin?.() ?? noop
  }

  /** Records opened and not yet written. */
  get pending(): number {
    return this.unwritten
  }

  /** Follows a committed stream until it ends. */
  stream(relay: SseRelay): void {
    this.streams.add(relay)
    relay.onDone(() => this.streams.delete(relay))
  }

  /** Committed streams still open. */
  get openStreams(): number {
    return this.streams.size
  }

  /** Ends every open stream with `error` as its protocol's error event. */
  interruptStreams(error: GatewayError): void {
    for (const relay of this.streams) relay.interrupt(error)
  }

  /** Resolves once every opened record is written, or after `timeoutMs`. */
  settled(timeoutMs: number): Promise<void> {
    if (this.unwritten === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.waiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      this.waiters.add(done)
    })
  }
}

const noop = () => undefined
