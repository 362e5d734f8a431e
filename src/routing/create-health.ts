import type { GatewayError } from '../ir/errors.ts'
import { keyScopeOf, type Channel } from './channel.ts'
import { coolDown, emptyEntry, entryState, type CooldownEntry, type EntryState } from './cooldown-entry.ts'
import type { ChannelHealth, Health, HealthOptions, HealthScope, LastError, LatencyStats } from './health.ts'
import { addSample } from './moving-average.ts'
import { redactKey } from './redact-key.ts'

interface ChannelRecord {
  channel: Channel
  lastError: LastError | undefined
  latency: LatencyStats | undefined
  perToken: LatencyStats | undefined
  lastSuccessAt: number | undefined
}

const scopes: readonly HealthScope[] = ['channel', 'key', 'provider']

function scopeId(channel: Channel, scope: HealthScope): string {
  if (scope === 'channel') return `channel:${channel.id}`
  if (scope === 'key') return `key:${keyScopeOf(channel)}`
  return `provider:${channel.provider.name}`
}

/** Creates the in-memory health of all channels (one per gateway, kept across config reloads). */
export function createHealth(options: HealthOptions): Health {
  const { now } = options
  const limits = { base: 0, max: 0 }
  const configure = (next: { cooldownBase: number; cooldownMax: number }) => {
    limits.base = next.cooldownBase
    limits.max = Math.max(next.cooldownBase, next.cooldownMax)
  }
  configure(options)
  const trialLeaseMs = options.trialLeaseMs ?? 120_000
  const alpha = options.latencyAlpha ?? 0.3
  const entries = new Map<string, CooldownEntry>()
  const records = new Map<string, ChannelRecord>()

  const recordOf = (channel: Channel): ChannelRecord => {
    const existing = records.get(channel.id)
    if (existing) {
      existing.channel = channel // the newest config's view of it
      return existing
    }
    const created: ChannelRecord = {
      channel,
      lastError: undefined,
      latency: undefined,
      perToken: undefined,
      lastSuccessAt: undefined,
    }
    records.set(channel.id, created)
    return created
  }
  // A channel's three scope ids, made once per channel object (a config's channels live as long as it).
  const idCache = new WeakMap<Channel, readonly string[]>()
  const idsOf = (channel: Channel): readonly string[] => {
    let ids = idCache.get(channel)
    if (!ids) idCache.set(channel, (ids = scopes.map((scope) => scopeId(channel, scope))))
    return ids
  }
  const entryOf = (channel: Channel, scope: HealthScope): CooldownEntry => {
    const id = idsOf(channel)[scopes.indexOf(scope)] ?? scopeId(channel, scope)
    let entry = entries.get(id)
    if (!entry) {
      entry = emptyEntry()
      entries.set(id, entry)
    }
    return entry
  }
  const states = (channel: Channel): { scope: HealthScope; entry: CooldownEntry | undefined; state: EntryState }[] => {
    const at = now()
    const ids = idsOf(channel)
    return scopes.map((scope, index) => {
      const entry = entries.get(ids[index] ?? '')
      return { scope, entry, state: entryState(entry, at, trialLeaseMs) }
    })
  }
  const release = (channel: Channel): void => {
    if (entries.size === 0) return
    for (const id of idsOf(channel)) {
      const entry = entries.get(id)
      if (entry) entry.trialAt = undefined
    }
  }

  return {
    onSuccess(channel, latencyMs, measure) {
      const record = recordOf(channel)
      const at = now()
      // Nothing has ever cooled down (the usual case): no entry to clear.
      if (entries.size > 0) {
        for (const id of idsOf(channel)) {
          const entry = entries.get(id)
          if (!entry) continue
          entry.failures = 0
          entry.until = 0
          entry.trialAt = undefined
        }
      }
      record.lastSuccessAt = at
      if (latencyMs !== undefined && Number.isFinite(latencyMs) && latencyMs >= 0) {
        if (measure === 'per-token') record.perToken = addSample(record.perToken, latencyMs, at, alpha)
        else record.latency = addSample(record.latency, latencyMs, at, alpha)
      }
    },

    onFailure(channel, error: GatewayError) {
      const record = recordOf(channel)
      if (error.kind === 'aborted') return release(channel)
      const lastError: LastError = {
        kind: error.kind,
        status: error.status,
        message: redactKey(error.message, channel.key),
        at: now(),
      }
      record.lastError = lastError
      const scope = error.decision.cooldown
      if (scope !== 'none') {
        const entry = entryOf(channel, scope)
        coolDown(entry, lastError.at, limits, error.retryAfterMs)
        entry.lastError = lastError
      }
      release(channel)
    },

    isAvailable(channel) {
      if (entries.size === 0) return true
      return states(channel).every(({ state }) => state === 'ok' || state === 'half-open')
    },

    readyAt(channel) {
      return Math.max(0, ...states(channel).map(({ entry, state }) => (state === 'cooling' && entry ? entry.until : 0)))
    },

    acquire(channel) {
      recordOf(channel)
      if (entries.size === 0) return
      const at = now()
      for (const { entry, state } of states(channel)) {
        if (entry && state === 'half-open') entry.trialAt = at
      }
    },

    release,

    latency(channel, measure) {
      const record = records.get(channel.id)
      return measure === 'per-token' ? record?.perToken : record?.latency
    },

    configure,

    snapshot(channels) {
      const list = channels ?? [...records.values()].map((record) => record.channel)
      return list.map((channel) => describe(channel, records.get(channel.id), states(channel)))
    },
  }
}

/** One snapshot row: the worst scope decides the state; the newest error is shown. */
function describe(
  channel: Channel,
  record: ChannelRecord | undefined,
  scopeStates: { scope: HealthScope; entry: CooldownEntry | undefined; state: EntryState }[],
): ChannelHealth {
  const cooling = scopeStates
    .filter((item) => item.state === 'cooling')
    .sort((a, b) => (b.entry?.until ?? 0) - (a.entry?.until ?? 0))
  const halfOpen = scopeStates.filter((item) => item.state === 'half-open' || item.state === 'trial-out')
  const holding = cooling[0] ?? halfOpen[0]
  const errors = [record?.lastError, ...scopeStates.map((item) => item.entry?.lastError)].filter(
    (error): error is LastError => error !== undefined,
  )
  const lastError = errors.sort((a, b) => b.at - a.at)[0]
  return {
    id: channel.id,
    name: channel.name,
    provider: channel.provider.name,
    keyLabel: channel.keyLabel,
    upstreamModel: channel.upstreamModel,
    state: cooling.length > 0 ? 'cooling' : halfOpen.length > 0 ? 'half-open' : 'ok',
    ...(holding ? { scope: holding.scope, until: holding.entry?.until } : {}),
    failures: Math.max(0, ...scopeStates.map((item) => item.entry?.failures ?? 0)),
    ...(lastError ? { lastError } : {}),
    ...(record?.latency ? { latencyMs: Math.round(record.latency.averageMs) } : {}),
    latencySamples: record?.latency?.samples ?? 0,
    ...(record?.perToken ? { latencyPerTokenMs: Math.round(record.perToken.averageMs * 100) / 100 } : {}),
    ...(record?.lastSuccessAt !== undefined ? { lastSuccessAt: record.lastSuccessAt } : {}),
  }
}
