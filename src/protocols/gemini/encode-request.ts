import type { IRRequest } from '../../ir/request.ts'
import type { UpstreamCall } from '../codec.ts'
import { cleanSchema } from './clean-schema.ts'
import type { GeminiContext } from './context.ts'
import { encodeContents } from './encode-contents.ts'
import { encodeToolChoice, encodeTools } from './encode-tools.ts'
import { encodeThinking } from './map-thinking.ts'
import { geminiPaths } from './paths.ts'
import type { GeminiGenerationConfig, GeminiRequest } from './wire-types.ts'

/** Gemini accepts at most five stop sequences. */
const maxStopSequences = 5

/** Builds the `generateContent` body (without the call around it); countTokens reuses it. */
export function encodeGenerateBody(request: IRRequest, upstreamModel: string, context: GeminiContext): GeminiRequest {
  const body: GeminiRequest = { contents: encodeContents(request.messages, upstreamModel, context) }
  const system = (request.system ?? []).filter((block) => block.text !== '').map((block) => ({ text: block.text }))
  if (system.length > 0) body.systemInstruction = { parts: system }
  if (request.tools && request.tools.length > 0) {
    const tools = encodeTools(request.tools, context)
    if (tools.length > 0) body.tools = tools
  }
  if (request.toolChoice) body.toolConfig = encodeToolChoice(request.toolChoice)
  if (request.parallelToolCalls === false) context.drops.drop('parallel_tool_calls=false (Gemini cannot express it)')
  const generationConfig = encodeGenerationConfig(request, upstreamModel, context)
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig
  applyExtra(request, body, context)
  return body
}

function encodeGenerationConfig(request: IRRequest, model: string, context: GeminiContext): GeminiGenerationConfig {
  const sampling = request.sampling
  const config: GeminiGenerationConfig = {}
  if (sampling.temperature !== undefined) config.temperature = sampling.temperature
  if (sampling.topP !== undefined) config.topP = sampling.topP
  if (sampling.topK !== undefined) config.topK = sampling.topK
  if (sampling.maxTokens !== undefined) config.maxOutputTokens = sampling.maxTokens
  if (sampling.stopSequences && sampling.stopSequences.length > 0) {
    if (sampling.stopSequences.length > maxStopSequences) {
      context.drops.drop(`stop sequences past the first ${maxStopSequences} of ${sampling.stopSequences.length}`)
    }
    config.stopSequences = sampling.stopSequences.slice(0, maxStopSequences)
  }
  if (sampling.seed !== undefined) config.seed = sampling.seed
  if (sampling.presencePenalty !== undefined) config.presencePenalty = sampling.presencePenalty
  if (sampling.frequencyPenalty !== undefined) config.frequencyPenalty = sampling.frequencyPenalty
  const format = request.responseFormat
  if (format?.type === 'json_object') config.responseMimeType = 'application/json'
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json'
    // Full JSON Schema where the model takes it (2.5 and later); the cleaned OpenAPI subset before that.
    if (/gemini-(?:1\.|2\.0)/.test(model)) config.responseSchema = cleanSchema(format.schema)
    else config.responseJsonSchema = format.schema
  }
  if (request.reasoning) config.thinkingConfig = encodeThinking(request.reasoning, model)
  return config
}

/** Gemini fields kept from a Gemini client go back as they were; other protocols' leftovers are named and dropped. */
function applyExtra(request: IRRequest, body: GeminiRequest, context: GeminiContext): void {
  const dropped: string[] = []
  if (request.user !== undefined) dropped.push('user')
  if (request.metadata !== undefined) dropped.push('metadata')
  if (request.promptCacheKey !== undefined) dropped.push('prompt_cache_key')
  if (request.safetyIdentifier !== undefined) dropped.push('safety_identifier')
  if (request.serviceTier !== undefined) dropped.push('service_tier')
  const extra = request.extra
  if (extra?.protocol === 'gemini') {
    for (const [key, value] of Object.entries(extra.fields)) {
      if (key === 'generationConfig' && typeof value === 'object' && value !== null) {
        body.generationConfig = { ...(value as GeminiGenerationConfig), ...body.generationConfig }
      } else if (!(key in body)) body[key] = value
    }
  } else if (extra) dropped.push(...Object.keys(extra.fields))
  if (dropped.length > 0) for (const field of dropped) context.drops.drop(`field ${field} (Gemini has no place for it)`)
}

/** IR → the upstream call: `:generateContent`, or `:streamGenerateContent?alt=sse` for streams. */
export function encodeRequest(request: IRRequest, upstreamModel: string, context: GeminiContext): UpstreamCall {
  return {
    path: geminiPaths.generate(upstreamModel, request.stream),
    body: encodeGenerateBody(request, upstreamModel, context),
  }
}
