import type { ContentBlock, TextBlock, ToolResultContent } from '../../ir/content.ts'
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
import { decodeToolArguments } from '../openai/tool-arguments.ts'
import { unsealReasoning } from './encrypted-content.ts'
import { decodeInputPart } from './input-part.ts'
import type { ItemMemory } from './item-memory.ts'
import type { ToolNames } from './tool-names.ts'

/** The conversation of a Responses request: system text (instructions, system and developer messages) and turns. */
export interface DecodedInput {
  system: TextBlock[]
  messages: Message[]
}

/**
 * Decodes `input` (a string, or items) into IR turns. Consecutive items of one role join one turn, each
 * text its own block (Codex's environment message stays apart from the prompt). Function calls are
 * assistant blocks, their outputs user blocks; reasoning items carry their `encrypted_content` as the
 * signature. An `item_reference` to an item pinai answered with is that item; to one it does not remember,
 * it is dropped (logged), as are hosted tools' calls.
 */
export function decodeInput(input: unknown, tools: ToolNames, memory: ItemMemory, drops: DropLog): DecodedInput {
  const system: TextBlock[] = []
  const messages: Message[] = []
  if (typeof input === 'string')
    return { system, messages: [{ role: 'user', content: [{ type: 'text', text: input }], stringContent: true }] }
  const callNames = new Map<string, string>()
  const push = (role: Message['role'], content: ContentBlock[], stringContent = false): void => {
    if (content.length === 0) return
    const last = messages.at(-1)
    if (last?.role === role) {
      last.content.push(...content)
      delete last.stringContent
    } else messages.push(stringContent ? { role, content, stringContent } : { role, content })
  }
  expectArray(input, 'input').forEach((value, index) => {
    const path = `input[${index}]`
    const item = expectRecord(value, path)
    const type = item.type ?? 'message'
    switch (type) {
      case 'message': {
        const role = item.role
        const content =
          typeof item.content === 'string'
            ? [{ type: 'text' as const, text: item.content }]
            : expectArray(item.content, `${path}.content`).map((part, partIndex) =>
                decodeInputPart(part, `${path}.content[${partIndex}]`),
              )
        if (role === 'system' || role === 'developer') {
          for (const block of content) {
            if (block.type === 'text') system.push(block)
            else drops.drop(`${block.type} in a ${role} message`)
          }
        } else if (role === 'user' || role === 'assistant') push(role, content, typeof item.content === 'string')
        else
          throw invalidRequest(
            `${path}.role`,
            `expected "user", "assistant", "system" or "developer", got ${JSON.stringify(role)}`,
          )
        return
      }
      case 'function_call': {
        const callId = expectString(item.call_id, `${path}.call_id`)
        const namespace = optionalString(item.namespace, `${path}.namespace`)
        const name = tools.declare({
          name: expectString(item.name, `${path}.name`),
          ...(namespace === undefined ? {} : { namespace }),
        })
        callNames.set(callId, name)
        push('assistant', [
          {
            type: 'tool_call',
            id: callId,
            name,
            ...decodeToolArguments(expectString(item.arguments, `${path}.arguments`), drops),
          },
        ])
        return
      }
      case 'custom_tool_call': {
        const callId = expectString(item.call_id, `${path}.call_id`)
        const namespace = optionalString(item.namespace, `${path}.namespace`)
        const name = tools.declare({
          name: expectString(item.name, `${path}.name`),
          custom: true,
          ...(namespace === undefined ? {} : { namespace }),
        })
        callNames.set(callId, name)
        const text = expectString(item.input, `${path}.input`)
        push('assistant', [
          { type: 'tool_call', id: callId, name, args: { input: text }, rawArgs: JSON.stringify({ input: text }) },
        ])
        return
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const callId = expectString(item.call_id, `${path}.call_id`)
        const name = callNames.get(callId)
        push('user', [
          {
            type: 'tool_result',
            callId,
            ...(name === undefined ? {} : { name }),
            content: decodeOutput(item.output, `${path}.output`),
            isError: false,
          },
        ])
        return
      }
      case 'reasoning': {
        const summary = Array.isArray(item.summary) ? item.summary : []
        const texts = summary
          .map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : ''))
          .filter((text) => text !== '')
        const encrypted = optionalString(item.encrypted_content, `${path}.encrypted_content`)
        if (texts.length === 0 && encrypted === undefined) return
        const seal =
          encrypted === undefined
            ? { origin: { protocol: 'openai-responses' as const } }
            : unsealReasoning(encrypted, undefined)
        push('assistant', [{ type: 'reasoning', text: texts.join('\n\n'), ...seal }])
        return
      }
      case 'item_reference': {
        const remembered = memory.recall(expectString(item.id, `${path}.id`))
        if (remembered === undefined)
          drops.drop('item_reference to an item pinai does not remember (send the item itself, or store: false)')
        else
          push('assistant', Array.isArray(remembered) ? remembered.map((block) => ({ ...block })) : [{ ...remembered }])
        return
      }
      default:
        // Calls of hosted tools (web_search_call …) and their results mean nothing to another upstream.
        drops.drop(`input item ${JSON.stringify(type)}`)
    }
  })
  return { system, messages }
}

/** A function call's output: a string, or input parts (text, images, files); anything else as its JSON text. */
function decodeOutput(value: unknown, path: string): ToolResultContent[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }]
  if (Array.isArray(value)) return value.map((part, index) => decodeInputPart(part, `${path}[${index}]`))
  // Some clients send an object (`{content, success}`): the model still sees what the tool said.
  return [{ type: 'text', text: JSON.stringify(value) ?? '' }]
}
