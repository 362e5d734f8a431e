import type { JsonObject } from '../../ir/json.ts'
import type { ModelListEntry, ModelListOptions } from '../codec.ts'
import { uniqueModelEntries } from '../shared/model-entries.ts'

/** Anthropic's default page size. */
const defaultLimit = 20

/**
 * The Anthropic `/v1/models` body: a page of `limit` models after `afterId` (or before `beforeId`), with
 * `has_more`, `first_id` and `last_id` (docs/protocols.md fixture F10). Order is the caller's.
 */
export function encodeModelList(names: (string | ModelListEntry)[], options: ModelListOptions = {}): JsonObject {
  const entries = uniqueModelEntries(names)
  const limit = Math.max(1, Math.min(1000, options.limit ?? defaultLimit))
  let page: ModelListEntry[]
  let hasMore: boolean
  if (options.beforeId !== undefined) {
    const end = Math.max(
      0,
      entries.findIndex((entry) => entry.id === options.beforeId),
    )
    const start = Math.max(0, end - limit)
    page = entries.slice(start, end)
    hasMore = start > 0
  } else {
    const after = options.afterId === undefined ? -1 : entries.findIndex((entry) => entry.id === options.afterId)
    page = entries.slice(after + 1, after + 1 + limit)
    hasMore = after + 1 + limit < entries.length
  }
  return {
    data: page.map((entry) => ({
      type: 'model',
      id: entry.id,
      display_name: entry.displayName ?? entry.id,
      created_at: new Date((entry.created ?? 0) * 1000).toISOString().replace('.000Z', 'Z'),
    })),
    has_more: hasMore,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  }
}
