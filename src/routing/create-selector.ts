import type { Channel } from './channel.ts'
import type { Health } from './health.ts'
import { pickLeastLatency } from './pick-least-latency.ts'
import { pickWeighted } from './pick-weighted.ts'
import { lowestTierGroups, type ProviderGroup } from './provider-group.ts'
import { createSmoothRoundRobin } from './smooth-round-robin.ts'

/** Options of one pick. */
export interface PickOptions {
  /**
   * When every remaining channel is cooling (or its half-open trial is out), pick the one whose
   * cooldown ends soonest instead of none.
   */
  lastResort?: boolean
}

/** Chooses the channel for the next attempt. */
export interface Selector {
  /**
   * The lowest priority tier with an available channel, the strategy among its providers, the
   * provider's keys (and models) in rotation. Skips excluded and cooling channels; a half-open one is
   * let through once (its trial is taken here).
   */
  pick(channels: readonly Channel[], excluded: ReadonlySet<string>, options?: PickOptions): Channel | undefined
}

/** Options of {@link createSelector}. */
export interface SelectorOptions {
  strategy: 'weighted' | 'round-robin' | 'least-latency'
  health: Health
  random: () => number
  now: () => number
  /** least-latency: a latency sample older than this no longer counts (the channel is probed again). */
  staleLatencyMs?: number
}

/** Creates a selector; its round-robin and key-rotation state lives as long as it does. */
export function createSelector(options: SelectorOptions): Selector {
  const { health } = options
  const roundRobin = createSmoothRoundRobin()
  const rotation = new Map<string, number>()
  const staleMs = options.staleLatencyMs ?? 300_000

  const chooseGroup = (groups: ProviderGroup[], poolKey: string): ProviderGroup | undefined => {
    switch (options.strategy) {
      case 'weighted':
        return pickWeighted(groups, options.random)
      case 'round-robin':
        return roundRobin(poolKey, groups)
      case 'least-latency':
        return pickLeastLatency(groups, { health, random: options.random, now: options.now(), staleMs })
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
      const open = channels.filter((channel) => !excluded.has(channel.id))
      let usable = open.filter((channel) => health.isAvailable(channel))
      if (usable.length === 0) {
        if (!pickOptions?.lastResort || open.length === 0) return undefined
        const soonest = Math.min(...open.map((channel) => health.readyAt(channel)))
        usable = open.filter((channel) => health.readyAt(channel) === soonest)
      }
      const groups = lowestTierGroups(usable)
      const first = groups[0]?.channels[0]
      if (!first) return undefined
      const group = chooseGroup(groups, `${first.name}\u0000${first.provider.priority}`)
      const channel = group && rotate(group)
      if (channel) health.acquire(channel)
      return channel
    },
  }
}
