import type { JsonObject } from '../../ir/json.ts'
import type { IRResponse } from '../../ir/response.ts'
import { encodeFinishReason } from './finish-reason.ts'
import { completionId } from './response-id.ts'
import { encodeUsage } from './usage.ts'

/**
 * Encodes an IR response as an OpenAI chat completion. Reasoning goes to `reasoning_content`; Anthropic
 * thinking with a signature (or redacted) also goes to `thinking_blocks`, so a client that replays the
 * message lets an Anthropic upstream keep its thinking across tool calls.
 */
export function encodeResponse(response: IRResponse, requestedModel: string, nowSeconds: number): JsonObject {
  const texts: string[] = []
  const reasoning: string[] = []
  const thinkingBlocks: JsonObject[] = []
  const toolCalls: JsonObject[] = []
  for (const block of response.content) {
    switch (block.type) {
      case 'text':
        texts.push(block.text)
        break
      case 'reasoning':
        if (block.text !== '') reasoning.push(block.text)
        if (block.origin.protocol === 'anthropic' && block.redactedData !== undefined) {
          thinkingBlocks.push({ type: 'redacted_thinking', data: block.redactedData })
        } else if (block.origin.protocol === 'anthropic' && block.signature !== undefined) {
          thinkingBlocks.push({ type: 'thinking', thinking: block.text, signature: block.signature })
        }
        break
      case 'tool_call':
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: block.rawArgs ?? JSON.stringify(block.args) },
        })
        break
      default: {
        const unreachable: never = block
        throw new Error(`unknown output block ${JSON.stringify(unreachable)}`)
      }
    }
  }
  const message: JsonObject = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null }
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('')
  if (thinkingBlocks.length > 0) message.thinking_blocks = thinkingBlocks
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  return {
    id: completionId(response.id),
    object: 'chat.completion',
    created: response.created ?? nowSeconds,
    model: requestedModel,
    choices: [{ index: 0, logprobs: null, finish_reason: encodeFinishReason(response.finish), message }],
    usage: encodeUsage(response.usage, { stream: false }),
  }
}
