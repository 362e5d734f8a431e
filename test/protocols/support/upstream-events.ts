import type { JsonObject } from '../../../src/ir/json.ts'
import { sseEncode } from '../../../src/protocols/sse.ts'

/** An OpenAI chunk's SSE text with a fixed envelope. */
export function openaiChunk(choices: JsonObject[], usage?: JsonObject | null): string {
  const body: JsonObject = { id: 'c9', object: 'chat.completion.chunk', created: 1767226200, model: 'm', choices }
  if (usage !== undefined) body.usage = usage
  return sseEncode({ data: JSON.stringify(body) })
}

/** An OpenAI choice delta (choice 0). */
export function delta(value: JsonObject, finishReason: string | null = null): JsonObject {
  return { index: 0, delta: value, finish_reason: finishReason }
}

/** An Anthropic event's SSE text. */
export function anthropicEvent(data: JsonObject): string {
  return sseEncode({ event: String(data.type), data: JSON.stringify(data) })
}

/** An Anthropic `message_start` with the given usage. */
export function messageStart(usage: JsonObject = { input_tokens: 5, output_tokens: 1 }): string {
  return anthropicEvent({
    type: 'message_start',
    message: {
      id: 'msg_9',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    },
  })
}
