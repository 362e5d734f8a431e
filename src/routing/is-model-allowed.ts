import { matchesWildcard } from './wildcard.ts'

/** A client's allowlist: absent allows every model, `[]` none; `*` is a wildcard (`gpt-*`, `*`). */
export function isModelAllowed(patterns: readonly string[] | undefined, name: string): boolean {
  if (patterns === undefined) return true
  return patterns.some((pattern) => matchesWildcard(pattern, name))
}
