import type { JsonObject } from '../../ir/json.ts'
import type { ModelListEntry } from '../codec.ts'

/** The OpenAI `/models` body: every model once, in the given order (OpenAI has no pagination). */
export function encodeModelList(names: (string | ModelListEntry)[]): JsonObject {
  const seen = new Set<string>()
  const data: JsonObject[] = []
  for (const item of names) {
    const entry = typeof item === 'string' ? { id: item } : item
    if (seen.has(entry.id)) continue
    seen.add(entry.id)
    data.push({ id: entry.id, object: 'model', created: entry.created ?? 0, owned_by: entry.ownedBy ?? 'pinai' })
  }
  return { object: 'list', data }
}
