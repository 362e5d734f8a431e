import type { OutputBlock } from '../../ir/content.ts'
import { GatewayError } from '../../ir/errors.ts'
import type { IRResponse } from '../../ir/response.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { isRecord, maybeString } from '../shared/read-json.ts'
import { decodeFinishReason } from './finish-reason.ts'
import { decodeUsage } from './usage.ts'

/** Decodes an Anthropic message into the IR; server-tool blocks are dropped (logged). */
export function decodeResponse(body: unknown, drops: DropLog): IRResponse {
  if (!isRecord(body)) {
    throw new GatewayError({
      kind: 'upstream',
      status: 502,
      code: 'bad_upstream_response',
      message: 'Anthropic upstream: the body is not a JSON object',
    })
  }
  const model = maybeString(body.model) ?? ''
  const content: OutputBlock[] = []
  for (const block of Array.isArray(body.content) ? body.content : []) {
    if (!isRecord(block)) continue
    const decoded = decodeOutputBlock(block, model)
    if (decoded) content.push(decoded)
    else drops.drop(`${String(block.type)} block`)
  }
  return {
    id: maybeString(body.id) ?? '',
    model,
    content,
    finish: decodeFinishReason(body.stop_reason, body.stop_sequence),
    usage: decodeUsage(body.usage) ?? { inputTokens: 0, outputTokens: 0 },
  }
}

function decodeOutputBlock(block: Record<string, unknown>, model: string): OutputBlock | undefined {
  const origin = { protocol: 'anthropic' as const, ...(model ? { model } : {}) }
  switch (block.type) {
    case 'text':
      return { type: 'text', text: maybeString(block.text) ?? '' }
    case 'thinking': {
      const signature = maybeString(block.signature)
      return { type: 'reasoning', text: maybeString(block.thinking) ?? '', ...(signature ? { signature } : {}), origin }
    }
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redactedData: maybeString(block.data) ?? '', origin }
    case 'tool_use':
      return {
        type: 'tool_call',
        id: maybeString(block.id) ?? '',
        name: maybeString(block.name) ?? '',
        args: isRecord(block.input) ? block.input : {},
      }
    default:
      return undefined
  }
}
