import type { PinaiConfig, ProviderConfig } from '../config/schema.ts'

/** Per-attempt timeouts in milliseconds; 0 means no limit. */
export interface Timeouts {
  /** TCP + TLS to the upstream. */
  connect: number
  /** From sending the request to the first byte (for a stream: the first content event); fails over. */
  firstByte: number
  /** Longest silence between two stream chunks. */
  idle: number
  /** The whole attempt, first byte to last. */
  total: number
}

/** `routing` with every default filled in, durations in milliseconds. */
export interface RoutingSettings {
  strategy: 'weighted' | 'round-robin' | 'least-latency'
  maxAttempts: number
  /** Total deadline of a client request until an attempt commits, across all attempts. */
  deadline: number
  /** How long a request whose every channel is at its limit waits for a free slot before its 429. */
  queueTimeout: number
  /** Interval of SSE keep-alive comments while a stream waits for its first token. */
  keepAliveInterval: number
  cooldownBase: number
  cooldownMax: number
  /** least-latency: share of the picks (0–1) that probe slower providers while faster ones are available. */
  latencyProbeShare: number
  /** 'session': requests of one agent session go to the channel that served it last while it is available. */
  affinity: 'session' | 'none'
  /** How long a session's pin lasts after its last answer. */
  affinityTtl: number
  timeouts: Timeouts
}

/** The defaults used where the config is silent. */
export const routingDefaults: RoutingSettings = {
  strategy: 'weighted',
  maxAttempts: 4,
  deadline: 600_000,
  queueTimeout: 3_000,
  keepAliveInterval: 15_000,
  cooldownBase: 15_000,
  cooldownMax: 600_000,
  latencyProbeShare: 0.05,
  affinity: 'session',
  affinityTtl: 600_000,
  timeouts: { connect: 10_000, firstByte: 60_000, idle: 60_000, total: 600_000 },
}

/** Reads `routing` from a validated config, defaults filled in. */
export function routingSettings(routing: PinaiConfig['routing']): RoutingSettings {
  const cooldownBase = routing.cooldown.base ?? routingDefaults.cooldownBase
  return {
    strategy: routing.strategy,
    maxAttempts: routing.maxAttempts,
    deadline: routing.deadline ?? routingDefaults.deadline,
    queueTimeout: routing.queueTimeout ?? routingDefaults.queueTimeout,
    keepAliveInterval: routing.keepAliveInterval ?? routingDefaults.keepAliveInterval,
    cooldownBase,
    // A max below the base would make the backoff shrink; the base wins.
    cooldownMax: Math.max(cooldownBase, routing.cooldown.max ?? routingDefaults.cooldownMax),
    latencyProbeShare: routing.latencyProbeShare ?? routingDefaults.latencyProbeShare,
    affinity: routing.affinity,
    affinityTtl: routing.affinityTtl ?? routingDefaults.affinityTtl,
    timeouts: {
      connect: routing.connectTimeout ?? routingDefaults.timeouts.connect,
      firstByte: routing.firstByteTimeout ?? routingDefaults.timeouts.firstByte,
      idle: routing.idleTimeout ?? routingDefaults.timeouts.idle,
      total: routing.totalTimeout ?? routingDefaults.timeouts.total,
    },
  }
}

/** The timeouts of one provider: its own where set, the global ones otherwise. */
export function timeoutsFor(provider: ProviderConfig, settings: RoutingSettings): Timeouts {
  return {
    connect: provider.connectTimeout ?? settings.timeouts.connect,
    firstByte: provider.firstByteTimeout ?? settings.timeouts.firstByte,
    idle: provider.idleTimeout ?? settings.timeouts.idle,
    total: provider.totalTimeout ?? settings.timeouts.total,
  }
}
