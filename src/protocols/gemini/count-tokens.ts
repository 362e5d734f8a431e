import { GatewayError } from '../../ir/errors.ts'
import type { IRRequest } from '../../ir/request.ts'
import type { UpstreamCall } from '../codec.ts'
import type { GeminiContext } from './context.ts'
import { encodeGenerateBody } from './encode-request.ts'
import { geminiPaths, modelResourceName } from './paths.ts'

/**
 * IR → `:countTokens` with a full `generateContentRequest` (so the system prompt and tools are counted,
 * docs/protocols.md fixture F11). Generation settings are left out: they do not change the count.
 */
export function encodeCountTokensRequest(request: IRRequest, upstreamModel: string, context: GeminiContext): UpstreamCall {
  const { generationConfig: _settings, ...body } = encodeGenerateBody(request, upstreamModel, context)
  return { path: geminiPaths.countTokens(upstreamModel), body: { generateContentRequest: { model: modelResourceName(upstreamModel), ...body } } }
}

/** `{totalTokens, cachedContentTokenCount?}` → the prompt's token count (exact: Gemini counted it). */
export function decodeCountTokensResponse(body: unknown): { inputTokens: number; cacheReadTokens?: number } {
  const value = typeof body === 'object' && body !== null ? (body as { totalTokens?: unknown; cachedContentTokenCount?: unknown }) : {}
  if (typeof value.totalTokens !== 'number') {
    throw new GatewayError({ kind: 'upstream', status: 502, message: 'Gemini countTokens answered without totalTokens' })
  }
  const cached = value.cachedContentTokenCount
  return typeof cached === 'number' ? { inputTokens: value.totalTokens, cacheReadTokens: cached } : { inputTokens: value.totalTokens }
}
