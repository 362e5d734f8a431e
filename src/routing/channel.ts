import type { ProviderConfig } from '../config/schema.ts'

/** A route to one upstream: provider × key × upstream model exposing a name. */
export interface Channel {
  /** Stable across config reloads (provider name, key position, upstream model): health is keyed by it. */
  id: string
  provider: ProviderConfig
  /** Position of the key in `provider.keys` (0 when the provider has no key). */
  keyIndex: number
  /** The key itself, for the upstream call only; undefined for a provider without keys. */
  key: string | undefined
  /** `relay-a#1` for the provider's first key, `relay-a` without keys; never the key. */
  keyLabel: string
  upstreamModel: string
  /** The name clients ask for. */
  name: string
  /** The model entry's `reasoning` mark, when it has one (the provider's applies otherwise). */
  reasoning?: boolean
}

/** The label of a provider's key in logs and the dashboard: 1-based, as a person counts the list. */
export function keyLabelOf(providerName: string, keyIndex: number, hasKey: boolean): string {
  return hasKey ? `${providerName}#${keyIndex + 1}` : providerName
}

/** The stable id of a channel. */
export function channelIdOf(providerName: string, keyIndex: number, upstreamModel: string): string {
  return `${providerName}#${keyIndex + 1}/${upstreamModel}`
}

/** Id of the key scope a channel belongs to (shared by every model of that key). */
export function keyScopeOf(channel: Channel): string {
  return `${channel.provider.name}#${channel.keyIndex + 1}`
}
