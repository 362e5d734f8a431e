import type { Health } from './health.ts'
import { pickWeighted } from './pick-weighted.ts'
import type { ProviderGroup } from './provider-group.ts'

/**
 * Groups whose latency is within this factor of the fastest count as equally fast and share the
 * traffic by weight: moving averages of a few samples jitter, and a 10 % difference must not send
 * everything one way.
 */
export const similarLatencyFactor = 1.5

/** Mean fresh latency of a group's channels; undefined when nothing recent is known. */
function latencyOf(group: ProviderGroup, health: Health, now: number, staleMs: number): number | undefined {
  let sum = 0
  let count = 0
  for (const channel of group.channels) {
    const stats = health.latency(channel)
    if (stats === undefined || now - stats.at > staleMs) continue
    sum += stats.averageMs
    count++
  }
  return count > 0 ? sum / count : undefined
}

/** Options of {@link pickLeastLatency}. */
export interface LeastLatencyOptions {
  health: Health
  random: () => number
  now: number
  /** A sample older than this no longer counts: the group is measured again. */
  staleMs: number
  /** Share of the picks (0–1) that go to the slower groups while faster ones are available. */
  probeShare: number
  /**
   * When each group without a sample was last sent a request to be measured, by {@link groupKey};
   * the caller keeps it between picks (entries are written here).
   */
  measuring: Map<string, number>
  /** A group sent to be measured is not sent again for this long while its sample is awaited. */
  measureWaitMs: number
}

/** Stable key of a group within one model name. */
export function groupKey(group: ProviderGroup): string {
  return `${group.channels[0]?.name ?? ''}\u0000${group.providerName}`
}

/**
 * Prefers the fastest groups and probes the others at a small share. A group without a fresh
 * sample is picked first (by weight among such groups), since it has to be measured; while that
 * request runs, further requests do not pile onto it: it counts among the slower ones until its
 * sample arrives or `measureWaitMs` passes. Otherwise the groups within {@link similarLatencyFactor}
 * of the fastest are the fast set, picked by weight; with probability `probeShare` one of the
 * slower groups is picked instead (by weight among them), so a slow channel that has become fast
 * is noticed.
 */
export function pickLeastLatency(groups: readonly ProviderGroup[], options: LeastLatencyOptions): ProviderGroup | undefined {
  if (groups.length <= 1) return groups[0]
  const { now, measuring } = options
  const measured: { group: ProviderGroup; latency: number }[] = []
  const due: ProviderGroup[] = []
  const awaited: ProviderGroup[] = []
  for (const group of groups) {
    const latency = latencyOf(group, options.health, now, options.staleMs)
    if (latency !== undefined) {
      measured.push({ group, latency })
      continue
    }
    const sentAt = measuring.get(groupKey(group))
    if (sentAt !== undefined && now - sentAt < options.measureWaitMs && now >= sentAt) awaited.push(group)
    else due.push(group)
  }
  if (due.length > 0) {
    const chosen = pickWeighted(due, options.random)
    if (chosen) measuring.set(groupKey(chosen), now)
    return chosen
  }
  if (measured.length === 0) return pickWeighted(awaited, options.random)
  const fastest = Math.min(...measured.map((entry) => entry.latency))
  const limit = fastest * similarLatencyFactor
  const fast = measured.filter((entry) => entry.latency <= limit).map((entry) => entry.group)
  const slow = [...measured.filter((entry) => entry.latency > limit).map((entry) => entry.group), ...awaited]
  if (slow.length > 0 && options.random() < options.probeShare) return pickWeighted(slow, options.random)
  return pickWeighted(fast, options.random)
}
