import { Response } from '@whatwg-node/server'
import { GatewayError } from '../../ir/errors.ts'
import type { IRRequest } from '../../ir/request.ts'
import { codecs, geminiCodec } from '../../protocols/index.ts'
import type { Channel } from '../../routing/index.ts'
import { beginClientCall, type ClientCall } from '../client-call.ts'
import { asGatewayError } from '../error-response.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import { jsonAttempt } from '../json-attempt.ts'
import { estimateInputTokens } from './estimate-input-tokens.ts'
import type { AttemptControl } from '../attempt-scope.ts'

/** Response header set when the count is pinai's estimate rather than the upstream's own count. */
export const estimatedHeader = 'x-pinai-estimated'

/** A count: the body the client gets, and whether pinai estimated it. */
interface Count {
  body: unknown
  estimated: boolean
}

/** Upstreams that reject the counting path itself (a relay without it): their answer is an estimate, not a failure. */
const cannotCount = new Set([404, 405, 501])

/**
 * `POST /anthropic/v1/messages/count_tokens` (README.md, "Client API": exact where the upstream can count,
 * estimated otherwise, and the response says which). Anthropic upstreams get the body forwarded;
 * Gemini upstreams `:countTokens`; OpenAI upstreams have no counting endpoint, so they are tried last:
 * only when no Anthropic or Gemini upstream of the pool could answer does pinai estimate
 * ({@link estimateInputTokens}), flagged by `x-pinai-estimated: true`.
 */
export async function handleCountTokens(request: Request, deps: GatewayDeps): Promise<Response> {
  const call = await beginClientCall(request, 'anthropic', deps, 'count_tokens')
  const { counters, openaiInPool, ir } = call.route(({ channels }) => ({
    counters: channels.filter((channel) => channel.provider.protocol !== 'openai'),
    openaiInPool: channels.some((channel) => channel.provider.protocol === 'openai'),
    // Decoded up front, so a malformed body is the client's 400 whatever answers it.
    ir: channels.some((channel) => channel.provider.protocol !== 'anthropic') ? codecs.anthropic.decodeRequest(call.body, request.headers) : undefined,
  }))
  const estimate = (): Count => ({ body: { input_tokens: estimateInputTokens(ir ?? codecs.anthropic.decodeRequest(call.body, request.headers)) }, estimated: true })
  const count = counters.length === 0 ? estimate() : await call.failover(counters, (channel, info) => countOn(call, channel, ir, estimate, info), {
    // Every counting upstream failed over; an OpenAI upstream of the pool can still be served an estimate.
    rescue: (error) => (openaiInPool && error.decision.failover ? estimate() : undefined),
  })
  if (counters.length === 0) call.end(200)
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': call.log.id }
  if (count.estimated) headers[estimatedHeader] = 'true'
  return new Response(JSON.stringify(count.body), { status: 200, headers })
}

/** One attempt: the upstream's own count, or an estimate when it says it has no counting endpoint. */
async function countOn(call: ClientCall, channel: Channel, ir: IRRequest | undefined, estimate: () => Count, attempt: AttemptControl): Promise<Count> {
  const model = channel.upstreamModel
  try {
    if (channel.provider.protocol === 'anthropic') {
      const upstream = { path: '/v1/messages/count_tokens', body: { ...call.body, model } }
      const answer = await jsonAttempt({ call, channel, upstream, sameProtocol: true, attempt })
      const tokens = (answer.json as { input_tokens?: unknown } | null)?.input_tokens
      if (typeof tokens !== 'number') {
        throw new GatewayError({ kind: 'upstream', status: 502, provider: channel.provider.name, message: `${channel.provider.name}: count_tokens answered without input_tokens` })
      }
      return { body: answer.json, estimated: false }
    }
    if (!ir) throw new GatewayError({ kind: 'internal', status: 500, message: 'request was not decoded' })
    const answer = await jsonAttempt({ call, channel, upstream: geminiCodec.encodeCountTokens(ir, model), sameProtocol: false, attempt })
    return { body: { input_tokens: geminiCodec.decodeCountTokens(answer.json).inputTokens }, estimated: false }
  } catch (error) {
    if (cannotCount.has(asGatewayError(error).status) && channel.provider.protocol === 'anthropic') return estimate()
    throw error
  }
}
