import type { ContentBlock, ReasoningBlock, TextBlock, ToolCallBlock, ToolResultContent } from '../../ir/content.ts'
import type { Message } from '../../ir/message.ts'
import type { DropLog } from '../shared/drop-log.ts'
import {
  expectArray,
  expectRecord,
  expectString,
  invalidRequest,
  isRecord,
  optionalString,
} from '../shared/read-json.ts'
import { decodeContentPart } from './decode-content-part.ts'
import { decodeToolArguments } from './tool-arguments.ts'

/** OpenAI messages split into IR system text and turns. */
export interface DecodedMessages {
  system: TextBlock[]
  messages: Message[]
}

/**
 * Decodes OpenAI `messages`: system/developer text is lifted out in order; tool (and legacy function)
 * messages become user turns holding one `tool_result` each, named after the call they answer.
 */
export function decodeMessages(
  value: unknown,
  generateId: (prefix: string) => string,
  drops: DropLog,
): DecodedMessages {
  const system: TextBlock[] = []
  const messages: Message[] = []
  const callNames = new Map<string, string>()
  const functionCallIds = new Map<string, string>()
  expectArray(value, 'messages').forEach((item, index) => {
    const path = `messages[${index}]`
    const message = expectRecord(item, path)
    const role = expectString(message.role, `${path}.role`)
    switch (role) {
      case 'system':
      case 'developer':
        system.push(...decodeTextContent(message.content, `${path}.content`))
        return
      case 'user':
        messages.push(decodeUserMessage(message.content, `${path}.content`))
        return
      case 'assistant': {
        const decoded = decodeAssistantMessage(message, path, generateId, drops)
        for (const block of decoded.content) {
          if (block.type !== 'tool_call') continue
          callNames.set(block.id, block.name)
          functionCallIds.set(block.name, block.id)
        }
        messages.push(decoded)
        return
      }
      case 'tool': {
        const callId = expectString(message.tool_call_id, `${path}.tool_call_id`)
        messages.push(toolResultTurn(callId, callNames.get(callId), message.content, `${path}.content`))
        return
      }
      case 'function': {
        const name = expectString(message.name, `${path}.name`)
        const callId = functionCallIds.get(name) ?? generateId('call_')
        messages.push(toolResultTurn(callId, name, message.content, `${path}.content`))
        return
      }
      default:
        throw invalidRequest(`${path}.role`, `unknown role ${JSON.stringify(role)}`)
    }
  })
  return { system, messages }
}

function decodeTextContent(value: unknown, path: string): TextBlock[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }]
  return expectArray(value, path).map((part, index) => {
    const partPath = `${path}[${index}]`
    const record = expectRecord(part, partPath)
    if (record.type !== 'text') throw invalidRequest(`${partPath}.type`, 'only text parts are allowed here')
    return { type: 'text', text: expectString(record.text, `${partPath}.text`) }
  })
}

function decodeUserMessage(value: unknown, path: string): Message {
  if (typeof value === 'string') return { role: 'user', content: [{ type: 'text', text: value }], stringContent: true }
  const content = expectArray(value, path).map((part, index) => decodeContentPart(part, `${path}[${index}]`))
  return { role: 'user', content }
}

function toolResultTurn(callId: string, name: string | undefined, value: unknown, path: string): Message {
  const content: ToolResultContent[] = value === null || value === undefined ? [] : decodeTextContent(value, path)
  return {
    role: 'user',
    content: [{ type: 'tool_result', callId, ...(name === undefined ? {} : { name }), content, isError: false }],
  }
}

function decodeAssistantMessage(
  message: Record<string, unknown>,
  path: string,
  generateId: (prefix: string) => string,
  drops: DropLog,
): Message {
  const content: ContentBlock[] = [...decodeReasoning(message, path)]
  let stringContent = false
  if (typeof message.content === 'string') {
    stringContent = true
    if (message.content !== '') content.push({ type: 'text', text: message.content })
  } else if (message.content !== null && message.content !== undefined) {
    expectArray(message.content, `${path}.content`).forEach((part, index) => {
      const partPath = `${path}.content[${index}]`
      const record = expectRecord(part, partPath)
      if (record.type === 'text') content.push({ type: 'text', text: expectString(record.text, `${partPath}.text`) })
      else if (record.type === 'refusal')
        content.push({ type: 'text', text: expectString(record.refusal, `${partPath}.refusal`) })
      else throw invalidRequest(`${partPath}.type`, 'assistant content parts must be text or refusal')
    })
  }
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    expectArray(message.tool_calls, `${path}.tool_calls`).forEach((call, index) => {
      content.push(decodeToolCall(call, `${path}.tool_calls[${index}]`, drops))
    })
  }
  if (isRecord(message.function_call)) {
    const name = expectString(message.function_call.name, `${path}.function_call.name`)
    const rawArgs = optionalString(message.function_call.arguments, `${path}.function_call.arguments`) ?? '{}'
    content.push({ type: 'tool_call', id: generateId('call_'), name, ...decodeToolArguments(rawArgs, drops) })
  }
  return stringContent ? { role: 'assistant', content, stringContent } : { role: 'assistant', content }
}

function decodeToolCall(value: unknown, path: string, drops: DropLog): ToolCallBlock {
  const call = expectRecord(value, path)
  const fn = expectRecord(call.function, `${path}.function`)
  const rawArgs = optionalString(fn.arguments, `${path}.function.arguments`) ?? ''
  return {
    type: 'tool_call',
    id: expectString(call.id, `${path}.id`),
    name: expectString(fn.name, `${path}.function.name`),
    ...decodeToolArguments(rawArgs, drops),
  }
}

/**
 * Reasoning the client replays: LiteLLM-style `thinking_blocks` (which keep Anthropic signatures, as our
 * responses emit them), else `reasoning_content` / `reasoning` text from OpenAI-compatible upstreams.
 */
function decodeReasoning(message: Record<string, unknown>, path: string): ReasoningBlock[] {
  if (Array.isArray(message.thinking_blocks)) {
    return message.thinking_blocks.map((item, index) => {
      const block = expectRecord(item, `${path}.thinking_blocks[${index}]`)
      const reasoning: ReasoningBlock = {
        type: 'reasoning',
        text: typeof block.thinking === 'string' ? block.thinking : '',
        origin: { protocol: 'anthropic' },
      }
      if (typeof block.signature === 'string' && block.signature !== '') reasoning.signature = block.signature
      if (block.type === 'redacted_thinking' && typeof block.data === 'string') reasoning.redactedData = block.data
      return reasoning
    })
  }
  const text =
    optionalString(message.reasoning_content, `${path}.reasoning_content`) ??
    optionalString(message.reasoning, `${path}.reasoning`)
  return text === undefined || text === '' ? [] : [{ type: 'reasoning', text, origin: { protocol: 'openai' } }]
}
