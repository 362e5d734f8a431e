import type { IRRequest, ReasoningConfig, ResponseFormat, Sampling } from '../../ir/request.ts'
import type { Tool, ToolChoice } from '../../ir/tool.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { isReasoningEffort } from '../shared/reasoning-effort.ts'
import {
  expectArray,
  expectRecord,
  expectString,
  invalidRequest,
  isRecord,
  omitKeys,
  optionalBoolean,
  optionalNumber,
  optionalString,
} from '../shared/read-json.ts'
import { decodeMessages } from './decode-messages.ts'
import { decodeServingHints, servingHintFields } from './serving-hints.ts'

/** The request fields the IR holds; everything else goes to `extra`. */
const mappedKeys = new Set([
  'model',
  'messages',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'reasoning_effort',
  'response_format',
  'stream',
  'stream_options',
  'user',
  'metadata',
  'functions',
  'function_call',
  ...Object.keys(servingHintFields),
])

/** Decodes an OpenAI Chat Completions request body into the IR. */
export function decodeRequest(body: unknown, generateId: (prefix: string) => string, drops: DropLog): IRRequest {
  const request = expectRecord(body, '')
  const { system, messages } = decodeMessages(request.messages, generateId, drops)
  const stream = optionalBoolean(request.stream, 'stream') ?? false
  const streamOptions = request.stream_options
  const result: IRRequest = {
    model: expectString(request.model, 'model'),
    messages,
    sampling: decodeSampling(request),
    stream,
    includeUsage: stream && isRecord(streamOptions) && streamOptions.include_usage === true,
  }
  if (system.length > 0) result.system = system
  const tools = decodeTools(request)
  if (tools.length > 0) result.tools = tools
  const toolChoice = decodeToolChoice(request.tool_choice ?? request.function_call)
  if (toolChoice) result.toolChoice = toolChoice
  const parallel = optionalBoolean(request.parallel_tool_calls, 'parallel_tool_calls')
  if (parallel !== undefined) result.parallelToolCalls = parallel
  const reasoning = decodeReasoning(request.reasoning_effort)
  if (reasoning) result.reasoning = reasoning
  const responseFormat = decodeResponseFormat(request.response_format)
  if (responseFormat) result.responseFormat = responseFormat
  const user = optionalString(request.user, 'user')
  if (user !== undefined) result.user = user
  if (isRecord(request.metadata)) result.metadata = stringRecord(request.metadata)
  decodeServingHints(request, result)
  const extra = omitKeys(request, mappedKeys)
  // An allowed_tools choice is only approximated in the IR: keep the original for an OpenAI upstream.
  if (isRecord(request.tool_choice) && request.tool_choice.type === 'allowed_tools')
    extra.tool_choice = request.tool_choice
  if (Object.keys(extra).length > 0) result.extra = { protocol: 'openai', fields: extra }
  return result
}

function decodeSampling(request: Record<string, unknown>): Sampling {
  const sampling: Sampling = {}
  const maxTokens =
    optionalNumber(request.max_completion_tokens, 'max_completion_tokens') ??
    optionalNumber(request.max_tokens, 'max_tokens')
  if (maxTokens !== undefined) sampling.maxTokens = maxTokens
  const temperature = optionalNumber(request.temperature, 'temperature')
  if (temperature !== undefined) sampling.temperature = temperature
  const topP = optionalNumber(request.top_p, 'top_p')
  if (topP !== undefined) sampling.topP = topP
  if (typeof request.stop === 'string') sampling.stopSequences = [request.stop]
  else if (request.stop !== undefined && request.stop !== null) {
    sampling.stopSequences = expectArray(request.stop, 'stop').map((item, index) =>
      expectString(item, `stop[${index}]`),
    )
  }
  const seed = optionalNumber(request.seed, 'seed')
  if (seed !== undefined) sampling.seed = seed
  const presence = optionalNumber(request.presence_penalty, 'presence_penalty')
  if (presence !== undefined) sampling.presencePenalty = presence
  const frequency = optionalNumber(request.frequency_penalty, 'frequency_penalty')
  if (frequency !== undefined) sampling.frequencyPenalty = frequency
  return sampling
}

function decodeTools(request: Record<string, unknown>): Tool[] {
  const tools: Tool[] = []
  if (request.tools !== undefined && request.tools !== null) {
    expectArray(request.tools, 'tools').forEach((item, index) => {
      const path = `tools[${index}]`
      const tool = expectRecord(item, path)
      if (tool.type === 'function') tools.push(decodeFunction(tool.function, `${path}.function`))
      else tools.push({ type: 'provider', origin: { protocol: 'openai' }, raw: tool })
    })
  }
  // Legacy `functions` are plain function definitions.
  if (Array.isArray(request.functions))
    request.functions.forEach((item, index) => tools.push(decodeFunction(item, `functions[${index}]`)))
  return tools
}

function decodeFunction(value: unknown, path: string): Tool {
  const fn = expectRecord(value, path)
  const tool: Tool = { type: 'function', name: expectString(fn.name, `${path}.name`) }
  const description = optionalString(fn.description, `${path}.description`)
  if (description !== undefined) tool.description = description
  if (fn.parameters !== undefined && fn.parameters !== null)
    tool.parameters = expectRecord(fn.parameters, `${path}.parameters`)
  const strict = optionalBoolean(fn.strict, `${path}.strict`)
  if (strict !== undefined) tool.strict = strict
  return tool
}

function decodeToolChoice(value: unknown): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined
  if (value === 'auto' || value === 'none' || value === 'required') return { type: value }
  const choice = expectRecord(value, 'tool_choice')
  if (choice.type === 'function' && isRecord(choice.function)) {
    return { type: 'tool', name: expectString(choice.function.name, 'tool_choice.function.name') }
  }
  // Legacy function_call: {name}.
  if (typeof choice.name === 'string') return { type: 'tool', name: choice.name }
  if (choice.type === 'allowed_tools')
    return { type: isRecord(choice.allowed_tools) && choice.allowed_tools.mode === 'required' ? 'required' : 'auto' }
  throw invalidRequest('tool_choice', 'expected "auto", "none", "required" or {type:"function", function:{name}}')
}

function decodeReasoning(value: unknown): ReasoningConfig | undefined {
  const effort = optionalString(value, 'reasoning_effort')
  if (effort === undefined) return undefined
  if (!isReasoningEffort(effort)) throw invalidRequest('reasoning_effort', `unknown effort ${JSON.stringify(effort)}`)
  return { enabled: effort !== 'none', effort }
}

function decodeResponseFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined
  const format = expectRecord(value, 'response_format')
  switch (format.type) {
    case 'text':
    case 'json_object':
      return { type: format.type }
    case 'json_schema': {
      const spec = expectRecord(format.json_schema, 'response_format.json_schema')
      const result: ResponseFormat = { type: 'json_schema', schema: isRecord(spec.schema) ? spec.schema : {} }
      const name = optionalString(spec.name, 'response_format.json_schema.name')
      if (name !== undefined) result.name = name
      const description = optionalString(spec.description, 'response_format.json_schema.description')
      if (description !== undefined) result.description = description
      const strict = optionalBoolean(spec.strict, 'response_format.json_schema.strict')
      if (strict !== undefined) result.strict = strict
      return result
    }
    default:
      throw invalidRequest('response_format.type', `unknown format ${JSON.stringify(format.type)}`)
  }
}

function stringRecord(value: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [key, item] of Object.entries(value)) result[key] = typeof item === 'string' ? item : JSON.stringify(item)
  return result
}
