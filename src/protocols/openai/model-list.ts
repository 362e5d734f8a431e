import type { JsonObject } from '../../ir/json.ts'
import type { ModelListEntry } from '../codec.ts'
import { uniqueModelEntries } from '../shared/model-entries.ts'

/** The OpenAI `/models` body: every model once, in the given order (OpenAI has no pagination). */
export function encodeModelList(names: (string | ModelListEntry)[]): JsonObject {
  const data = uniqueModelEntries(names).map((entry) => ({
    id: entry.id,
    object: 'model',
    created: entry.created ?? 0,
    owned_by: entry.ownedBy ?? 'pinai',
  }))
  return { object: 'list', data }
}
