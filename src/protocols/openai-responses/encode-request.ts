import type { ContentBlock, ToolResultContent } from '../../ir/content.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { Message } from '../../ir/message.ts'
import type { IRRequest, ReasoningConfig, ResponseFormat } from '../../ir/request.ts'
import type { Tool, ToolChoice } from '../../ir/tool.ts'
import type { UpstreamCall } from '../codec.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { budgetToEffort } from '../shared/reasoning-effort.ts'
import { shortUserId } from '../openai/encode-request.ts'
import { encodeServingHints } from '../openai/serving-hints.ts'
import { sealReasoning } from './encrypted-content.ts'
import { encodeInputPart } from './input-part.ts'

/**
 * Encodes the IR as a Responses call (`/responses` under the base URL, as OpenAI's `/chat/completions`):
 * system text as `instructions`, turns as input items, `store: false` (pinai keeps the conversation, not
 * OpenAI) and, when reasoning is on, its encrypted content asked for so the next turn can send it back.
 */
export function encodeRequest(request: IRRequest, upstreamModel: string, drops: DropLog): UpstreamCall {
  const body: JsonObject = { model: upstreamModel }
  const instructions = (request.system ?? []).map((block) => block.text).join('\n\n')
  if (instructions !== '') body.instructions = instructions
  body.input = encodeInput(request.messages, drops)
  const sampling = request.sampling
  if (sampling.maxTokens !== undefined) body.max_output_tokens = sampling.maxTokens
  if (sampling.temperature !== undefined) body.temperature = sampling.temperature
  if (sampling.topP !== undefined) body.top_p = sampling.topP
  for (const [key, value] of [
    ['top_k', sampling.topK],
    ['stop sequences', sampling.stopSequences],
    ['seed', sampling.seed],
    ['presence_penalty', sampling.presencePenalty],
    ['frequency_penalty', sampling.frequencyPenalty],
  ] as const) {
    if (value !== undefined) drops.drop(key)
  }
  const tools = encodeTools(request.tools ?? [], drops)
  if (tools.length > 0) body.tools = tools
  if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice)
  if (request.parallelToolCalls !== undefined && tools.length > 0) body.parallel_tool_calls = request.parallelToolCalls
  const reasoning = encodeReasoning(request.reasoning)
  if (reasoning) body.reasoning = reasoning
  if (request.responseFormat) body.text = { format: encodeFormat(request.responseFormat) }
  if (request.user !== undefined) body.user = shortUserId(request.user)
  if (request.metadata !== undefined) body.metadata = request.metadata
  encodeServingHints(request, body)
  body.store = false
  if (reasoning && request.reasoning?.enabled) body.include = ['reasoning.encrypted_content']
  if (request.stream) body.stream = true
  const extra = request.extra
  if (extra?.protocol === 'openai-responses') Object.assign(body, extra.fields)
  else if (extra) {
    for (const key of Object.keys(extra.fields)) drops.drop(`${extra.protocol} field ${key}`)
    for (const key of Object.keys(extra.headers ?? {})) drops.drop(`${extra.protocol} header ${key}`)
  }
  return { path: '/responses', body }
}

function encodeInput(messages: Message[], drops: DropLog): JsonObject[] {
  const items: JsonObject[] = []
  for (const message of messages) {
    const only = message.content[0]
    if (message.stringContent && message.content.length === 1 && only?.type === 'text') {
      items.push({ type: 'message', role: message.role, content: only.text })
      continue
    }
    let parts: JsonObject[] = []
    const flush = (): void => {
      if (parts.length > 0) items.push({ type: 'message', role: message.role, content: parts })
      parts = []
    }
    for (const block of message.content) {
      const part = encodeMessagePart(block, message.role, drops)
      if (part) {
        parts.push(part)
        continue
      }
      const item = encodeItem(block, drops)
      if (!item) continue
      flush()
      items.push(item)
    }
    flush()
  }
  return items
}

/** A block that is a part of a message item, or undefined for a block that is an item of its own. */
function encodeMessagePart(block: ContentBlock, role: Message['role'], drops: DropLog): JsonObject | undefined {
  if (block.type === 'text')
    return role === 'assistant' ? { type: 'output_text', text: block.text } : { type: 'input_text', text: block.text }
  if (block.type === 'image' || block.type === 'document') return encodeInputPart(block, drops)
  return undefined
}

function encodeItem(block: ContentBlock, drops: DropLog): JsonObject | undefined {
  switch (block.type) {
    case 'tool_call':
      return {
        type: 'function_call',
        call_id: block.id,
        name: block.name,
        arguments: block.rawArgs ?? JSON.stringify(block.args),
      }
    case 'tool_result':
      return {
        type: 'function_call_output',
        call_id: block.callId,
        output: encodeOutput(block.content, block.isError, drops),
      }
    case 'reasoning': {
      // Only a Responses upstream's own encrypted reasoning can go back; other reasoning is the model's past thoughts, not input.
      if (block.origin.protocol !== 'openai-responses' || block.signature === undefined) return undefined
      return {
        type: 'reasoning',
        summary: block.text === '' ? [] : [{ type: 'summary_text', text: block.text }],
        encrypted_content: sealReasoning(block),
      }
    }
    case 'audio':
      drops.drop('audio input')
      return undefined
    default:
      return undefined
  }
}

function encodeOutput(content: ToolResultContent[], isError: boolean, drops: DropLog): string | JsonObject[] {
  const prefix = isError ? 'Error: ' : ''
  if (content.every((block) => block.type === 'text')) return prefix + content.map((block) => block.text).join('\n')
  const parts = content.map((block) => encodeInputPart(block, drops)).filter((part) => part !== undefined)
  return isError ? [{ type: 'input_text', text: prefix.trim() }, ...parts] : parts
}

function encodeTools(tools: Tool[], drops: DropLog): JsonObject[] {
  const output: JsonObject[] = []
  for (const tool of tools) {
    if (tool.type === 'provider') {
      if (tool.origin.protocol === 'openai-responses') output.push(tool.raw)
      else drops.drop(`${tool.origin.protocol} server tool ${tool.name ?? String(tool.raw.type)}`)
      continue
    }
    if (tool.cacheControl) drops.drop('cache_control')
    const encoded: JsonObject = { type: 'function', name: tool.name }
    if (tool.description !== undefined) encoded.description = tool.description
    encoded.parameters = tool.parameters ?? { type: 'object', properties: {} }
    // Responses makes functions strict unless told otherwise; a translated schema is rarely strict-ready.
    encoded.strict = tool.strict ?? false
    output.push(encoded)
  }
  return output
}

function encodeToolChoice(choice: ToolChoice): unknown {
  return choice.type === 'tool' ? { type: 'function', name: choice.name } : choice.type
}

function encodeReasoning(reasoning: ReasoningConfig | undefined): JsonObject | undefined {
  if (!reasoning) return undefined
  if (!reasoning.enabled) return reasoning.effort === 'none' ? { effort: 'none' } : undefined
  const effort = reasoning.effort ?? (reasoning.budget === undefined ? undefined : budgetToEffort(reasoning.budget))
  return effort === undefined ? { summary: 'auto' } : { effort, summary: 'auto' }
}

function encodeFormat(format: ResponseFormat): JsonObject {
  if (format.type !== 'json_schema') return { type: format.type }
  const encoded: JsonObject = { type: 'json_schema', name: format.name ?? 'output', schema: format.schema }
  if (format.description !== undefined) encoded.description = format.description
  if (format.strict !== undefined) encoded.strict = format.strict
  return encoded
}
