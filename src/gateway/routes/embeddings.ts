import { Response } from '@whatwg-node/server'
import { GatewayError } from '../../ir/errors.ts'
import { decodeEmbeddingsRequest, decodeEmbeddingsResponse, encodeEmbeddingsRequest, type EmbeddingsRequest, type OpenAIEmbeddingsResponse } from '../../protocols/gemini/index.ts'
import type { Channel } from '../../routing/index.ts'
import { beginClientCall, type ClientCall } from '../client-call.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import { jsonAttempt } from '../json-attempt.ts'
import type { AttemptControl } from '../attempt-scope.ts'

/** An attempt's answer: the OpenAI upstream's own bytes, or the translation of Gemini's. */
type Answer = { bytes: Buffer } | { json: OpenAIEmbeddingsResponse }

/** Routes the embeddings can take: OpenAI-protocol upstreams get the body, Gemini ones a translation. */
interface Plan {
  channels: Channel[]
  /** The request read for Gemini, when a Gemini channel is among `channels`. */
  gemini: EmbeddingsRequest | undefined
}

/**
 * `POST /openai/v1/embeddings` to OpenAI-protocol upstreams (the body forwarded, model renamed) and
 * Gemini ones (`:embedContent` for one string, `:batchEmbedContents` for a list), with the same
 * routing and failover as chat. Anthropic has no embeddings endpoint, so its channels are left out.
 */
export async function handleEmbeddings(request: Request, deps: GatewayDeps): Promise<Response> {
  const call = await beginClientCall(request, 'openai', deps, 'embeddings')
  const plan = call.route(({ channels, mappedModel }) => planEmbeddings(call, channels, mappedModel))
  const answer = await call.failover(plan.channels, (channel, info) => embedOn(call, channel, plan.gemini, info))
  const body = 'bytes' in answer ? (answer.bytes as unknown as BodyInit) : JSON.stringify(answer.json)
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json', 'x-request-id': call.log.id } })
}

function planEmbeddings(call: ClientCall, pool: readonly Channel[], mappedModel: string): Plan {
  const openai = pool.filter((channel) => channel.provider.protocol === 'openai')
  const gemini = pool.filter((channel) => channel.provider.protocol === 'gemini')
  if (openai.length === 0 && gemini.length === 0) {
    throw new GatewayError({
      kind: 'invalid_request',
      status: 400,
      code: 'embeddings_not_supported',
      message: `model "${mappedModel}" is served only by Anthropic-protocol upstreams, which have no embeddings endpoint`,
    })
  }
  if (gemini.length === 0) return { channels: openai, gemini: undefined }
  try {
    return { channels: pool.filter((channel) => channel.provider.protocol !== 'anthropic'), gemini: decodeEmbeddingsRequest(call.body) }
  } catch (error) {
    // What Gemini cannot take (token-id input) an OpenAI upstream of the pool still can.
    if (openai.length > 0) return { channels: openai, gemini: undefined }
    throw error
  }
}

async function embedOn(call: ClientCall, channel: Channel, gemini: EmbeddingsRequest | undefined, attempt: AttemptControl): Promise<Answer> {
  if (channel.provider.protocol === 'openai') {
    const upstream = { path: '/embeddings', body: { ...call.body, model: channel.upstreamModel } }
    const answer = await jsonAttempt({ call, channel, upstream, sameProtocol: true, attempt })
    const tokens = (answer.json as { usage?: { prompt_tokens?: unknown } } | null)?.usage?.prompt_tokens
    if (typeof tokens === 'number') call.log.usage({ inputTokens: tokens, outputTokens: 0 })
    return { bytes: answer.bytes }
  }
  if (!gemini) throw new GatewayError({ kind: 'internal', status: 500, message: 'embeddings request was not decoded' })
  const answer = await jsonAttempt({ call, channel, upstream: encodeEmbeddingsRequest(gemini, channel.upstreamModel), sameProtocol: false, attempt })
  const json = decodeEmbeddingsResponse(answer.json, gemini, call.requestedModel)
  call.log.usage({ inputTokens: json.usage.prompt_tokens, outputTokens: 0 })
  return { json }
}
