import type { ProviderGroup } from './provider-group.ts'

/** A weighted round robin that spreads picks evenly (nginx's smooth variant): weights 5:1:1 give a a b a c a a, not a a a a a b c. */
export function createSmoothRoundRobin(): (
  poolKey: string,
  groups: readonly ProviderGroup[],
) => ProviderGroup | undefined {
  const pools = new Map<string, Map<string, number>>()
  return (poolKey, groups) => {
    let current = pools.get(poolKey)
    if (!current) {
      current = new Map()
      pools.set(poolKey, current)
    }
    const total = groups.reduce((sum, group) => sum + group.weight, 0)
    let best: ProviderGroup | undefined
    let bestValue = -Infinity
    for (const group of groups) {
      const value = (current.get(group.providerName) ?? 0) + group.weight
      current.set(group.providerName, value)
      if (value > bestValue) {
        best = group
        bestValue = value
      }
    }
    if (best) current.set(best.providerName, bestValue - total)
    return best
  }
}
