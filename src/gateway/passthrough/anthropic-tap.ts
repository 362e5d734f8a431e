import { kindFromStatus, type ErrorKind } from '../../ir/errors.ts'
import type { FrameInfo } from './frame-tap.ts'

interface AnthropicUsage {
  input_tokens?: number
  output_tokens?: number
  cache_read_input_tokens?: number
  cache_creation_input_tokens?: number
}

const errorKinds: Record<string, { kind: ErrorKind; status: number }> = {
  overloaded_error: { kind: 'overloaded', status: 529 },
  rate_limit_error: { kind: 'rate_limit', status: 429 },
  api_error: { kind: 'upstream', status: 500 },
  invalid_request_error: { kind: 'invalid_request', status: 400 },
}

/** Reads an Anthropic Messages stream frame: content, usage, or an `error` event inside the 200. */
export function anthropicTap(event: string | undefined, data: string | undefined): FrameInfo {
  if (data === undefined) return { kind: 'meta' }
  let payload: { type?: string; message?: { usage?: AnthropicUsage }; usage?: AnthropicUsage; error?: { type?: string; message?: string } }
  try {
    payload = JSON.parse(data) as typeof payload
  } catch {
    return { kind: 'error', error: { message: 'unparseable stream event from upstream', kind: 'upstream', status: 502 } }
  }
  const type = payload.type ?? event
  if (type === 'error') {
    const known = errorKinds[payload.error?.type ?? ''] ?? { kind: kindFromStatus(500), status: 500 }
    return { kind: 'error', error: { message: payload.error?.message ?? 'upstream stream error', ...known } }
  }
  // Input tokens in Anthropic's convention exclude cache reads and writes; pinai's usage includes them.
  const usage = type === 'message_start' ? payload.message?.usage : payload.usage
  const info: FrameInfo = { kind: type === 'content_block_delta' || type === 'message_delta' || type === 'message_stop' ? 'content' : 'meta' }
  if (usage) {
    const cacheRead = usage.cache_read_input_tokens
    const cacheWrite = usage.cache_creation_input_tokens
    info.usage = {}
    if (usage.input_tokens !== undefined) info.usage.inputTokens = usage.input_tokens + (cacheRead ?? 0) + (cacheWrite ?? 0)
    if (usage.output_tokens !== undefined) info.usage.outputTokens = usage.output_tokens
    if (cacheRead !== undefined) info.usage.cacheReadTokens = cacheRead
    if (cacheWrite !== undefined) info.usage.cacheWriteTokens = cacheWrite
  }
  return info
}
