import { pinaiVersion } from '../../src/version.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caller, callModes, postJson } from '../helpers/call-matrix.ts'
import { jsonFixture } from '../helpers/fixtures.ts'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'

let upstream: MockUpstream
let target: TestGateway

const provider = (url: string, extra: Record<string, unknown> = {}) => ({
  name: 'oa',
  protocol: 'openai',
  baseUrl: `${url}/v1`,
  keys: ['sk-secret-upstream-key'],
  models: ['gpt-4o', { id: 'deepseek-ai/DeepSeek-V3', name: 'deepseek-v3' }],
  ...extra,
})

beforeAll(async () => {
  upstream = await startMockUpstream((request) => {
    const model = (request.body as { model?: string }).model
    if (model === 'deepseek-ai/DeepSeek-V3')
      return {
        status: 400,
        json: { error: { message: 'max_tokens is too large', type: 'invalid_request_error', code: null } },
      }
    return { json: jsonFixture('passthrough/openai-chat.json') }
  })
  target = await startGateway({
    auth: { tokens: ['client-token'], adminToken: 'admin-token' },
    modelMapping: { 'claude-sonnet-4-20250514': 'gpt-4o' },
    providers: [
      provider(upstream.url),
      {
        name: 'an',
        protocol: 'anthropic',
        baseUrl: upstream.url,
        keys: ['sk-ant'],
        models: [{ id: 'claude-x', name: 'claude-3-haiku' }],
      },
      { name: 'off', protocol: 'openai', baseUrl: 'http://127.0.0.1:9/v1', enabled: false, models: ['disabled-model'] },
    ],
  })
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

const chat = (model: string) => ({ model, messages: [{ role: 'user', content: 'Hi' }] })

describe.each(callModes)('client API through the %s', (mode) => {
  const call = (path: string, init?: RequestInit) => caller(mode, target)(path, init)

  it('answers /healthz without auth', async () => {
    const response = await call('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('rejects a missing or wrong token in the caller protocol shape', async () => {
    const openai = await call('/openai/v1/chat/completions', postJson(chat('gpt-4o')))
    expect(openai.status).toBe(401)
    expect(await openai.json()).toMatchObject({
      error: { type: expect.any(String), message: expect.stringMatching(/token/) },
    })
    const anthropic = await call('/anthropic/v1/messages', postJson(chat('gpt-4o'), { 'x-api-key': 'wrong' }))
    expect(anthropic.status).toBe(401)
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } })
  })

  it('accepts x-api-key only on the Anthropic side', async () => {
    expect((await call('/openai/v1/models', { headers: { 'x-api-key': 'client-token' } })).status).toBe(401)
    expect((await call('/anthropic/v1/models', { headers: { 'x-api-key': 'client-token' } })).status).toBe(200)
  })

  it('lists each exposed model once, without disabled providers, in both shapes, with the names modelMapping takes', async () => {
    const listed = ['claude-3-haiku', 'claude-sonnet-4-20250514', 'deepseek-v3', 'gpt-4o']
    const openai = (await (
      await call('/openai/v1/models', { headers: { authorization: 'Bearer client-token' } })
    ).json()) as { object: string; data: Array<{ id: string }> }
    expect(openai.object).toBe('list')
    expect(openai.data.map((model) => model.id).sort()).toEqual(listed)
    const anthropic = (await (
      await call('/anthropic/v1/models', { headers: { 'x-api-key': 'client-token' } })
    ).json()) as { data: Array<{ id: string; type: string }>; has_more: boolean }
    expect(anthropic.data.map((model) => model.id).sort()).toEqual(listed)
    expect(anthropic.data[0]?.type).toBe('model')
    expect(anthropic.has_more).toBe(false)
  })

  it('maps a requested model with modelMapping before routing', async () => {
    const before = upstream.requests.length
    const response = await call(
      '/openai/v1/chat/completions',
      postJson(chat('claude-sonnet-4-20250514'), { authorization: 'Bearer client-token' }),
    )
    expect(response.status).toBe(200)
    expect((upstream.requests[before]?.body as { model: string }).model).toBe('gpt-4o')
  })

  it('says 404 not_found for an unknown route, in the shape of the protocol its path names', async () => {
    const openai = await call(
      '/openai/v1/no-such-thing',
      postJson(chat('gpt-4o'), { authorization: 'Bearer client-token' }),
    )
    expect(openai.status).toBe(404)
    expect(((await openai.json()) as { error: { code: string } }).error.code).toBe('not_found')
    const anthropic = await call(
      '/anthropic/v1/nothing',
      postJson(chat('gpt-4o'), { authorization: 'Bearer client-token' }),
    )
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } })
  })

  it('says a stored response cannot be read, deleted, cancelled or listed: pinai stores none (401 first)', async () => {
    const calls: [string, string][] = [
      ['GET', '/openai/v1/responses/resp_abc'],
      ['DELETE', '/openai/v1/responses/resp_abc'],
      ['POST', '/openai/v1/responses/resp_abc/cancel'],
      ['GET', '/openai/v1/responses/resp_abc/input_items'],
    ]
    for (const [method, path] of calls) {
      expect((await call(path, { method })).status).toBe(401)
      const response = await call(path, { method, headers: { authorization: 'Bearer client-token' } })
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({
        error: {
          message: expect.stringMatching(/^pinai does not store responses: cannot .* response 'resp_abc'/),
          type: 'invalid_request_error',
          param: null,
          code: 'response_not_found',
        },
      })
    }
  })

  it('says 404 in the right shape for an unknown model', async () => {
    const openai = await call(
      '/openai/v1/chat/completions',
      postJson(chat('nope'), { authorization: 'Bearer client-token' }),
    )
    expect(openai.status).toBe(404)
    expect(openai.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    const body = (await openai.json()) as { error: { message: string; code: string } }
    expect(body.error.message).toMatch(/nope/)
    expect(body.error.code).toBe('model_not_found')
    const anthropic = await call(
      '/anthropic/v1/messages',
      postJson({ ...chat('disabled-model'), max_tokens: 5 }, { authorization: 'Bearer client-token' }),
    )
    expect(anthropic.status).toBe(404)
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } })
  })

  it('says 400 for a body that is not JSON', async () => {
    const response = await call('/anthropic/v1/messages', {
      method: 'POST',
      headers: { 'x-api-key': 'client-token', 'content-type': 'application/json' },
      body: '{"model":',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringMatching(/JSON/) },
    })
  })

  it("passes an upstream's 400 on in the client's shape", async () => {
    const response = await call(
      '/openai/v1/chat/completions',
      postJson(chat('deepseek-v3'), { authorization: 'Bearer client-token' }),
    )
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/max_tokens is too large/)
  })

  it('answers a CORS preflight and marks responses for browsers', async () => {
    const preflight = await call('/openai/v1/chat/completions', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/)
    const anthropicPreflight = await call('/anthropic/v1/messages', {
      method: 'OPTIONS',
      headers: { origin: 'http://a.test' },
    })
    expect(anthropicPreflight.headers.get('access-control-allow-headers')).toMatch(/x-api-key/)
    expect(anthropicPreflight.headers.get('access-control-allow-headers')).toMatch(/anthropic-version/)
    const models = await call('/openai/v1/models', {
      headers: { authorization: 'Bearer client-token', origin: 'http://a.test' },
    })
    expect(models.headers.get('access-control-allow-origin')).toBe('*')
    const answer = await call(
      '/openai/v1/chat/completions',
      postJson(chat('gpt-4o'), { authorization: 'Bearer client-token', origin: 'http://a.test' }),
    )
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBe('*')
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/retry-after/)
  })

  it('keeps the admin API behind the admin token', async () => {
    expect((await call('/api/health', { headers: { authorization: 'Bearer client-token' } })).status).toBe(401)
    const health = await call('/api/health', { headers: { authorization: 'Bearer admin-token' } })
    expect(health.status).toBe(200)
  })
})

describe('upstream unreachable', () => {
  it('answers 502 naming the provider and never the key', async () => {
    const gateway = await startGateway({
      routing: { maxAttempts: 1 },
      providers: [
        {
          name: 'dead-relay',
          protocol: 'openai',
          baseUrl: 'http://127.0.0.1:9/v1',
          keys: ['sk-never-show-me'],
          models: ['m'],
        },
      ],
    })
    try {
      const response = await fetch(`${gateway.url}/openai/v1/chat/completions`, postJson(chat('m')))
      expect(response.status).toBe(502)
      const text = await response.text()
      expect(text).toMatch(/dead-relay/)
      expect(text).not.toMatch(/sk-never-show-me/)
      const anthropic = await fetch(`${gateway.url}/anthropic/v1/messages`, postJson({ ...chat('m'), max_tokens: 10 }))
      expect(anthropic.status).toBe(502)
      expect(await anthropic.json()).toMatchObject({
        type: 'error',
        error: { type: 'api_error', message: expect.stringMatching(/dead-relay/) },
      })
    } finally {
      await gateway.close()
    }
  })
})

describe('auth modes', () => {
  it('runs open when no token is configured', async () => {
    const gateway = await startGateway({ providers: [provider(upstream.url)] })
    try {
      expect((await fetch(`${gateway.url}/openai/v1/models`)).status).toBe(200)
      expect((await fetch(`${gateway.url}/api/health`)).status).toBe(200)
    } finally {
      await gateway.close()
    }
  })

  it('lets the business token into the admin API when no admin token is set', async () => {
    const gateway = await startGateway({ auth: { tokens: ['only-token'] }, providers: [provider(upstream.url)] })
    try {
      expect(
        (await fetch(`${gateway.url}/api/health`, { headers: { authorization: 'Bearer only-token' } })).status,
      ).toBe(200)
      expect((await fetch(`${gateway.url}/api/health`, { headers: { authorization: 'Bearer other' } })).status).toBe(
        401,
      )
    } finally {
      await gateway.close()
    }
  })

  it('names clients, filters /models by their allowlist and refuses other models', async () => {
    const gateway = await startGateway({
      auth: { clients: [{ name: 'laptop', token: 'laptop-token', models: ['gpt-*'] }] },
      providers: [provider(upstream.url)],
    })
    try {
      const headers = { authorization: 'Bearer laptop-token' }
      const list = (await (await fetch(`${gateway.url}/openai/v1/models`, { headers })).json()) as {
        data: Array<{ id: string }>
      }
      expect(list.data.map((model) => model.id)).toEqual(['gpt-4o'])
      expect(
        (await fetch(`${gateway.url}/openai/v1/chat/completions`, postJson(chat('deepseek-v3'), headers))).status,
      ).toBe(403)
      expect((await fetch(`${gateway.url}/openai/v1/chat/completions`, postJson(chat('gpt-4o'), headers))).status).toBe(
        200,
      )
      expect(gateway.records.at(-1)?.client).toBe('laptop')
    } finally {
      await gateway.close()
    }
  })
})

describe('USER_AGENT', () => {
  const agentSeen = async (userAgent: string) => {
    const gateway = await startGateway({ userAgent, providers: [provider(upstream.url)] })
    try {
      const before = upstream.requests.length
      await fetch(
        `${gateway.url}/openai/v1/chat/completions`,
        postJson(chat('gpt-4o'), { 'user-agent': 'my-client/1.0' }),
      )
      return upstream.requests[before]?.headers['user-agent']
    } finally {
      await gateway.close()
    }
  }

  it("passes the client's User-Agent through when empty", async () => {
    expect(await agentSeen('')).toBe('my-client/1.0')
  })

  it("sends pinai's own with 'default' (relays behind a WAF refuse requests without one)", async () => {
    const seen = await agentSeen('default')
    expect(seen).toBe(`pinai/${pinaiVersion}`)
  })

  it('sends any other value as is', async () => {
    expect(await agentSeen('pinai-test/2')).toBe('pinai-test/2')
  })
})
