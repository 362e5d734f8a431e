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
}

/**
 * Prefers the fastest groups and probes the others at a small share. A group without a fresh
 * sample is picked first (by weight among such groups), since it has to be measured. Otherwise the
 * groups within {@link similarLatencyFactor} of the fastest are the fast set, picked by weight; with
 * probability `probeShare` one of the slower groups is picked instead (by weight among them), so a
 * slow channel that has become fast is noticed.
 */
export function pickLeastLatency(groups: readonly ProviderGroup[], options: LeastLatencyOptions): ProviderGroup | undefined {
  if (groups.length <= 1) return groups[0]
  const measured: { group: ProviderGroup; latency: number }[] = []
  const unmeasured: ProviderGroup[] = []
  for (const group of groups) {
    const latency = latencyOf(group, options.health, options.now, options.staleMs)
    if (latency === undefined) unmeasured.push(group)
    else measured.push({ group, latency })
  }
  if (unmeasured.length > 0) return pickWeighted(unmeasured, options.random)
  const fastest = Math.min(...measured.map((entry) => entry.latency))
  const limit = fastest * similarLatencyFactor
  const fast = measured.filter((entry) => entry.latency <= limit).map((entry) => entry.group)
  const slow = measured.filter((entry) => entry.latency > limit).map((entry) => entry.group)
  if (slow.length > 0 && options.random() < options.probeShare) return pickWeighted(slow, options.random)
  return pickWeighted(fast, options.random)
}
