import { matchesWildcard } from './wildcard.ts'

/**
 * Renames a requested model by `modelMapping` / `MODEL_MAPPING`: an exact key wins, then the first
 * key with a `*` wildcard that matches (`claude-*` for every name Claude Code may send). One step
 * only, so mappings cannot loop.
 */
export function mapModel(name: string, mapping: Readonly<Record<string, string>>): string {
  if (Object.hasOwn(mapping, name)) return mapping[name] ?? name
  for (const [from, to] of Object.entries(mapping)) {
    if (from.includes('*') && matchesWildcard(from, name)) return to
  }
  return name
}
