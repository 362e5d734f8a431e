import type { StreamPart } from '../../ir/stream-part.ts'
import type { GatewayError } from '../../ir/errors.ts'

/** What an item of an upstream stream means for the commit point. */
export type ItemClass = 'content' | 'meta' | { error: GatewayError }

const contentParts = new Set<StreamPart['type']>([
  'text-delta',
  'reasoning-delta',
  'tool-input-start',
  'tool-input-delta',
  'tool-call',
  'finish',
])

/** What an IR part means for a translated stream's commit point: content, meta, or an error before it. */
export function classifyPart(part: StreamPart): ItemClass {
  if (part.type === 'error') return { error: part.error }
  return contentParts.has(part.type) ? 'content' : 'meta'
}
