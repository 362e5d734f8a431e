import type { ModelListEntry } from '../codec.ts'

/** Model names or entries as entries, each id once, first occurrence kept, order kept. */
export function uniqueModelEntries(names: (string | ModelListEntry)[]): ModelListEntry[] {
  const seen = new Set<string>()
  const entries: ModelListEntry[] = []
  for (const item of names) {
    const entry = typeof item === 'string' ? { id: item } : item
    if (seen.has(entry.id)) continue
    seen.add(entry.id)
    entries.push(entry)
  }
  return entries
}
