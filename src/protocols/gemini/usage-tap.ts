import type { Usage } from '../../ir/usage.ts'
import type { SseEvent } from '../sse.ts'
import { decodeUsage } from './map-usage.ts'
import type { GeminiUsageMetadata } from './wire-types.ts'

function readMetadata(body: unknown): GeminiUsageMetadata | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const metadata = (body as { usageMetadata?: unknown }).usageMetadata
  return typeof metadata === 'object' && metadata !== null ? (metadata as GeminiUsageMetadata) : undefined
}

/** Usage from a non-stream Gemini body, or undefined when it carries none. */
export function usageFromResponse(body: unknown): Usage | undefined {
  const metadata = readMetadata(body)
  return metadata ? decodeUsage(metadata) : undefined
}

/** Reads usage from Gemini stream events: each `usageMetadata` is a running total, so the latest wins. */
export function usageTap(): (event: SseEvent) => Usage | undefined {
  return (event) => {
    try {
      return usageFromResponse(JSON.parse(event.data))
    } catch {
      return undefined
    }
  }
}
