import type { StreamPart } from '../../ir/stream-part.ts'
import type { ItemClass } from './await-commit.ts'

const contentParts = new Set<StreamPart['type']>(['text-delta', 'reasoning-delta', 'tool-input-start', 'tool-input-delta', 'tool-call', 'finish'])

/** What an IR part means for a translated stream's commit point: content, meta, or an error before it. */
export function classifyPart(part: StreamPart): ItemClass {
  if (part.type === 'error') return { error: part.error }
  return contentParts.has(part.type) ? 'content' : 'meta'
}
