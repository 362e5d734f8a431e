import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonFixture } from '../helpers/fixtures.ts'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'

const KEY = 'sk-channel-test-secret-1234'
let good: MockUpstream
let echoing: MockUpstream
let garbage: MockUpstream
let target: TestGateway

beforeAll(async () => {
  good = await startMockUpstream(() => ({ json: jsonFixture('passthrough/openai-chat.json') }))
  // Real relays echo the key they were given in their 401 text.
  echoing = await startMockUpstream(() => ({
    status: 401,
    json: { error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error' } },
  }))
  garbage = await startMockUpstream(() => ({ text: 'not json at all' }))
  target = await startGateway({
    auth: { tokens: ['client'], adminToken: 'admin' },
    providers: [
      {
        name: 'good',
        protocol: 'openai',
        baseUrl: `${good.url}/v1`,
        keys: ['k-one', 'k-two'],
        models: ['gpt-4o', 'gpt-4o-mini'],
      },
      {
        name: 'echo',
        protocol: 'openai',
        baseUrl: `${echoing.url}/v1`,
        keys: [KEY],
        models: ['gpt-4o'],
        enabled: false,
      },
      { name: 'garbage', protocol: 'openai', baseUrl: `${garbage.url}/v1`, models: ['gpt-4o'] },
      { name: 'dead', protocol: 'anthropic', baseUrl: 'http://127.0.0.1:1', keys: ['k'], models: ['claude-x'] },
    ],
  })
})

afterAll(async () => {
  await target.close()
  await good.close()
  await echoing.close()
  await garbage.close()
})

const test = (body: unknown, token = 'admin') =>
  fetch(`${target.url}/api/channels/test`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('POST /api/channels/test', () => {
  it('sends one minimal request with the chosen key to the chosen model, and says what came back', async () => {
    const response = await test({ provider: 'good', keyIndex: 1, model: 'gpt-4o-mini' })
    expect(response.status).toBe(200)
    const result = (await response.json()) as {
      ok: boolean
      status: number
      keyLabel: string
      model: string
      message: string
      latencyMs: number
    }
    expect(result).toMatchObject({ ok: true, status: 200, keyLabel: 'good#2', model: 'gpt-4o-mini' })
    expect(result.message.length).toBeGreaterThan(0)
    expect(result.latencyMs).toBeGreaterThanOrEqual(0)
    const seen = good.requests.at(-1)
    expect(seen?.headers.authorization).toBe('Bearer k-two')
    expect(seen?.body).toMatchObject({
      model: 'gpt-4o-mini',
      max_tokens: 1,
      messages: [{ role: 'user', content: 'ping' }],
    })
    // A test is not traffic: nothing is recorded and no health changes.
    expect(target.records).toHaveLength(0)
  })

  it('tests a disabled provider too, with the upstream’s error and never its key', async () => {
    const result = (await (await test({ provider: 'echo' })).json()) as { ok: boolean; status: number; message: string }
    expect(result.ok).toBe(false)
    expect(result.status).toBe(401)
    expect(result.message).toContain('Incorrect API key provided')
    expect(result.message).not.toContain(KEY)
  })

  it('tells an unusable answer from no answer at all', async () => {
    expect(await (await test({ provider: 'garbage' })).json()).toMatchObject({
      ok: false,
      status: 200,
      keyLabel: 'garbage',
    })
    const dead = (await (await test({ provider: 'dead' })).json()) as {
      ok: boolean
      status: number | null
      message: string
    }
    expect(dead).toMatchObject({ ok: false, status: null })
    expect(dead.message.length).toBeGreaterThan(0)
  })

  it('takes only channels of the loaded config: no URL or key from the request', async () => {
    const before = good.requests.length + echoing.requests.length
    expect((await test({ provider: 'nobody' })).status).toBe(400)
    expect((await test({ provider: 'good', model: 'not-listed' })).status).toBe(400)
    expect((await test({ provider: 'good', keyIndex: 2 })).status).toBe(400)
    expect((await test({ provider: 'good', baseUrl: 'http://127.0.0.1:1/steal' })).status).toBe(400)
    expect((await test({ provider: 'good', key: 'sk-other' })).status).toBe(400)
    expect(good.requests.length + echoing.requests.length).toBe(before)
  })

  it('needs the admin token', async () => {
    expect((await test({ provider: 'good' }, 'client')).status).toBe(401)
  })
})
