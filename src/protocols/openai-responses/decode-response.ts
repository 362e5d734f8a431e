import type { OutputBlock } from '../../ir/content.ts'
import type { GatewayError } from '../../ir/errors.ts'
import type { IRResponse } from '../../ir/response.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { expectRecord, isRecord, maybeCount, maybeString } from '../shared/read-json.ts'
import { decodeStreamError } from '../openai/decode-error.ts'
import { decodeToolArguments } from '../openai/tool-arguments.ts'
import { unsealReasoning } from './encrypted-content.ts'
import { decodeFinishReason } from './finish-reason.ts'
import type { ToolNames } from './tool-names.ts'
import { decodeUsage } from './usage.ts'

/** A Responses answer → IR: message texts, reasoning (summary text, encrypted content as the signature), calls. */
export function decodeResponse(body: unknown, tools: ToolNames, drops: DropLog): IRResponse {
  const response = expectRecord(body, '')
  if (response.status === 'failed') throw failedError(response.error)
  const model = maybeString(response.model) ?? ''
  const content: OutputBlock[] = []
  const output = Array.isArray(response.output) ? response.output : []
  let sawCall = false
  for (const item of output) {
    if (!isRecord(item)) continue
    switch (item.type) {
      case 'message':
        for (const part of Array.isArray(item.content) ? item.content : []) {
          if (!isRecord(part)) continue
          const text = part.type === 'refusal' ? maybeString(part.refusal) : maybeString(part.text)
          if (text !== undefined) content.push({ type: 'text', text })
        }
        break
      case 'reasoning':
        content.push(reasoningBlock(item, model))
        break
      case 'function_call':
      case 'custom_tool_call': {
        sawCall = true
        const namespace = maybeString(item.namespace)
        const custom = item.type === 'custom_tool_call'
        const name = tools.declare({
          name: maybeString(item.name) ?? '',
          ...(namespace === undefined ? {} : { namespace }),
          ...(custom ? { custom } : {}),
        })
        const id = maybeString(item.call_id) ?? maybeString(item.id) ?? ''
        const args = custom
          ? {
              args: { input: maybeString(item.input) ?? '' },
              rawArgs: JSON.stringify({ input: maybeString(item.input) ?? '' }),
            }
          : decodeToolArguments(maybeString(item.arguments) ?? '', drops)
        content.push({ type: 'tool_call', id, name, ...args })
        break
      }
      default:
        drops.drop(`output item ${String(item.type)}`)
    }
  }
  const created = maybeCount(response.created_at)
  return {
    id: maybeString(response.id) ?? '',
    model,
    ...(created === undefined ? {} : { created }),
    content,
    finish: decodeFinishReason(response.status, response.incomplete_details, sawCall),
    usage: decodeUsage(response.usage) ?? { inputTokens: 0, outputTokens: 0 },
  }
}

/** A reasoning item as an IR block: its summary (or reasoning text) parts joined, its encrypted content unsealed. */
export function reasoningBlock(item: Record<string, unknown>, model: string): OutputBlock {
  const parts: unknown[] = [
    ...(Array.isArray(item.summary) ? (item.summary as unknown[]) : []),
    ...(Array.isArray(item.content) ? (item.content as unknown[]) : []),
  ]
  const text = parts
    .map((part) => (isRecord(part) ? (maybeString(part.text) ?? '') : ''))
    .filter((part) => part !== '')
    .join('\n\n')
  const encrypted = maybeString(item.encrypted_content)
  const seal =
    encrypted === undefined
      ? { origin: { protocol: 'openai-responses' as const, ...(model ? { model } : {}) } }
      : unsealReasoning(encrypted, model || undefined)
  return { type: 'reasoning', text, ...seal }
}

/** A `failed` response's `error` as a typed upstream error (its code read as in an OpenAI stream's error). */
export function failedError(error: unknown): GatewayError {
  const detail = isRecord(error) ? error : {}
  return decodeStreamError({
    error: { ...detail, message: maybeString(detail.message) ?? 'The Responses upstream reported a failed response' },
  })
}
