import { Response } from '@whatwg-node/server'
import { GatewayError } from '../../ir/errors.ts'
import { estimateTokens, geminiPaths, modelResourceName } from '../../protocols/gemini/index.ts'
import { isRecord } from '../../protocols/shared/read-json.ts'
import type { Channel } from '../../routing/index.ts'
import type { AttemptControl } from '../attempt-scope.ts'
import { routeClientCall, startFailover, type ClientCall } from '../client-call.ts'
import { beginGeminiCall } from '../gemini-call.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import { jsonAttempt } from '../json-attempt.ts'

/** One text to embed, read from a Gemini `EmbedContentRequest`, with the settings OpenAI can take. */
interface EmbedText {
  text: string
  dimensions?: number
}

/** The texts of the call, in order, when every content is text only (what an OpenAI upstream can embed). */
type Texts = EmbedText[] | undefined

const invalid = (message: string) => new GatewayError({ kind: 'invalid_request', status: 400, code: 'invalid_request', message })

/**
 * `POST /gemini/{version}/models/{model}:embedContent` and `:batchEmbedContents`. Gemini upstreams get
 * the body (the models named inside a batch renamed); OpenAI ones get the texts on `/embeddings` and
 * their vectors come back in Gemini's shape. Anthropic has no embeddings endpoint: its channels are left out.
 */
export async function handleGeminiEmbeddings(request: Request, deps: GatewayDeps, model: string, batch: boolean): Promise<Response> {
  const call = await beginGeminiCall(request, deps, { model, stream: false }, 'embeddings')
  const { channels, texts } = routeClientCall(call, ({ channels: pool, mappedModel }) => {
    const texts = readTexts(call.body, batch)
    const usable = pool.filter((channel) => channel.provider.protocol === 'gemini' || (channel.provider.protocol === 'openai' && texts !== undefined))
    if (usable.length === 0) {
      const why = pool.some((channel) => channel.provider.protocol === 'openai') ? 'its OpenAI-protocol upstreams embed text only' : 'Anthropic-protocol upstreams have no embeddings endpoint'
      throw new GatewayError({ kind: 'invalid_request', status: 400, code: 'embeddings_not_supported', message: `model "${mappedModel}" cannot embed this: ${why}` })
    }
    return { channels: usable, texts }
  })
  const run = startFailover<string | Buffer>(call, channels, (channel, info) => embedOn(call, channel, batch, texts, info))
  const answer = await run.result.catch(run.fail)
  run.detach()
  call.log.finish(200)
  return new Response(answer as BodyInit, { status: 200, headers: { 'content-type': 'application/json', 'x-request-id': call.log.id } })
}

/** The contents of an `EmbedContentRequest` or a batch of them, as texts; undefined when one holds more than text. */
function readTexts(body: Record<string, unknown>, batch: boolean): Texts {
  const requests = batch ? body.requests : [body]
  if (!Array.isArray(requests) || requests.length === 0) throw invalid(batch ? 'batchEmbedContents needs a non-empty "requests" array' : 'embedContent needs a "content"')
  const texts: EmbedText[] = []
  let textOnly = true
  for (const [index, entry] of requests.entries()) {
    const content = isRecord(entry) ? entry.content : undefined
    const parts = isRecord(content) ? content.parts : undefined
    if (!Array.isArray(parts) || parts.length === 0) throw invalid(`${batch ? `requests[${index}].` : ''}content.parts must be a non-empty array`)
    const strings = parts.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : undefined))
    if (strings.some((text) => text === undefined)) textOnly = false
    const dimensions = isRecord(entry) ? entry.outputDimensionality : undefined
    texts.push({ text: strings.join('\n'), ...(typeof dimensions === 'number' ? { dimensions } : {}) })
  }
  return textOnly ? texts : undefined
}

async function embedOn(call: ClientCall, channel: Channel, batch: boolean, texts: Texts, attempt: AttemptControl): Promise<string | Buffer> {
  const model = channel.upstreamModel
  if (channel.provider.protocol === 'gemini') {
    const { model: _model, stream: _stream, ...body } = call.body
    const renamed = batch && Array.isArray(body.requests) ? { ...body, requests: body.requests.map((entry) => (isRecord(entry) ? { ...entry, model: modelResourceName(model) } : entry)) } : body
    const upstream = { path: batch ? geminiPaths.batchEmbedContents(model) : geminiPaths.embedContent(model), body: renamed }
    const answer = await jsonAttempt({ call, channel, upstream, sameProtocol: true, attempt })
    if (texts) call.log.usage({ inputTokens: estimateTokens(texts.map((entry) => entry.text)), outputTokens: 0 })
    return answer.bytes
  }
  if (!texts) throw new GatewayError({ kind: 'internal', status: 500, message: 'embeddings request has no texts' })
  // OpenAI takes one `dimensions` for the whole call: the first request's, as a batch names one model.
  const dimensions = texts[0]?.dimensions
  const upstream = { path: '/embeddings', body: { model, input: texts.map((entry) => entry.text), ...(dimensions === undefined ? {} : { dimensions }) } }
  const answer = await jsonAttempt({ call, channel, upstream, sameProtocol: false, attempt })
  const json = isRecord(answer.json) ? answer.json : {}
  const data = Array.isArray(json.data) ? json.data : []
  const vectors = texts.map((_text, index) => {
    const entry = data.find((item) => isRecord(item) && item.index === index) ?? data[index]
    const values = isRecord(entry) ? entry.embedding : undefined
    if (!Array.isArray(values)) throw new GatewayError({ kind: 'upstream', status: 502, provider: channel.provider.name, message: `${channel.provider.name}: embeddings answer lacks vector ${index}` })
    return { values }
  })
  const usage = isRecord(json.usage) && typeof json.usage.prompt_tokens === 'number' ? json.usage.prompt_tokens : estimateTokens(texts.map((entry) => entry.text))
  call.log.usage({ inputTokens: usage, outputTokens: 0 })
  return JSON.stringify(batch ? { embeddings: vectors } : { embedding: vectors[0] })
}
