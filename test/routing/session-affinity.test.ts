import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream, type SeenRequest } from '../helpers/mock-upstream.ts'
import { anthropicClient, openaiClient, poolConfig, type Inbound } from './clients.ts'
import { scriptedReply } from './scripted-upstream.ts'

/** Upstream model ids that answer with a 500 for now (the channel is down). */
const broken = new Set<string>()
/** The (model id, session) pairs the upstream has served: a second visit is a prompt cache hit. */
const warm = new Set<string>()

/** The session a request carries up: OpenAI's `prompt_cache_key`, Anthropic's `metadata.user_id`. */
function sessionOf(request: SeenRequest): string | undefined {
  const body = (request.body ?? {}) as { prompt_cache_key?: string; metadata?: { user_id?: string } }
  return body.prompt_cache_key ?? body.metadata?.user_id
}

/**
 * The scripted upstream, plus a prompt cache: an answer to a session this model id served before
 * reports cached input tokens, the way the real APIs do.
 */
function cachingReply(request: SeenRequest) {
  const body = (request.body ?? {}) as { model?: string }
  const id = body.model ?? ''
  if (broken.has(id)) return scriptedReply({ ...request, body: { ...body, model: `fail-500@${id}` } })
  const reply = scriptedReply(request)
  const session = sessionOf(request)
  if (session === undefined || !('json' in reply)) return reply
  const hit = warm.has(`${id}\n${session}`)
  warm.add(`${id}\n${session}`)
  if (!hit) return reply
  const json = reply.json as { usage: Record<string, unknown> }
  const usage = request.path.endsWith('/v1/messages')
    ? { ...json.usage, cache_read_input_tokens: 8 }
    : { ...json.usage, prompt_tokens_details: { cached_tokens: 8 } }
  return { ...reply, json: { ...json, usage } }
}

let upstream: MockUpstream
let gateway: TestGateway | undefined
let time = 1_000_000
const clock = { now: () => time }

beforeAll(async () => {
  upstream = await startMockUpstream(cachingReply)
})

afterEach(async () => {
  broken.clear()
  await gateway?.close()
  gateway = undefined
})

afterAll(async () => {
  await upstream.close()
})

/** A gateway whose name `m` is two channels of equal weight on one scripted upstream. */
async function twoChannels(inbound: Inbound, tag: string, routing: Record<string, unknown> = {}): Promise<TestGateway> {
  const entries = ['a', 'b'].map((name) => ({
    name: `${tag}-${name}`,
    protocol: inbound,
    origin: upstream.url,
    id: `ok@${tag}-${name}`,
  }))
  gateway = await startGateway(poolConfig(entries, routing), { now: clock.now })
  return gateway
}

/** Asks `m` as one agent session; returns the upstream model id that answered. */
async function askAs(inbound: Inbound, url: string, session: string): Promise<string> {
  const messages = [{ role: 'user' as const, content: 'Say hello' }]
  let text: string
  if (inbound === 'openai') {
    const answer = await openaiClient(url).chat.completions.create({ model: 'm', messages, prompt_cache_key: session })
    text = answer.choices[0]?.message.content ?? ''
  } else {
    const answer = await anthropicClient(url).messages.create({
      model: 'm',
      max_tokens: 64,
      messages,
      metadata: { user_id: session },
    })
    text = answer.content.map((block) => (block.type === 'text' ? block.text : '')).join('')
  }
  return text.replace('answer from ', '')
}

/** The upstream ids that answered `count` requests of the session. */
async function servedBy(inbound: Inbound, url: string, session: string, count: number): Promise<Set<string>> {
  const served = new Set<string>()
  for (let index = 0; index < count; index++) served.add(await askAs(inbound, url, session))
  return served
}

describe.each<Inbound>(['openai', 'anthropic'])('%s client, sticky sessions over two equal channels', (inbound) => {
  it('keeps a session on one channel, moves it when that channel fails, and keeps it there after recovery', async () => {
    const test = await twoChannels(inbound, `${inbound}-stick`)
    const { url } = test
    const served = await servedBy(inbound, url, 'session-1', 10)
    expect(served.size).toBe(1)
    const [first] = [...served]
    if (!first) throw new Error('no answer')
    const second = first.endsWith('-a') ? first.replace(/-a$/, '-b') : first.replace(/-b$/, '-a')

    // The channel fails: this request fails over, and the session follows the channel that answered.
    broken.add(first)
    expect(await askAs(inbound, url, 'session-1')).toBe(second)
    broken.clear()
    expect(await servedBy(inbound, url, 'session-1', 3)).toEqual(new Set([second]))

    // The first channel's cooldown is over: the session stays where its cache now is.
    const stateOf = (id: string) => test.gateway.health.snapshot().find((row) => row.upstreamModel === id)?.state
    expect(stateOf(first)).toBe('cooling')
    time += 60_000
    expect(stateOf(first)).not.toBe('cooling')
    expect(await servedBy(inbound, url, 'session-1', 5)).toEqual(new Set([second]))
  })

  it('lets sessions land on different channels, each staying on its own', async () => {
    const { url } = await twoChannels(inbound, `${inbound}-many`)
    const homes = new Set<string>()
    for (let session = 0; session < 12; session++) {
      const served = await servedBy(inbound, url, `agent-${session}`, 3)
      expect(served.size).toBe(1)
      for (const id of served) homes.add(id)
    }
    // Twelve sessions, each placed by a fair coin: both channels get some (fails with odds 2 in 4096).
    expect(homes.size).toBe(2)
  })

  it("spreads one session's requests with affinity 'none'", async () => {
    const { url } = await twoChannels(inbound, `${inbound}-none`, { affinity: 'none' })
    // Twenty fair coins all the same side: odds 2 in a million.
    expect((await servedBy(inbound, url, 'session-1', 20)).size).toBe(2)
  })

  it('shows the cache hits in the records: the second request of a session reads cached tokens', async () => {
    const test = await twoChannels(inbound, `${inbound}-cache`)
    await servedBy(inbound, test.url, 'cache-session', 4)
    await eventually(() => test.records.length === 4)
    const cached = test.records.map((record) => record.cachedTokens ?? 0)
    expect(cached[0]).toBe(0)
    expect(cached.slice(1)).toEqual([8, 8, 8])
  })
})
