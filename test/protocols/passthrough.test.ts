// The golden fixtures (F1–F12, files `fixtures/<protocol>/f<N>-*`) are listed in docs/protocols.md, "Golden fixtures".
import { describe, expect, it } from 'vitest'
import type { GatewayError } from '../../src/ir/errors.ts'
import type { Usage } from '../../src/ir/usage.ts'
import { createAnthropicCodec } from '../../src/protocols/anthropic/index.ts'
import type { Codec } from '../../src/protocols/codec.ts'
import { createOpenAICodec } from '../../src/protocols/openai/index.ts'
import { createOpenAIResponsesCodec } from '../../src/protocols/openai-responses/index.ts'
import { parseSseFrame } from '../../src/protocols/sse-frames.ts'
import { fixtureJson, fixtureText } from '../helpers/protocol-fixtures.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

/**
 * Forwards an upstream stream the way the gateway's passthrough does, frame by frame: the codec's tap on
 * every frame, the usage-only chunk dropped when pinai asked for it and the client did not. (Bytes cut
 * anywhere, through the gateway's relay: test/gateway/passthrough-relay.test.ts.)
 */
function forward(codec: Codec, text: string, includeUsage: boolean) {
  const forwarding = codec.passthrough
  if (!forwarding) throw new Error(`${codec.name} has a passthrough`)
  const tap = forwarding.tap()
  const usages: Usage[] = []
  const errors: GatewayError[] = []
  let out = ''
  for (const raw of text.split(/(?<=\n\n|\r\n\r\n)/)) {
    const info = tap(parseSseFrame(raw))
    if (info.usage) usages.push(info.usage)
    if (info.error) errors.push(info.error)
    if (includeUsage || !info.usageOnly) out += raw
  }
  return { text: out, usages, errors }
}

const openaiCodec = createOpenAICodec({ logger: quietLogger })
const anthropicCodec = createAnthropicCodec({ logger: quietLogger })

describe('golden F12: OpenAI → OpenAI passthrough with usage injected for accounting', () => {
  const upstream = fixtureText('openai', 'f12-upstream-stream.sse')
  const frames = upstream.split(/(?<=\n\n|\r\n\r\n)/)
  const usageFrame = frames.find((frame) => frame.includes('"choices":[]'))

  it('asks the upstream for usage and remembers the client did not', () => {
    const prepared = openaiCodec.passthrough?.request(
      fixtureJson('openai', 'f12-client-request.json'),
      'gpt-4.1-mini-2025-04-14',
      new Headers(),
    )
    expect(prepared).toStrictEqual({
      call: {
        path: '/chat/completions',
        body: {
          model: 'gpt-4.1-mini-2025-04-14',
          stream: true,
          messages: [{ role: 'user', content: 'Greet me.' }],
          stream_options: { include_usage: true },
        },
      },
      includeUsage: false,
      stream: true,
      unchanged: false,
    })
  })

  it('forwards every other byte unchanged, hides the usage-only chunk, and records its usage (docs/protocols.md pitfalls 9, 15)', () => {
    expect(usageFrame).toBeDefined()
    const { text, usages } = forward(openaiCodec, upstream, false)
    expect(text).toBe(upstream.replace(usageFrame ?? '', ''))
    expect(usages.at(-1)).toStrictEqual({
      inputTokens: 9,
      outputTokens: 5,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    })
  })

  it('forwards the usage chunk too when the client asked for it', () => {
    expect(forward(openaiCodec, upstream, true).text).toBe(upstream)
  })

  it('reports an error event inside the stream', () => {
    const text = 'data: {"error":{"message":"Rate limited","type":"requests","code":"rate_limit_exceeded"}}\n\n'
    const result = forward(openaiCodec, text, false)
    expect(result.text).toBe(text)
    expect(result.errors[0]).toMatchObject({ kind: 'rate_limit', status: 429, message: 'Rate limited' })
  })

  it('holds the commit point until the first content: the role-only chunk is not it', () => {
    const tap = openaiCodec.passthrough!.tap()
    expect(
      tap(parseSseFrame('data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n')).kind,
    ).toBe('meta')
    expect(tap(undefined).kind).toBe('meta')
    expect(tap(parseSseFrame('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n')).kind).toBe('content')
    expect(
      tap(
        parseSseFrame(
          'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f"}}]}}]}\n\n',
        ),
      ).kind,
    ).toBe('content')
    expect(tap(parseSseFrame('data: {not json\n\n'))).toMatchObject({ kind: 'error', error: { status: 502 } })
  })
})

describe('Anthropic → Anthropic passthrough', () => {
  it('renames the model and keeps the protocol headers', () => {
    const prepared = anthropicCodec.passthrough?.request(
      { model: 'sonnet', max_tokens: 10, stream: true, messages: [] },
      'claude-sonnet-4-5-20250929',
      new Headers({
        'anthropic-version': '2023-06-01',
        'anthropic-beta': 'interleaved-thinking-2025-05-14',
        'x-api-key': 'client-token',
      }),
    )
    expect(prepared).toStrictEqual({
      call: {
        path: '/v1/messages',
        body: { model: 'claude-sonnet-4-5-20250929', max_tokens: 10, stream: true, messages: [] },
        headers: { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14' },
      },
      includeUsage: true,
      stream: true,
      unchanged: false,
    })
  })

  it('forwards the bytes unchanged and reads cumulative usage (docs/protocols.md pitfalls 11, 12)', () => {
    const upstream = fixtureText('anthropic', 'f2-upstream-stream.sse')
    const { text, usages } = forward(anthropicCodec, upstream, false)
    expect(text).toBe(upstream)
    expect(usages.at(-1)).toStrictEqual({ inputTokens: 14, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0 })
  })

  it('reads the commit point and an error event inside the 200', () => {
    const tap = anthropicCodec.passthrough!.tap()
    expect(tap(parseSseFrame('event: ping\ndata: {"type":"ping"}\n\n')).kind).toBe('meta')
    expect(
      tap(
        parseSseFrame(
          'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
        ),
      ).kind,
    ).toBe('meta')
    expect(
      tap(
        parseSseFrame(
          'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n',
        ),
      ).kind,
    ).toBe('content')
    expect(
      tap(
        parseSseFrame(
          'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
        ),
      ),
    ).toMatchObject({
      kind: 'error',
      error: { kind: 'overloaded', status: 529 },
    })
  })
})

describe('Responses → Responses passthrough', () => {
  const codec = createOpenAIResponsesCodec({ logger: quietLogger })
  const forwarding = codec.passthrough
  if (!forwarding) throw new Error('the Responses codec has a passthrough')

  it('renames only the model, and the stream is forwarded as it came with the usage of response.completed read', () => {
    const body = { model: 'gpt-5', input: 'Hi', stream: true, store: false, include: ['reasoning.encrypted_content'] }
    expect(forwarding.request(body, 'gpt-5-mini', new Headers())).toEqual({
      call: { path: '/responses', body: { ...body, model: 'gpt-5-mini' } },
      includeUsage: true,
      stream: true,
      unchanged: false,
    })
    const upstream = fixtureText('e2e', 'openai-responses/tools.sse')
    const forwarded = forward(codec, upstream, false)
    expect(forwarded.text).toBe(upstream)
    expect(forwarded.usages).toEqual([{ inputTokens: 96, outputTokens: 52, cacheReadTokens: 0, reasoningTokens: 0 }])
    expect(forwarded.errors).toEqual([])
  })

  it('commits at the first delta, not at response.created; a text delta past it is quiet, the terminal event is not', () => {
    const frames = fixtureText('e2e', 'openai-responses/plain.sse').split(/(?<=\n\n)/)
    const tap = forwarding.tap()
    const kinds = frames.map((raw) => tap(parseSseFrame(raw)).kind)
    expect(kinds.slice(0, 4)).toEqual(['meta', 'meta', 'meta', 'meta'])
    expect(kinds[4]).toBe('content')
    const delta = frames.find((raw) => raw.includes('"response.output_text.delta"')) ?? ''
    const completed = frames.find((raw) => raw.includes('"response.completed"')) ?? ''
    expect(forwarding.quiet(delta)).toBe(true)
    expect(forwarding.quiet(completed)).toBe(false)
    // Only the terminal event finishes the answer: a stream cut before it is an error for the client.
    expect(frames.filter((raw) => forwarding.finishes(raw))).toEqual([completed])
  })

  it('response.failed and error events inside the 200 are errors of their kind', () => {
    const tap = forwarding.tap()
    const failed = tap({
      event: 'response.failed',
      data: JSON.stringify({
        type: 'response.failed',
        response: { status: 'failed', error: { code: 'rate_limit_exceeded', message: 'Slow down' } },
      }),
    })
    expect(failed).toMatchObject({ kind: 'error', error: { kind: 'rate_limit', status: 429, message: 'Slow down' } })
    const error = tap({
      event: 'error',
      data: JSON.stringify({ type: 'error', code: 'server_error', message: 'Boom', param: null }),
    })
    expect(error).toMatchObject({ kind: 'error', error: { message: 'Boom' } })
  })
})
