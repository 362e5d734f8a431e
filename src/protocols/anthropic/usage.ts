import type { JsonObject } from '../../ir/json.ts'
import type { Usage } from '../../ir/usage.ts'
import { isRecord, maybeCount } from '../shared/read-json.ts'

/**
 * Reads an Anthropic `usage` object into the cache-inclusive IR convention: input = input_tokens + cache
 * reads + cache writes (docs/protocols.md, "Usage"). `previous` supplies what a `message_delta` leaves out
 * (docs/protocols.md pitfall 12: it may carry only output_tokens); counts there are cumulative, never
 * added.
 */
export function decodeUsage(value: unknown, previous?: Usage): Usage | undefined {
  if (!isRecord(value)) return previous
  const cacheRead = maybeCount(value.cache_read_input_tokens) ?? previous?.cacheReadTokens
  const cacheWrite = maybeCount(value.cache_creation_input_tokens) ?? previous?.cacheWriteTokens
  const uncached = maybeCount(value.input_tokens)
  const previousUncached = previous
    ? previous.inputTokens - (previous.cacheReadTokens ?? 0) - (previous.cacheWriteTokens ?? 0)
    : 0
  const usage: Usage = {
    inputTokens: (uncached ?? previousUncached) + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: maybeCount(value.output_tokens) ?? previous?.outputTokens ?? 0,
  }
  if (cacheRead !== undefined) usage.cacheReadTokens = cacheRead
  if (cacheWrite !== undefined) usage.cacheWriteTokens = cacheWrite
  const details = value.output_tokens_details
  const thinking = isRecord(details) ? maybeCount(details.thinking_tokens) : undefined
  const reasoning = thinking ?? previous?.reasoningTokens
  if (reasoning !== undefined) usage.reasoningTokens = reasoning
  return usage
}

/** The uncached part of the prompt, Anthropic's `input_tokens`. */
export function uncachedInput(usage: Usage): number {
  return Math.max(0, usage.inputTokens - (usage.cacheReadTokens ?? 0) - (usage.cacheWriteTokens ?? 0))
}

/** The full usage object of a non-stream Anthropic message (all four counts). */
export function encodeUsage(usage: Usage): JsonObject {
  return {
    input_tokens: uncachedInput(usage),
    cache_creation_input_tokens: usage.cacheWriteTokens ?? 0,
    cache_read_input_tokens: usage.cacheReadTokens ?? 0,
    output_tokens: usage.outputTokens,
  }
}

/** The usage of a stream's `message_delta`: cache reads always, cache writes when known (docs/protocols.md fixtures F6, F7). */
export function encodeDeltaUsage(usage: Usage): JsonObject {
  const output: JsonObject = { input_tokens: uncachedInput(usage) }
  if (usage.cacheWriteTokens !== undefined) output.cache_creation_input_tokens = usage.cacheWriteTokens
  output.cache_read_input_tokens = usage.cacheReadTokens ?? 0
  output.output_tokens = usage.outputTokens
  return output
}

/** Usage of a whole JSON answer (passthrough accounting). */
export function usageFromResponse(body: unknown): Usage | undefined {
  return isRecord(body) ? decodeUsage(body.usage) : undefined
}
