import type { ProviderGroup } from './provider-group.ts'

/** Weighted random choice: each group with probability weight / total. */
export function pickWeighted(groups: readonly ProviderGroup[], random: () => number): ProviderGroup | undefined {
  const total = groups.reduce((sum, group) => sum + group.weight, 0)
  let point = random() * total
  for (const group of groups) {
    point -= group.weight
    if (point < 0) return group
  }
  return groups[groups.length - 1]
}
