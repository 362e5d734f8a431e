import type { Usage } from '../../ir/usage.ts'
import type { SseEvent } from '../sse.ts'
import { isRecord, parseJson } from '../shared/read-json.ts'
import { decodeUsage } from './usage.ts'

/** Usage of a Responses JSON body (passthrough accounting). */
export function usageFromResponse(body: unknown): Usage | undefined {
  return isRecord(body) ? decodeUsage(body.usage) : undefined
}

/** The terminal events, the only ones whose response carries usage. */
const terminal = /^response\.(?:completed|incomplete|failed)$/

/** A usage reader over Responses events: the usage of the terminal event's response. */
export function createUsageTap(): (event: SseEvent) => Usage | undefined {
  let usage: Usage | undefined
  return (event) => {
    if (event.event !== undefined && !terminal.test(event.event)) return usage
    const data = parseJson(event.data)
    if (isRecord(data) && typeof data.type === 'string' && terminal.test(data.type) && isRecord(data.response)) usage = decodeUsage(data.response.usage) ?? usage
    return usage
  }
}
