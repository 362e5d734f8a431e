import type { Usage } from '../../ir/usage.ts'
import type { SseEvent } from '../sse.ts'
import { isRecord, parseJson } from '../shared/read-json.ts'
import { decodeUsage } from './usage.ts'

/** Usage of an Anthropic JSON body (passthrough accounting). */
export function usageFromResponse(body: unknown): Usage | undefined {
  return isRecord(body) ? decodeUsage(body.usage) : undefined
}

/**
 * A stateful usage reader over Anthropic events: `message_start` gives the prompt side, each
 * `message_delta` replaces the cumulative counts it carries (never summed, docs/protocols.md pitfall 11)
 * and keeps the rest (pitfall 12).
 */
export function createUsageTap(): (event: SseEvent) => Usage | undefined {
  let usage: Usage | undefined
  return (event) => {
    const data = parseJson(event.data)
    if (!isRecord(data)) return usage
    if (data.type === 'message_start' && isRecord(data.message)) usage = decodeUsage(data.message.usage)
    else if (data.type === 'message_delta') usage = decodeUsage(data.usage, usage)
    return usage
  }
}
