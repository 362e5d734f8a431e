import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caller, callModes, postJson } from '../helpers/call-matrix.ts'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'

// The bodies each upstream answers a prompt past its context window with, as recorded from the real APIs.
const anthropicOverflow = {
  type: 'error',
  error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' },
}
const geminiOverflow = {
  error: {
    code: 400,
    message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
    status: 'INVALID_ARGUMENT',
  },
}
const vllmOverflow = {
  object: 'error',
  message:
    "This model's maximum context length is 32768 tokens. However, you requested 40000 tokens (39000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.",
  type: 'BadRequestError',
  param: null,
  code: 400,
}

let upstream: MockUpstream
let target: TestGateway

beforeAll(async () => {
  upstream = await startMockUpstream((request) => {
    if (request.path.startsWith('/spare')) return { status: 500, json: { error: { message: 'spare reached' } } }
    if (request.path.includes('/messages')) return { status: 400, json: anthropicOverflow }
    if (request.path.includes('/models/gemini-big')) return { status: 400, json: geminiOverflow }
    return { status: 400, json: vllmOverflow }
  })
  const spare = {
    name: 'spare',
    protocol: 'openai',
    baseUrl: `${upstream.url}/spare/v1`,
    keys: ['k'],
    models: ['spare'],
  }
  target = await startGateway({
    auth: { tokens: ['client-token'] },
    // Were an overflow taken for a broken channel, the call would go on to `spare`.
    fallbacks: { 'claude-big': ['spare'], 'gemini-big': ['spare'], 'vllm-big': ['spare'] },
    providers: [
      { name: 'an', protocol: 'anthropic', baseUrl: upstream.url, keys: ['k'], models: ['claude-big'] },
      { name: 'gm', protocol: 'gemini', baseUrl: upstream.url, keys: ['k'], models: ['gemini-big'] },
      { name: 'vl', protocol: 'openai', baseUrl: `${upstream.url}/v1`, keys: ['k'], models: ['vllm-big'] },
      spare,
    ],
  })
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

const auth = { authorization: 'Bearer client-token' }
const models = ['claude-big', 'gemini-big', 'vllm-big']

const spareCalls = () => upstream.requests.filter((request) => request.path.startsWith('/spare')).length

describe.each(callModes)('a prompt past the context window, through the %s', (mode) => {
  const call = (path: string, init?: RequestInit) => caller(mode, target)(path, init)

  it.each(models)('is context_length_exceeded for a chat completions client (%s), without failover', async (model) => {
    for (const stream of [false, true]) {
      const body = { model, stream, messages: [{ role: 'user', content: 'Hi' }] }
      const response = await call('/openai/v1/chat/completions', postJson(body, auth))
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual({
        error: {
          message: expect.stringMatching(/too long|exceeds the maximum|maximum context length/),
          type: 'invalid_request_error',
          param: null,
          code: 'context_length_exceeded',
        },
      })
    }
    expect(spareCalls()).toBe(0)
  })

  it.each(models)('is context_length_exceeded for a Responses client (%s), whole and streamed', async (model) => {
    const whole = await call('/openai/v1/responses', postJson({ model, input: 'Hi' }, auth))
    expect(whole.status).toBe(400)
    expect(await whole.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'context_length_exceeded' },
    })
    // Refused before the first token: the same JSON error, as for any error before the commit point.
    const streamed = await call('/openai/v1/responses', postJson({ model, input: 'Hi', stream: true }, auth))
    expect(streamed.status).toBe(400)
    expect(await streamed.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'context_length_exceeded' },
    })
    expect(spareCalls()).toBe(0)
  })

  it.each(models)("is Anthropic's wording for an Anthropic client (%s)", async (model) => {
    const body = { model, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }
    const response = await call('/anthropic/v1/messages', postJson(body, { 'x-api-key': 'client-token' }))
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringMatching(/^prompt is too long: /) },
    })
  })

  it('leaves any other 400 its own code', async () => {
    const before = upstream.reply
    upstream.reply = () => ({
      status: 400,
      json: { type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: must be positive' } },
    })
    try {
      const body = { model: 'claude-big', messages: [{ role: 'user', content: 'Hi' }] }
      const response = await call('/openai/v1/chat/completions', postJson(body, auth))
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_request_error' } })
    } finally {
      upstream.reply = before
    }
  })
})

describe('a prompt past the context window, refused after keep-alives began', () => {
  it("ends a Responses stream in response.failed with OpenAI's code (what Codex reads to compact)", async () => {
    const slow = await startMockUpstream(() => ({ status: 400, json: anthropicOverflow, delayMs: 300 }))
    const gateway = await startGateway({
      routing: { keepAliveInterval: '50ms' },
      providers: [{ name: 'an', protocol: 'anthropic', baseUrl: slow.url, keys: ['k'], models: ['claude-big'] }],
    })
    try {
      const response = await fetch(
        `${gateway.url}/openai/v1/responses`,
        postJson({ model: 'claude-big', input: 'Hi', stream: true }),
      )
      expect(response.status).toBe(200)
      const failed = (await response.text())
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice('data: '.length)) as { type: string; response?: { error?: unknown } })
        .find((event) => event.type === 'response.failed')
      expect(failed?.response?.error).toEqual({
        code: 'context_length_exceeded',
        message: 'prompt is too long: 210000 tokens > 200000 maximum',
      })
    } finally {
      await gateway.close()
      await slow.close()
    }
  })
})
