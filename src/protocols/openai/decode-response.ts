import type { OutputBlock } from '../../ir/content.ts'
import { GatewayError } from '../../ir/errors.ts'
import type { IRResponse } from '../../ir/response.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { isRecord, maybeCount, maybeString } from '../shared/read-json.ts'
import { decodeFinishReason } from './finish-reason.ts'
import { decodeToolArguments } from './tool-arguments.ts'
import { decodeUsage } from './usage.ts'

/** Decodes an OpenAI chat completion (first choice) into the IR. */
export function decodeResponse(body: unknown, drops: DropLog): IRResponse {
  if (!isRecord(body)) throw malformed('the body is not a JSON object')
  const choices = Array.isArray(body.choices) ? body.choices : []
  const choice: unknown = choices[0]
  if (choices.length > 1) drops.drop('choices beyond the first')
  const message = isRecord(choice) && isRecord(choice.message) ? choice.message : {}
  const content: OutputBlock[] = []
  const reasoning = maybeString(message.reasoning_content) ?? maybeString(message.reasoning)
  if (reasoning) content.push({ type: 'reasoning', text: reasoning, origin: { protocol: 'openai', ...modelOf(body) } })
  const text = maybeString(message.content)
  if (text) content.push({ type: 'text', text })
  const refusal = maybeString(message.refusal)
  if (refusal) content.push({ type: 'text', text: refusal })
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : []
  for (const call of calls) {
    if (!isRecord(call) || !isRecord(call.function)) continue
    const name = maybeString(call.function.name) ?? ''
    content.push({
      type: 'tool_call',
      id: maybeString(call.id) ?? '',
      name,
      ...decodeToolArguments(maybeString(call.function.arguments) ?? '', drops),
    })
  }
  const response: IRResponse = {
    id: maybeString(body.id) ?? '',
    model: maybeString(body.model) ?? '',
    content,
    finish: decodeFinishReason(isRecord(choice) ? choice.finish_reason : undefined, calls.length > 0),
    usage: decodeUsage(body.usage) ?? { inputTokens: 0, outputTokens: 0 },
  }
  const created = maybeCount(body.created)
  if (created !== undefined) response.created = created
  return response
}

function modelOf(body: Record<string, unknown>): { model?: string } {
  const model = maybeString(body.model)
  return model === undefined ? {} : { model }
}

function malformed(message: string): GatewayError {
  return new GatewayError({
    kind: 'upstream',
    status: 502,
    code: 'bad_upstream_response',
    message: `OpenAI upstream: ${message}`,
  })
}
