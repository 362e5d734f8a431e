import { GatewayError } from '../../ir/errors.ts'
import type { TokenCounting } from '../codec.ts'
import { isRecord } from '../shared/read-json.ts'
import type { IRRequest } from '../../ir/request.ts'
import { geminiPaths, modelResourceName } from './paths.ts'
import type { GeminiRequest } from './wire-types.ts'

/**
 * Gemini's `:countTokens`. From the IR it carries a full `generateContentRequest` (so the system prompt and
 * tools are counted, docs/protocols.md fixture F11); generation settings are left out: they do not change
 * the count. Its answer `{totalTokens}` is exact: Gemini counted it. `encodeBody` is the codec's
 * `generateContent` body encoder.
 */
export function createTokenCounting(
  encodeBody: (request: IRRequest, upstreamModel: string) => GeminiRequest,
): TokenCounting {
  return {
    request(request, upstreamModel) {
      const { generationConfig: _settings, ...body } = encodeBody(request, upstreamModel)
      return {
        path: geminiPaths.countTokens(upstreamModel),
        body: { generateContentRequest: { model: modelResourceName(upstreamModel), ...body } },
      }
    },
    forward(body, upstreamModel) {
      // The model is in the path, and again inside a `generateContentRequest` when there is one. The
      // client route carries the path's model and stream flag as `model`/`stream` (see passthrough.ts).
      const { model: _model, stream: _stream, ...own } = body
      const inner = own.generateContentRequest
      const renamed = isRecord(inner)
        ? { ...own, generateContentRequest: { ...inner, model: modelResourceName(upstreamModel) } }
        : own
      return { path: geminiPaths.countTokens(upstreamModel), body: renamed }
    },
    decode(body) {
      const tokens = isRecord(body) ? body.totalTokens : undefined
      if (typeof tokens !== 'number')
        throw new GatewayError({
          kind: 'upstream',
          status: 502,
          message: 'Gemini countTokens answered without totalTokens',
        })
      return tokens
    },
    encode: (tokens) => ({ totalTokens: tokens }),
  }
}
