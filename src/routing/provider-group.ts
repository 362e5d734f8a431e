import type { Channel } from './channel.ts'

/** The channels of one provider inside a tier; a provider's weight belongs to it, not to each key. */
export interface ProviderGroup {
  providerName: string
  /** The weight used for choosing: the provider's, or 1 for a standby (weight 0) provider. */
  weight: number
  channels: Channel[]
}

/**
 * Groups the channels of the lowest priority tier by provider, in the order given. Providers of
 * weight 0 are standbys: they are chosen (evenly) only when no weighted provider of the tier is left.
 */
export function lowestTierGroups(channels: readonly Channel[]): ProviderGroup[] {
  if (channels.length === 0) return []
  const tier = Math.min(...channels.map((channel) => channel.provider.priority))
  const groups = new Map<string, ProviderGroup>()
  for (const channel of channels) {
    if (channel.provider.priority !== tier) continue
    const group = groups.get(channel.provider.name)
    if (group) group.channels.push(channel)
    else
      groups.set(channel.provider.name, {
        providerName: channel.provider.name,
        weight: channel.provider.weight,
        channels: [channel],
      })
  }
  const all = [...groups.values()]
  const weighted = all.filter((group) => group.weight > 0)
  return weighted.length > 0 ? weighted : all.map((group) => ({ ...group, weight: 1 }))
}
