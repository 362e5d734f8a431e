import * as v from 'valibot'
import type { ProviderConfig } from '../config/schema.ts'
import { AbortLatch } from '../ir/abort-latch.ts'
import { GatewayError } from '../ir/errors.ts'
import type { IRRequest } from '../ir/request.ts'
import type { Codec } from '../protocols/codec.ts'
import { channelIdOf, keyLabelOf, timeoutsFor, type Channel } from '../routing/index.ts'
import type { GatewayDeps } from './gateway-deps.ts'
import { readBody } from './read-body.ts'
import { callUpstream } from './upstream-call.ts'
import { parseUpstreamJson } from './upstream-json.ts'

/** The answer of `POST /api/channels/test`: what one minimal request to that channel gave. */
export interface ChannelTestResult {
  provider: string
  /** `relay-a#2`, never the key. */
  keyLabel: string
  model: string
  ok: boolean
  /** The upstream's HTTP status, or null when no answer came (refused, timed out). */
  status: number | null
  latencyMs: number
  /** The model's reply on success, the upstream's error otherwise; every key of the provider redacted. */
  message: string
}

const bodySchema = v.strictObject({
  provider: v.string(),
  /** Position of the key in the provider's list, from 0. */
  keyIndex: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /** The upstream model id; the provider's first model when absent. */
  model: v.optional(v.string()),
})

/** A test asks for one token: it costs as little as a real request can. */
const TEST_MAX_TOKENS = 1
/** However long the provider allows, a test button does not wait more than this. */
const TEST_TIMEOUT_MS = 30_000
const ANSWER_LIMIT = 256 * 1024
const MESSAGE_LIMIT = 500

const invalid = (message: string) =>
  new GatewayError({ kind: 'invalid_request', status: 400, code: 'invalid_request', message })

/**
 * The channel a test names, looked up in the loaded config only: the request chooses among the
 * config's providers, keys and models, and never brings a URL or key of its own.
 */
function channelOf(providers: readonly ProviderConfig[], body: v.InferOutput<typeof bodySchema>): Channel {
  const provider = providers.find((candidate) => candidate.name === body.provider)
  if (!provider) throw invalid(`provider: no provider named "${body.provider}"`)
  const ids = provider.models.map((entry) => (typeof entry === 'string' ? entry : entry.id))
  const upstreamModel = body.model ?? ids[0]
  if (upstreamModel === undefined) throw invalid(`model: provider "${provider.name}" lists no model`)
  if (!ids.includes(upstreamModel)) throw invalid(`model: provider "${provider.name}" has no model "${upstreamModel}"`)
  const keyCount = Math.max(provider.keys.length, 1)
  if (body.keyIndex >= keyCount)
    throw invalid(`keyIndex: provider "${provider.name}" has ${provider.keys.length} key(s)`)
  const key = provider.keys[body.keyIndex]
  return {
    id: channelIdOf(provider.name, body.keyIndex, upstreamModel),
    provider,
    keyIndex: body.keyIndex,
    key,
    keyLabel: keyLabelOf(provider.name, body.keyIndex, key !== undefined),
    upstreamModel,
    name: upstreamModel,
  }
}

/** The message without any secret of the config (an upstream may echo its key), cut to a readable length. */
function shown(text: string, redact: (text: string) => string): string {
  const result = redact(text)
  return result.length > MESSAGE_LIMIT ? `${result.slice(0, MESSAGE_LIMIT)}…` : result
}

function replyText(json: unknown, codec: Codec): string {
  const response = codec.decodeResponse(json)
  const text = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('')
  return text || `(${response.finish.unified}, no text)`
}

/**
 * `POST /api/channels/test` `{ provider, keyIndex?, model? }`: one minimal real request (one token)
 * straight to that channel — no routing, no failover, health untouched — and what came back.
 */
export async function testChannel(deps: GatewayDeps, input: unknown): Promise<ChannelTestResult> {
  const parsed = v.safeParse(bodySchema, input)
  if (!parsed.success) {
    const issue = parsed.issues[0]
    throw invalid(`${(issue.path ?? []).map((item) => String(item.key)).join('.') || 'body'}: ${issue.message}`)
  }
  const state = deps.state()
  const channel = channelOf(state.config.providers, parsed.output)
  const codec = deps.codecs[channel.provider.protocol]
  const request: IRRequest = {
    model: channel.upstreamModel,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'ping' }], stringContent: true }],
    sampling: { maxTokens: TEST_MAX_TOKENS },
    stream: false,
    includeUsage: false,
  }
  const timeouts = timeoutsFor(channel.provider, state.settings)
  const limit = Math.min(timeouts.total ?? TEST_TIMEOUT_MS, TEST_TIMEOUT_MS)
  const signal = new AbortLatch()
  const timer = setTimeout(
    () => signal.abort(new GatewayError({ kind: 'timeout', status: 504, message: `no answer within ${limit} ms` })),
    limit,
  )
  const started = performance.now()
  const result = (ok: boolean, status: number | null, message: string): ChannelTestResult => ({
    provider: channel.provider.name,
    keyLabel: channel.keyLabel,
    model: channel.upstreamModel,
    ok,
    status,
    latencyMs: Math.round(performance.now() - started),
    message: shown(message, state.redact),
  })
  let answered: number | null = null
  try {
    const response = await callUpstream({
      http: deps.http,
      config: state.config,
      urls: state.upstreamUrls,
      channel,
      call: codec.encodeRequest(request, channel.upstreamModel),
      signal,
      clientHeaders: new Headers(),
      sameProtocol: false,
      timeouts: { ...timeouts, total: limit },
      codecs: deps.codecs,
    })
    answered = response.status
    const json = parseUpstreamJson(
      await readBody(response.body, { limit: ANSWER_LIMIT, provider: channel.provider.name, idleMs: timeouts.idle }),
      channel.provider.name,
    )
    return result(true, response.status, replyText(json, codec))
  } catch (error) {
    const gatewayError = error instanceof GatewayError ? error : undefined
    // An upstream's own error status; a 2xx whose body was unusable keeps that status; no answer is null.
    const status = gatewayError?.upstreamBody !== undefined ? gatewayError.status : answered
    return result(false, status, (error as Error).message)
  } finally {
    clearTimeout(timer)
  }
}
