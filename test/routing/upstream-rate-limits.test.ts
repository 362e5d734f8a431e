import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockReply, type MockUpstream, type SeenRequest } from '../helpers/mock-upstream.ts'
import { fastRouting } from './clients.ts'
import { parseScrape } from '../helpers/scrape-metrics.ts'
import { scriptedReply } from './scripted-upstream.ts'

// Headers (and a status) the upstream adds to its next answer for one key (by the bearer or x-api-key it
// was sent), or for whichever key comes next (`*`).
const next = new Map<string, { status?: number; headers: Record<string, string> }>()
let upstream: MockUpstream
let gateway: TestGateway
// The gateway's clock: a key's hold ends when the test says so.
const clock = { now: Date.UTC(2026, 0, 1, 12, 0, 0, 0) }

function keyOf(request: SeenRequest): string {
  const bearer = String(request.headers.authorization ?? '').replace(/^Bearer /, '')
  return bearer || String(request.headers['x-api-key'] ?? '')
}

async function reply(request: SeenRequest): Promise<MockReply> {
  const scripted = scriptedReply(request)
  const scriptedFor = next.has(keyOf(request)) ? keyOf(request) : '*'
  const extra = next.get(scriptedFor)
  if (!extra || !('json' in scripted)) return scripted
  next.delete(scriptedFor)
  if (extra.status)
    return {
      status: extra.status,
      headers: extra.headers,
      json: { error: { message: 'slow down', type: 'rate_limit_error', param: null, code: null } },
    }
  return { ...scripted, headers: { ...scripted.headers, ...extra.headers } }
}

beforeAll(async () => {
  upstream = await startMockUpstream(reply)
  gateway = await startGateway(
    {
      // A long max, so the upstream's own resets (minutes) are not cut short.
      routing: { ...fastRouting, strategy: 'round-robin', cooldown: { base: '5s', max: '10m' } },
      auth: { adminToken: 'admin-token-for-metrics', clients: [{ name: 'client', token: 'client-token' }] },
      providers: [
        {
          name: 'openai-relay',
          protocol: 'openai',
          baseUrl: `${upstream.url}/v1`,
          keys: ['sk-openai-key-one', 'sk-openai-key-two'],
          models: [
            { id: 'ok@o', name: 'o' },
            { id: 'ok@o2', name: 'o2' },
          ],
        },
        {
          name: 'anthropic-relay',
          protocol: 'anthropic',
          baseUrl: upstream.url,
          keys: ['sk-anthropic-key-one', 'sk-anthropic-key-two'],
          models: [{ id: 'ok@a', name: 'a' }],
        },
        {
          name: 'single',
          protocol: 'openai',
          baseUrl: `${upstream.url}/v1`,
          keys: ['sk-single-key-one'],
          models: [{ id: 'ok@s', name: 's' }],
        },
      ],
    },
    { now: () => clock.now },
  )
})

afterAll(async () => {
  await gateway?.close()
  await upstream?.close()
})

beforeEach(() => {
  next.clear()
  // Past every hold an earlier test left.
  clock.now += 3_600_000
})

async function askModel(model: string): Promise<Response> {
  return fetch(`${gateway.url}/openai/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-token' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  })
}

/** The keys the upstream saw, in order, for the requests from `from` on. */
function keysSince(from: number): string[] {
  return upstream.requests.slice(from).map(keyOf)
}

/** Sends `count` requests for `model` one after another; all must succeed. */
async function askTimes(model: string, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const answer = await askModel(model)
    expect(answer.status).toBe(200)
    await answer.text()
  }
}

describe("an upstream's own rate-limit headers", () => {
  it('OpenAI: remaining-requests 0 on a 200 holds that key until its reset (6m0s); the other key takes every request meanwhile', async () => {
    const start = upstream.requests.length
    next.set('*', {
      headers: {
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '6m0s',
        'x-ratelimit-remaining-tokens': '9000',
        'x-ratelimit-reset-tokens': '20ms',
      },
    })
    await askTimes('o', 6)
    // The first key answered with its budget spent; the other one took every later turn of the rotation.
    const [held, other] = keysSince(start)
    expect(keysSince(start)).toEqual([held, ...Array(5).fill(other)])
    expect(held).not.toBe(other)
    // The hold covers the key, so its other models too.
    await askTimes('o2', 2)
    expect(keysSince(start).slice(6)).toEqual([other, other])
    clock.now += 5 * 60_000 + 59_000
    await askTimes('o', 1)
    expect(keysSince(start).at(-1)).toBe(other)
    clock.now += 1000
    await askTimes('o', 2)
    expect(keysSince(start).slice(-2)).toContain(held)
  })

  it('OpenAI: remaining-tokens 0 holds the key too; a remaining budget above 0 holds nothing', async () => {
    const start = upstream.requests.length
    next.set('sk-openai-key-one', {
      headers: { 'x-ratelimit-remaining-requests': '12', 'x-ratelimit-reset-requests': '1s' },
    })
    next.set('sk-openai-key-two', {
      headers: { 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '1m30s' },
    })
    await askTimes('o', 6)
    const keys = keysSince(start)
    // One turn each, then key two is held: key one (not held) takes the rest.
    expect(keys.filter((key) => key === 'sk-openai-key-two')).toHaveLength(1)
    expect(keys.filter((key) => key === 'sk-openai-key-one')).toHaveLength(5)
  })

  it('Anthropic: anthropic-ratelimit-requests-remaining 0 holds the key until the RFC 3339 reset', async () => {
    const start = upstream.requests.length
    const reset = new Date(Date.now() + 120_000).toISOString()
    next.set('sk-anthropic-key-one', {
      headers: {
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-requests-reset': reset,
        'anthropic-ratelimit-tokens-remaining': '40000',
      },
    })
    next.set('sk-anthropic-key-two', {
      headers: { 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': reset },
    })
    // Key one, then key two: both spent. The next request finds every key held.
    await askTimes('a', 2)
    expect(keysSince(start).sort()).toEqual(['sk-anthropic-key-one', 'sk-anthropic-key-two'])
    const refused = await askModel('a')
    expect(refused.status).toBe(429)
    // About two minutes (the clocks moved a little while the requests ran).
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(115)
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(120)
    expect(await refused.json()).toMatchObject({ error: { type: 'rate_limit_error' } })
    expect(upstream.requests.length).toBe(start + 2)
    clock.now += 121_000
    await askTimes('a', 1)
  })

  it("a 429's Retry-After holds the whole key, not only the model that got it", async () => {
    const start = upstream.requests.length
    next.set('*', { status: 429, headers: { 'retry-after': '40' } })
    // One key refuses, the other answers.
    await askTimes('o', 1)
    const [held, other] = keysSince(start)
    expect(new Set([held, other]).size).toBe(2)
    // Without the hold, the refusing key would serve the other model: its channel did not fail.
    await askTimes('o2', 3)
    expect(keysSince(start).slice(2)).toEqual(Array(3).fill(other))
    clock.now += 41_000
    await askTimes('o2', 2)
    expect(keysSince(start).slice(5)).toContain(held)
  })

  it('a reset beyond cooldown.max is cut to it, so an upstream cannot park a key for days', async () => {
    next.set('sk-single-key-one', {
      headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '200h' },
    })
    await askTimes('s', 1)
    const refused = await askModel('s')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('600')
    await refused.text()

    // The key shows as limited, with the hold's end, in the admin API and the metrics; the 429 came from the queue.
    const admin = { authorization: 'Bearer admin-token-for-metrics' }
    const health = (await (await fetch(`${gateway.url}/api/health`, { headers: admin })).json()) as {
      channels: { provider: string; state: string; until?: number }[]
    }
    expect(health.channels.find((row) => row.provider === 'single')).toMatchObject({
      state: 'limited',
      until: clock.now + 600_000,
    })
    expect(health.channels.find((row) => row.provider === 'anthropic-relay')).toMatchObject({ state: 'ok' })
    const scrape = parseScrape(await (await fetch(`${gateway.url}/metrics`, { headers: admin })).text())
    expect(scrape.sum('pinai_channel_state', { provider: 'single', state: 'limited' })).toBe(1)
    expect(scrape.sum('pinai_channel_state', { provider: 'single', state: 'ok' })).toBe(0)
    expect(scrape.sum('pinai_channel_state', { provider: 'anthropic-relay', state: 'limited' })).toBe(0)
    expect(scrape.sum('pinai_queue_refused_total', { model: 's' })).toBe(1)
    expect(scrape.histogramCount('pinai_queue_wait_seconds', { model: 's' })).toBe(1)

    clock.now += 600_000
    await askTimes('s', 1)
  })
})
