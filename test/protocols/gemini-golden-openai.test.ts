// The golden fixtures (F1–F12, files `fixtures/<protocol>/f<N>-*`) are listed in docs/protocols.md, "Golden fixtures".
import { describe, expect, it } from 'vitest'
import {
  expectedEvents,
  fixtureJson,
  fixtureText,
  idsInOrder,
  parseEvent,
  sseEvents,
} from '../helpers/protocol-fixtures.ts'
import { runStepper } from '../helpers/streams.ts'
import { createGeminiCodec } from '../../src/protocols/gemini/index.ts'
import { decodeModelPage } from '../../src/protocols/gemini/model-list.ts'
import { createGeminiSideCaches } from '../../src/protocols/gemini/tool-call-cache.ts'
import { createOpenAICodec } from '../../src/protocols/openai/index.ts'
import type { StreamPart } from '../../src/ir/stream-part.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

describe('golden F3: OpenAI-in → Gemini-up, non-stream tool result round trip + thinking', () => {
  it('encodes the upstream request with the cached signature, cleaned schema and thinking budget', () => {
    const caches = createGeminiSideCaches()
    caches.calls.set('call_7d1e', { name: 'opening_hours', thoughtSignature: 'CtMBAdHtim9x' })
    const gemini = createGeminiCodec({ caches, logger: quietLogger })
    const ir = createOpenAICodec({ logger: quietLogger }).decodeRequest(
      fixtureJson('gemini', 'f3-client-request.json'),
      new Headers(),
    )
    const call = gemini.encodeRequest(ir, 'gemini-2.5-flash')
    expect(call.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent')
    expect(call.body).toEqual(fixtureJson('gemini', 'f3-upstream-request.json'))
    expect(JSON.stringify(call)).not.toContain('key')
  })

  it('decodes the upstream response into the client response', () => {
    const gemini = createGeminiCodec({ logger: quietLogger })
    const openai = createOpenAICodec({ now: () => 1767225700_000, logger: quietLogger })
    const ir = gemini.decodeResponse(fixtureJson('gemini', 'f3-upstream-response.json'))
    expect(ir.finish).toEqual({ unified: 'stop', raw: 'STOP' })
    expect(openai.encodeResponse(ir, 'gemini-2.5-flash')).toEqual(fixtureJson('gemini', 'f3-client-response.json'))
  })
})

describe('golden F4: OpenAI-in → Gemini-up, stream, parallel function calls', () => {
  it('encodes the stream request to streamGenerateContent with alt=sse', () => {
    const gemini = createGeminiCodec({ logger: quietLogger })
    const ir = createOpenAICodec({ logger: quietLogger }).decodeRequest(
      fixtureJson('gemini', 'f4-client-request.json'),
      new Headers(),
    )
    const call = gemini.encodeRequest(ir, 'gemini-2.5-flash')
    expect(call.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse')
    expect(call.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Weather in Oslo and Bergen?' }] }],
      tools: [
        {
          functionDeclarations: [
            {
              name: 'get_weather',
              parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            },
          ],
        },
      ],
    })
  })

  async function decodeF4(
    gemini = createGeminiCodec({ generateId: idsInOrder('call_q1w2e3', 'call_r4t5y6'), logger: quietLogger }),
  ) {
    const events = await sseEvents([fixtureText('gemini', 'f4-upstream-stream.sse')])
    return { gemini, parts: runStepper(gemini.decodeStream(), events) }
  }

  it('#2 numbers the calls across the whole stream and caches the signature under the synthesized id', async () => {
    const { gemini, parts } = await decodeF4()
    const calls = parts.filter((part): part is Extract<StreamPart, { type: 'tool-call' }> => part.type === 'tool-call')
    expect(calls.map((call) => [call.id, call.name, call.args])).toEqual([
      ['call_q1w2e3', 'get_weather', { city: 'Oslo' }],
      ['call_r4t5y6', 'get_weather', { city: 'Bergen' }],
    ])
    expect(gemini.caches.calls.get('call_q1w2e3')).toMatchObject({ name: 'get_weather', thoughtSignature: 'EpQCAQw8' })
    expect(gemini.caches.calls.get('call_r4t5y6')?.thoughtSignature).toBeUndefined()
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      reason: { unified: 'tool_calls', raw: 'STOP' },
      usage: { inputTokens: 52, outputTokens: 18 },
    })
  })

  it('gives the OpenAI client one whole call per chunk with indices 0 and 1, then the usage chunk', async () => {
    const { parts } = await decodeF4()
    const openai = createOpenAICodec({ now: () => 1767225750_000, logger: quietLogger })
    const text = runStepper(openai.encodeStream({ model: 'gemini-2.5-flash', includeUsage: true }), parts).join('')
    const actual = (await sseEvents([text])).map(parseEvent)
    const envelope =
      '"id":"chatcmpl-aBc1","object":"chat.completion.chunk","created":1767225750,"model":"gemini-2.5-flash"'
    const expected = await expectedEvents('gemini', 'f4-client-stream.sse', envelope)
    // The OpenAI encoder sends the role in a chunk of its own (its choice); F4 folds it into the first call chunk.
    const withoutRoleChunk = actual.filter((event) => !JSON.stringify(event.data).includes('"role":"assistant"'))
    const expectedWithoutRole = expected.map((event) =>
      JSON.parse(JSON.stringify(event).replace('"role":"assistant","content":null,', '')),
    )
    const normalize = (events: unknown[]) => JSON.parse(JSON.stringify(events).replaceAll(',"logprobs":null', ''))
    expect(normalize(withoutRoleChunk)).toEqual(normalize(expectedWithoutRole))
  })

  it('replays the next turn with both responses in one user content and the signature only on the Oslo call', async () => {
    const { gemini } = await decodeF4()
    const body = {
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'user', content: 'Weather in Oslo and Bergen?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_q1w2e3', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
            { id: 'call_r4t5y6', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Bergen"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_q1w2e3', content: '{"temp":4}' },
        { role: 'tool', tool_call_id: 'call_r4t5y6', content: 'rain' },
      ],
    }
    const ir = createOpenAICodec({ logger: quietLogger }).decodeRequest(body, new Headers())
    const call = gemini.encodeRequest(ir, 'gemini-2.5-flash')
    expect((call.body as { contents: unknown }).contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Oslo and Bergen?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Oslo' } }, thoughtSignature: 'EpQCAQw8' },
          { functionCall: { name: 'get_weather', args: { city: 'Bergen' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temp: 4 } } },
          { functionResponse: { name: 'get_weather', response: { result: 'rain' } } },
        ],
      },
    ])
  })
})

describe('golden F8: Gemini prompt block → OpenAI client', () => {
  it('becomes a content_filter choice with null content, never a 500', () => {
    const gemini = createGeminiCodec({ logger: quietLogger })
    const openai = createOpenAICodec({ now: () => 1767226000_000, logger: quietLogger })
    const ir = gemini.decodeResponse(fixtureJson('gemini', 'f8-upstream-response.json'))
    expect(ir.finish).toEqual({ unified: 'content_filter', raw: 'PROHIBITED_CONTENT' })
    expect(openai.encodeResponse(ir, 'gemini-2.5-flash')).toEqual(
      fixtureJson('gemini', 'f8-openai-client-response.json'),
    )
  })
})

describe('golden F9: Gemini errors → OpenAI client', () => {
  it('b) 429 keeps the 17 s retry delay for the cooldown and the client', () => {
    const gemini = createGeminiCodec({ logger: quietLogger })
    const error = gemini.decodeError(429, fixtureText('gemini', 'f9b-upstream-429.json'), new Headers(), 'gem-a')
    expect(error).toMatchObject({
      kind: 'rate_limit',
      status: 429,
      retryAfterMs: 17_000,
      message: 'Quota exceeded for requests per minute.',
    })
    const encoded = createOpenAICodec({ logger: quietLogger }).encodeError(error)
    expect(encoded.status).toBe(429)
  })

  it('c) API_KEY_INVALID reaches the OpenAI client as 401 invalid_api_key', () => {
    const gemini = createGeminiCodec({ logger: quietLogger })
    const error = gemini.decodeError(400, fixtureText('gemini', 'f9c-upstream-400-key.json'), new Headers(), 'gem-a')
    expect(error.decision).toEqual({ failover: true, cooldown: 'key' })
    expect(createOpenAICodec({ logger: quietLogger }).encodeError(error)).toMatchObject({
      status: 401,
      body: {
        error: {
          message: 'Upstream API key rejected',
          type: 'authentication_error',
          param: null,
          code: 'invalid_api_key',
        },
      },
    })
  })
})

describe('golden F10: Gemini model page → OpenAI model list', () => {
  it('strips models/, keeps the page token, and lists the names', () => {
    const page = decodeModelPage(fixtureJson('gemini', 'f10-upstream-models-page.json'))
    expect(page.nextPageToken).toBe('CiBtb2RlbHMv')
    expect(page.models.map((model) => model.id)).toEqual(['gemini-2.5-flash', 'gemini-embedding-001'])
    expect(page.models[1]?.methods).toContain('embedContent')
    const list = createOpenAICodec({ logger: quietLogger }).encodeModelList(
      page.models.map((model) => ({ id: model.id, ownedBy: 'google', created: 0 })),
    )
    expect(list).toEqual(fixtureJson('gemini', 'f10-openai-client-models.json'))
  })
})
