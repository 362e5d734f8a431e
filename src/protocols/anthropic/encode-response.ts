import type { OutputBlock } from '../../ir/content.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { IRResponse } from '../../ir/response.ts'
import { messageId } from './message-id.ts'
import { encodeFinishReason } from './finish-reason.ts'
import { encodeUsage } from './usage.ts'

/**
 * Encodes an IR response as an Anthropic message. Reasoning becomes a thinking block whose signature is
 * kept only when Anthropic made it (otherwise `""`); empty text is left out.
 */
export function encodeResponse(response: IRResponse, requestedModel: string): JsonObject {
  const { stopReason, stopSequence } = encodeFinishReason(response.finish)
  return {
    id: messageId(response.id),
    type: 'message',
    role: 'assistant',
    model: requestedModel,
    content: response.content.flatMap(encodeOutputBlock),
    stop_reason: stopReason,
    stop_sequence: stopSequence,
    usage: encodeUsage(response.usage),
  }
}

function encodeOutputBlock(block: OutputBlock): JsonObject[] {
  switch (block.type) {
    case 'text':
      return block.text === '' ? [] : [{ type: 'text', text: block.text }]
    case 'reasoning': {
      const ours = block.origin.protocol === 'anthropic'
      if (block.redactedData !== undefined) return ours ? [{ type: 'redacted_thinking', data: block.redactedData }] : []
      return [{ type: 'thinking', thinking: block.text, signature: ours ? (block.signature ?? '') : '' }]
    }
    case 'tool_call':
      return [{ type: 'tool_use', id: block.id, name: block.name, input: block.args }]
    default: {
      const unreachable: never = block
      throw new Error(`unknown output block ${JSON.stringify(unreachable)}`)
    }
  }
}
