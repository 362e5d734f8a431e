import { Response } from '@whatwg-node/server'
import { GatewayError } from '../../ir/errors.ts'
import type { IRRequest } from '../../ir/request.ts'
import { codecs, geminiCodec } from '../../protocols/index.ts'
import { geminiPaths, modelResourceName } from '../../protocols/gemini/index.ts'
import { isRecord } from '../../protocols/shared/read-json.ts'
import type { Channel } from '../../routing/index.ts'
import type { AttemptControl } from '../attempt-scope.ts'
import { routeClientCall, startFailover, type ClientCall } from '../client-call.ts'
import { asGatewayError } from '../error-response.ts'
import { beginGeminiCall } from '../gemini-call.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import { jsonAttempt } from '../json-attempt.ts'
import { estimatedHeader } from './count-tokens.ts'
import { estimateInputTokens } from './estimate-input-tokens.ts'

/** A count: the prompt's tokens, and whether pinai estimated them. */
interface Count {
  tokens: number
  estimated: boolean
}

/** Upstreams that reject the counting path itself (a relay without it): their answer is an estimate, not a failure. */
const cannotCount = new Set([404, 405, 501])

/** The members of an Anthropic request that `count_tokens` takes. */
const anthropicCountFields = ['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking']

/**
 * `POST /gemini/{version}/models/{model}:countTokens`, `{contents}` or `{generateContentRequest}` →
 * `{totalTokens}`. Gemini upstreams count it themselves (the body forwarded, its model renamed),
 * Anthropic ones through `/v1/messages/count_tokens`; OpenAI upstreams cannot count, so they are tried
 * last and answered with pinai's estimate, flagged by `x-pinai-estimated: true` (as for Anthropic clients).
 */
export async function handleGeminiCountTokens(request: Request, deps: GatewayDeps, model: string): Promise<Response> {
  const call = await beginGeminiCall(request, deps, { model, stream: false }, 'count_tokens')
  // Decoded up front, so a malformed body is the client's 400 whatever answers it.
  const { counters, openaiInPool, ir } = routeClientCall(call, ({ channels }) => ({
    ir: decodeCountRequest(call.body),
    counters: channels.filter((channel) => channel.provider.protocol !== 'openai'),
    openaiInPool: channels.some((channel) => channel.provider.protocol === 'openai'),
  }))
  const estimate = (): Count => ({ tokens: estimateInputTokens(ir), estimated: true })
  let count: Count
  if (counters.length === 0) {
    count = estimate()
  } else {
    const run = startFailover<Count>(call, counters, (channel, info) => countOn(call, channel, ir, estimate, info))
    count = await run.result.catch((error: unknown) => {
      if (openaiInPool && asGatewayError(error).decision.failover) return estimate()
      return run.fail(error)
    })
    run.detach()
  }
  call.log.finish(200)
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': call.log.id }
  if (count.estimated) headers[estimatedHeader] = 'true'
  return new Response(JSON.stringify({ totalTokens: count.tokens }), { status: 200, headers })
}

/** The request counted, in the IR: the `generateContentRequest`, or the bare `contents`. */
function decodeCountRequest(body: Record<string, unknown>): IRRequest {
  const inner = body.generateContentRequest
  if (inner !== undefined && !isRecord(inner)) {
    throw new GatewayError({ kind: 'invalid_request', status: 400, code: 'invalid_request', message: 'generateContentRequest must be an object' })
  }
  const { model: _model, ...rest } = inner ?? { contents: body.contents }
  return codecs.gemini.decodeRequest(rest, new Headers())
}

/** One attempt: the upstream's own count, or an estimate when it says it has no counting endpoint. */
async function countOn(call: ClientCall, channel: Channel, ir: IRRequest, estimate: () => Count, attempt: AttemptControl): Promise<Count> {
  const model = channel.upstreamModel
  const protocol = channel.provider.protocol
  try {
    if (protocol === 'gemini') {
      const { model: _model, stream: _stream, ...body } = call.body
      const inner = isRecord(body.generateContentRequest) ? { generateContentRequest: { ...body.generateContentRequest, model: modelResourceName(model) } } : {}
      const upstream = { path: geminiPaths.countTokens(model), body: { ...body, ...inner } }
      const answer = await jsonAttempt({ call, channel, upstream, sameProtocol: true, attempt })
      return { tokens: geminiCodec.decodeCountTokens(answer.json).inputTokens, estimated: false }
    }
    const encoded = codecs.anthropic.encodeRequest({ ...ir, stream: false }, model)
    const full = encoded.body as Record<string, unknown>
    const body = Object.fromEntries(anthropicCountFields.filter((field) => full[field] !== undefined).map((field) => [field, full[field]]))
    const answer = await jsonAttempt({ call, channel, upstream: { path: '/v1/messages/count_tokens', body, ...(encoded.headers ? { headers: encoded.headers } : {}) }, sameProtocol: false, attempt })
    const tokens = (answer.json as { input_tokens?: unknown } | null)?.input_tokens
    if (typeof tokens !== 'number') {
      throw new GatewayError({ kind: 'upstream', status: 502, provider: channel.provider.name, message: `${channel.provider.name}: count_tokens answered without input_tokens` })
    }
    return { tokens, estimated: false }
  } catch (error) {
    if (cannotCount.has(asGatewayError(error).status) && protocol === 'anthropic') return estimate()
    throw error
  }
}
