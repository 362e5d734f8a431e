import { AbortLatch, type AbortLike } from '../ir/abort-latch.ts'
import { GatewayError } from '../ir/errors.ts'
import type { Channel } from './channel.ts'
import { raceAbort } from './race-abort.ts'
import { internalError } from './routing-errors.ts'

/** What an attempt gets besides its channel. */
export interface AttemptInfo {
  /** 0 for the first attempt of the request. */
  attemptIndex: number
  /** Aborted when the client goes away (also after the commit point), the request deadline passes, or {@link abort} is called. */
  signal: AbortLike
  /**
   * Aborts this attempt's signal with `reason` (the attempt's own timeouts), so that an attempt needs
   * no signal of its own linked to this one; the attempt fails with `reason`.
   */
  abort(reason: unknown): void
  /** The request's deadline, so the attempt can cap its own timeouts. */
  deadlineAt: number | undefined
  /**
   * Gives back the key's concurrency slot the pick took: call it when the attempt's work is over (a
   * stream: when it ends). Calling it again does nothing; the loop calls it itself when the attempt fails.
   */
  endSlot(): void
  /**
   * The upstream's rate-limit headers say this attempt's key has nothing left for `waitMs`: the key is
   * held back until then (see KeyLimits.hold).
   */
  holdKey(waitMs: number): void
  /**
   * The tokens the upstream reported for this attempt (prompt and completion): they replace the
   * estimate charged to the key's tpm window (not called, the estimate stays). `outputTokens`, told
   * before a whole answer resolves, turns its duration into the per-token latency least-latency reads.
   */
  usedTokens(tokens: number, outputTokens?: number): void
}

/** How one attempt ended. */
export type AttemptOutcome<T> =
  | { type: 'success'; value: T; durationMs: number }
  | { type: 'failure'; error: GatewayError; durationMs: number }
  | { type: 'aborted'; reason: unknown; durationMs: number }
  | { type: 'deadline'; durationMs: number }

/** Runs one attempt under the client's signal and the request deadline, never throwing. */
export async function settleAttempt<T>(options: {
  channel: Channel
  attemptIndex: number
  attempt: (channel: Channel, info: AttemptInfo) => Promise<T>
  signal: AbortLike | undefined
  deadlineAt: number | undefined
  now: () => number
  /** Gives the channel's slot back (called at most once). */
  endSlot?: () => void
  /** Holds the channel's key back for the given milliseconds. */
  holdKey?: (waitMs: number) => void
  /** Corrects the tokens charged to the channel's key. */
  usedTokens?: (tokens: number, outputTokens?: number) => void
}): Promise<AttemptOutcome<T>> {
  const { now, signal: clientSignal, deadlineAt } = options
  const controller = new AbortLatch()
  const onClientAbort = () => controller.abort(clientSignal?.reason)
  clientSignal?.addEventListener('abort', onClientAbort, { once: true })
  let deadlinePassed = false
  const timer =
    deadlineAt === undefined
      ? undefined
      : setTimeout(
          () => {
            deadlinePassed = true
            controller.abort(new Error('request deadline passed'))
          },
          Math.max(0, deadlineAt - now()),
        )
  const startedAt = now()
  let slotEnded = false
  const endSlot = () => {
    if (slotEnded) return
    slotEnded = true
    options.endSlot?.()
  }
  const info: AttemptInfo = {
    attemptIndex: options.attemptIndex,
    signal: controller,
    abort: (reason) => controller.abort(reason),
    deadlineAt,
    endSlot,
    holdKey: (waitMs) => options.holdKey?.(waitMs),
    usedTokens: (tokens, outputTokens) => options.usedTokens?.(tokens, outputTokens),
  }
  try {
    // A synchronous throw lands in the catch below; no extra turn of the microtask queue.
    const value = await raceAbort(Promise.resolve(options.attempt(options.channel, info)), controller)
    // The client listener stays: a disconnect after the commit point must still abort the upstream.
    return { type: 'success', value, durationMs: now() - startedAt }
  } catch (thrown) {
    clientSignal?.removeEventListener('abort', onClientAbort)
    endSlot()
    const durationMs = now() - startedAt
    if (clientSignal?.aborted) return { type: 'aborted', reason: clientSignal.reason, durationMs }
    if (deadlinePassed) return { type: 'deadline', durationMs }
    return { type: 'failure', error: thrown instanceof GatewayError ? thrown : internalError(thrown), durationMs }
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}
