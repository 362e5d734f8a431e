import type { Usage } from '../../ir/usage.ts'
import type { GeminiUsageMetadata } from './wire-types.ts'

/**
 * Reads Gemini `usageMetadata` into the IR's cache-inclusive convention (docs/protocols.md, "Usage"):
 * input = prompt (which already includes cached tokens) + tool-use prompt; output = candidates + thoughts,
 * unless `prompt + candidates == total` shows the candidates already include the thoughts.
 */
export function decodeUsage(metadata: GeminiUsageMetadata | undefined): Usage {
  const prompt = metadata?.promptTokenCount ?? 0
  const toolUse = metadata?.toolUsePromptTokenCount ?? 0
  const candidates = metadata?.candidatesTokenCount ?? 0
  const thoughts = metadata?.thoughtsTokenCount ?? 0
  const total = metadata?.totalTokenCount
  const inclusive = thoughts > 0 && total !== undefined && prompt + toolUse + candidates === total
  const usage: Usage = { inputTokens: prompt + toolUse, outputTokens: inclusive ? candidates : candidates + thoughts }
  if (metadata?.cachedContentTokenCount !== undefined) usage.cacheReadTokens = metadata.cachedContentTokenCount
  if (metadata?.thoughtsTokenCount !== undefined) usage.reasoningTokens = thoughts
  return usage
}

/** Writes IR usage as Gemini `usageMetadata` (Gemini as the client protocol). */
export function encodeUsage(usage: Usage): GeminiUsageMetadata {
  const thoughts = usage.reasoningTokens ?? 0
  const metadata: GeminiUsageMetadata = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: Math.max(0, usage.outputTokens - thoughts),
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  }
  if (usage.cacheReadTokens !== undefined) metadata.cachedContentTokenCount = usage.cacheReadTokens
  if (usage.reasoningTokens !== undefined) metadata.thoughtsTokenCount = usage.reasoningTokens
  return metadata
}

/** Usage from a whole Gemini answer, or undefined when it carries none (passthrough accounting). */
export function usageFromResponse(body: unknown): Usage | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const metadata = (body as { usageMetadata?: unknown }).usageMetadata
  return typeof metadata === 'object' && metadata !== null ? decodeUsage(metadata) : undefined
}
