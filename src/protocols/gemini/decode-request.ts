import type { ContentBlock, TextBlock } from '../../ir/content.ts'
import type { Message } from '../../ir/message.ts'
import { GatewayError } from '../../ir/errors.ts'
import type { IRRequest, ResponseFormat, Sampling } from '../../ir/request.ts'
import type { Tool, ToolChoice } from '../../ir/tool.ts'
import type { GeminiContext } from './context.ts'
import { checkRequest } from './check-request.ts'
import { decodeThinking } from './map-thinking.ts'
import { openApiToJsonSchema } from './openapi-schema.ts'
import { bareModelId } from './paths.ts'
import { answerKey } from './tool-call-cache.ts'
import { toolResponseText } from './tool-response.ts'
import type {
  GeminiContent,
  GeminiGenerationConfig,
  GeminiPart,
  GeminiRequest,
  GeminiTool,
  GeminiToolConfig,
  JsonObject,
} from './wire-types.ts'

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function invalid(message: string): GatewayError {
  return new GatewayError({ kind: 'invalid_request', status: 400, code: 'invalid_request', message })
}

/** Top-level request keys the IR models; everything else is kept in `extra` for a Gemini upstream. */
const modelledKeys = new Set([
  'contents',
  'systemInstruction',
  'tools',
  'toolConfig',
  'generationConfig',
  'model',
  'stream',
])
const modelledConfigKeys = new Set([
  'temperature',
  'topP',
  'topK',
  'maxOutputTokens',
  'stopSequences',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  'thinkingConfig',
])

/**
 * A Gemini `generateContent` body (or the request a `:countTokens` body counts) → IR, for the `/gemini`
 * client routes. The model and the stream flag live in the URL for Gemini; the route carries them as
 * `model` / `stream`, read here when present.
 */
export function decodeRequest(input: unknown, context: GeminiContext): IRRequest {
  if (!isObject(input)) throw invalid('A Gemini request must be a JSON object')
  const body = countedRequest(input)
  checkRequest(body)
  const request = body as GeminiRequest
  const pending = new Map<string, string[]>()
  const messages = request.contents.map((content) => decodeContent(content, pending, context))
  const ir: IRRequest = {
    model: typeof body.model === 'string' ? bareModelId(body.model) : '',
    messages,
    sampling: {},
    stream: body.stream === true,
    includeUsage: true,
  }
  const system = (request.systemInstruction?.parts ?? [])
    .filter((part) => typeof part.text === 'string')
    .map((part): TextBlock => ({ type: 'text', text: part.text ?? '' }))
  if (system.length > 0) ir.system = system
  if (request.tools) ir.tools = request.tools.flatMap(decodeTool)
  const choice = request.toolConfig ? decodeToolChoice(request.toolConfig) : undefined
  if (choice) ir.toolChoice = choice
  applyGenerationConfig(request.generationConfig ?? {}, ir)
  const extra: JsonObject = {}
  for (const [key, value] of Object.entries(body)) if (!modelledKeys.has(key)) extra[key] = value
  const configExtra: JsonObject = {}
  for (const [key, value] of Object.entries(request.generationConfig ?? {}))
    if (!modelledConfigKeys.has(key)) configExtra[key] = value
  if (Object.keys(configExtra).length > 0) extra.generationConfig = configExtra
  if (Object.keys(extra).length > 0) ir.extra = { protocol: 'gemini', fields: extra }
  return ir
}

/**
 * The request a `:countTokens` body counts: its `generateContentRequest`, or its bare `contents`; any
 * other body is itself. The route's `model` and `stream` stay (see passthrough.ts).
 */
function countedRequest(body: JsonObject): JsonObject {
  const inner = body.generateContentRequest
  if (inner === undefined) return body
  if (!isObject(inner)) throw invalid('generateContentRequest must be an object')
  const { model: _model, ...request } = inner
  return { ...request, model: body.model, stream: body.stream }
}

function decodeContent(content: GeminiContent, pending: Map<string, string[]>, context: GeminiContext): Message {
  const role = content.role === 'model' ? 'assistant' : 'user'
  const blocks: ContentBlock[] = []
  let answer = ''
  let answerSignature: string | undefined
  for (const part of content.parts ?? []) {
    const block = decodePart(part, pending, context)
    if (block) blocks.push(block)
    if (role === 'assistant' && part.thought !== true && typeof part.text === 'string') {
      answer += part.text
      answerSignature = part.thoughtSignature ?? answerSignature
    }
  }
  if (answerSignature !== undefined && answer !== '') context.caches.thoughts.set(answerKey(answer), answerSignature)
  return { role, content: blocks }
}

function decodePart(
  part: GeminiPart,
  pending: Map<string, string[]>,
  context: GeminiContext,
): ContentBlock | undefined {
  if (part.functionCall) {
    const call = part.functionCall
    const id = call.id ?? context.generateId('call_')
    pending.set(call.name, [...(pending.get(call.name) ?? []), id])
    const signature = part.thoughtSignature
    context.caches.calls.set(id, {
      name: call.name,
      nativeId: call.id !== undefined,
      ...(signature === undefined ? {} : { thoughtSignature: signature }),
    })
    return {
      type: 'tool_call',
      id,
      name: call.name,
      args: isObject(call.args) ? call.args : {},
      ...(signature === undefined ? {} : { signature }),
      origin: { protocol: 'gemini' },
    }
  }
  if (part.functionResponse) {
    const response = part.functionResponse
    const queue = pending.get(response.name) ?? []
    const callId = response.id ?? queue.shift() ?? context.generateId('call_')
    const { text, isError } = toolResponseText(isObject(response.response) ? response.response : {})
    return { type: 'tool_result', callId, name: response.name, content: [{ type: 'text', text }], isError }
  }
  if (typeof part.text === 'string') {
    if (part.thought === true) {
      return {
        type: 'reasoning',
        text: part.text,
        origin: { protocol: 'gemini' },
        ...(part.thoughtSignature === undefined ? {} : { signature: part.thoughtSignature }),
      }
    }
    return part.text === '' ? undefined : { type: 'text', text: part.text }
  }
  if (part.inlineData) {
    const { mimeType, data } = part.inlineData
    if (mimeType.startsWith('image/')) return { type: 'image', source: { kind: 'base64', mime: mimeType, data } }
    if (mimeType.startsWith('audio/')) return { type: 'audio', mime: mimeType, data }
    return { type: 'document', source: { kind: 'base64', mime: mimeType, data } }
  }
  if (part.fileData) {
    const { fileUri, mimeType } = part.fileData
    const source = { kind: 'url' as const, url: fileUri, ...(mimeType === undefined ? {} : { mime: mimeType }) }
    return mimeType?.startsWith('image/') ? { type: 'image', source } : { type: 'document', source }
  }
  context.drops.drop(`a request part the IR cannot express (${Object.keys(part).join(', ')})`)
  return undefined
}

function decodeTool(tool: GeminiTool): Tool[] {
  if (!tool.functionDeclarations) return [{ type: 'provider', origin: { protocol: 'gemini' }, raw: tool }]
  return tool.functionDeclarations.map((declaration): Tool => {
    // `parameters` is Gemini's OpenAPI subset; `parametersJsonSchema` (where @google/genai moves a schema with JSON-Schema-only keys) is JSON Schema already.
    const parameters = isObject(declaration.parameters)
      ? openApiToJsonSchema(declaration.parameters)
      : declaration.parametersJsonSchema
    return {
      type: 'function',
      name: declaration.name,
      ...(declaration.description === undefined ? {} : { description: declaration.description }),
      ...(isObject(parameters) ? { parameters } : {}),
    }
  })
}

function decodeToolChoice(config: GeminiToolConfig): ToolChoice | undefined {
  const calling = config.functionCallingConfig
  switch (calling?.mode?.toUpperCase()) {
    case 'AUTO':
      return { type: 'auto' }
    case 'NONE':
      return { type: 'none' }
    case 'ANY':
    case 'VALIDATED': {
      const names = calling?.allowedFunctionNames ?? []
      return names.length === 1 && names[0] !== undefined ? { type: 'tool', name: names[0] } : { type: 'required' }
    }
    default:
      return undefined
  }
}

function applyGenerationConfig(config: GeminiGenerationConfig, ir: IRRequest): void {
  const sampling: Sampling = {}
  if (config.temperature !== undefined) sampling.temperature = config.temperature
  if (config.topP !== undefined) sampling.topP = config.topP
  if (config.topK !== undefined) sampling.topK = config.topK
  if (config.maxOutputTokens !== undefined) sampling.maxTokens = config.maxOutputTokens
  if (config.stopSequences !== undefined) sampling.stopSequences = config.stopSequences
  if (config.seed !== undefined) sampling.seed = config.seed
  if (config.presencePenalty !== undefined) sampling.presencePenalty = config.presencePenalty
  if (config.frequencyPenalty !== undefined) sampling.frequencyPenalty = config.frequencyPenalty
  ir.sampling = sampling
  const schema =
    config.responseJsonSchema ??
    (isObject(config.responseSchema) ? openApiToJsonSchema(config.responseSchema) : undefined)
  if (config.responseMimeType === 'application/json') {
    const format: ResponseFormat = isObject(schema) ? { type: 'json_schema', schema } : { type: 'json_object' }
    ir.responseFormat = format
  }
  const reasoning = config.thinkingConfig ? decodeThinking(config.thinkingConfig) : undefined
  if (reasoning) ir.reasoning = reasoning
}
