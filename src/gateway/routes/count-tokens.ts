import { Response } from '@whatwg-node/server'
import { GatewayError } from '../../ir/errors.ts'
import type { IRRequest } from '../../ir/request.ts'
import type { TokenCounting } from '../../protocols/codec.ts'
import type { Channel } from '../../routing/index.ts'
import { beginClientCall, type ClientCall } from '../client-call.ts'
import { asGatewayError } from '../error-response.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import type { InboundProtocol } from '../inbound.ts'
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

/** What every attempt of one count shares. */
interface Counting {
  call: ClientCall
  /** The client's protocol's counting (it writes the client's answer). */
  client: TokenCounting
  ir: IRRequest | undefined
  estimate: () => Count
}

/** Upstreams that reject the counting path itself (a relay without it): their answer is an estimate, not a failure. */
const cannotCount = new Set([404, 405, 501])

/**
 * The client protocol's token-count route (README.md, "Client API": exact where the upstream can count,
 * estimated otherwise, and the response says which). An upstream of the client's protocol gets the body
 * forwarded; one of another protocol that can count gets the request through the IR; upstreams whose
 * protocol cannot count are tried last: only when no upstream of the pool that can count could answer
 * does pinai estimate ({@link estimateInputTokens}), flagged by `x-pinai-estimated: true`.
 */
export async function handleCountTokens(
  request: Request,
  inbound: InboundProtocol,
  deps: GatewayDeps,
): Promise<Response> {
  return answerCountTokens(await beginClientCall(request, inbound, deps, 'count_tokens'))
}

/** Routes an opened token-count call, fails over and answers it (what every protocol's count route shares). */
export async function answerCountTokens(call: ClientCall): Promise<Response> {
  const { inbound, deps, request } = call
  const client = deps.codecs[inbound]
  const clientCounting = client.countTokens
  if (!clientCounting)
    throw new GatewayError({ kind: 'internal', status: 500, message: `${inbound} has no token counting` })
  const canCount = (channel: Channel) => deps.codecs[channel.provider.protocol].countTokens !== undefined
  const { counters, estimableInPool, ir } = call.route(({ channels }) => ({
    counters: channels.filter(canCount),
    estimableInPool: channels.some((channel) => !canCount(channel)),
    // Decoded up front, so a malformed body is the client's 400 whatever answers it.
    ir: channels.some((channel) => channel.provider.protocol !== inbound)
      ? client.decodeRequest(call.body, request.headers)
      : undefined,
  }))
  const estimate = (): Count => {
    const tokens = estimateInputTokens(ir ?? client.decodeRequest(call.body, request.headers))
    return { body: clientCounting.encode(tokens, { estimated: true }), estimated: true }
  }
  const counting: Counting = { call, client: clientCounting, ir, estimate }
  const count =
    counters.length === 0
      ? estimate()
      : await call.failover(counters, (channel, info) => countOn(counting, channel, info), {
          // Every counting upstream failed over; an upstream of the pool that cannot count can still be served an estimate.
          rescue: (error) => (estimableInPool && error.decision.failover ? estimate() : undefined),
        })
  if (counters.length === 0) call.end(200)
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': call.log.id }
  if (count.estimated) headers[estimatedHeader] = 'true'
  return new Response(JSON.stringify(count.body), { status: 200, headers })
}

/** One attempt: the upstream's own count, or an estimate when a forwarded call finds no counting endpoint. */
async function countOn(counting: Counting, channel: Channel, attempt: AttemptControl): Promise<Count> {
  const { call, ir } = counting
  const provider = channel.provider.name
  const upstream = call.deps.codecs[channel.provider.protocol].countTokens
  if (!upstream)
    throw new GatewayError({
      kind: 'internal',
      status: 500,
      message: `${channel.provider.protocol} has no token counting`,
    })
  const model = channel.upstreamModel
  const same = channel.provider.protocol === call.inbound
  try {
    if (same) {
      const answer = await jsonAttempt({
        call,
        channel,
        upstream: upstream.forward(call.body, model),
        sameProtocol: true,
        attempt,
      })
      // The client gets the upstream's own answer, once it is seen to hold a count.
      naming(() => upstream.decode(answer.json), provider)
      return { body: answer.json, estimated: false }
    }
    if (!ir) throw new GatewayError({ kind: 'internal', status: 500, message: 'request was not decoded' })
    const answer = await jsonAttempt({
      call,
      channel,
      upstream: upstream.request(ir, model),
      sameProtocol: false,
      attempt,
    })
    const tokens = naming(() => upstream.decode(answer.json), provider)
    return { body: counting.client.encode(tokens, { estimated: false }), estimated: false }
  } catch (error) {
    if (same && cannotCount.has(asGatewayError(error).status)) return counting.estimate()
    throw error
  }
}

/** Runs `read`; an answer it refuses is that provider's failure, named for the record and the health view. */
function naming<T>(read: () => T, provider: string): T {
  try {
    return read()
  } catch (error) {
    const typed = asGatewayError(error)
    throw new GatewayError({
      ...typed,
      kind: typed.kind,
      status: typed.status,
      provider,
      message: `${provider}: ${typed.message}`,
      decision: typed.decision,
    })
  }
}
