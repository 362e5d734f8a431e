import { GatewayError } from '../../ir/errors.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { IRRequest } from '../../ir/request.ts'
import type { TokenCounting, UpstreamCall } from '../codec.ts'
import { isRecord } from '../shared/read-json.ts'

/** The generation settings `/responses/input_tokens` takes no part of (they do not change the count). */
const settings = [
  'stream',
  'store',
  'include',
  'max_output_tokens',
  'temperature',
  'top_p',
  'metadata',
  'user',
  'prompt_cache_key',
  'service_tier',
  'safety_identifier',
  'client_metadata',
  'stream_options',
]

/**
 * The Responses API's `POST /responses/input_tokens`: the request as a generation call carries it (input,
 * instructions, tools), without the generation settings; its answer `{input_tokens}` is exact.
 * `encodeBody` is the codec's request encoder.
 */
export function createTokenCounting(
  encodeBody: (request: IRRequest, upstreamModel: string) => UpstreamCall,
): TokenCounting {
  return {
    request: (request, upstreamModel) =>
      countCall(encodeBody({ ...request, stream: false }, upstreamModel).body as JsonObject),
    forward: (body, upstreamModel) => countCall({ ...body, model: upstreamModel }),
    decode(body) {
      const tokens = isRecord(body) ? body.input_tokens : undefined
      if (typeof tokens !== 'number')
        throw new GatewayError({
          kind: 'upstream',
          status: 502,
          message: 'Responses input_tokens answered without input_tokens',
        })
      return tokens
    },
    encode: (tokens) => ({ object: 'response.input_tokens', input_tokens: tokens }),
  }
}

function countCall(body: JsonObject): UpstreamCall {
  const counted: JsonObject = {}
  for (const [key, value] of Object.entries(body)) if (!settings.includes(key)) counted[key] = value
  return { path: '/responses/input_tokens', body: counted }
}
