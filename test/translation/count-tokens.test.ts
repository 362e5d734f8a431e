import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonFixture } from '../helpers/fixtures.ts'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream, type SeenRequest } from '../helpers/mock-upstream.ts'

let upstream: MockUpstream
let target: TestGateway

const modelOf = (request: SeenRequest) =>
  (request.body as { model?: string }).model ?? /models\/([^:]+):/.exec(request.path)?.[1]

beforeAll(async () => {
  upstream = await startMockUpstream((request) => {
    const model = modelOf(request)
    if (request.path === '/v1/messages/count_tokens') {
      if (model === 'relay-model')
        return { status: 404, json: { type: 'error', error: { type: 'not_found_error', message: 'Not Found' } } }
      return { json: jsonFixture('e2e/anthropic/count-tokens-response.json') }
    }
    if (request.path.endsWith(':countTokens')) {
      if (model === 'gemini-down')
        return {
          status: 503,
          json: {
            error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' },
          },
        }
      return { json: jsonFixture('gemini/f11-upstream-response.json') }
    }
    if (request.path === '/v1/responses/input_tokens')
      return { json: { object: 'response.input_tokens', input_tokens: 31 } }
    if (request.path === '/v1/messages') return { json: jsonFixture('passthrough/anthropic-message.json') }
    return { status: 500, json: { error: { message: `unexpected ${request.path}` } } }
  })
  const url = upstream.url
  target = await startGateway({
    auth: { tokens: ['client-token'] },
    routing: { maxAttempts: 3, cooldown: { base: '30s', max: '1m' } },
    providers: [
      {
        name: 'an',
        protocol: 'anthropic',
        baseUrl: url,
        keys: ['sk-ant-upstream'],
        models: [{ id: 'claude-sonnet-4-5-20250929', name: 'claude-sonnet-4-5' }],
      },
      {
        name: 'relay',
        protocol: 'anthropic',
        baseUrl: url,
        keys: ['sk-relay'],
        models: [{ id: 'relay-model', name: 'relay-claude' }],
      },
      {
        name: 'ge',
        protocol: 'gemini',
        baseUrl: url,
        keys: ['gemini-upstream-key'],
        models: [
          'gemini-2.5-flash',
          { id: 'gemini-2.5-flash', name: 'mixed' },
          { id: 'gemini-down', name: 'mixed-down' },
        ],
      },
      {
        name: 're',
        protocol: 'openai-responses',
        baseUrl: `${url}/v1`,
        keys: ['sk-re'],
        models: [{ id: 'gpt-5-mini', name: 'responses-model' }],
      },
      {
        name: 'oa',
        protocol: 'openai',
        baseUrl: `${url}/v1`,
        keys: ['sk-oa'],
        priority: 0,
        models: ['gpt-4.1-mini', { id: 'gpt-4.1', name: 'mixed' }, { id: 'gpt-4.1', name: 'mixed-down' }],
      },
    ],
  })
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

const client = () => new Anthropic({ baseURL: `${target.url}/anthropic`, apiKey: 'client-token', maxRetries: 0 })
const f11 = () => jsonFixture<Anthropic.MessageCountTokensParams>('gemini/f11-client-request.json')

async function count(params: Anthropic.MessageCountTokensParams, options?: Anthropic.RequestOptions) {
  const { data, response } = await client().messages.countTokens(params, options).withResponse()
  return { tokens: data.input_tokens, estimated: response.headers.get('x-pinai-estimated') }
}

describe('POST /anthropic/v1/messages/count_tokens through the Anthropic SDK', () => {
  it('forwards to an Anthropic upstream: same body with the upstream model, beta header and the upstream key', async () => {
    const params: Anthropic.MessageCountTokensParams = {
      model: 'claude-sonnet-4-5',
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'How many tokens is this?' }],
      tools: [
        {
          name: 'Read',
          description: 'Read a file',
          input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
        },
      ],
      thinking: { type: 'enabled', budget_tokens: 2048 },
    }
    const result = await count(params, { headers: { 'anthropic-beta': 'token-counting-2024-11-01' } })
    expect(result).toEqual({ tokens: 2095, estimated: null })
    const seen = upstream.requests.at(-1)
    expect(seen?.path).toBe('/v1/messages/count_tokens')
    expect(seen?.body).toEqual({ ...params, model: 'claude-sonnet-4-5-20250929' })
    expect(seen?.headers['x-api-key']).toBe('sk-ant-upstream')
    expect(seen?.headers['anthropic-beta']).toBe('token-counting-2024-11-01')
    expect(seen?.headers.authorization).toBeUndefined()
  })

  it("asks a Gemini upstream's countTokens with the whole request (fixture F11) and answers its exact count", async () => {
    expect(await count(f11())).toEqual({ tokens: 19, estimated: null })
    const seen = upstream.requests.at(-1)
    expect(seen?.path).toBe('/v1beta/models/gemini-2.5-flash:countTokens')
    expect(seen?.body).toEqual(jsonFixture('gemini/f11-upstream-request.json'))
    expect(seen?.headers['x-goog-api-key']).toBe('gemini-upstream-key')
  })

  it("asks a Responses upstream's /responses/input_tokens with the prompt as a Responses call carries it", async () => {
    const params: Anthropic.MessageCountTokensParams = {
      model: 'responses-model',
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Count me' }],
    }
    expect(await count(params)).toEqual({ tokens: 31, estimated: null })
    const seen = upstream.requests.at(-1)
    expect(seen?.path).toBe('/v1/responses/input_tokens')
    expect(seen?.body).toEqual({
      model: 'gpt-5-mini',
      instructions: 'Be brief.',
      input: [{ type: 'message', role: 'user', content: 'Count me' }],
    })
    expect(seen?.headers.authorization).toBe('Bearer sk-re')
  })

  it('estimates for an OpenAI upstream without calling it, and says so in x-pinai-estimated', async () => {
    const before = upstream.requests.length
    const short = await count({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Hello there' }] })
    const long = await count({
      model: 'gpt-4.1-mini',
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello there. '.repeat(200) }],
    })
    expect(upstream.requests.length).toBe(before)
    expect(short.estimated).toBe('true')
    expect(long.estimated).toBe('true')
    expect(short.tokens).toBeGreaterThan(2)
    expect(short.tokens).toBeLessThan(20)
    // 2,400 characters of English: a real tokenizer says ~600; the estimate must be in that region.
    expect(long.tokens).toBeGreaterThan(450)
    expect(long.tokens).toBeLessThan(900)
  })

  it('prefers an upstream that can count over an OpenAI one in the same pool', async () => {
    for (let round = 0; round < 4; round++)
      expect(await count({ ...f11(), model: 'mixed' })).toEqual({ tokens: 19, estimated: null })
  })

  it('falls back to an estimate when the counting upstreams of a mixed pool fail', async () => {
    const result = await count({ ...f11(), model: 'mixed-down' })
    expect(result.estimated).toBe('true')
    expect(result.tokens).toBeGreaterThan(5)
    expect(upstream.requests.at(-1)?.path).toBe('/v1beta/models/gemini-down:countTokens')
  })

  it('estimates when an Anthropic relay has no count_tokens endpoint, without cooling the relay down for chat', async () => {
    const result = await count({ model: 'relay-claude', messages: [{ role: 'user', content: 'Count me' }] })
    expect(result.estimated).toBe('true')
    const message = await client().messages.create({
      model: 'relay-claude',
      max_tokens: 20,
      messages: [{ role: 'user', content: 'Hi' }],
    })
    expect(message.content[0]).toMatchObject({ type: 'text' })
    expect(upstream.requests.at(-1)?.path).toBe('/v1/messages')
  })

  it("answers Claude Code's form of the path (?beta=true) with x-api-key", async () => {
    const response = await fetch(`${target.url}/anthropic/v1/messages/count_tokens?beta=true`, {
      method: 'POST',
      headers: { 'x-api-key': 'client-token', 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(f11()),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ input_tokens: 19 })
  })

  it('logs the call as a client request with its attempts', async () => {
    const before = target.records.length
    await count(f11())
    await eventually(() => target.records.length > before)
    expect(target.records.at(-1)).toMatchObject({
      inbound: 'anthropic',
      kind: 'count_tokens',
      stream: false,
      requestedModel: 'gemini-2.5-flash',
      provider: 'ge',
      status: 200,
      success: true,
    })
  })

  it("answers errors in Anthropic's shape: a bad token, an unknown model, a malformed body", async () => {
    const wrong = new Anthropic({ baseURL: `${target.url}/anthropic`, apiKey: 'wrong', maxRetries: 0 })
    await expect(wrong.messages.countTokens(f11())).rejects.toBeInstanceOf(Anthropic.AuthenticationError)
    await expect(client().messages.countTokens({ ...f11(), model: 'nope' })).rejects.toBeInstanceOf(
      Anthropic.NotFoundError,
    )
    const response = await fetch(`${target.url}/anthropic/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'x-api-key': 'client-token', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages: 'not a list' }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringMatching(/messages/) },
    })
  })
})
