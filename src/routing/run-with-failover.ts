import type { AbortLike } from '../ir/abort-latch.ts'
import type { GatewayError } from '../ir/errors.ts'
import type { AttemptRecord } from './attempt-record.ts'
import { attemptRecordOf } from './attempt-record.ts'
import type { Channel } from './channel.ts'
import type { Selector } from './create-selector.ts'
import { exhaustedError, FailoverError } from './failover-error.ts'
import type { Health } from './health.ts'
import type { KeyLimits } from './key-limits.ts'
import { settleAttempt, type AttemptInfo } from './settle-attempt.ts'
import type { SessionAffinity } from './session-affinity.ts'
import { abortedError, channelsAtLimitError, deadlineError, noChannelError, unknownModelError } from './routing-errors.ts'

/** Options of {@link runWithFailover}. */
export interface FailoverOptions<T> {
  /** The candidates (all exposing one name). */
  channels: readonly Channel[]
  /**
   * Pools of other names (the fallbacks), in order: the loop picks from the first pool that has a
   * channel it may try, so a later pool is reached only when every earlier one has failed or is cooling.
   */
  fallbacks?: readonly (readonly Channel[])[]
  selector: Selector
  health: Health
  /** The keys' budgets (the selector's own): gives slots back, and tells a request to wait when every channel is at its limit. */
  keyLimits?: KeyLimits
  /** How long a request may wait for a key under its limits before its 429 (default 0: at once). */
  queueTimeout?: number
  maxAttempts: number
  /** Absolute time by which an attempt must have committed. */
  deadlineAt?: number
  now: () => number
  /** The client's disconnect: stops at once, cools nothing. */
  signal?: AbortLike
  /**
   * When every remaining channel is cooling, try the one whose cooldown ends soonest, once per
   * request, rather than refuse (default true): with a single flaky relay, a 500 a few seconds ago
   * must not turn every request of the next 15 s into a 503.
   */
  lastResort?: boolean
  /** One attempt: throws a GatewayError on failure, resolves at the commit point. */
  attempt: (channel: Channel, info: AttemptInfo) => Promise<T>
  /** Told of each attempt as it ends. */
  onAttempt?: (record: AttemptRecord) => void
  /** Whether the committed attempt's duration feeds the channel's latency average (default true). */
  measureLatency?: boolean
  /**
   * The client's agent session: its request goes first to the channel that served the session last,
   * while that channel is available (so the upstream's prompt cache is hit), and the channel that
   * commits is pinned for the next one. Failover itself is unchanged.
   */
  session?: { key: string; affinity: SessionAffinity; ttlMs: number }
}

/** The committed attempt. */
export interface FailoverResult<T> {
  value: T
  channel: Channel
  attempts: AttemptRecord[]
}

/** Channels a failure rules out for the rest of the request: the one that failed, or its whole key or provider. */
function ruledOut(channels: readonly Channel[], failed: Channel, scope: GatewayError['decision']['cooldown']): Channel[] {
  if (scope === 'key') return channels.filter((channel) => channel.provider.name === failed.provider.name && channel.keyIndex === failed.keyIndex)
  if (scope === 'provider') return channels.filter((channel) => channel.provider.name === failed.provider.name)
  return [failed]
}

/** The channel a session prefers, when it still may be tried. */
interface Preference {
  channelId: string
  health: Health
  /** The keys' limits: a pinned channel at its key's limit is not preferred. */
  keyLimits: KeyLimits | undefined
}

/**
 * The first pick of the pools in order; the selector takes a pool whole (its tiers, its rotation). In
 * the first pool holding the session's pinned channel, that channel comes before the selector's pick
 * while it is available and not excluded; an earlier pool is still picked from first.
 */
function pickInOrder(selector: Selector, pools: readonly (readonly Channel[])[], excluded: ReadonlySet<string>, lastResort: boolean, preference?: Preference): Channel | undefined {
  let preferenceSeen = preference === undefined
  for (const pool of pools) {
    if (!preferenceSeen && preference) {
      const pinned = pool.find((channel) => channel.id === preference.channelId)
      if (pinned) {
        preferenceSeen = true
        const { health, keyLimits } = preference
        if (!excluded.has(pinned.id) && health.isAvailable(pinned) && (keyLimits === undefined || keyLimits.isAvailable(pinned))) {
          // Taken as the selector takes a pick: a half-open trial, and a slot of the key's limits.
          health.acquire(pinned)
          keyLimits?.acquire(pinned)
          return pinned
        }
      }
    }
    const channel = selector.pick(pool, excluded, lastResort ? { lastResort } : undefined)
    if (channel) return channel
  }
  return undefined
}

/** The channels not yet ruled out that only their key's limits hold back; undefined when there are none. */
function atLimit(keyLimits: KeyLimits, channels: readonly Channel[], excluded: ReadonlySet<string>): Channel[] | undefined {
  const held = channels.filter((channel) => !excluded.has(channel.id) && !keyLimits.isAvailable(channel))
  return held.length > 0 ? held : undefined
}

/** Milliseconds until the first of `channels` may have room: its rpm window, or a second for a full concurrency budget. */
function retryAfterOf(keyLimits: KeyLimits, channels: readonly Channel[], at: number): number {
  const soonest = Math.min(...channels.map((channel) => keyLimits.readyAt(channel)))
  return soonest > at ? soonest - at : 1000
}

/**
 * Every channel left is at its limit: waits for a slot to be released (or the rpm window to move) while
 * the queue time, the deadline and the client allow. True when the loop should pick again.
 */
async function waitedForSlot(
  keyLimits: KeyLimits,
  channels: readonly Channel[],
  excluded: ReadonlySet<string>,
  queue: { until: number; left: number },
  options: { now: () => number; deadlineAt?: number; signal?: AbortLike },
): Promise<boolean> {
  const limited = atLimit(keyLimits, channels, excluded)
  if (!limited) return false
  const at = options.now()
  const until = Math.min(queue.until, options.deadlineAt ?? Infinity)
  if (at >= until || queue.left <= 0 || options.signal?.aborted) return false
  // A key whose rpm window frees only after the queue's end cannot be waited for: the 429 comes at once.
  if (limited.every((channel) => keyLimits.readyAt(channel) >= until)) return false
  const ms = Math.min(until - at, queue.left, retryAfterOf(keyLimits, limited, at))
  if (!(await keyLimits.waitForRelease(ms, options.signal))) queue.left -= ms
  return !options.signal?.aborted
}

/**
 * The attempt loop (README.md, "Routing and failover"): pick, try, and on a failure that the error's
 * decision says fails over, cool down its scope and try another channel, never the same one twice in a
 * request, up to `maxAttempts` and the deadline (the fallback pools included: one budget for the chain).
 * Throws a {@link FailoverError} carrying the attempts: the client's own error at once, the last error
 * when all failed, 503 when no channel could be tried.
 */
export async function runWithFailover<T>(options: FailoverOptions<T>): Promise<FailoverResult<T>> {
  const { channels, selector, health, now } = options
  const fallbacks = options.fallbacks ?? []
  const pools = fallbacks.length === 0 ? [channels] : [channels, ...fallbacks]
  // Every channel of the chain, needed only after a failure: not built for the request that succeeds at once.
  const everyChannel = () => (fallbacks.length === 0 ? channels : pools.flat())
  const name = channels[0]?.name ?? ''
  const attempts: AttemptRecord[] = []
  const excluded = new Set<string>()
  const record = (entry: AttemptRecord) => {
    attempts.push(entry)
    try {
      options.onAttempt?.(entry)
    } catch {
      // A failing logger must not change the client's answer.
    }
  }
  if (channels.length === 0) throw new FailoverError(unknownModelError(name), attempts)
  let last: GatewayError | undefined
  let lastResortTaken = false
  const session = options.session
  const pinnedId = session?.affinity.pinned(session.key, session.ttlMs)
  const preference = pinnedId === undefined ? undefined : { channelId: pinnedId, health, keyLimits: options.keyLimits }
  // The queue's end by the clock, and by the time waited (so a clock that stands still cannot hold a request forever).
  const queue = { until: now() + (options.queueTimeout ?? 0), left: options.queueTimeout ?? 0 }

  for (let attemptIndex = 0; attemptIndex < options.maxAttempts; attemptIndex++) {
    if (options.signal?.aborted) throw new FailoverError(abortedError(options.signal.reason), attempts)
    if (options.deadlineAt !== undefined && now() >= options.deadlineAt) throw new FailoverError(deadlineError(name, last), attempts)
    let channel = pickInOrder(selector, pools, excluded, false, preference)
    if (!channel && (options.lastResort ?? true) && !lastResortTaken) {
      channel = pickInOrder(selector, pools, excluded, true, preference)
      lastResortTaken = channel !== undefined
    }
    if (!channel && options.keyLimits && (await waitedForSlot(options.keyLimits, everyChannel(), excluded, queue, options))) {
      attemptIndex--
      continue
    }
    if (!channel) break
    excluded.add(channel.id)

    const picked = channel
    const endSlot = () => options.keyLimits?.release(picked)
    const outcome = await settleAttempt({ channel, attemptIndex, attempt: options.attempt, signal: options.signal, deadlineAt: options.deadlineAt, now, endSlot })
    if (outcome.type === 'success') {
      health.onSuccess(channel, options.measureLatency === false ? undefined : outcome.durationMs)
      record(attemptRecordOf(channel, outcome.durationMs))
      session?.affinity.pin(session.key, channel.id)
      return { value: outcome.value, channel, attempts }
    }
    if (outcome.type === 'aborted') {
      const error = abortedError(outcome.reason)
      health.release(channel)
      record(attemptRecordOf(channel, outcome.durationMs, error))
      throw new FailoverError(error, attempts)
    }
    if (outcome.type === 'deadline') {
      const error = deadlineError(name, last)
      health.release(channel)
      record(attemptRecordOf(channel, outcome.durationMs, error))
      throw new FailoverError(error, attempts)
    }
    const { error } = outcome
    health.onFailure(channel, error)
    record(attemptRecordOf(channel, outcome.durationMs, error))
    last = error
    if (!error.decision.failover) throw new FailoverError(error, attempts)
    for (const ruled of ruledOut(everyChannel(), channel, error.decision.cooldown)) excluded.add(ruled.id)
  }

  if (last) throw new FailoverError(exhaustedError(last), attempts)
  const limited = options.keyLimits && atLimit(options.keyLimits, everyChannel(), excluded)
  if (limited && options.keyLimits) throw new FailoverError(channelsAtLimitError(name, retryAfterOf(options.keyLimits, limited, now())), attempts)
  const soonest = Math.min(...everyChannel().map((channel) => health.readyAt(channel)))
  throw new FailoverError(noChannelError(name, Math.max(0, soonest - now()) || undefined), attempts)
}
