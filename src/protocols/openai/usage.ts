import type { JsonObject } from '../../ir/json.ts'
import type { Usage } from '../../ir/usage.ts'
import { countOf, isRecord, maybeCount } from '../shared/read-json.ts'

/**
 * Reads an OpenAI `usage` object. Cache counts are set when `prompt_tokens_details` is present
 * (`cache_write_tokens` is newer: absent means 0); reasoning when `completion_tokens_details` is.
 */
export function decodeUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined
  const usage: Usage = { inputTokens: countOf(value.prompt_tokens), outputTokens: countOf(value.completion_tokens) }
  const prompt = value.prompt_tokens_details
  if (isRecord(prompt)) {
    usage.cacheReadTokens = countOf(prompt.cached_tokens)
    usage.cacheWriteTokens = countOf(prompt.cache_write_tokens)
  }
  const completion = value.completion_tokens_details
  if (isRecord(completion)) {
    const reasoning = maybeCount(completion.reasoning_tokens)
    if (reasoning !== undefined) usage.reasoningTokens = reasoning
  }
  return usage
}

/**
 * Writes IR usage as an OpenAI `usage` object (cache-inclusive, as IR usage is). In a stream's usage
 * chunk a zero `cache_write_tokens` is left out, as in docs/protocols.md fixture F2.
 */
export function encodeUsage(usage: Usage, options: { stream: boolean }): JsonObject {
  const output: JsonObject = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  }
  if (usage.cacheReadTokens !== undefined || usage.cacheWriteTokens !== undefined) {
    const details: JsonObject = { cached_tokens: usage.cacheReadTokens ?? 0 }
    const write = usage.cacheWriteTokens
    if (write !== undefined && !(options.stream && write === 0)) details.cache_write_tokens = write
    output.prompt_tokens_details = details
  }
  if (usage.reasoningTokens !== undefined)
    output.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens }
  return output
}

/** Usage of a whole JSON answer (passthrough accounting). */
export function usageFromResponse(body: unknown): Usage | undefined {
  return isRecord(body) ? decodeUsage(body.usage) : undefined
}
