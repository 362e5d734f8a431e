import type { PinaiConfig, ProviderConfig } from '../config/schema.ts'
import { channelIdOf, keyLabelOf, type Channel } from './channel.ts'
import { isWholePool, poolTiers, type PoolTiers } from './pool-tiers.ts'

/** Every channel of a config, by the name clients ask for. */
export interface RoutingTable {
  /** Exposed model names, sorted, each once. */
  names(): string[]
  /** Channels exposing a name (empty when none); enabled providers and models only, in config order. */
  channels(name: string): readonly Channel[]
  /** Every channel of the table, for health snapshots. */
  all(): Channel[]
  /**
   * The tiers of a whole pool, made when the table was built: the usual pick, a request's first with
   * nothing cooling, sees a whole pool, and its groups are not made again on every request. Undefined
   * when `channels` are not a whole pool of the table (a route's filtered share of one).
   */
  wholePoolTiers(channels: readonly Channel[]): PoolTiers | undefined
}

/** The (upstream id, exposed name) pairs a provider offers, disabled entries left out. */
function exposedModels(provider: ProviderConfig): { upstreamModel: string; name: string; reasoning?: boolean }[] {
  const models: { upstreamModel: string; name: string; reasoning?: boolean }[] = []
  for (const entry of provider.models) {
    if (typeof entry === 'string') models.push({ upstreamModel: entry, name: entry })
    else if (entry.enabled) {
      const model = { upstreamModel: entry.id, name: entry.name ?? entry.id }
      models.push(entry.reasoning === undefined ? model : { ...model, reasoning: entry.reasoning })
    }
  }
  return models
}

/** Expands one provider into its channels: each exposed model times each key. */
function channelsOf(provider: ProviderConfig): Channel[] {
  const keys: (string | undefined)[] = provider.keys.length > 0 ? provider.keys : [undefined]
  const channels: Channel[] = []
  for (const { upstreamModel, name, reasoning } of exposedModels(provider)) {
    keys.forEach((key, keyIndex) => {
      const channel: Channel = {
        id: channelIdOf(provider.name, keyIndex, upstreamModel),
        provider,
        keyIndex,
        key,
        keyLabel: keyLabelOf(provider.name, keyIndex, key !== undefined),
        upstreamModel,
        name,
      }
      if (reasoning !== undefined) channel.reasoning = reasoning
      channels.push(channel)
    })
  }
  return channels
}

/** Builds the routing table once per config load. */
export function createRoutingTable(config: PinaiConfig): RoutingTable {
  const byName = new Map<string, Channel[]>()
  const seen = new Set<string>()
  for (const provider of config.providers) {
    if (!provider.enabled) continue
    for (const channel of channelsOf(provider)) {
      // The same upstream id listed twice under one name is one channel, not a double weight.
      const unique = `${channel.id}\u0000${channel.name}`
      if (seen.has(unique)) continue
      seen.add(unique)
      const list = byName.get(channel.name) ?? []
      list.push(channel)
      byName.set(channel.name, list)
    }
  }
  const names = [...byName.keys()].sort()
  const all = [...byName.values()].flat()
  const tiers = new Map<string, PoolTiers | undefined>()
  for (const [name, list] of byName) {
    // A pool is shared by every request of the config: no caller may change it.
    Object.freeze(list)
    tiers.set(name, poolTiers(list))
  }
  const none: readonly Channel[] = Object.freeze([])
  return {
    names: () => [...names],
    channels: (name) => byName.get(name) ?? none,
    all: () => [...all],
    wholePoolTiers(channels) {
      const name = channels[0]?.name
      const pool = name === undefined ? undefined : byName.get(name)
      return pool && isWholePool(channels, pool) ? tiers.get(name as string) : undefined
    },
  }
}
