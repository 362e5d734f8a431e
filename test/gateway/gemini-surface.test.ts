import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatAccessLine } from '../../src/gateway/format-access-line.ts'
import { caller, callModes, postJson } from '../helpers/call-matrix.ts'
import { eventually, startGateway, type TestGateway } from '../helpers/gateway.ts'
import {
  anthropicSse,
  openaiSse,
  startMockUpstream,
  type MockUpstream,
  type SeenRequest,
} from '../helpers/mock-upstream.ts'

const geminiChunks = [
  {
    candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] }, index: 0 }],
    usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 },
    modelVersion: 'gemini-2.5-flash-001',
    responseId: 'r1',
  },
  {
    candidates: [{ content: { role: 'model', parts: [{ text: ' there' }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 7 },
    modelVersion: 'gemini-2.5-flash-001',
    responseId: 'r1',
  },
]
const geminiFrames = geminiChunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`)
const geminiAnswer = {
  candidates: [{ content: { role: 'model', parts: [{ text: 'Hello there' }] }, finishReason: 'STOP', index: 0 }],
  usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 7 },
  modelVersion: 'gemini-2.5-flash-001',
  responseId: 'r1',
}

const openaiAnswer = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi from OpenAI' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
}
const openaiToolAnswer = {
  ...openaiAnswer,
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
        ],
      },
      finish_reason: 'tool_calls',
    },
  ],
}
const openaiChunks = [
  {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o',
    choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' } }],
  },
  {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o',
    choices: [{ index: 0, delta: { content: ' you' }, finish_reason: 'stop' }],
  },
  {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-4o',
    choices: [],
    usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
  },
]
const anthropicAnswer = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-x',
  content: [{ type: 'text', text: 'Hi from Claude' }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 8, output_tokens: 3 },
}
const anthropicEvents = [
  {
    type: 'message_start',
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [],
      usage: { input_tokens: 8, output_tokens: 1 },
    },
  },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Claude here' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } },
  { type: 'message_stop' },
]

/** What the mock answers, by path; `overrides` lets one test answer differently. */
const overrides: Array<(request: SeenRequest) => ReturnType<MockUpstream['reply']> | undefined> = []

let upstream: MockUpstream
let target: TestGateway

beforeAll(async () => {
  upstream = await startMockUpstream((request) => {
    for (const override of overrides) {
      const answer = override(request)
      if (answer) return answer
    }
    const body = request.body as { stream?: boolean; tools?: unknown[] } | undefined
    if (request.path.includes(':streamGenerateContent')) return { sse: geminiFrames, delayMs: 5 }
    if (request.path.includes(':generateContent')) return { json: geminiAnswer }
    if (request.path.includes(':countTokens')) return { json: { totalTokens: 42 } }
    if (request.path.includes(':embedContent')) return { json: { embedding: { values: [0.1, 0.2] } } }
    if (request.path.includes(':batchEmbedContents'))
      return { json: { embeddings: [{ values: [0.1] }, { values: [0.2] }] } }
    if (request.path === '/v1/embeddings')
      return {
        json: {
          object: 'list',
          data: [
            { object: 'embedding', index: 0, embedding: [1, 2] },
            { object: 'embedding', index: 1, embedding: [3, 4] },
          ],
          usage: { prompt_tokens: 6, total_tokens: 6 },
        },
      }
    if (request.path === '/v1/chat/completions')
      return body?.stream ? { sse: openaiSse(openaiChunks) } : { json: body?.tools ? openaiToolAnswer : openaiAnswer }
    if (request.path === '/v1/messages/count_tokens') return { json: { input_tokens: 17 } }
    if (request.path === '/v1/messages')
      return body?.stream ? { sse: anthropicSse(anthropicEvents) } : { json: anthropicAnswer }
    return { status: 404, json: { error: { message: 'no such route' } } }
  })
  target = await startGateway({
    auth: { tokens: ['client-token'], clients: [{ name: 'limited', token: 'limited-token', models: ['gpt-4o'] }] },
    routing: { keepAliveInterval: 0 },
    providers: [
      {
        name: 'ge',
        protocol: 'gemini',
        baseUrl: upstream.url,
        keys: ['gemini-upstream-key'],
        models: [{ id: 'gemini-2.5-flash-001', name: 'gemini-flash' }, 'text-embedding-004'],
      },
      {
        name: 'oa',
        protocol: 'openai',
        baseUrl: `${upstream.url}/v1`,
        keys: ['sk-upstream-openai'],
        models: ['gpt-4o', 'text-embedding-3-small'],
      },
      {
        name: 'an',
        protocol: 'anthropic',
        baseUrl: upstream.url,
        keys: ['sk-ant-upstream'],
        models: [{ id: 'claude-x', name: 'claude' }],
      },
    ],
  })
})

afterAll(async () => {
  await target.close()
  await upstream.close()
})

const key = { 'x-goog-api-key': 'client-token' }
const hello = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }

describe.each(callModes)('the Gemini surface through the %s', (mode) => {
  const call = () => caller(mode, target)

  it('forwards a Gemini request to a Gemini upstream byte for byte, the model only in the path, the provider key used', async () => {
    const before = upstream.requests.length
    const text = '{ "contents": [ {"role":"user","parts":[{"text":"Hi"}]} ],  "generationConfig": {} }'
    const response = await call()('/gemini/v1beta/models/gemini-flash:generateContent', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...key },
      body: text,
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(geminiAnswer)
    const seen = upstream.requests[before]!
    expect(seen.path).toBe('/v1beta/models/gemini-2.5-flash-001:generateContent')
    expect(seen.text).toBe(text)
    expect(seen.headers['x-goog-api-key']).toBe('gemini-upstream-key')
    expect(seen.headers.authorization).toBeUndefined()
    await eventually(() =>
      target.records.some(
        (record) =>
          record.inbound === 'gemini' &&
          record.provider === 'ge' &&
          record.promptTokens === 5 &&
          record.completionTokens === 2,
      ),
    )
  })

  it('streams a Gemini upstream to a Gemini client as SSE with alt=sse, frames unchanged, usage recorded', async () => {
    const before = upstream.requests.length
    const count = target.records.length
    const response = await call()(
      '/gemini/v1beta/models/gemini-flash:streamGenerateContent?alt=sse',
      postJson(hello, key),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    expect(await response.text()).toBe(geminiFrames.join(''))
    expect(upstream.requests[before]!.path).toBe('/v1beta/models/gemini-2.5-flash-001:streamGenerateContent?alt=sse')
    await eventually(() =>
      target.records
        .slice(count)
        .some((record) => record.inbound === 'gemini' && record.stream && record.completionTokens === 2),
    )
  })

  it('streams without alt=sse as one JSON array of the same chunks', async () => {
    const response = await call()('/gemini/v1/models/gemini-flash:streamGenerateContent', postJson(hello, key))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(JSON.parse(await response.text())).toEqual(geminiChunks)
  })

  it('translates a Gemini request for an OpenAI upstream: system, upper-case schema types, a function call back with finishReason STOP', async () => {
    const before = upstream.requests.length
    const body = {
      systemInstruction: { role: 'user', parts: [{ text: 'Be brief.' }] },
      contents: [{ role: 'user', parts: [{ text: 'Weather in Oslo?' }] }],
      generationConfig: {},
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              parameters: {
                type: 'OBJECT',
                properties: { city: { type: 'STRING', nullable: true } },
                required: ['city'],
                propertyOrdering: ['city'],
              },
            },
          ],
        },
      ],
    }
    const response = await call()('/gemini/v1beta/models/gpt-4o:generateContent', postJson(body, key))
    expect(response.status).toBe(200)
    const answer = (await response.json()) as {
      candidates: Array<{ content: { parts: unknown[] }; finishReason: string }>
      modelVersion: string
    }
    expect(answer.candidates[0]!.finishReason).toBe('STOP')
    expect(answer.candidates[0]!.content.parts).toEqual([
      { functionCall: { id: 'call_1', name: 'get_weather', args: { city: 'Oslo' } } },
    ])
    expect(answer.modelVersion).toBe('gpt-4o')
    const seen = upstream.requests[before]!.body as {
      messages: unknown[]
      tools: Array<{ function: { parameters: unknown } }>
    }
    expect(seen.messages[0]).toEqual({ role: 'system', content: 'Be brief.' })
    expect(seen.tools[0]!.function.parameters).toEqual({
      type: 'object',
      properties: { city: { type: ['string', 'null'] } },
      required: ['city'],
    })
  })

  it('takes a schema in parametersJsonSchema as it is', async () => {
    const before = upstream.requests.length
    const schema = { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false }
    const body = {
      ...hello,
      tools: [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: schema }] }],
    }
    const response = await call()('/gemini/v1beta/models/claude:generateContent', postJson(body, key))
    expect(response.status).toBe(200)
    const seen = upstream.requests[before]!.body as { tools: Array<{ input_schema: unknown }> }
    expect(seen.tools[0]!.input_schema).toEqual(schema)
  })

  it('streams an OpenAI upstream and an Anthropic upstream to a Gemini client', async () => {
    for (const [model, text, usage] of [
      ['gpt-4o', 'Hi you', { promptTokenCount: 9, candidatesTokenCount: 2 }],
      ['claude', 'Claude here', { promptTokenCount: 8, candidatesTokenCount: 3 }],
    ] as const) {
      const response = await call()(
        `/gemini/v1beta/models/${model}:streamGenerateContent?alt=sse`,
        postJson(hello, key),
      )
      expect(response.status).toBe(200)
      const chunks = (await response.text())
        .split(/\r?\n\r?\n/)
        .filter((frame) => frame.startsWith('data:'))
        .map(
          (frame) =>
            JSON.parse(frame.slice(5)) as {
              candidates: Array<{ content?: { parts: Array<{ text?: string }> }; finishReason?: string }>
              usageMetadata?: object
            },
        )
      expect(
        chunks
          .flatMap((chunk) => chunk.candidates[0]?.content?.parts ?? [])
          .map((part) => part.text)
          .join(''),
      ).toBe(text)
      const last = chunks.at(-1)!
      expect(last.candidates[0]!.finishReason).toBe('STOP')
      expect(last.usageMetadata).toMatchObject(usage)
    }
  })

  it('takes the key from ?key= and from Authorization: Bearer, and never shows ?key= in records or the access log', async () => {
    const count = target.records.length
    const byQuery = await call()('/gemini/v1beta/models/gemini-flash:generateContent?key=client-token', postJson(hello))
    expect(byQuery.status).toBe(200)
    const byBearer = await call()(
      '/gemini/v1beta/models/gemini-flash:generateContent',
      postJson(hello, { authorization: 'Bearer client-token' }),
    )
    expect(byBearer.status).toBe(200)
    await eventually(() => target.records.length >= count + 2)
    for (const record of target.records.slice(count)) {
      expect(JSON.stringify(record)).not.toContain('client-token')
      expect(formatAccessLine(record)).not.toContain('client-token')
    }
    expect(upstream.requests.some((request) => request.path.includes('key='))).toBe(false)
  })

  it('answers a bad key, a model not allowed, an unknown model and a bad body in Gemini error shape', async () => {
    const bad = await call()(
      '/gemini/v1beta/models/gemini-flash:generateContent',
      postJson(hello, { 'x-goog-api-key': 'wrong' }),
    )
    expect(bad.status).toBe(401)
    expect(bad.headers.get('content-type')).toContain('application/json')
    expect(await bad.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } })
    const missing = await call()('/gemini/v1beta/models/gemini-flash:generateContent', postJson(hello))
    expect(await missing.json()).toMatchObject({
      error: { code: 401, status: 'UNAUTHENTICATED', message: expect.stringContaining('x-goog-api-key') },
    })
    const denied = await call()(
      '/gemini/v1beta/models/gemini-flash:generateContent',
      postJson(hello, { 'x-goog-api-key': 'limited-token' }),
    )
    expect((await denied.json()) as object).toMatchObject({
      error: { code: denied.status, status: denied.status === 403 ? 'PERMISSION_DENIED' : 'NOT_FOUND' },
    })
    const unknown = await call()('/gemini/v1beta/models/no-such-model:generateContent', postJson(hello, key))
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } })
    const malformed = await call()('/gemini/v1beta/models/gpt-4o:generateContent', postJson({ contents: 'nope' }, key))
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } })
    const route = await call()('/gemini/v1beta/models/gpt-4o:predict', postJson(hello, key))
    expect(route.status).toBe(404)
    expect(await route.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } })
  })

  it('passes an upstream 429 on as RESOURCE_EXHAUSTED with its retry delay', async () => {
    const limited = {
      error: {
        code: 429,
        message: 'Quota exceeded',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' }],
      },
    }
    const override = (request: SeenRequest) =>
      request.path.includes('gemini-2.5-flash-001') ? { status: 429, json: limited } : undefined
    overrides.push(override)
    try {
      const response = await call()('/gemini/v1beta/models/gemini-flash:generateContent', postJson(hello, key))
      expect(response.status).toBe(429)
      expect(response.headers.get('retry-after')).toBe('17')
      expect(await response.json()).toMatchObject({
        error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ retryDelay: '17s' }] },
      })
    } finally {
      overrides.splice(overrides.indexOf(override), 1)
    }
  })

  it('lists models on /v1beta and /v1, pages them, and shows one (a models/ prefix in the path is read as the name)', async () => {
    const list = (await (await call()('/gemini/v1beta/models', { headers: key })).json()) as {
      models: Array<{ name: string }>
    }
    expect(list.models.map((model) => model.name)).toEqual(
      expect.arrayContaining(['models/gemini-flash', 'models/gpt-4o', 'models/claude']),
    )
    const page = (await (await call()('/gemini/v1/models?pageSize=1', { headers: key })).json()) as {
      models: unknown[]
      nextPageToken?: string
    }
    expect(page.models).toHaveLength(1)
    const next = (await (
      await call()(`/gemini/v1/models?pageSize=1&pageToken=${page.nextPageToken}`, { headers: key })
    ).json()) as { models: unknown[] }
    expect(next.models).not.toEqual(page.models)
    const one = await call()('/gemini/v1beta/models/models/gpt-4o', { headers: key })
    expect(await one.json()).toMatchObject({ name: 'models/gpt-4o' })
    const none = await call()('/gemini/v1beta/models/nope', { headers: key })
    expect(none.status).toBe(404)
    expect(await none.json()).toMatchObject({ error: { status: 'NOT_FOUND' } })
    const limited = (await (
      await call()('/gemini/v1beta/models', { headers: { 'x-goog-api-key': 'limited-token' } })
    ).json()) as { models: Array<{ name: string }> }
    expect(limited.models.map((model) => model.name)).toEqual(['models/gpt-4o'])
  })

  it('counts tokens on Gemini (forwarded, model renamed), Anthropic (count_tokens) and OpenAI (estimated) upstreams', async () => {
    const before = upstream.requests.length
    const inner = { generateContentRequest: { model: 'models/gemini-flash', ...hello } }
    const gemini = await call()('/gemini/v1beta/models/gemini-flash:countTokens', postJson(inner, key))
    expect(await gemini.json()).toEqual({ totalTokens: 42 })
    expect(upstream.requests[before]!.path).toBe('/v1beta/models/gemini-2.5-flash-001:countTokens')
    expect(upstream.requests[before]!.body).toEqual({
      generateContentRequest: { model: 'models/gemini-2.5-flash-001', ...hello },
    })
    const anthropic = await call()('/gemini/v1beta/models/claude:countTokens', postJson(hello, key))
    expect(await anthropic.json()).toEqual({ totalTokens: 17 })
    expect(upstream.requests[before + 1]!.body).toEqual({
      model: 'claude-x',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    })
    const openai = await call()('/gemini/v1beta/models/gpt-4o:countTokens', postJson(hello, key))
    expect(openai.headers.get('x-pinai-estimated')).toBe('true')
    expect(((await openai.json()) as { totalTokens: number }).totalTokens).toBeGreaterThan(0)
    expect(upstream.requests.length).toBe(before + 2)
  })

  it('embeds on Gemini (forwarded, batch models renamed) and OpenAI (translated both ways) upstreams', async () => {
    const before = upstream.requests.length
    const single = await call()(
      '/gemini/v1beta/models/text-embedding-004:embedContent',
      postJson({ content: { parts: [{ text: 'a' }] } }, key),
    )
    expect(await single.json()).toEqual({ embedding: { values: [0.1, 0.2] } })
    // The path's model and the route's members stay out of the body a Gemini upstream gets.
    expect(upstream.requests[before]!.body).toEqual({ content: { parts: [{ text: 'a' }] } })
    const batch = {
      requests: [
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'a' }] } },
        { model: 'models/text-embedding-004', content: { parts: [{ text: 'b' }] } },
      ],
    }
    const batched = await call()('/gemini/v1beta/models/text-embedding-004:batchEmbedContents', postJson(batch, key))
    expect(await batched.json()).toEqual({ embeddings: [{ values: [0.1] }, { values: [0.2] }] })
    expect(upstream.requests[before + 1]!.path).toBe('/v1beta/models/text-embedding-004:batchEmbedContents')
    expect(upstream.requests[before + 1]!.body).toEqual(batch)
    const openaiBatch = {
      requests: [
        { content: { parts: [{ text: 'a' }] }, outputDimensionality: 2 },
        { content: { parts: [{ text: 'b' }] } },
      ],
    }
    const openai = await call()(
      '/gemini/v1beta/models/text-embedding-3-small:batchEmbedContents',
      postJson(openaiBatch, key),
    )
    expect(await openai.json()).toEqual({ embeddings: [{ values: [1, 2] }, { values: [3, 4] }] })
    expect(upstream.requests[before + 2]!.body).toEqual({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      dimensions: 2,
    })
    const anthropic = await call()(
      '/gemini/v1beta/models/claude:embedContent',
      postJson({ content: { parts: [{ text: 'a' }] } }, key),
    )
    expect(anthropic.status).toBe(400)
    expect(await anthropic.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT' } })
  })
})
