import type { IRResponse } from '../../ir/response.ts'
import { encodeOutputPart } from './encode-output-part.ts'
import { encodeFinishReason } from './finish-reason.ts'
import { encodeUsage } from './usage.ts'
import type { GeminiPart, GeminiResponse } from './wire-types.ts'

/** IR → a Gemini `GenerateContentResponse` (Gemini as the client protocol). */
export function encodeResponse(response: IRResponse, requestedModel: string): GeminiResponse {
  const parts = response.content.map(encodeOutputPart).filter((part): part is GeminiPart => part !== undefined)
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: encodeFinishReason(response.finish), index: 0 }],
    usageMetadata: encodeUsage(response.usage),
    modelVersion: requestedModel,
    responseId: response.id,
  }
}
