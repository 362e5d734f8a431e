import { createHash } from 'node:crypto'
import type { JsonObject } from '../../ir/json.ts'
import type { IRRequest, ReasoningConfig, ResponseFormat } from '../../ir/request.ts'
import type { Tool, ToolChoice } from '../../ir/tool.ts'
import type { UpstreamCall } from '../codec.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { budgetToEffort } from '../shared/reasoning-effort.ts'
import { encodeMessages, type EncodeMessagesOptions } from './encode-messages.ts'
import { encodeServingHints } from './serving-hints.ts'

/** Longest `user` sent upstream; OpenAI-compatible servers commonly refuse longer ids. */
const maxUserLength = 64

/**
 * Keeps an end-user id within `maxUserLength`: a longer one (Claude Code's `metadata.user_id` is a JSON
 * blob of device and session ids) becomes a stable hash, so the upstream still tells users apart.
 */
export function shortUserId(user: string): string {
  if (user.length <= maxUserLength) return user
  return `user-${createHash('sha256').update(user).digest('hex').slice(0, 40)}`
}

/** OpenAI accepts at most this many stop sequences. */
const maxStopSequences = 4

/** Options of {@link encodeRequest}. */
export type EncodeRequestOptions = EncodeMessagesOptions

/** Reasoning models (o-series, gpt-5) reject `max_tokens` and want `max_completion_tokens`. */
export function wantsMaxCompletionTokens(model: string): boolean {
  return /(^|\/)(o\d|gpt-5)/i.test(model)
}

/** Encodes the IR as an OpenAI Chat Completions call; streams always ask for usage. */
export function encodeRequest(
  request: IRRequest,
  upstreamModel: string,
  options: EncodeRequestOptions,
  drops: DropLog,
): UpstreamCall {
  const body: JsonObject = {
    model: upstreamModel,
    messages: encodeMessages(request.system, request.messages, options, drops),
  }
  const sampling = request.sampling
  if (sampling.maxTokens !== undefined)
    body[wantsMaxCompletionTokens(upstreamModel) ? 'max_completion_tokens' : 'max_tokens'] = sampling.maxTokens
  if (sampling.temperature !== undefined) body.temperature = sampling.temperature
  if (sampling.topP !== undefined) body.top_p = sampling.topP
  if (sampling.topK !== undefined) drops.drop('top_k')
  if (sampling.stopSequences !== undefined && sampling.stopSequences.length > 0) {
    if (sampling.stopSequences.length > maxStopSequences)
      drops.drop(`stop sequences beyond the first ${maxStopSequences}`)
    body.stop = sampling.stopSequences.slice(0, maxStopSequences)
  }
  if (sampling.seed !== undefined) body.seed = sampling.seed
  if (sampling.presencePenalty !== undefined) body.presence_penalty = sampling.presencePenalty
  if (sampling.frequencyPenalty !== undefined) body.frequency_penalty = sampling.frequencyPenalty
  const tools = encodeTools(request.tools ?? [], drops)
  if (tools.length > 0) body.tools = tools
  if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice)
  if (request.parallelToolCalls !== undefined && tools.length > 0) body.parallel_tool_calls = request.parallelToolCalls
  const effort = encodeReasoning(request.reasoning)
  if (effort !== undefined) body.reasoning_effort = effort
  if (request.responseFormat) body.response_format = encodeResponseFormat(request.responseFormat)
  if (request.stream) {
    body.stream = true
    body.stream_options = { include_usage: true }
  }
  if (request.user !== undefined) body.user = shortUserId(request.user)
  if (request.metadata !== undefined) body.metadata = request.metadata
  encodeServingHints(request, body)
  const extra = request.extra
  if (extra?.protocol === 'openai') Object.assign(body, extra.fields)
  else if (extra) {
    for (const key of Object.keys(extra.fields)) drops.drop(`${extra.protocol} field ${key}`)
    for (const key of Object.keys(extra.headers ?? {})) drops.drop(`${extra.protocol} header ${key}`)
  }
  return { path: '/chat/completions', body }
}

function encodeTools(tools: Tool[], drops: DropLog): JsonObject[] {
  const output: JsonObject[] = []
  for (const tool of tools) {
    if (tool.type === 'provider') {
      if (tool.origin.protocol === 'openai') output.push(tool.raw)
      else drops.drop(`${tool.origin.protocol} server tool ${tool.name ?? String(tool.raw.type)}`)
      continue
    }
    if (tool.cacheControl) drops.drop('cache_control')
    const fn: JsonObject = { name: tool.name }
    if (tool.description !== undefined) fn.description = tool.description
    if (tool.parameters !== undefined) fn.parameters = tool.parameters
    if (tool.strict !== undefined) fn.strict = tool.strict
    output.push({ type: 'function', function: fn })
  }
  return output
}

function encodeToolChoice(choice: ToolChoice): unknown {
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type
}

function encodeReasoning(reasoning: ReasoningConfig | undefined): string | undefined {
  if (!reasoning) return undefined
  if (!reasoning.enabled) return reasoning.effort === 'none' ? 'none' : undefined
  if (reasoning.effort !== undefined) return reasoning.effort
  if (reasoning.budget !== undefined) return budgetToEffort(reasoning.budget)
  return undefined
}

function encodeResponseFormat(format: ResponseFormat): JsonObject {
  if (format.type !== 'json_schema') return { type: format.type }
  const spec: JsonObject = { name: format.name ?? 'output', schema: format.schema }
  if (format.description !== undefined) spec.description = format.description
  if (format.strict !== undefined) spec.strict = format.strict
  return { type: 'json_schema', json_schema: spec }
}
