import type { ErrorKind, GatewayError } from '../ir/errors.ts'
import type { Channel } from './channel.ts'

/** How a channel stands: usable, cooling down, or waiting for its one trial request. */
export type HealthState = 'ok' | 'cooling' | 'half-open'

/** A scope that can be cooled down. */
export type HealthScope = 'channel' | 'key' | 'provider'

/** The last error seen on a channel or scope (message already free of the key). */
export interface LastError {
  kind: ErrorKind
  status: number
  message: string
  at: number
}

/**
 * Moving average of a channel's attempt duration to the commit point: a stream's time to its first
 * content, a whole answer's full duration.
 */
export interface LatencyStats {
  averageMs: number
  samples: number
  /** When the last sample came. */
  at: number
}

/** One row of the health snapshot (admin API, dashboard). */
export interface ChannelHealth {
  id: string
  name: string
  provider: string
  keyLabel: string
  upstreamModel: string
  state: HealthState
  /** The scope holding the channel back, when it is not ok. */
  scope?: HealthScope
  /** End of the cooldown, when cooling (or the end of the one that just expired, when half-open). */
  until?: number
  /** Consecutive failures of that scope: the backoff step. */
  failures: number
  lastError?: LastError
  latencyMs?: number
  latencySamples: number
  lastSuccessAt?: number
}

/**
 * Cooldown state per channel, key and provider, kept in memory. Keyed by stable ids, so one Health
 * survives config reloads.
 */
export interface Health {
  /** The attempt reached its commit point: clears the channel's, its key's and its provider's cooldowns. */
  onSuccess(channel: Channel, ttftMs?: number): void
  /** Applies `error.decision.cooldown` (exponential, honouring `error.retryAfterMs`). */
  onFailure(channel: Channel, error: GatewayError): void
  /** Not cooling in any scope, and not half-open with its one trial already out. */
  isAvailable(channel: Channel): boolean
  /** When the channel's longest running cooldown ends (in the past when none runs). */
  readyAt(channel: Channel): number
  /** The channel was picked: takes the half-open trial of each scope that has one. */
  acquire(channel: Channel): void
  /** Gives taken trials back without a verdict (the client went away). */
  release(channel: Channel): void
  latency(channel: Channel): LatencyStats | undefined
  /** Each given channel (default: each channel seen so far) with its state. */
  snapshot(channels?: readonly Channel[]): ChannelHealth[]
  /** Takes new cooldown limits after a config reload; running cooldowns keep their end. */
  configure(limits: { cooldownBase: number; cooldownMax: number }): void
}

/** Options of {@link createHealth}. */
export interface HealthOptions {
  now: () => number
  cooldownBase: number
  cooldownMax: number
  /** A trial not reported back within this time is considered lost and another one is let through. */
  trialLeaseMs?: number
  /** Weight of a new latency sample in the moving average (0–1). */
  latencyAlpha?: number
}
