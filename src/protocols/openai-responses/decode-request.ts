import type { JsonObject } from '../../ir/json.ts'
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
  maybeString,
  omitKeys,
  optionalBoolean,
  optionalNumber,
  optionalString,
} from '../shared/read-json.ts'
import { decodeServingHints, servingHintFields } from '../openai/serving-hints.ts'
import { decodeInput } from './decode-input.ts'
import type { ItemMemory } from './item-memory.ts'
import type { ToolNames } from './tool-names.ts'
import { hostedToolTypes } from './wire-types.ts'

/**
 * The request fields the IR holds or that mean nothing once translated: `store` (pinai stores nothing),
 * `include` (encrypted reasoning is always included), `stream_options`, Codex's `client_metadata`.
 * Everything else goes to `extra`.
 */
const mappedKeys = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_output_tokens',
  'temperature',
  'top_p',
  'text',
  'reasoning',
  'metadata',
  'stream',
  'stream_options',
  'store',
  'include',
  'user',
  'client_metadata',
  'previous_response_id',
  'conversation',
  ...Object.keys(servingHintFields),
])

/** Decodes a Responses request (`POST /v1/responses`) into the IR; `previous_response_id` is a 400. */
export function decodeRequest(body: unknown, tools: ToolNames, memory: ItemMemory, drops: DropLog): IRRequest {
  const request = expectRecord(body, '')
  if (request.previous_response_id !== undefined && request.previous_response_id !== null) {
    throw invalidRequest(
      'previous_response_id',
      'pinai stores no responses; send the whole conversation in `input` (with `store: false`)',
    )
  }
  if (request.conversation !== undefined && request.conversation !== null) {
    throw invalidRequest('conversation', 'pinai stores no conversations; send the whole conversation in `input`')
  }
  const model = expectString(request.model, 'model')
  const declared = decodeTools(request.tools, tools)
  const { system, messages } = decodeInput(request.input ?? [], tools, memory, drops)
  const instructions = optionalString(request.instructions, 'instructions')
  if (instructions !== undefined && instructions !== '') system.unshift({ type: 'text', text: instructions })
  const stream = optionalBoolean(request.stream, 'stream') ?? false
  const result: IRRequest = { model, messages, sampling: decodeSampling(request), stream, includeUsage: stream }
  if (system.length > 0) result.system = system
  if (declared.length > 0) result.tools = declared
  const toolChoice = decodeToolChoice(request.tool_choice, tools)
  if (toolChoice) result.toolChoice = toolChoice
  const parallel = optionalBoolean(request.parallel_tool_calls, 'parallel_tool_calls')
  if (parallel !== undefined) result.parallelToolCalls = parallel
  const reasoning = decodeReasoning(request.reasoning)
  if (reasoning) result.reasoning = reasoning
  const responseFormat = decodeTextFormat(request.text)
  if (responseFormat) result.responseFormat = responseFormat
  const user = optionalString(request.user, 'user')
  if (user !== undefined) result.user = user
  if (isRecord(request.metadata)) result.metadata = stringRecord(request.metadata)
  decodeServingHints(request, result)
  const extra = omitKeys(request, mappedKeys)
  if (Object.keys(extra).length > 0) result.extra = { protocol: 'openai-responses', fields: extra }
  return result
}

function decodeSampling(request: JsonObject): Sampling {
  const sampling: Sampling = {}
  const maxTokens = optionalNumber(request.max_output_tokens, 'max_output_tokens')
  if (maxTokens !== undefined) sampling.maxTokens = maxTokens
  const temperature = optionalNumber(request.temperature, 'temperature')
  if (temperature !== undefined) sampling.temperature = temperature
  const topP = optionalNumber(request.top_p, 'top_p')
  if (topP !== undefined) sampling.topP = topP
  return sampling
}

/**
 * Function tools as they are; a `namespace` flattened to its functions (named `namespace__name`); a
 * `custom` tool as a function of one string `input`; hosted tools kept raw for a Responses upstream (other
 * encoders drop them with a warning).
 */
function decodeTools(value: unknown, names: ToolNames): Tool[] {
  if (value === undefined || value === null) return []
  const tools: Tool[] = []
  expectArray(value, 'tools').forEach((item, index) => {
    const path = `tools[${index}]`
    const tool = expectRecord(item, path)
    if (tool.type === 'namespace') {
      const namespace = expectString(tool.name, `${path}.name`)
      expectArray(tool.tools, `${path}.tools`).forEach((inner, innerIndex) =>
        tools.push(
          decodeTool(
            expectRecord(inner, `${path}.tools[${innerIndex}]`),
            `${path}.tools[${innerIndex}]`,
            names,
            namespace,
          ),
        ),
      )
    } else if (tool.type === 'function' || tool.type === 'custom') tools.push(decodeTool(tool, path, names, undefined))
    else {
      const type = expectString(tool.type, `${path}.type`)
      tools.push({
        type: 'provider',
        origin: { protocol: 'openai-responses' },
        name: hostedToolTypes.has(type) ? type : `${type} tool`,
        raw: tool,
      })
    }
  })
  return tools
}

function decodeTool(tool: JsonObject, path: string, names: ToolNames, namespace: string | undefined): Tool {
  const inside = namespace === undefined ? {} : { namespace }
  if (tool.type === 'custom') {
    const name = names.declare({ name: expectString(tool.name, `${path}.name`), custom: true, ...inside })
    const description = optionalString(tool.description, `${path}.description`)
    const grammar = isRecord(tool.format) && tool.format.type === 'grammar' ? tool.format : undefined
    const format = grammar
      ? ` The input follows this ${maybeString(grammar.syntax) ?? ''} grammar:\n${maybeString(grammar.definition) ?? ''}`
      : ''
    return {
      type: 'function',
      name,
      description: `${description ?? ''}${format}`.trim(),
      parameters: {
        type: 'object',
        properties: { input: { type: 'string' } },
        required: ['input'],
        additionalProperties: false,
      },
    }
  }
  if (tool.type !== 'function')
    throw invalidRequest(
      `${path}.type`,
      `expected "function" or "custom" inside a namespace, got ${JSON.stringify(tool.type)}`,
    )
  const result: Tool = {
    type: 'function',
    name: names.declare({ name: expectString(tool.name, `${path}.name`), ...inside }),
  }
  const description = optionalString(tool.description, `${path}.description`)
  if (description !== undefined) result.description = description
  if (tool.parameters !== undefined && tool.parameters !== null)
    result.parameters = expectRecord(tool.parameters, `${path}.parameters`)
  const strict = optionalBoolean(tool.strict, `${path}.strict`)
  if (strict !== undefined) result.strict = strict
  return result
}

function decodeToolChoice(value: unknown, names: ToolNames): ToolChoice | undefined {
  if (value === undefined || value === null) return undefined
  if (value === 'auto' || value === 'none' || value === 'required') return { type: value }
  const choice = expectRecord(value, 'tool_choice')
  if (choice.type === 'function' || choice.type === 'custom') {
    const namespace = optionalString(choice.namespace, 'tool_choice.namespace')
    return {
      type: 'tool',
      name: names.declare({
        name: expectString(choice.name, 'tool_choice.name'),
        ...(choice.type === 'custom' ? { custom: true } : {}),
        ...(namespace === undefined ? {} : { namespace }),
      }),
    }
  }
  if (choice.type === 'allowed_tools') return { type: choice.mode === 'required' ? 'required' : 'auto' }
  // A hosted tool forced by type: the model may call tools, which is all another upstream can be told.
  if (typeof choice.type === 'string') return { type: 'auto' }
  throw invalidRequest('tool_choice', 'expected "auto", "none", "required" or {type:"function", name}')
}

function decodeReasoning(value: unknown): ReasoningConfig | undefined {
  if (value === undefined || value === null) return undefined
  const reasoning = expectRecord(value, 'reasoning')
  const effort = optionalString(reasoning.effort, 'reasoning.effort')
  if (effort === undefined) return undefined
  if (!isReasoningEffort(effort)) throw invalidRequest('reasoning.effort', `unknown effort ${JSON.stringify(effort)}`)
  return { enabled: effort !== 'none', effort }
}

function decodeTextFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined
  const text = expectRecord(value, 'text')
  if (text.format === undefined || text.format === null) return undefined
  const format = expectRecord(text.format, 'text.format')
  switch (format.type) {
    case 'text':
    case 'json_object':
      return { type: format.type }
    case 'json_schema': {
      const result: ResponseFormat = { type: 'json_schema', schema: expectRecord(format.schema, 'text.format.schema') }
      const name = optionalString(format.name, 'text.format.name')
      if (name !== undefined) result.name = name
      const description = optionalString(format.description, 'text.format.description')
      if (description !== undefined) result.description = description
      const strict = optionalBoolean(format.strict, 'text.format.strict')
      if (strict !== undefined) result.strict = strict
      return result
    }
    default:
      throw invalidRequest('text.format.type', `unknown format ${JSON.stringify(format.type)}`)
  }
}

function stringRecord(value: JsonObject): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [key, item] of Object.entries(value)) result[key] = typeof item === 'string' ? item : JSON.stringify(item)
  return result
}
