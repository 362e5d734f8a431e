import type { LastError } from './health.ts'

/** Cooldown state of one scope (a channel, a key or a provider). */
export interface CooldownEntry {
  /** Consecutive failures: the backoff step; 0 when healthy. */
  failures: number
  /** Cooling until this time. */
  until: number
  /** When the half-open trial was let through, while it is out. */
  trialAt: number | undefined
  lastError: LastError | undefined
}

/** Where an entry stands at `now`; `trial-out` is half-open with its one trial taken. */
export type EntryState = 'ok' | 'cooling' | 'half-open' | 'trial-out'

/** Reads an entry's state; a trial older than `trialLeaseMs` counts as lost. */
export function entryState(entry: CooldownEntry | undefined, now: number, trialLeaseMs: number): EntryState {
  if (!entry || entry.failures === 0) return 'ok'
  if (now < entry.until) return 'cooling'
  if (entry.trialAt !== undefined && now - entry.trialAt < trialLeaseMs) return 'trial-out'
  return 'half-open'
}

/**
 * Starts or extends a cooldown. Exponential: base, 2×base, 4×base … up to max; `Retry-After` can
 * lengthen it (never beyond max, so a bogus header cannot ban a channel for a day) but not shorten it.
 * A failure while already cooling does not escalate: a burst of requests that were in flight when
 * the channel broke counts once. After a quiet spell longer than max, escalation starts over.
 */
export function coolDown(
  entry: CooldownEntry,
  now: number,
  limits: { base: number; max: number },
  retryAfterMs: number | undefined,
): void {
  const asked = Math.min(limits.max, retryAfterMs ?? 0)
  entry.trialAt = undefined
  if (now < entry.until) {
    entry.until = Math.max(entry.until, now + asked)
    return
  }
  if (entry.failures > 0 && now - entry.until > limits.max) entry.failures = 0
  entry.failures += 1
  const backoff = Math.min(limits.max, limits.base * 2 ** (entry.failures - 1))
  entry.until = now + Math.max(backoff, asked)
}

/** A fresh, healthy entry. */
export function emptyEntry(): CooldownEntry {
  return { failures: 0, until: 0, trialAt: undefined, lastError: undefined }
}
