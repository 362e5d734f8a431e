import type { Health, LatencyMeasure } from './health.ts'
import { pickWeighted } from './pick-weighted.ts'
import type { ProviderGroup } from './provider-group.ts'

/**
 * Groups whose latency is within this factor of the fastest count as equally fast and share the
 * traffic by weight: moving averages of a few samples jitter, and a 10 % difference must not send
 * everything one way.
 */
export const similarLatencyFactor = 1.5

/** Mean fresh latency of a group's channels; undefined when nothing recent is known. */
function latencyOf(
  group: ProviderGroup,
  health: Health,
  now: number,
  staleMs: number,
  measure: LatencyMeasure,
): number | undefined {
  let sum = 0
  let count = 0
  for (const channel of group.channels) {
    const stats = health.latency(channel, measure)
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
  /** What the request is judged by: a stream's time to first token, a whole answer's time per output token (default `ttft`). */
  measure?: LatencyMeasure
  /**
   * When each group without a sample was last sent a request to be measured, by {@link groupKey};
   * the caller keeps it between picks (entries are written here).
   */
  measuring: Map<string, number>
  /** A group sent to be measured is not sent again for this long while its sample is awaited. */
  measureWaitMs: number
  /**
   * Each pool's probe credit, by {@link creditKey}; the caller keeps it between picks. Every pick adds
   * `probeShare`; a probe or a measurement spends 1.
   */
  probeCredit: Map<string, number>
}

/** Stable key of a group within one model name (and the measure it is being measured by). */
export function groupKey(group: ProviderGroup, measure: LatencyMeasure = 'ttft'): string {
  return `${group.channels[0]?.name ?? ''}\u0000${group.providerName}\u0000${measure}`
}

/** Key of a pool's probe credit: its name, tier and measure. */
function creditKey(group: ProviderGroup, measure: LatencyMeasure): string {
  const first = group.channels[0]
  return `${first?.name ?? ''}\u0000${first?.provider.priority ?? 0}\u0000${measure}`
}

// A pool owes at most this many probes after a run of measurements: they do not silence probing for long.
const CREDIT_FLOOR = -1

/**
 * Prefers the fastest groups and probes the others at a small share. A group without a fresh
 * sample is picked first (by weight among such groups), since it has to be measured; while that
 * request runs, further requests do not pile onto it: it counts among the slower ones until its
 * sample arrives or `measureWaitMs` passes. Otherwise the groups within {@link similarLatencyFactor}
 * of the fastest are the fast set, picked by weight; one pick in 1/`probeShare` goes to one of the
 * slower groups instead (by weight among them), so a slow channel that has become fast is noticed.
 * Probes are counted, not drawn, and a measurement counts as one: over any run of picks the slower
 * groups get at most `probeShare` of them (plus one), never more by chance.
 */
export function pickLeastLatency(
  groups: readonly ProviderGroup[],
  options: LeastLatencyOptions,
): ProviderGroup | undefined {
  if (groups.length <= 1) return groups[0]
  const { now, measuring } = options
  const measure = options.measure ?? 'ttft'
  const measured: { group: ProviderGroup; latency: number }[] = []
  const due: ProviderGroup[] = []
  const awaited: ProviderGroup[] = []
  for (const group of groups) {
    const latency = latencyOf(group, options.health, now, options.staleMs, measure)
    if (latency !== undefined) {
      measured.push({ group, latency })
      continue
    }
    const sentAt = measuring.get(groupKey(group, measure))
    if (sentAt !== undefined && now - sentAt < options.measureWaitMs && now >= sentAt) awaited.push(group)
    else due.push(group)
  }
  const key = creditKey(groups[0]!, measure)
  const credit = (options.probeCredit.get(key) ?? 0) + options.probeShare
  if (due.length > 0) {
    const chosen = pickWeighted(due, options.random)
    if (chosen) measuring.set(groupKey(chosen, measure), now)
    options.probeCredit.set(key, Math.max(CREDIT_FLOOR, credit - 1))
    return chosen
  }
  if (measured.length === 0) return pickWeighted(awaited, options.random)
  const fastest = Math.min(...measured.map((entry) => entry.latency))
  const limit = fastest * similarLatencyFactor
  const fast = measured.filter((entry) => entry.latency <= limit).map((entry) => entry.group)
  const slow = [...measured.filter((entry) => entry.latency > limit).map((entry) => entry.group), ...awaited]
  if (slow.length === 0) return pickWeighted(fast, options.random)
  // Credit builds only while there is something to probe, and never past one probe's worth.
  // Sums of 0.05 drift below 1 in floating point: a hair's tolerance keeps the count exact.
  const probe = credit >= 1 - 1e-9
  options.probeCredit.set(key, Math.min(1, probe ? credit - 1 : credit))
  return pickWeighted(probe ? slow : fast, options.random)
}
