import { GatewayError } from '../../ir/errors.ts'
import type { IRRequest } from '../../ir/request.ts'
import type { TokenCounting, UpstreamCall } from '../codec.ts'
import { isRecord } from '../shared/read-json.ts'

const path = '/v1/messages/count_tokens'

// What `count_tokens` takes of a Messages body: the generation settings do not change the count.
const counted = new Set(['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'mcp_servers'])

/** Anthropic's `POST /v1/messages/count_tokens`; `encodeRequest` is the codec's Messages encoder. */
export function createTokenCounting(
  encodeRequest: (request: IRRequest, upstreamModel: string) => UpstreamCall,
): TokenCounting {
  return {
    request(request, upstreamModel) {
      const call = encodeRequest({ ...request, stream: false }, upstreamModel)
      const body = isRecord(call.body)
        ? Object.fromEntries(Object.entries(call.body).filter(([key]) => counted.has(key)))
        : call.body
      return { path, body, ...(call.headers ? { headers: call.headers } : {}) }
    },
    forward: (body, upstreamModel) => ({ path, body: { ...body, model: upstreamModel } }),
    decode(body) {
      const tokens = isRecord(body) ? body.input_tokens : undefined
      if (typeof tokens !== 'number')
        throw new GatewayError({ kind: 'upstream', status: 502, message: 'count_tokens answered without input_tokens' })
      return tokens
    },
    encode: (tokens) => ({ input_tokens: tokens }),
  }
}
