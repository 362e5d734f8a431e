import type { AbortLike } from '../ir/abort-latch.ts'
import type { Channel } from './channel.ts'
import { keyScopeOf } from './channel.ts'

/** One second of a key's token window. */
interface TokenBucket {
  second: number
  tokens: number
}

/**
 * One key's usage: start times of the requests in the window (oldest first), attempts running, the
 * tokens charged per second (a ring, made for a key with a `tpm`), and the time until which the
 * upstream's own rate-limit headers hold the key back.
 */
interface KeyUsage {
  starts: number[]
  running: number
  tokens: TokenBucket[] | undefined
  heldUntil: number
}

/** Tokens charged to a key by one attempt, so the real usage can replace the estimate later. */
export interface TokenCharge {
  scope: string
  second: number
  tokens: number
}

/**
 * The budgets of `providers[].limits`, applied per key: a provider with three keys has three. Kept in
 * memory per process and keyed by the key scope, so the counts survive a config reload.
 */
export interface KeyLimits {
  /** The channel's key is under its rpm, tpm and concurrency limits and not held back by its upstream. */
  isAvailable(channel: Channel): boolean
  /** Counts one request against the key's rpm window and takes one of its concurrency slots. */
  acquire(channel: Channel): void
  /** Gives back a slot taken by {@link acquire} (the attempt ended). */
  release(channel: Channel): void
  /**
   * Charges an attempt's estimated tokens (its prompt) to the key's tpm window; undefined when the key
   * has no `tpm`. A key at or over its tpm is skipped like one at its rpm.
   */
  chargeTokens(channel: Channel, estimate: number): TokenCharge | undefined
  /**
   * Replaces a charge's estimate with the tokens the upstream reported (prompt and completion); a
   * charge whose second has left the window changes nothing.
   */
  correctTokens(charge: TokenCharge, actual: number): void
  /**
   * The upstream said the key has no requests or tokens left until `waitMs` from now (its rate-limit
   * headers): the key is skipped like one at its rpm until then, whatever its configured limits.
   */
  hold(channel: Channel, waitMs: number): void
  /**
   * When the key's rpm and tpm windows next have room and its upstream's hold ends (the past when it
   * has room now); a full concurrency budget has no known end, so it says nothing here.
   */
  readyAt(channel: Channel): number
  /**
   * Resolves when a slot is released, after `ms`, or when `signal` aborts, whichever comes first; a
   * waiting request then looks again. True when a slot was released.
   */
  waitForRelease(ms: number, signal?: AbortLike): Promise<boolean>
}

/** Options of {@link createKeyLimits}. */
export interface KeyLimitsOptions {
  now: () => number
  /** Length of the rpm and tpm windows (a minute; the tpm window counts in whole seconds). */
  windowMs?: number
}

/**
 * Creates the per-key limiter: a sliding window of start times for rpm, a ring of per-second buckets
 * for tpm (fixed size, whatever the traffic), a counter for concurrency.
 */
export function createKeyLimits(options: KeyLimitsOptions): KeyLimits {
  const { now } = options
  const windowMs = options.windowMs ?? 60_000
  const windowSeconds = Math.max(1, Math.ceil(windowMs / 1000))
  // One entry per key of the config (and of earlier configs): bounded by what the user wrote.
  const usage = new Map<string, KeyUsage>()
  const waiters = new Set<() => void>()
  let anyHeld = false

  const usageOf = (channel: Channel): KeyUsage => {
    const scope = keyScopeOf(channel)
    let entry = usage.get(scope)
    if (!entry) {
      entry = { starts: [], running: 0, tokens: undefined, heldUntil: 0 }
      usage.set(scope, entry)
    }
    return entry
  }
  // The window holds at most `rpm` starts, so this array stays bounded by the limit.
  const prune = (entry: KeyUsage, at: number) => {
    let stale = 0
    while (stale < entry.starts.length && entry.starts[stale]! <= at - windowMs) stale++
    if (stale > 0) entry.starts.splice(0, stale)
  }

  // The token buckets still inside the window ending at `second`, oldest first.
  const liveTokens = (entry: KeyUsage, second: number): TokenBucket[] =>
    (entry.tokens ?? [])
      .filter((bucket) => bucket.second > second - windowSeconds && bucket.second <= second)
      .sort((a, b) => a.second - b.second)
  const tokensIn = (live: readonly TokenBucket[]) => live.reduce((sum, bucket) => sum + bucket.tokens, 0)
  // When enough buckets have left the window to bring the tokens below `tpm` (0 when they are).
  const tokensReadyAt = (entry: KeyUsage, tpm: number, at: number): number => {
    const live = liveTokens(entry, Math.floor(at / 1000))
    let total = tokensIn(live)
    if (total < tpm) return 0
    for (const bucket of live) {
      total -= bucket.tokens
      if (total < tpm) return (bucket.second + windowSeconds) * 1000
    }
    return 0
  }

  return {
    isAvailable(channel) {
      const limits = channel.provider.limits
      // Most keys have no limits and were never held: they need no lookup.
      if (!limits && !anyHeld) return true
      const entry = usage.get(keyScopeOf(channel))
      if (entry && entry.heldUntil > now()) return false
      if (!limits || !entry) return true
      if (limits.concurrency !== undefined && entry.running >= limits.concurrency) return false
      if (limits.rpm !== undefined) {
        prune(entry, now())
        if (entry.starts.length >= limits.rpm) return false
      }
      if (limits.tpm !== undefined && tokensIn(liveTokens(entry, Math.floor(now() / 1000))) >= limits.tpm) return false
      return true
    },
    chargeTokens(channel, estimate) {
      if (channel.provider.limits?.tpm === undefined) return undefined
      const entry = usageOf(channel)
      const ring = (entry.tokens ??= Array.from({ length: windowSeconds }, () => ({ second: -1, tokens: 0 })))
      const second = Math.floor(now() / 1000)
      const bucket = ring[second % windowSeconds]!
      if (bucket.second !== second) {
        bucket.second = second
        bucket.tokens = 0
      }
      // At least one token, so a key at its tpm stays there even for empty prompts.
      const tokens = Math.max(1, Math.ceil(estimate))
      bucket.tokens += tokens
      return { scope: keyScopeOf(channel), second, tokens }
    },
    correctTokens(charge, actual) {
      const bucket = usage.get(charge.scope)?.tokens?.[charge.second % windowSeconds]
      if (!bucket || bucket.second !== charge.second || !(actual >= 0)) return
      bucket.tokens = Math.max(0, bucket.tokens + Math.ceil(actual) - charge.tokens)
      charge.tokens = Math.ceil(actual)
      // Fewer tokens than estimated may have made room: a waiting request looks again.
      for (const wake of [...waiters]) wake()
    },
    acquire(channel) {
      const limits = channel.provider.limits
      if (!limits) return
      const entry = usageOf(channel)
      if (limits.concurrency !== undefined) entry.running++
      if (limits.rpm !== undefined) {
        const at = now()
        prune(entry, at)
        entry.starts.push(at)
        // A limit lowered by a reload: keep only what the new limit can count.
        if (entry.starts.length > limits.rpm) entry.starts.splice(0, entry.starts.length - limits.rpm)
      }
    },
    release(channel) {
      if (!channel.provider.limits?.concurrency) return
      const entry = usage.get(keyScopeOf(channel))
      if (!entry || entry.running === 0) return
      entry.running--
      for (const wake of [...waiters]) wake()
    },
    hold(channel, waitMs) {
      if (!(waitMs > 0)) return
      anyHeld = true
      const entry = usageOf(channel)
      entry.heldUntil = Math.max(entry.heldUntil, now() + waitMs)
    },
    readyAt(channel) {
      const limits = channel.provider.limits
      const entry = usage.get(keyScopeOf(channel))
      if (!entry) return 0
      const at = now()
      let ready = entry.heldUntil > at ? entry.heldUntil : 0
      if (limits?.tpm !== undefined) ready = Math.max(ready, tokensReadyAt(entry, limits.tpm, at))
      if (limits?.rpm === undefined) return ready
      prune(entry, at)
      if (entry.starts.length < limits.rpm) return ready
      return Math.max(ready, entry.starts[entry.starts.length - limits.rpm]! + windowMs)
    },
    waitForRelease(ms, signal) {
      return new Promise<boolean>((resolve) => {
        const settle = (released: boolean) => {
          clearTimeout(timer)
          waiters.delete(wake)
          signal?.removeEventListener('abort', abort)
          resolve(released)
        }
        const wake = () => settle(true)
        const abort = () => settle(false)
        const timer = setTimeout(abort, Math.max(0, ms))
        waiters.add(wake)
        signal?.addEventListener('abort', abort, { once: true })
      })
    },
  }
}
