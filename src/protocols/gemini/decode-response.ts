import { GatewayError } from '../../ir/errors.ts'
import { foldStreamParts } from '../../ir/fold-stream.ts'
import type { IRResponse } from '../../ir/response.ts'
import { createChunkReader } from './chunk-reader.ts'
import type { GeminiContext } from './context.ts'
import { decodeError, readGeminiError } from './decode-error.ts'
import type { GeminiResponse } from './wire-types.ts'

/**
 * A non-stream `GenerateContentResponse` → IR, with the same reader the stream uses. A prompt block
 * (`promptFeedback.blockReason`, no candidates) is a normal answer with no content and a `content_filter`
 * finish, never a 500 (docs/protocols.md fixture F8); a candidate without parts keeps its finish reason
 * (pitfalls 17–19); a body with neither candidates nor a block reason is an upstream error (so routing can
 * fail over).
 */
export function decodeResponse(body: unknown, context: GeminiContext): IRResponse {
  const error = readGeminiError(body)
  if (error) {
    const status = typeof error.code === 'number' && error.code >= 400 ? error.code : 500
    throw decodeError(status, JSON.stringify(body), new Headers(), undefined, context.now())
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError({
      kind: 'upstream',
      status: 502,
      message: 'Gemini answered with something that is not a response object',
    })
  }
  const response = body as GeminiResponse
  const hasCandidates = Array.isArray(response.candidates) && response.candidates.length > 0
  if (!hasCandidates && response.promptFeedback?.blockReason === undefined) {
    throw new GatewayError({
      kind: 'upstream',
      status: 502,
      message: 'Gemini returned no candidates and no block reason',
      upstreamBody: JSON.stringify(body).slice(0, 2000),
    })
  }
  const reader = createChunkReader(context)
  return foldStreamParts([...reader.read(response), ...reader.end({ requireFinish: false })])
}
