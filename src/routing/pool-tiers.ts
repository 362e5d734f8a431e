import type { Channel } from './channel.ts'
import { lowestTierGroups, type ProviderGroup } from './provider-group.ts'

/** What the selector chooses among in a pool: the providers of its lowest tier, and the key of its rotation. */
export interface PoolTiers {
  groups: ProviderGroup[]
  poolKey: string
}

/** The lowest tier's provider groups of `channels`, or undefined when there are none. */
export function poolTiers(channels: readonly Channel[]): PoolTiers | undefined {
  const groups = lowestTierGroups(channels)
  const first = groups[0]?.channels[0]
  return first ? { groups, poolKey: `${first.name}\u0000${first.provider.priority}` } : undefined
}

/** Whether `channels` are the whole of `pool`: the same channels in the same order. */
export function isWholePool(channels: readonly Channel[], pool: readonly Channel[]): boolean {
  if (channels.length !== pool.length) return false
  for (let index = 0; index < pool.length; index++) if (channels[index] !== pool[index]) return false
  return true
}
