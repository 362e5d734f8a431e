import type { Channel } from './channel.ts'
import type { Health, LatencyMeasure } from './health.ts'
import type { KeyLimits } from './key-limits.ts'
import { pickLeastLatency } from './pick-least-latency.ts'
import { pickWeighted } from './pick-weighted.ts'
import type { RoutingTable } from './create-routing-table.ts'
import { poolTiers, type PoolTiers } from './pool-tiers.ts'
import type { ProviderGroup } from './provider-group.ts'
import { routingDefaults } from './routing-settings.ts'
import { createSmoothRoundRobin } from './smooth-round-robin.ts'

/** Options of one pick. */
export interface PickOptions {
  /**
   * When every remaining channel is cooling (or its half-open trial is out), pick the one whose
   * cooldown ends soonest instead of none.
   */
  lastResort?: boolean
  /** least-latency: what this request is judged by (default `ttft`; `per-token` for a whole answer). */
  measure?: LatencyMeasure
}

/** Chooses the channel for the next attempt. */
export interface Selector {
  /**
   * The lowest priority tier with an available channel, the strategy among its providers, the
   * provider's keys (and models) in rotation. Skips excluded and cooling channels; a half-open one is
   * let through once (its trial is taken here). A key at its limits is never picked; a pick takes one
   * of its slots (given back through the attempt's `endSlot`).
   */
  pick(channels: readonly Channel[], excluded: ReadonlySet<string>, options?: PickOptions): Channel | undefined
}

/** Options of {@link createSelector}. */
export interface SelectorOptions {
  strategy: 'weighted' | 'round-robin' | 'least-latency'
  health: Health
  /** The config's routing table, whose whole pools' tiers are made once (without it, every pick makes them). */
  table?: RoutingTable
  /** The keys' own budgets: a key at its limit is skipped, even as a last resort, and a pick takes a slot. */
  keyLimits?: KeyLimits
  random: () => number
  now: () => number
  /** least-latency: a latency sample older than this no longer counts (the channel is probed again). */
  staleLatencyMs?: number
  /** least-latency: a provider sent a request to be measured gets no other until its sample arrives or this passes (default 30 s). */
  measureWaitMs?: number
  /** least-latency: share of the picks (0–1) that probe slower providers while faster ones are available (default 0.05). */
  latencyProbeShare?: number
}

/** Creates a selector; its round-robin and key-rotation state lives as long as it does. */
export function createSelector(options: SelectorOptions): Selector {
  const { health, keyLimits } = options
  const roundRobin = createSmoothRoundRobin()
  const rotation = new Map<string, number>()
  const staleMs = options.staleLatencyMs ?? 300_000
  const probeShare = options.latencyProbeShare ?? routingDefaults.latencyProbeShare
  const measureWaitMs = options.measureWaitMs ?? 30_000
  // Bounded by the config: one entry per model name and provider.
  const measuring = new Map<string, number>()
  // Bounded by the config: one entry per model name, tier and latency measure.
  const probeCredit = new Map<string, number>()

  const chooseGroup = (
    groups: ProviderGroup[],
    poolKey: string,
    measure: LatencyMeasure | undefined,
  ): ProviderGroup | undefined => {
    switch (options.strategy) {
      case 'weighted':
        return pickWeighted(groups, options.random)
      case 'round-robin':
        return roundRobin(poolKey, groups)
      case 'least-latency':
        return pickLeastLatency(groups, {
          health,
          random: options.random,
          now: options.now(),
          staleMs,
          probeShare,
          measuring,
          measureWaitMs,
          probeCredit,
          ...(measure ? { measure } : {}),
        })
      default: {
        const unknown: never = options.strategy
        throw new Error(`unknown routing strategy ${String(unknown)}`)
      }
    }
  }

  const rotate = (group: ProviderGroup): Channel | undefined => {
    const first = group.channels[0]
    if (!first) return undefined
    const key = `${first.name}\u0000${group.providerName}`
    const turn = rotation.get(key) ?? 0
    rotation.set(key, turn + 1)
    return group.channels[turn % group.channels.length]
  }

  return {
    pick(channels, excluded, pickOptions) {
      const underLimits = (channel: Channel) => keyLimits === undefined || keyLimits.isAvailable(channel)
      const available = (channel: Channel) => health.isAvailable(channel) && underLimits(channel)
      let tiered: PoolTiers | undefined
      if (excluded.size === 0 && channels.every(available))
        tiered = options.table?.wholePoolTiers(channels) ?? poolTiers(channels)
      else {
        const open = channels.filter((channel) => !excluded.has(channel.id) && underLimits(channel))
        let usable = open.filter(available)
        if (usable.length === 0) {
          if (!pickOptions?.lastResort || open.length === 0) return undefined
          const soonest = Math.min(...open.map((channel) => health.readyAt(channel)))
          usable = open.filter((channel) => health.readyAt(channel) === soonest)
        }
        tiered = poolTiers(usable)
      }
      if (!tiered) return undefined
      const group = chooseGroup(tiered.groups, tiered.poolKey, pickOptions?.measure)
      const channel = group && rotate(group)
      if (channel) {
        health.acquire(channel)
        keyLimits?.acquire(channel)
      }
      return channel
    },
  }
}
