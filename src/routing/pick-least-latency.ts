import type { Health } from './health.ts'
import { pickWeighted } from './pick-weighted.ts'
import type { ProviderGroup } from './provider-group.ts'

/** Mean fresh time-to-first-byte of a group's channels; undefined when nothing recent is known. */
function latencyOf(group: ProviderGroup, health: Health, now: number, staleMs: number): number | undefined {
  const fresh = group.channels
    .map((channel) => health.latency(channel))
    .filter((stats) => stats !== undefined && now - stats.at <= staleMs)
    .map((stats) => stats?.averageMs ?? 0)
  return fresh.length > 0 ? fresh.reduce((sum, value) => sum + value, 0) / fresh.length : undefined
}

/**
 * Power of two choices: draw two groups by weight (with replacement) and keep the faster. Weights
 * still count, and a slower group keeps being probed whenever it is drawn twice (with equal
 * weights, a quarter of the picks between two). A group without a recent sample counts as fastest,
 * so new and long-unused channels get measured.
 */
export function pickLeastLatency(
  groups: readonly ProviderGroup[],
  options: { health: Health; random: () => number; now: number; staleMs: number },
): ProviderGroup | undefined {
  const first = pickWeighted(groups, options.random)
  const second = pickWeighted(groups, options.random)
  if (!first || !second || first === second) return first
  const score = (group: ProviderGroup) => latencyOf(group, options.health, options.now, options.staleMs) ?? 0
  return score(second) < score(first) ? second : first
}
