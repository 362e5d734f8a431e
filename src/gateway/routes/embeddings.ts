import { Response } from '@whatwg-node/server'
import type { IREmbeddingRequest } from '../../ir/embeddings.ts'
import { GatewayError } from '../../ir/errors.ts'
import type { Embeddings } from '../../protocols/codec.ts'
import type { Channel } from '../../routing/index.ts'
import { beginClientCall, type ClientCall } from '../client-call.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import type { InboundProtocol } from '../inbound.ts'
import { jsonAttempt } from '../json-attempt.ts'
import type { AttemptControl } from '../attempt-scope.ts'

/** An attempt's answer: an upstream's own bytes (same protocol), or the client's answer written from the IR. */
type Answer = { bytes: Buffer } | { json: unknown }

/** Routes the embeddings can take, and the request in the IR when some of them need a translation. */
interface Plan {
  channels: Channel[]
  /** The request read into the IR, when a channel of another protocol is among `channels`. */
  ir: IREmbeddingRequest | undefined
}

/**
 * The client protocol's embeddings route, with the same routing and failover as chat: an upstream of the
 * client's protocol gets the body forwarded (model renamed), one of another protocol with embeddings
 * gets it through the IR; upstreams whose protocol has no embeddings endpoint are left out.
 */
export async function handleEmbeddings(
  request: Request,
  inbound: InboundProtocol,
  deps: GatewayDeps,
): Promise<Response> {
  return answerEmbeddings(await beginClientCall(request, inbound, deps, 'embeddings'))
}

/** Routes an opened embeddings call, fails over and answers it (what every protocol's embeddings route shares). */
export async function answerEmbeddings(call: ClientCall): Promise<Response> {
  const { inbound, deps } = call
  const client = deps.codecs[inbound].embeddings
  if (!client) throw new GatewayError({ kind: 'internal', status: 500, message: `${inbound} has no embeddings` })
  const plan = call.route(({ channels, mappedModel }) => planEmbeddings(call, client, channels, mappedModel))
  const answer = await call.failover(plan.channels, (channel, info) => embedOn(call, client, channel, plan.ir, info))
  const body = 'bytes' in answer ? (answer.bytes as unknown as BodyInit) : JSON.stringify(answer.json)
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-request-id': call.log.id },
  })
}

function planEmbeddings(call: ClientCall, client: Embeddings, pool: readonly Channel[], mappedModel: string): Plan {
  const codecs = call.deps.codecs
  const embedding = pool.filter((channel) => codecs[channel.provider.protocol].embeddings !== undefined)
  const same = embedding.filter((channel) => channel.provider.protocol === call.inbound)
  if (embedding.length === 0) {
    const protocols = [...new Set(pool.map((channel) => channel.provider.protocol))].join(', ')
    throw new GatewayError({
      kind: 'invalid_request',
      status: 400,
      code: 'embeddings_not_supported',
      message: `model "${mappedModel}" is served only by upstreams of protocols with no embeddings endpoint (${protocols})`,
    })
  }
  if (same.length === embedding.length) return { channels: same, ir: undefined }
  try {
    return { channels: embedding, ir: client.decodeRequest(call.body) }
  } catch (error) {
    // What the IR cannot hold (token-id input) an upstream of the client's protocol still takes as it is.
    if (same.length > 0) return { channels: same, ir: undefined }
    throw error
  }
}

async function embedOn(
  call: ClientCall,
  client: Embeddings,
  channel: Channel,
  ir: IREmbeddingRequest | undefined,
  attempt: AttemptControl,
): Promise<Answer> {
  const upstream = call.deps.codecs[channel.provider.protocol].embeddings
  if (!upstream)
    throw new GatewayError({ kind: 'internal', status: 500, message: `${channel.provider.protocol} has no embeddings` })
  if (channel.provider.protocol === call.inbound) {
    const answer = await jsonAttempt({
      call,
      channel,
      upstream: upstream.forward(call.body, channel.upstreamModel),
      sameProtocol: true,
      attempt,
    })
    const tokens = upstream.inputTokens(answer.json)
    if (tokens !== undefined) call.log.usage({ inputTokens: tokens, outputTokens: 0 })
    return { bytes: answer.bytes }
  }
  if (!ir) throw new GatewayError({ kind: 'internal', status: 500, message: 'embeddings request was not decoded' })
  const answer = await jsonAttempt({
    call,
    channel,
    upstream: upstream.encodeRequest(ir, channel.upstreamModel),
    sameProtocol: false,
    attempt,
  })
  const response = upstream.decodeResponse(answer.json, ir)
  call.log.usage({ inputTokens: response.inputTokens, outputTokens: 0 })
  return { json: client.encodeResponse(response, ir, call.requestedModel) }
}
