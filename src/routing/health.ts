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
 * What a latency sample measures: `ttft`, an attempt's time to its commit point (a stream's first
 * content; a call without output tokens, its whole duration); `per-token`, a whole answer's duration
 * per output token. The two are kept apart: a stream is judged by the one, a whole answer by the other.
 */
export type LatencyMeasure = 'ttft' | 'per-token'

/** Moving average of one {@link LatencyMeasure} of a channel's attempts. */
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
  /** Time to the first token (or the commit point), when measured. */
  latencyMs?: number
  latencySamples: number
  /** A whole answer's duration per output token, when measured. */
  latencyPerTokenMs?: number
  lastSuccessAt?: number
}

/**
 * Cooldown state per channel, key and provider, kept in memory. Keyed by stable ids, so one Health
 * survives config reloads.
 */
export interface Health {
  /**
   * The attempt reached its commit point: clears the channel's, its key's and its provider's
   * cooldowns, and adds `latencyMs` (when given) to the channel's average of `measure` (default `ttft`).
   */
  onSuccess(channel: Channel, latencyMs?: number, measure?: LatencyMeasure): void
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
  /** The channel's average of `measure` (default `ttft`). */
  latency(channel: Channel, measure?: LatencyMeasure): LatencyStats | undefined
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
