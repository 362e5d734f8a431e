import type { ContentBlock, TextBlock } from '../../ir/content.ts'
import type { Message } from '../../ir/message.ts'
import type { ExtraOptions, IRRequest, ReasoningConfig, ResponseFormat, Sampling } from '../../ir/request.ts'
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
import { decodeBlock, decodeCacheControl, decodeText } from './decode-block.ts'

/** The request fields the IR holds; everything else goes to `extra`. */
const mappedKeys = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'metadata',
])

/** Decodes an Anthropic Messages request body (also a count_tokens body, which lacks max_tokens). */
export function decodeRequest(body: unknown, headers: Headers, drops: DropLog): IRRequest {
  const request = expectRecord(body, '')
  const callNames = new Map<string, string>()
  const system = decodeSystem(request.system)
  const messages: Message[] = []
  expectArray(request.messages, 'messages').forEach((item, index) => {
    // Claude Code (2.1+, beta mid-conversation-tool-changes) sends `role: "system"` turns inside
    // `messages`; they join the system text in order, as OpenAI's system messages do.
    if (isRecord(item) && item.role === 'system') system.push(...decodeSystemMessage(item, `messages[${index}]`))
    else messages.push(decodeMessage(item, `messages[${index}]`, callNames, drops))
  })
  const stream = optionalBoolean(request.stream, 'stream') ?? false
  const result: IRRequest = {
    model: expectString(request.model, 'model'),
    messages,
    sampling: decodeSampling(request),
    stream,
    includeUsage: stream,
  }
  if (system.length > 0) result.system = system
  const tools =
    request.tools === undefined || request.tools === null
      ? []
      : expectArray(request.tools, 'tools').map((item, index) => decodeTool(item, `tools[${index}]`))
  if (tools.length > 0) result.tools = tools
  if (request.tool_choice !== undefined && request.tool_choice !== null) {
    const choice = expectRecord(request.tool_choice, 'tool_choice')
    result.toolChoice = decodeToolChoice(choice)
    if (optionalBoolean(choice.disable_parallel_tool_use, 'tool_choice.disable_parallel_tool_use') === true)
      result.parallelToolCalls = false
  }
  const outputConfig = request.output_config === undefined ? {} : expectRecord(request.output_config, 'output_config')
  const reasoning = decodeThinking(request.thinking, outputConfig.effort)
  if (reasoning) result.reasoning = reasoning
  const responseFormat = decodeFormat(outputConfig.format)
  if (responseFormat) result.responseFormat = responseFormat
  if (request.metadata !== undefined && request.metadata !== null) {
    const metadata = expectRecord(request.metadata, 'metadata')
    const user = optionalString(metadata.user_id, 'metadata.user_id')
    if (user !== undefined) result.user = user
  }
  const extra = decodeExtra(request, outputConfig, headers)
  if (extra) result.extra = extra
  return result
}

function decodeMessage(value: unknown, path: string, callNames: Map<string, string>, drops: DropLog): Message {
  const message = expectRecord(value, path)
  const role = message.role
  if (role !== 'user' && role !== 'assistant') throw invalidRequest(`${path}.role`, 'expected "user" or "assistant"')
  if (typeof message.content === 'string')
    return { role, content: [{ type: 'text', text: message.content }], stringContent: true }
  const content: ContentBlock[] = []
  expectArray(message.content, `${path}.content`).forEach((item, index) => {
    const block = decodeBlock(item, `${path}.content[${index}]`, callNames, drops)
    if (block) content.push(block)
  })
  return { role, content }
}

function decodeSystemMessage(message: Record<string, unknown>, path: string): TextBlock[] {
  if (typeof message.content === 'string')
    return message.content === '' ? [] : [{ type: 'text', text: message.content }]
  return expectArray(message.content, `${path}.content`).map((item, index) =>
    decodeText(expectRecord(item, `${path}.content[${index}]`), `${path}.content[${index}]`),
  )
}

function decodeSystem(value: unknown): TextBlock[] {
  if (value === undefined || value === null) return []
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }]
  return expectArray(value, 'system').map((item, index) =>
    decodeText(expectRecord(item, `system[${index}]`), `system[${index}]`),
  )
}

function decodeSampling(request: Record<string, unknown>): Sampling {
  const sampling: Sampling = {}
  const maxTokens = optionalNumber(request.max_tokens, 'max_tokens')
  if (maxTokens !== undefined) sampling.maxTokens = maxTokens
  const temperature = optionalNumber(request.temperature, 'temperature')
  if (temperature !== undefined) sampling.temperature = temperature
  const topP = optionalNumber(request.top_p, 'top_p')
  if (topP !== undefined) sampling.topP = topP
  const topK = optionalNumber(request.top_k, 'top_k')
  if (topK !== undefined) sampling.topK = topK
  if (request.stop_sequences !== undefined && request.stop_sequences !== null) {
    sampling.stopSequences = expectArray(request.stop_sequences, 'stop_sequences').map((item, index) =>
      expectString(item, `stop_sequences[${index}]`),
    )
  }
  return sampling
}

function decodeTool(value: unknown, path: string): Tool {
  const tool = expectRecord(value, path)
  // Client tools have no type (or "custom"); typed ones are Anthropic server tools.
  if (tool.type !== undefined && tool.type !== 'custom') {
    const name = optionalString(tool.name, `${path}.name`)
    return { type: 'provider', origin: { protocol: 'anthropic' }, raw: tool, ...(name === undefined ? {} : { name }) }
  }
  const result: Tool = { type: 'function', name: expectString(tool.name, `${path}.name`) }
  const description = optionalString(tool.description, `${path}.description`)
  if (description !== undefined) result.description = description
  if (tool.input_schema !== undefined) result.parameters = expectRecord(tool.input_schema, `${path}.input_schema`)
  const strict = optionalBoolean(tool.strict, `${path}.strict`)
  if (strict !== undefined) result.strict = strict
  const cacheControl = decodeCacheControl(tool.cache_control)
  if (cacheControl) result.cacheControl = cacheControl
  return result
}

function decodeToolChoice(choice: Record<string, unknown>): ToolChoice {
  switch (choice.type) {
    case 'auto':
    case 'none':
      return { type: choice.type }
    case 'any':
      return { type: 'required' }
    case 'tool':
      return { type: 'tool', name: expectString(choice.name, 'tool_choice.name') }
    default:
      throw invalidRequest('tool_choice.type', 'expected "auto", "any", "tool" or "none"')
  }
}

function decodeThinking(value: unknown, effortValue: unknown): ReasoningConfig | undefined {
  const effort = optionalString(effortValue, 'output_config.effort')
  if (effort !== undefined && !isReasoningEffort(effort))
    throw invalidRequest('output_config.effort', `unknown effort ${JSON.stringify(effort)}`)
  const withEffort = (config: ReasoningConfig): ReasoningConfig =>
    effort === undefined ? config : { ...config, effort }
  if (value === undefined || value === null) return effort === undefined ? undefined : withEffort({ enabled: true })
  const thinking = expectRecord(value, 'thinking')
  switch (thinking.type) {
    case 'enabled': {
      const budget = optionalNumber(thinking.budget_tokens, 'thinking.budget_tokens')
      return withEffort(budget === undefined ? { enabled: true } : { enabled: true, budget })
    }
    case 'disabled':
      return { enabled: false }
    case 'adaptive':
      return withEffort({ enabled: true, adaptive: true })
    default:
      throw invalidRequest('thinking.type', 'expected "enabled", "disabled" or "adaptive"')
  }
}

function decodeFormat(value: unknown): ResponseFormat | undefined {
  if (value === undefined || value === null) return undefined
  const format = expectRecord(value, 'output_config.format')
  if (format.type !== 'json_schema') throw invalidRequest('output_config.format.type', 'expected "json_schema"')
  return { type: 'json_schema', schema: isRecord(format.schema) ? format.schema : {} }
}

function decodeExtra(
  request: Record<string, unknown>,
  outputConfig: Record<string, unknown>,
  headers: Headers,
): ExtraOptions | undefined {
  const fields = omitKeys(request, mappedKeys)
  const otherOutput = omitKeys(outputConfig, new Set(['effort', 'format']))
  if (Object.keys(otherOutput).length > 0) fields.output_config = otherOutput
  const beta = headers.get('anthropic-beta')
  if (Object.keys(fields).length === 0 && !beta) return undefined
  return { protocol: 'anthropic', fields, ...(beta ? { headers: { 'anthropic-beta': beta } } : {}) }
}
