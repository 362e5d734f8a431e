import type { Usage } from '../../ir/usage.ts'
import { countOf, isRecord, maybeCount } from '../shared/read-json.ts'
import type { ResponsesUsage } from './wire-types.ts'

/** Reads a Responses `usage` object (cache-inclusive `input_tokens`, reasoning inside `output_tokens`, as the IR's). */
export function decodeUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined
  const usage: Usage = { inputTokens: countOf(value.input_tokens), outputTokens: countOf(value.output_tokens) }
  const input = value.input_tokens_details
  if (isRecord(input)) {
    const cached = maybeCount(input.cached_tokens)
    if (cached !== undefined) usage.cacheReadTokens = cached
  }
  const output = value.output_tokens_details
  if (isRecord(output)) {
    const reasoning = maybeCount(output.reasoning_tokens)
    if (reasoning !== undefined) usage.reasoningTokens = reasoning
  }
  return usage
}

/** Writes IR usage as a Responses `usage` object; both detail objects are always there, as OpenAI sends them. */
export function encodeUsage(usage: Usage): ResponsesUsage {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  }
}

/** Usage of a Responses JSON body (passthrough accounting). */
export function usageFromResponse(body: unknown): Usage | undefined {
  return isRecord(body) ? decodeUsage(body.usage) : undefined
}
