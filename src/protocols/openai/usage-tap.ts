import type { Usage } from '../../ir/usage.ts'
import type { SseEvent } from '../sse.ts'
import { isRecord, parseJson } from '../shared/read-json.ts'
import { decodeUsage } from './usage.ts'

/** Usage of an OpenAI JSON body (passthrough accounting). */
export function usageFromResponse(body: unknown): Usage | undefined {
  return isRecord(body) ? decodeUsage(body.usage) : undefined
}

/**
 * A stateful usage reader over OpenAI chunks: the last non-null `usage` wins, wherever it came (some
 * upstreams send it on the finish chunk or on every chunk; docs/protocols.md pitfall 10), and a later null
 * never erases it.
 */
export function createUsageTap(): (event: SseEvent) => Usage | undefined {
  let usage: Usage | undefined
  return (event) => {
    const chunk = parseJson(event.data)
    if (isRecord(chunk)) usage = decodeUsage(chunk.usage) ?? usage
    return usage
  }
}
