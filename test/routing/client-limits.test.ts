import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { fastRouting, type Inbound } from './clients.ts'
import { answerOf, requestsFor, startScriptedUpstream } from './scripted-upstream.ts'

let upstream: MockUpstream
let gateway: TestGateway
// The gateway's clock: the limits' minute passes when the test says so.
const clock = { now: Date.UTC(2026, 0, 1, 12, 0, 0, 250) }
const upstreamId = 'ok@client-limits'

beforeAll(async () => {
  upstream = await startScriptedUpstream()
  gateway = await startGateway(
    {
      routing: fastRouting,
      auth: {
        clients: [
          { name: 'alice', token: 'alice-token', limits: { rpm: 3 } },
          { name: 'bob', token: 'bob-token-000', limits: { rpm: 3 } },
          { name: 'carol', token: 'carol-token-0', limits: { tpm: 20 } },
        ],
      },
      providers: [
        {
          name: 'relay',
          protocol: 'openai',
          baseUrl: `${upstream.url}/v1`,
          keys: [],
          models: [{ id: upstreamId, name: 'm' }],
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

/** One non-streaming call as `token`, in `inbound`'s protocol; the raw answer. */
async function ask(
  inbound: Inbound,
  token: string,
): Promise<{ status: number; retryAfter: string | null; body: Record<string, unknown>; requestId: string | null }> {
  const path = inbound === 'openai' ? '/openai/v1/chat/completions' : '/anthropic/v1/messages'
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ model: 'm', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello' }] }),
  })
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, unknown>,
    requestId: response.headers.get('x-request-id'),
  }
}

const recordOf = (id: string | null) => gateway.records.find((record) => record.id === id)

describe('limits per client', () => {
  it('refuses the request past rpm with a 429 and Retry-After in each protocol, records it, spares other clients, and serves again after the window', async () => {
    const before = requestsFor(upstream, upstreamId)
    for (const inbound of ['openai', 'anthropic', 'openai'] as const)
      expect((await ask(inbound, 'alice-token')).status).toBe(200)

    const openai = await ask('openai', 'alice-token')
    expect(openai.status).toBe(429)
    // The first request's second leaves the window in 60 s less the 250 ms already spent in it.
    expect(openai.retryAfter).toBe('60')
    expect(openai.body).toMatchObject({ error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } })
    expect(String((openai.body.error as { message: string }).message)).toContain('alice')

    clock.now += 20_000
    const anthropic = await ask('anthropic', 'alice-token')
    expect(anthropic.status).toBe(429)
    expect(anthropic.retryAfter).toBe('40')
    expect(anthropic.body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } })

    // No upstream was asked for the refused ones.
    expect(requestsFor(upstream, upstreamId) - before).toBe(3)
    await eventually(() => recordOf(openai.requestId) !== undefined && recordOf(anthropic.requestId) !== undefined)
    for (const refused of [openai, anthropic]) {
      expect(recordOf(refused.requestId)).toMatchObject({ client: 'alice', status: 429, success: false, attempts: [] })
    }

    // Another client has its own window.
    const bob = await ask('anthropic', 'bob-token-000')
    expect(bob.status).toBe(200)
    expect(JSON.stringify(bob.body)).toContain(answerOf(upstreamId))

    // A refused request spends nothing: once the first minute has passed, alice is served again.
    clock.now += 40_000
    const again = await ask('openai', 'alice-token')
    expect(again.status).toBe(200)
    expect(JSON.stringify(again.body)).toContain(answerOf(upstreamId))
  })

  it('counts tokens by the usage recorded, not by the estimate made up front', async () => {
    // The body is 80 characters, an estimate of 20 tokens: carol's whole budget. The upstream reports 13,
    // and only that correction lets the second request in.
    const first = await ask('openai', 'carol-token-0')
    expect(first.status).toBe(200)
    await eventually(() => recordOf(first.requestId) !== undefined)
    expect(recordOf(first.requestId)).toMatchObject({ promptTokens: 9, completionTokens: 4 })
    // 13 tokens in the window are under 20: admitted, and the window then holds 26.
    const second = await ask('anthropic', 'carol-token-0')
    expect(second.status).toBe(200)
    await eventually(() => recordOf(second.requestId) !== undefined)
    const third = await ask('openai', 'carol-token-0')
    expect(third.status).toBe(429)
    expect(Number(third.retryAfter)).toBeGreaterThan(0)
    expect(Number(third.retryAfter)).toBeLessThanOrEqual(60)
  })
})
