import type { AbortLike } from '../ir/abort-latch.ts'
import type { Channel } from './channel.ts'
import { keyScopeOf } from './channel.ts'

/**
 * One key's usage: start times of the requests in the window (oldest first), attempts running, and
 * the time until which the upstream's own rate-limit headers hold the key back.
 */
interface KeyUsage {
  starts: number[]
  running: number
  heldUntil: number
}

/**
 * The budgets of `providers[].limits`, applied per key: a provider with three keys has three. Kept in
 * memory per process and keyed by the key scope, so the counts survive a config reload.
 */
export interface KeyLimits {
  /** The channel's key is under its rpm and concurrency limits and not held back by its upstream. */
  isAvailable(channel: Channel): boolean
  /** Counts one request against the key's rpm window and takes one of its concurrency slots. */
  acquire(channel: Channel): void
  /** Gives back a slot taken by {@link acquire} (the attempt ended). */
  release(channel: Channel): void
  /**
   * The upstream said the key has no requests or tokens left until `waitMs` from now (its rate-limit
   * headers): the key is skipped like one at its rpm until then, whatever its configured limits.
   */
  hold(channel: Channel, waitMs: number): void
  /**
   * When the key's rpm window next has room and its upstream's hold ends (the past when it has room
   * now); a full concurrency budget has no known end, so it says nothing here.
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
  /** Length of the rpm window (a minute). */
  windowMs?: number
}

/** Creates the per-key limiter (a sliding window for rpm, a counter for concurrency). */
export function createKeyLimits(options: KeyLimitsOptions): KeyLimits {
  const { now } = options
  const windowMs = options.windowMs ?? 60_000
  // One entry per key of the config (and of earlier configs): bounded by what the user wrote.
  const usage = new Map<string, KeyUsage>()
  const waiters = new Set<() => void>()
  let anyHeld = false

  const usageOf = (channel: Channel): KeyUsage => {
    const scope = keyScopeOf(channel)
    let entry = usage.get(scope)
    if (!entry) {
      entry = { starts: [], running: 0, heldUntil: 0 }
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
      return true
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
      const rpm = channel.provider.limits?.rpm
      const entry = usage.get(keyScopeOf(channel))
      if (!entry) return 0
      const held = entry.heldUntil > now() ? entry.heldUntil : 0
      if (rpm === undefined) return held
      prune(entry, now())
      if (entry.starts.length < rpm) return held
      return Math.max(held, entry.starts[entry.starts.length - rpm]! + windowMs)
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
