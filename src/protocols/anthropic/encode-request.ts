import type { TextBlock } from '../../ir/content.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { IRRequest } from '../../ir/request.ts'
import type { Tool, ToolChoice } from '../../ir/tool.ts'
import type { UpstreamCall } from '../codec.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { invalidRequest, isRecord } from '../shared/read-json.ts'
import { encodeMessages } from './encode-messages.ts'
import { planThinking, type MaxTokenDefaults, type ThinkingPlan } from './plan-thinking.ts'

/** The `anthropic-version` pinai speaks. */
export const anthropicVersion = '2023-06-01'

const jsonObjectInstruction = 'Respond with a single valid JSON object and nothing else.'

/** Encodes the IR as an Anthropic Messages call. */
export function encodeRequest(
  request: IRRequest,
  upstreamModel: string,
  defaults: MaxTokenDefaults,
  drops: DropLog,
): UpstreamCall {
  const extra = request.extra
  if (extra && extra.protocol !== 'anthropic' && typeof extra.fields.n === 'number' && extra.fields.n > 1) {
    throw invalidRequest('n', 'several choices (n > 1) cannot be produced by an Anthropic-protocol upstream')
  }
  const messages = encodeMessages(request.messages, drops)
  const plan = planThinking(request, upstreamModel, messages, defaults, drops)
  const body: JsonObject = { model: upstreamModel, max_tokens: plan.maxTokens }
  const system = encodeSystem(request)
  if (system.length > 0) body.system = system
  body.messages = messages
  encodeSampling(request, plan, body, drops)
  const tools = encodeTools(request.tools ?? [], drops)
  if (tools.length > 0) body.tools = tools
  const toolChoice = encodeToolChoice(request.toolChoice, request.parallelToolCalls, tools.length > 0, drops)
  if (toolChoice) body.tool_choice = toolChoice
  if (plan.thinking) body.thinking = plan.thinking
  const outputConfig: JsonObject = {}
  if (plan.effort !== undefined) outputConfig.effort = plan.effort
  if (request.responseFormat?.type === 'json_schema')
    outputConfig.format = { type: 'json_schema', schema: request.responseFormat.schema }
  if (request.user !== undefined) body.metadata = { user_id: request.user }
  if (request.metadata !== undefined) drops.drop('metadata (Anthropic takes only user_id)')
  // Anthropic caches by `cache_control` breakpoints, and its own `service_tier` takes other values.
  if (request.promptCacheKey !== undefined) drops.drop('prompt_cache_key')
  if (request.safetyIdentifier !== undefined) drops.drop('safety_identifier')
  if (request.serviceTier !== undefined) drops.drop('service_tier')
  if (request.stream) body.stream = true
  const headers: Record<string, string> = { 'anthropic-version': anthropicVersion }
  if (extra?.protocol === 'anthropic') {
    const { output_config: extraOutput, ...fields } = extra.fields
    Object.assign(body, fields)
    if (isRecord(extraOutput)) Object.assign(outputConfig, extraOutput)
    Object.assign(headers, extra.headers)
  } else if (extra) {
    for (const key of Object.keys(extra.fields)) drops.drop(`${extra.protocol} field ${key}`)
    for (const key of Object.keys(extra.headers ?? {})) drops.drop(`${extra.protocol} header ${key}`)
  }
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig
  return { path: '/v1/messages', body, headers }
}

function encodeSystem(request: IRRequest): JsonObject[] {
  const blocks: TextBlock[] = [...(request.system ?? [])]
  // Anthropic has no JSON mode: the instruction is the nearest equivalent.
  if (request.responseFormat?.type === 'json_object') blocks.push({ type: 'text', text: jsonObjectInstruction })
  return blocks
    .filter((block) => block.text !== '')
    .map((block) =>
      block.cacheControl
        ? { type: 'text', text: block.text, cache_control: { ...block.cacheControl } }
        : { type: 'text', text: block.text },
    )
}

function encodeSampling(request: IRRequest, plan: ThinkingPlan, body: JsonObject, drops: DropLog): void {
  const sampling = request.sampling
  if (sampling.temperature !== undefined) {
    if (plan.active && sampling.temperature !== 1) drops.drop('temperature (not allowed with thinking)')
    else if (sampling.temperature > 1) {
      drops.drop(`temperature ${sampling.temperature} (clamped to 1)`)
      body.temperature = 1
    } else body.temperature = sampling.temperature
  }
  if (sampling.topP !== undefined) {
    if (plan.active && sampling.topP < 0.95) drops.drop('top_p (below 0.95 is not allowed with thinking)')
    else body.top_p = sampling.topP
  }
  if (sampling.topK !== undefined) {
    if (plan.active) drops.drop('top_k (not allowed with thinking)')
    else body.top_k = sampling.topK
  }
  if (sampling.stopSequences !== undefined) {
    const kept = sampling.stopSequences.filter((sequence) => sequence.trim() !== '')
    if (kept.length < sampling.stopSequences.length) drops.drop('whitespace-only stop sequences')
    if (kept.length > 0) body.stop_sequences = kept
  }
  if (sampling.seed !== undefined) drops.drop('seed')
  if (sampling.presencePenalty !== undefined) drops.drop('presence_penalty')
  if (sampling.frequencyPenalty !== undefined) drops.drop('frequency_penalty')
}

function encodeTools(tools: Tool[], drops: DropLog): JsonObject[] {
  const output: JsonObject[] = []
  for (const tool of tools) {
    if (tool.type === 'provider') {
      if (tool.origin.protocol === 'anthropic') output.push(tool.raw)
      else drops.drop(`${tool.origin.protocol} tool ${tool.name ?? String(tool.raw.type)}`)
      continue
    }
    const encoded: JsonObject = { name: tool.name }
    if (tool.description !== undefined) encoded.description = tool.description
    encoded.input_schema = tool.parameters ?? { type: 'object', properties: {} }
    if (tool.strict !== undefined) encoded.strict = tool.strict
    if (tool.cacheControl) encoded.cache_control = { ...tool.cacheControl }
    output.push(encoded)
  }
  return output
}

function encodeToolChoice(
  choice: ToolChoice | undefined,
  parallel: boolean | undefined,
  hasTools: boolean,
  drops: DropLog,
): JsonObject | undefined {
  if (!hasTools) {
    if (choice && choice.type !== 'auto' && choice.type !== 'none') drops.drop('tool_choice without tools')
    return undefined
  }
  if (!choice && parallel !== false) return undefined
  const type = choice?.type ?? 'auto'
  const encoded: JsonObject =
    type === 'required' ? { type: 'any' } : choice?.type === 'tool' ? { type: 'tool', name: choice.name } : { type }
  if (parallel === false && type !== 'none') encoded.disable_parallel_tool_use = true
  return encoded
}
