import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postJson } from '../helpers/call-matrix.ts'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { parseScrape } from '../helpers/scrape-metrics.ts'

const ADMIN = 'admin-token-for-gemini-0123'
const answer = {
  candidates: [{ content: { role: 'model', parts: [{ text: 'from the second' }] }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 3, totalTokenCount: 6 },
}

let upstream: MockUpstream
let target: TestGateway

beforeAll(async () => {
  upstream = await startMockUpstream((request) => {
    if (request.path.includes('/broken:'))
      return { status: 503, json: { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } } }
    if (request.path === '/v1/chat/completions') {
      return {
        json: {
          id: 'c',
          object: 'chat.completion',
          created: 1,
          model: 'ok',
          choices: [{ index: 0, message: { role: 'assistant', content: 'from openai' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 },
        },
      }
    }
    return { json: answer }
  })
  target = await startGateway({
    auth: {
      tokens: ['client-token'],
      adminToken: ADMIN,
      clients: [{ name: 'budget', token: 'budget-token', limits: { rpm: 1 } }],
    },
    routing: { keepAliveInterval: 0, maxAttempts: 3 },
    providers: [
      {
        name: 'first',
        protocol: 'gemini',
        baseUrl: upstream.url,
        keys: ['k1'],
        priority: 0,
        models: [{ id: 'broken', name: 'pool' }],
      },
      {
        name: 'second',
        protocol: 'openai',
        baseUrl: `${upstream.url}/v1`,
        keys: ['k2'],
        priority: 1,
        models: [{ id: 'ok', name: 'pool' }],
      },
      { name: 'plain', protocol: 'gemini', baseUrl: upstream.url, keys: ['k3'], models: ['fine'] },
    ],
  })
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

const hello = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }

describe('a Gemini client gets the routing of every client', () => {
  it('fails over from a Gemini upstream that is overloaded to an OpenAI one, and records both attempts', async () => {
    const response = await fetch(
      `${target.url}/gemini/v1beta/models/pool:generateContent`,
      postJson(hello, { 'x-goog-api-key': 'client-token' }),
    )
    expect(response.status).toBe(200)
    const body = (await response.json()) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> }
    expect(body.candidates[0]!.content.parts[0]!.text).toBe('from openai')
    await eventually(() =>
      target.records.some(
        (record) => record.inbound === 'gemini' && record.provider === 'second' && record.attempts.length === 2,
      ),
    )
  })

  it('answers a client over its own budget with RESOURCE_EXHAUSTED and Retry-After', async () => {
    const key = { 'x-goog-api-key': 'budget-token' }
    expect((await fetch(`${target.url}/gemini/v1beta/models/fine:generateContent`, postJson(hello, key))).status).toBe(
      200,
    )
    const refused = await fetch(`${target.url}/gemini/v1beta/models/fine:generateContent`, postJson(hello, key))
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await refused.json()).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } })
  })

  it('counts its calls in /metrics under inbound="gemini"', async () => {
    await eventually(() => target.records.filter((record) => record.inbound === 'gemini').length >= 2)
    const scrape = parseScrape(
      await (await fetch(`${target.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text(),
    )
    expect(scrape.sum('pinai_requests_total', { inbound: 'gemini' })).toBeGreaterThanOrEqual(2)
  })
})
