import { kindFromStatus } from '../../ir/errors.ts'
import type { FrameInfo } from './frame-tap.ts'

interface Chunk {
  error?: { message?: string; code?: string | number; type?: string }
  choices?: Array<{ delta?: Record<string, unknown>; finish_reason?: string | null }>
  usage?: {
    prompt_tokens?: number
    completion_tokens?: number
    prompt_tokens_details?: { cached_tokens?: number }
    completion_tokens_details?: { reasoning_tokens?: number }
  } | null
}

const hasContent = (delta: Record<string, unknown> | undefined) => {
  if (!delta) return false
  for (const field of ['content', 'reasoning_content', 'reasoning', 'refusal']) {
    const value = delta[field]
    if (typeof value === 'string' && value.length > 0) return true
  }
  return Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0
}

/** Reads an OpenAI Chat Completions stream frame: content, usage, or an error inside the 200. */
export function openaiTap(_event: string | undefined, data: string | undefined): FrameInfo {
  if (data === undefined) return { kind: 'meta' }
  if (data.trim() === '[DONE]') return { kind: 'content' }
  let chunk: Chunk
  try {
    chunk = JSON.parse(data) as Chunk
  } catch {
    return { kind: 'error', error: { message: 'unparseable stream event from upstream', kind: 'upstream', status: 502 } }
  }
  if (chunk.error) {
    const status = typeof chunk.error.code === 'number' ? chunk.error.code : 500
    return { kind: 'error', error: { message: chunk.error.message ?? 'upstream stream error', kind: kindFromStatus(status), status } }
  }
  const info: FrameInfo = { kind: 'meta' }
  const choices = chunk.choices ?? []
  if (choices.some((choice) => hasContent(choice.delta) || choice.finish_reason)) info.kind = 'content'
  if (chunk.usage) {
    info.usage = {
      inputTokens: chunk.usage.prompt_tokens ?? 0,
      outputTokens: chunk.usage.completion_tokens ?? 0,
      cacheReadTokens: chunk.usage.prompt_tokens_details?.cached_tokens,
      reasoningTokens: chunk.usage.completion_tokens_details?.reasoning_tokens,
    }
    if (choices.length === 0) info.usageOnly = true
  }
  return info
}
