import type { JsonObject } from '../../ir/json.ts'
import type { IRResponse } from '../../ir/response.ts'
import { encodeFinishReason } from './finish-reason.ts'
import { outputItems } from './output-item.ts'
import { responseId } from './response-id.ts'
import type { ItemMemory } from './item-memory.ts'
import type { ToolNames } from './tool-names.ts'
import { encodeUsage } from './usage.ts'

/** What {@link encodeResponse} needs besides the answer. */
export interface EncodeResponseOptions {
  requestedModel: string
  nowSeconds: () => number
  generateId: (prefix: string) => string
  tools: ToolNames
  memory: ItemMemory
}

/** An IR answer as a Responses `response` object, with the fields the OpenAI SDK reads filled in. */
export function encodeResponse(response: IRResponse, options: EncodeResponseOptions): JsonObject {
  const { status, incompleteDetails } = encodeFinishReason(response.finish)
  return responseObject({
    id: responseId(response.id),
    createdAt: response.created ?? options.nowSeconds(),
    model: options.requestedModel,
    status,
    incompleteDetails,
    output: outputItems(response.content, options.tools, options.memory, options.generateId),
    usage: encodeUsage(response.usage),
  })
}

/** The members of a `response` object, as the answer and every stream event that carries one show it. */
export interface ResponseFields {
  id: string
  createdAt: number
  model: string
  status: string
  incompleteDetails?: JsonObject | null
  output: JsonObject[]
  usage?: JsonObject | null
  error?: JsonObject | null
}

/** A `response` object (the OpenAI SDK computes `output_text` itself, so it is not sent). */
export function responseObject(fields: ResponseFields): JsonObject {
  return {
    id: fields.id,
    object: 'response',
    created_at: fields.createdAt,
    status: fields.status,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteDetails ?? null,
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage: fields.usage ?? null,
    metadata: {},
  }
}
