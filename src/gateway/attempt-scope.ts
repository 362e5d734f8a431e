import type { Readable } from 'node:stream'
import type { AbortLike } from '../ir/abort-latch.ts'
import { GatewayError } from '../ir/errors.ts'
import { timeoutsFor, type AttemptInfo, type Channel, type RoutingSettings, type Timeouts } from '../routing/index.ts'
import { toUpstreamError } from '../upstream/http-client.ts'

/** The part of the failover loop's {@link AttemptInfo} an attempt's scope works with. */
export type AttemptControl = Pick<AttemptInfo, 'signal' | 'abort'> &
  Partial<Pick<AttemptInfo, 'endSlot' | 'holdKey' | 'usedTokens'>>

/** The timers of one upstream attempt, on the signal the failover loop gave it. */
export interface AttemptScope {
  /** Aborted by the client, the request deadline, the total timeout, or the first-byte timeout. */
  signal: AbortLike
  timeouts: Timeouts
  /** The upstream answered: its body is cut if the attempt fails or stops early. */
  track(body: Readable): void
  /** The first content arrived (a stream's commit point, a whole answer's headers): the first-byte timer stops. */
  firstByteArrived(): void
  /** The attempt is over: the total timer stops. */
  release(): void
  /** Cuts the upstream call (a stream that stopped before its end). */
  abort(): void
  /** The attempt failed: stops every timer, classifies the error, cuts the call, returns the typed error. */
  fail(error: unknown): GatewayError
}

/**
 * Opens the scope of one attempt on `channel`. Its timeouts abort the attempt's own signal (`control`,
 * from the failover loop): one signal per attempt, not a second one linked to it.
 */
export function openAttemptScope(channel: Channel, settings: RoutingSettings, control: AttemptControl): AttemptScope {
  const timeouts = timeoutsFor(channel.provider, settings)
  const { signal } = control
  const provider = channel.provider.name
  const timeout = (message: string) =>
    new GatewayError({ kind: 'timeout', status: 504, provider, message: `${provider}: ${message}` })
  // 0 means no limit (a timer of 0 would fire at once).
  const total =
    timeouts.total > 0 ? setTimeout(() => control.abort(timeout('total timeout')), timeouts.total) : undefined
  const firstByte =
    timeouts.firstByte > 0
      ? setTimeout(() => control.abort(timeout('no content within the first-byte timeout')), timeouts.firstByte)
      : undefined
  let body: Readable | undefined
  // The attempt's work is over: its total timer stops and its key's concurrency slot is free again.
  const release = () => {
    clearTimeout(total)
    control.endSlot?.()
  }
  return {
    signal,
    timeouts,
    track: (tracked) => {
      body = tracked
    },
    firstByteArrived: () => clearTimeout(firstByte),
    release,
    abort: () => body?.destroy(),
    fail: (error) => {
      clearTimeout(firstByte)
      release()
      // Cut the upstream's answer, not the signal: the failover loop must see this error, not an abort.
      body?.destroy()
      return toUpstreamError(error, provider, signal)
    },
  }
}
