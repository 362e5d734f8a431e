import { Response } from '@whatwg-node/server'
import { GatewayError } from '../../ir/errors.ts'
import type { IRRequest } from '../../ir/request.ts'
import type { Codec } from '../../protocols/codec.ts'
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

/**
 * `POST /gemini/{version}/models/{model}:countTokens`, `{contents}` or `{generateContentRequest}` →
 * `{totalTokens}`. Gemini upstreams count it themselves (the body forwarded, its model renamed), other
 * protocols that can count through the IR; upstreams that cannot are tried last and answered with pinai's
 * estimate, flagged by `x-pinai-estimated: true` (as for Anthropic clients).
 */
export async function handleGeminiCountTokens(request: Request, deps: GatewayDeps, model: string): Promise<Response> {
  const call = await beginGeminiCall(request, deps, { model, stream: false }, 'count_tokens')
  const canCount = (channel: Channel) => deps.codecs[channel.provider.protocol].countTokens !== undefined
  // Decoded up front, so a malformed body is the client's 400 whatever answers it.
  const { counters, estimableInPool, ir } = routeClientCall(call, ({ channels }) => ({
    ir: decodeCountRequest(deps.codecs.gemini, call.body),
    counters: channels.filter(canCount),
    estimableInPool: channels.some((channel) => !canCount(channel)),
  }))
  const estimate = (): Count => ({ tokens: estimateInputTokens(ir), estimated: true })
  let count: Count
  if (counters.length === 0) {
    count = estimate()
  } else {
    const run = startFailover<Count>(call, counters, (channel, info) => countOn(call, channel, ir, estimate, info))
    count = await run.result.catch((error: unknown) => {
      if (estimableInPool && asGatewayError(error).decision.failover) return estimate()
      return run.fail(error)
    })
    run.detach()
  }
  call.log.finish(200)
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': call.log.id }
  if (count.estimated) headers[estimatedHeader] = 'true'
  const body = deps.codecs.gemini.countTokens?.encode(count.tokens, { estimated: count.estimated }) ?? { totalTokens: count.tokens }
  return new Response(JSON.stringify(body), { status: 200, headers })
}

/** The request counted, in the IR: the `generateContentRequest`, or the bare `contents`. */
function decodeCountRequest(gemini: Codec, body: Record<string, unknown>): IRRequest {
  const inner = body.generateContentRequest
  if (inner !== undefined && !isRecord(inner)) {
    throw new GatewayError({ kind: 'invalid_request', status: 400, code: 'invalid_request', message: 'generateContentRequest must be an object' })
  }
  const { model: _model, ...rest } = inner ?? { contents: body.contents }
  return gemini.decodeRequest(rest, new Headers())
}

/** One attempt: the upstream's own count, or an estimate when a Gemini upstream has no counting endpoint. */
async function countOn(call: ClientCall, channel: Channel, ir: IRRequest, estimate: () => Count, attempt: AttemptControl): Promise<Count> {
  const counting = call.deps.codecs[channel.provider.protocol].countTokens
  if (!counting) throw new GatewayError({ kind: 'internal', status: 500, message: `${channel.provider.protocol} has no token counting` })
  const same = channel.provider.protocol === 'gemini'
  const upstream = same ? counting.forward(call.body, channel.upstreamModel) : counting.request({ ...ir, stream: false }, channel.upstreamModel)
  try {
    const answer = await jsonAttempt({ call, channel, upstream, sameProtocol: same, attempt })
    try {
      return { tokens: counting.decode(answer.json), estimated: false }
    } catch (error) {
      const typed = asGatewayError(error)
      const provider = channel.provider.name
      throw new GatewayError({ ...typed, kind: typed.kind, status: typed.status, provider, message: `${provider}: ${typed.message}`, decision: typed.decision })
    }
  } catch (error) {
    if (!same && cannotCount.has(asGatewayError(error).status)) return estimate()
    throw error
  }
}
