// The golden fixtures (F1–F12, files `fixtures/<protocol>/f<N>-*`) are listed in docs/protocols.md, "Golden fixtures".
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../src/ir/errors.ts'
import type { StreamPart } from '../../src/ir/stream-part.ts'
import { createAnthropicCodec } from '../../src/protocols/anthropic/index.ts'
import { createOpenAICodec } from '../../src/protocols/openai/index.ts'
import { fixtureJson, fixtureText, parsedEvents, recordingLogger, sseEvents } from '../helpers/protocol-fixtures.ts'
import { runStepper } from '../helpers/streams.ts'

const headers = new Headers()

function codecs(nowMs = 1767225600_000) {
  const logger = recordingLogger()
  return {
    openai: createOpenAICodec({ now: () => nowMs, logger }),
    anthropic: createAnthropicCodec({ now: () => nowMs, logger }),
    logger,
  }
}

async function decodeStream(codec: ReturnType<typeof createOpenAICodec>, text: string): Promise<StreamPart[]> {
  return runStepper(codec.decodeStream(), await sseEvents(text))
}

async function encodeStream(
  codec: ReturnType<typeof createOpenAICodec>,
  parts: StreamPart[],
  model: string,
  includeUsage: boolean,
): Promise<string> {
  return runStepper(codec.encodeStream({ model, includeUsage }), parts).join('')
}

describe('golden F1: OpenAI-in → Anthropic-up, non-stream, system + tool call + cache read', () => {
  it('encodes the upstream request (default max_tokens 4096, parallel_tool_calls:false → disable_parallel_tool_use)', () => {
    const { openai, anthropic } = codecs()
    const ir = openai.decodeRequest(fixtureJson('anthropic', 'f1-client-request.json'), headers)
    const call = anthropic.encodeRequest(ir, 'claude-sonnet-4-5')
    expect(call.path).toBe('/v1/messages')
    expect(call.headers).toStrictEqual({ 'anthropic-version': '2023-06-01' })
    expect(call.body).toStrictEqual(fixtureJson('anthropic', 'f1-upstream-request.json'))
  })

  it('translates the upstream response into the client response (prompt tokens include the cache)', () => {
    const { openai, anthropic } = codecs()
    const ir = anthropic.decodeResponse(fixtureJson('anthropic', 'f1-upstream-response.json'))
    expect(openai.encodeResponse(ir, 'claude-sonnet-4-5')).toStrictEqual(
      fixtureJson('anthropic', 'f1-client-response.json'),
    )
  })
})

describe('golden F2: OpenAI-in → Anthropic-up, stream with include_usage', () => {
  async function run(includeUsage: boolean): Promise<string> {
    const { openai, anthropic } = codecs(1767225601_000)
    const parts = await decodeStream(anthropic, fixtureText('anthropic', 'f2-upstream-stream.sse'))
    return encodeStream(openai, parts, 'claude-haiku-4-5', includeUsage)
  }

  it('encodes the upstream request with max_tokens 64 and stream:true', () => {
    const { openai, anthropic } = codecs()
    const ir = openai.decodeRequest(fixtureJson('anthropic', 'f2-client-request.json'), headers)
    expect(ir.includeUsage).toBe(true)
    expect(anthropic.encodeRequest(ir, 'claude-haiku-4-5').body).toStrictEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Name one prime above 90.' }],
      stream: true,
    })
  })

  it('streams the client chunks, the usage chunk after the finish chunk, then [DONE]', async () => {
    expect(await parsedEvents(await run(true))).toStrictEqual(
      await parsedEvents(fixtureText('anthropic', 'f2-client-stream.sse')),
    )
  })

  it('without include_usage: no usage members and no usage chunk (docs/protocols.md pitfall 15)', async () => {
    expect(await parsedEvents(await run(false))).toStrictEqual(
      await parsedEvents(fixtureText('anthropic', 'f2-client-stream-without-usage.sse')),
    )
  })
})

describe('golden F5: Anthropic-in → OpenAI-up, non-stream, image + tool_result + trailing user text', () => {
  it('encodes the upstream request (tool message before the user text, cache_control dropped)', () => {
    const { openai, anthropic, logger } = codecs()
    const ir = anthropic.decodeRequest(fixtureJson('openai', 'f5-client-request.json'), headers)
    const call = openai.encodeRequest(ir, 'gpt-4.1-mini')
    expect(call.path).toBe('/chat/completions')
    expect(call.body).toStrictEqual(fixtureJson('openai', 'f5-upstream-request.json'))
    expect(logger.messages.join('\n')).toContain('cache_control')
  })

  it('translates the upstream response (input_tokens exclude the cached part)', () => {
    const { openai, anthropic } = codecs()
    const ir = openai.decodeResponse(fixtureJson('openai', 'f5-upstream-response.json'))
    expect(anthropic.encodeResponse(ir, 'gpt-4.1-mini')).toStrictEqual(fixtureJson('openai', 'f5-client-response.json'))
  })
})

describe('golden F6: Anthropic-in → OpenAI-compatible-up, stream: reasoning, text, split tool arguments', () => {
  it('encodes the upstream request (budget 2048 → reasoning_effort medium, include_usage asked)', () => {
    const { openai, anthropic } = codecs()
    const ir = anthropic.decodeRequest(fixtureJson('openai', 'f6-client-request.json'), headers)
    expect(openai.encodeRequest(ir, 'deepseek-reasoner').body).toStrictEqual(
      fixtureJson('openai', 'f6-upstream-request.json'),
    )
  })

  it('streams thinking, text and tool_use blocks; message_delta waits for the usage chunk', async () => {
    const { openai, anthropic } = codecs()
    const parts = await decodeStream(openai, fixtureText('openai', 'f6-upstream-stream.sse'))
    const text = runStepper(anthropic.encodeStream({ model: 'deepseek-reasoner', includeUsage: true }), parts).join('')
    expect(await parsedEvents(text)).toStrictEqual(await parsedEvents(fixtureText('openai', 'f6-client-stream.sse')))
  })

  it('without a usage chunk, message_delta still arrives at [DONE] with output_tokens 0', async () => {
    const { openai, anthropic } = codecs()
    const upstream = fixtureText('openai', 'f6-upstream-stream.sse')
      .split('\n\n')
      .filter((event) => !event.includes('"choices":[]'))
      .join('\n\n')
    const parts = await decodeStream(openai, upstream)
    const events = await parsedEvents(
      runStepper(anthropic.encodeStream({ model: 'deepseek-reasoner', includeUsage: true }), parts).join(''),
    )
    expect(events.map((event) => event.event).slice(-2)).toStrictEqual(['message_delta', 'message_stop'])
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 0 } })
  })
})

describe('golden F9: error translation (OpenAI and Anthropic sides)', () => {
  it('a) Anthropic 529 overloaded → failover decision, then the OpenAI client gets 529 server_error/overloaded', () => {
    const { openai, anthropic } = codecs()
    const error = anthropic.decodeError(
      529,
      JSON.stringify(fixtureJson('anthropic', 'f9a-upstream-529.json')),
      new Headers(),
      'claude-main',
    )
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({
      kind: 'overloaded',
      status: 529,
      provider: 'claude-main',
      decision: { failover: true },
    })
    expect(openai.encodeError(error)).toStrictEqual({
      status: 529,
      body: fixtureJson('anthropic', 'f9a-openai-client-error.json'),
    })
  })

  it('b) a rate limit with a 17 s wait → Anthropic client 429, retry-after: 17, rate_limit_error', () => {
    const { anthropic } = codecs()
    const error = new GatewayError({
      kind: 'rate_limit',
      status: 429,
      message: 'Quota exceeded for requests per minute.',
      provider: 'gemini-free',
      retryAfterMs: 17_000,
    })
    expect(anthropic.encodeError(error)).toStrictEqual({
      status: 429,
      headers: { 'retry-after': '17' },
      body: fixtureJson('anthropic', 'f9b-anthropic-client-error.json'),
    })
  })

  it('c) an upstream key rejected → OpenAI client 401 authentication_error / invalid_api_key', () => {
    const { openai } = codecs()
    const error = new GatewayError({
      kind: 'authentication',
      status: 401,
      message: 'API key not valid. Please pass a valid API key.',
      provider: 'gemini-free',
    })
    expect(openai.encodeError(error)).toStrictEqual({
      status: 401,
      body: fixtureJson('openai', 'f9c-openai-client-error.json'),
    })
  })

  it('d) a mid-stream Anthropic overloaded_error → an OpenAI error event and no [DONE] (docs/protocols.md pitfall 38: status 529)', async () => {
    const { openai, anthropic } = codecs()
    const parts = await decodeStream(anthropic, fixtureText('anthropic', 'f9d-upstream-stream.sse'))
    const last = parts.at(-1)
    expect(last?.type).toBe('error')
    if (last?.type === 'error')
      expect(last.error).toMatchObject({ kind: 'overloaded', status: 529, code: 'overloaded_error' })
    const text = await encodeStream(openai, parts, 'claude-sonnet-4-5', false)
    const events = await parsedEvents(text)
    expect(events.at(-1)).toStrictEqual(
      (await parsedEvents(fixtureText('anthropic', 'f9d-openai-client-error-event.sse')))[0],
    )
    expect(text).not.toContain('[DONE]')
  })
})

describe('golden F10: model listing', () => {
  const listing = [
    { id: 'gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', ownedBy: 'google' },
    { id: 'gemini-embedding-001', displayName: 'Gemini Embedding', ownedBy: 'google' },
  ]

  it('OpenAI client: every model once, object list', () => {
    const { openai } = codecs()
    expect(openai.encodeModelList([...listing, 'gemini-2.5-flash'])).toStrictEqual(
      fixtureJson('openai', 'f10-openai-client-models.json'),
    )
  })

  it('Anthropic client: limit=1 gives the first page with has_more, and after_id the next', () => {
    const { anthropic } = codecs()
    expect(anthropic.encodeModelList(listing, { limit: 1 })).toStrictEqual(
      fixtureJson('anthropic', 'f10-anthropic-client-models-limit-1.json'),
    )
    expect(anthropic.encodeModelList(listing, { limit: 1, afterId: 'gemini-2.5-flash' })).toMatchObject({
      data: [{ id: 'gemini-embedding-001', display_name: 'Gemini Embedding' }],
      has_more: false,
      first_id: 'gemini-embedding-001',
      last_id: 'gemini-embedding-001',
    })
    expect(anthropic.encodeModelList(listing, { limit: 1, beforeId: 'gemini-embedding-001' })).toMatchObject({
      data: [{ id: 'gemini-2.5-flash' }],
      has_more: false,
    })
  })
})
