import { GatewayError } from '../ir/errors.ts'
import { timeoutsFor, type Channel, type RoutingSettings, type Timeouts } from '../routing/index.ts'
import { toUpstreamError } from '../upstream/http-client.ts'

/** The abort signal and timers of one upstream attempt. */
export interface AttemptScope {
  /** Aborted by the request's signal, the total timeout, or the first-byte timeout. */
  signal: AbortSignal
  controller: AbortController
  timeouts: Timeouts
  /** The first content arrived (a stream's commit point, a whole answer's headers): the first-byte timer stops. */
  firstByteArrived(): void
  /** The attempt is over: the total timer stops and the request's signal is let go. */
  release(): void
  /** The attempt failed: stops every timer, classifies the error, aborts the call, returns the typed error. */
  fail(error: unknown): GatewayError
}

/** Opens the scope of one attempt on `channel`, linked to the request's `signal`. */
export function openAttemptScope(channel: Channel, settings: RoutingSettings, signal: AbortSignal): AttemptScope {
  const timeouts = timeoutsFor(channel.provider, settings)
  const controller = new AbortController()
  const abort = () => controller.abort(signal.reason)
  if (signal.aborted) abort()
  else signal.addEventListener('abort', abort, { once: true })
  const provider = channel.provider.name
  const timeout = (message: string) => new GatewayError({ kind: 'timeout', status: 504, provider, message: `${provider}: ${message}` })
  // 0 means no limit (a timer of 0 would fire at once).
  const total = timeouts.total > 0 ? setTimeout(() => controller.abort(timeout('total timeout')), timeouts.total) : undefined
  const firstByte = timeouts.firstByte > 0 ? setTimeout(() => controller.abort(timeout('no content within the first-byte timeout')), timeouts.firstByte) : undefined
  const release = () => {
    clearTimeout(total)
    signal.removeEventListener('abort', abort)
  }
  return {
    signal: controller.signal,
    controller,
    timeouts,
    firstByteArrived: () => clearTimeout(firstByte),
    release,
    fail: (error) => {
      clearTimeout(firstByte)
      release()
      // Classify before aborting: once aborted, any transport error would read as the client leaving.
      const typed = toUpstreamError(error, provider, controller.signal)
      controller.abort()
      return typed
    },
  }
}
