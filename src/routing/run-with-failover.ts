import type { AbortLike } from '../ir/abort-latch.ts'
import type { GatewayError } from '../ir/errors.ts'
import type { AttemptRecord } from './attempt-record.ts'
import { attemptRecordOf } from './attempt-record.ts'
import type { Channel } from './channel.ts'
import type { PickOptions, Selector } from './create-selector.ts'
import { exhaustedError, FailoverError } from './failover-error.ts'
import type { Health, LatencyMeasure } from './health.ts'
import type { KeyLimits } from './key-limits.ts'
import { settleAttempt, type AttemptInfo } from './settle-attempt.ts'
import type { SessionAffinity } from './session-affinity.ts'
import {
  abortedError,
  channelsAtLimitError,
  deadlineError,
  noChannelError,
  unknownModelError,
} from './routing-errors.ts'

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
  /** The request's tokens as estimated up front (its prompt), charged to each attempt's key with a `tpm`. */
  tokenEstimate?: number
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
  /**
   * Told once, at the end, when the request found every channel at its limit: the milliseconds it
   * waited for a slot, and whether it ended in the 429 of {@link channelsAtLimitError}.
   */
  onQueued?: (waitedMs: number, refused: boolean) => void
  /** Told of each attempt as it ends. */
  onAttempt?: (record: AttemptRecord) => void
  /** Whether the committed attempt's duration feeds the channel's latency average (default true). */
  measureLatency?: boolean
  /**
   * What the request is judged and measured by (least-latency): `ttft` (default), the time to the
   * commit point, for streams; `per-token`, a whole answer's duration per output token reported
   * (`AttemptInfo.usedTokens`), so a long answer is not taken for a slow channel.
   */
  latencyMeasure?: LatencyMeasure
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
function ruledOut(
  channels: readonly Channel[],
  failed: Channel,
  scope: GatewayError['decision']['cooldown'],
): Channel[] {
  if (scope === 'key')
    return channels.filter(
      (channel) => channel.provider.name === failed.provider.name && channel.keyIndex === failed.keyIndex,
    )
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
function pickInOrder(
  selector: Selector,
  pools: readonly (readonly Channel[])[],
  excluded: ReadonlySet<string>,
  pickOptions: PickOptions | undefined,
  preference?: Preference,
): Channel | undefined {
  let preferenceSeen = preference === undefined
  for (const pool of pools) {
    if (!preferenceSeen && preference) {
      const pinned = pool.find((channel) => channel.id === preference.channelId)
      if (pinned) {
        preferenceSeen = true
        const { health, keyLimits } = preference
        if (
          !excluded.has(pinned.id) &&
          health.isAvailable(pinned) &&
          (keyLimits === undefined || keyLimits.isAvailable(pinned))
        ) {
          // Taken as the selector takes a pick: a half-open trial, and a slot of the key's limits.
          health.acquire(pinned)
          keyLimits?.acquire(pinned)
          return pinned
        }
      }
    }
    const channel = selector.pick(pool, excluded, pickOptions)
    if (channel) return channel
  }
  return undefined
}

/**
 * The sample a committed attempt adds to its channel's latency: none when the request is not
 * measured, or is judged per token and reported no output tokens (nothing to divide by).
 */
function latencySample(
  options: { measureLatency?: boolean; latencyMeasure?: LatencyMeasure },
  durationMs: number,
  outputTokens: number | undefined,
): [number | undefined, LatencyMeasure] {
  if (options.measureLatency === false) return [undefined, 'ttft']
  if (options.latencyMeasure !== 'per-token') return [durationMs, 'ttft']
  return outputTokens !== undefined && outputTokens > 0
    ? [durationMs / outputTokens, 'per-token']
    : [undefined, 'per-token']
}

/** The channels not yet ruled out that only their key's limits hold back; undefined when there are none. */
function atLimit(
  keyLimits: KeyLimits,
  channels: readonly Channel[],
  excluded: ReadonlySet<string>,
): Channel[] | undefined {
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
  queueTime: QueueTime | undefined,
): Promise<boolean> {
  const limited = atLimit(keyLimits, channels, excluded)
  if (!limited) return false
  if (queueTime) queueTime.entered = true
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
  const onQueued = options.onQueued
  if (!onQueued || !options.keyLimits) return failover(options, undefined)
  const queue: QueueTime = { entered: false, waitedMs: 0 }
  try {
    const result = await failover(options, queue)
    if (queue.entered) onQueued(queue.waitedMs, false)
    return result
  } catch (error) {
    if (queue.entered) onQueued(queue.waitedMs, error instanceof FailoverError && error.code === 'channels_at_limit')
    throw error
  }
}

/** Whether a request found every channel at its limit, and how long it waited for a slot. */
interface QueueTime {
  entered: boolean
  waitedMs: number
}

/** The loop itself; `queueTime`, when given, learns of the request's time in the queue. */
async function failover<T>(options: FailoverOptions<T>, queueTime: QueueTime | undefined): Promise<FailoverResult<T>> {
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
  // Made once: most requests are streams or whole answers judged as such, and pick with the same options.
  const measure: PickOptions | undefined = options.latencyMeasure === 'per-token' ? { measure: 'per-token' } : undefined
  // The queue's end by the clock, and by the time waited (so a clock that stands still cannot hold a request forever).
  const queue = { until: now() + (options.queueTimeout ?? 0), left: options.queueTimeout ?? 0 }

  for (let attemptIndex = 0; attemptIndex < options.maxAttempts; attemptIndex++) {
    if (options.signal?.aborted) throw new FailoverError(abortedError(options.signal.reason), attempts)
    if (options.deadlineAt !== undefined && now() >= options.deadlineAt)
      throw new FailoverError(deadlineError(name, last), attempts)
    let channel = pickInOrder(selector, pools, excluded, measure, preference)
    if (!channel && (options.lastResort ?? true) && !lastResortTaken) {
      channel = pickInOrder(selector, pools, excluded, { ...measure, lastResort: true }, preference)
      lastResortTaken = channel !== undefined
    }
    if (!channel && options.keyLimits) {
      const waitStarted = now()
      const waited = await waitedForSlot(options.keyLimits, everyChannel(), excluded, queue, options, queueTime)
      if (queueTime) queueTime.waitedMs += now() - waitStarted
      if (waited) {
        attemptIndex--
        continue
      }
    }
    if (!channel) break
    excluded.add(channel.id)

    const picked = channel
    const endSlot = () => options.keyLimits?.release(picked)
    const holdKey = (waitMs: number) => options.keyLimits?.hold(picked, waitMs)
    // The attempt's prompt counts against its key's tpm now; its reported usage replaces the estimate.
    const charge = options.keyLimits?.chargeTokens(picked, options.tokenEstimate ?? 0)
    let outputTokens: number | undefined
    const usedTokens = (tokens: number, output?: number) => {
      if (charge) options.keyLimits?.correctTokens(charge, tokens)
      if (output !== undefined) outputTokens = output
    }
    const outcome = await settleAttempt({
      channel,
      attemptIndex,
      attempt: options.attempt,
      signal: options.signal,
      deadlineAt: options.deadlineAt,
      now,
      endSlot,
      holdKey,
      usedTokens,
    })
    if (outcome.type === 'success') {
      const [latencyMs, latencyMeasure] = latencySample(options, outcome.durationMs, outputTokens)
      health.onSuccess(channel, latencyMs, latencyMeasure)
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
  if (limited && options.keyLimits)
    throw new FailoverError(channelsAtLimitError(name, retryAfterOf(options.keyLimits, limited, now())), attempts)
  const soonest = Math.min(...everyChannel().map((channel) => health.readyAt(channel)))
  throw new FailoverError(noChannelError(name, Math.max(0, soonest - now()) || undefined), attempts)
}
