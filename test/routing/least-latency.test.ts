import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import {
  openaiSse,
  startMockUpstream,
  type MockReply,
  type MockUpstream,
  type SeenRequest,
} from '../helpers/mock-upstream.ts'
import { seededRandom } from '../helpers/seeded-random.ts'
import { fastRouting } from './clients.ts'

// The gateway's clock: each upstream answer moves it by the time that answer is said to take, so the
// latencies pinai measures are exact and the test needs no real waiting.
const clock = { now: Date.UTC(2026, 0, 1, 12, 0, 0, 0) }

/**
 * Two relays for one name. `long` writes long answers: 2 s for 200 output tokens (10 ms a token), its
 * first token after 2 s. `short` writes short ones: 0.5 s for 5 tokens (100 ms a token: 10× slower per
 * token), its first token after 0.5 s. By whole duration `short` looks 4× faster; per token it is 10× slower.
 */
const profiles: Record<string, { ms: number; outputTokens: number }> = {
  long: { ms: 2000, outputTokens: 200 },
  short: { ms: 500, outputTokens: 5 },
}

function reply(request: SeenRequest): MockReply {
  const body = request.body as { model: string; stream?: boolean }
  const profile = profiles[body.model]
  if (!profile) return { status: 404, json: { error: { message: 'no such model' } } }
  clock.now += profile.ms
  const usage = { prompt_tokens: 9, completion_tokens: profile.outputTokens, total_tokens: 9 + profile.outputTokens }
  if (body.stream) {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: body.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    })
    return {
      sse: openaiSse([
        chunk({ role: 'assistant', content: 'hi' }),
        chunk({}, 'stop'),
        { id: 'c', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [], usage },
      ]),
    }
  }
  return {
    json: {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
      usage,
    },
  }
}

let upstream: MockUpstream
let gateway: TestGateway

beforeAll(async () => {
  upstream = await startMockUpstream(reply)
  gateway = await startGateway(
    {
      routing: { ...fastRouting, strategy: 'least-latency' },
      providers: ['long', 'short'].map((name) => ({
        name,
        protocol: 'openai',
        baseUrl: `${upstream.url}/v1`,
        models: [{ id: name, name: 'm' }],
      })),
    },
    { now: () => clock.now, random: seededRandom(22) },
  )
})

afterAll(async () => {
  await gateway?.close()
  await upstream?.close()
})

/** Sends `count` requests one after another and counts which relay answered each. */
async function send(count: number, stream: boolean): Promise<Record<string, number>> {
  const from = upstream.requests.length
  for (let index = 0; index < count; index++) {
    const answer = await fetch(`${gateway.url}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream, messages: [{ role: 'user', content: 'hi' }] }),
    })
    expect(answer.status).toBe(200)
    await answer.text()
  }
  const counts: Record<string, number> = {}
  for (const request of upstream.requests.slice(from)) {
    const model = (request.body as { model: string }).model
    counts[model] = (counts[model] ?? 0) + 1
  }
  return counts
}

describe('least-latency: streams by time to first token, whole answers by time per output token', () => {
  it('sends a relay 10× slower per output token at most 5 % of 500 whole answers, though its answers end sooner', async () => {
    const counts = await send(500, false)
    expect(counts.short ?? 0).toBeLessThanOrEqual(25)
    // It is still measured and probed, so a relay that becomes fast is noticed.
    expect(counts.short ?? 0).toBeGreaterThan(0)
  })

  it('judges streams by their first token, apart from the whole answers: the relay with the sooner first token takes most streams', async () => {
    const counts = await send(200, true)
    expect(counts.short ?? 0).toBeGreaterThanOrEqual(180)
  })
})
