// The golden fixtures (F1–F12, files `fixtures/<protocol>/f<N>-*`) are listed in docs/protocols.md, "Golden fixtures".
import { Readable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ReadableSink } from '../../src/gateway/stream/readable-sink.ts'
import { SseRelay } from '../../src/gateway/stream/sse-relay.ts'
import type { GatewayError } from '../../src/ir/errors.ts'
import type { Usage } from '../../src/ir/usage.ts'
import { anthropicCodec } from '../../src/protocols/anthropic/index.ts'
import type { Codec } from '../../src/protocols/codec.ts'
import { openaiCodec } from '../../src/protocols/openai/index.ts'
import { parseSseFrame } from '../../src/protocols/sse-frames.ts'
import { fixtureJson, fixtureText } from '../helpers/protocol-fixtures.ts'
import { splitAt } from '../helpers/streams.ts'

const encoder = new TextEncoder()

/**
 * Forwards an upstream stream the way the gateway's passthrough does: the gateway's relay over the bytes
 * as they were cut, the codec's tap on every frame, the usage-only chunk dropped when pinai asked for it
 * and the client did not.
 */
async function forward(codec: Codec, chunks: Uint8Array[], includeUsage: boolean) {
  const forwarding = codec.passthrough
  if (!forwarding) throw new Error(`${codec.name} has a passthrough`)
  const tap = forwarding.tap()
  const usages: Usage[] = []
  const errors: GatewayError[] = []
  const stage = {
    committed: true,
    frames: (frames: string[]) => {
      let out = ''
      for (const raw of frames) {
        const info = tap(parseSseFrame(raw))
        if (info.usage) usages.push(info.usage)
        if (info.error) errors.push(info.error)
        if (includeUsage || !info.usageOnly) out += raw
      }
      return out
    },
    end: () => '',
    failure: () => '',
  }
  const sink = new ReadableSink()
  new SseRelay(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), stage, codec.name, new AbortController().signal, (writer) => sink.attach(writer))
  let text = ''
  for await (const bytes of sink) text += String(bytes)
  return { text, usages, errors }
}

describe('golden F12: OpenAI → OpenAI passthrough with usage injected for accounting', () => {
  const upstream = fixtureText('openai', 'f12-upstream-stream.sse')
  const frames = upstream.split(/(?<=\n\n|\r\n\r\n)/)
  const usageFrame = frames.find((frame) => frame.includes('"choices":[]'))

  it('asks the upstream for usage and remembers the client did not', () => {
    const prepared = openaiCodec.passthrough?.request(fixtureJson('openai', 'f12-client-request.json'), 'gpt-4.1-mini-2025-04-14', new Headers())
    expect(prepared).toStrictEqual({
      call: {
        path: '/chat/completions',
        body: { model: 'gpt-4.1-mini-2025-04-14', stream: true, messages: [{ role: 'user', content: 'Greet me.' }], stream_options: { include_usage: true } },
      },
      includeUsage: false,
      stream: true,
      unchanged: false,
    })
  })

  it('forwards every other byte unchanged, hides the usage-only chunk, and records its usage (any chunking; docs/protocols.md pitfalls 9, 15)', async () => {
    expect(usageFrame).toBeDefined()
    const expected = upstream.replace(usageFrame ?? '', '')
    const bytes = encoder.encode(upstream)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(bytes.length), { maxLength: 15 }), async (offsets) => {
        const { text, usages } = await forward(openaiCodec, splitAt(bytes, offsets), false)
        expect(text).toBe(expected)
        expect(usages.at(-1)).toStrictEqual({ inputTokens: 9, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 })
      }),
      { numRuns: 100 },
    )
  })

  it('forwards the usage chunk too when the client asked for it', async () => {
    expect((await forward(openaiCodec, [encoder.encode(upstream)], true)).text).toBe(upstream)
  })

  it('reports an error event inside the stream', async () => {
    const text = 'data: {"error":{"message":"Rate limited","type":"requests","code":"rate_limit_exceeded"}}\n\n'
    const result = await forward(openaiCodec, [encoder.encode(text)], false)
    expect(result.text).toBe(text)
    expect(result.errors[0]).toMatchObject({ kind: 'rate_limit', status: 429, message: 'Rate limited' })
  })

  it('holds the commit point until the first content: the role-only chunk is not it', () => {
    const tap = openaiCodec.passthrough!.tap()
    expect(tap(parseSseFrame('data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n')).kind).toBe('meta')
    expect(tap(undefined).kind).toBe('meta')
    expect(tap(parseSseFrame('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n')).kind).toBe('content')
    expect(tap(parseSseFrame('data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f"}}]}}]}\n\n')).kind).toBe('content')
    expect(tap(parseSseFrame('data: {not json\n\n'))).toMatchObject({ kind: 'error', error: { status: 502 } })
  })
})

describe('Anthropic → Anthropic passthrough', () => {
  it('renames the model and keeps the protocol headers', () => {
    const prepared = anthropicCodec.passthrough?.request(
      { model: 'sonnet', max_tokens: 10, stream: true, messages: [] },
      'claude-sonnet-4-5-20250929',
      new Headers({ 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'x-api-key': 'client-token' }),
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

  it('forwards the bytes unchanged and reads cumulative usage (docs/protocols.md pitfalls 11, 12)', async () => {
    const upstream = fixtureText('anthropic', 'f2-upstream-stream.sse')
    const bytes = encoder.encode(upstream)
    const { text, usages } = await forward(anthropicCodec, splitAt(bytes, [5, 100, 101, 377]), false)
    expect(text).toBe(upstream)
    expect(usages.at(-1)).toStrictEqual({ inputTokens: 14, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0 })
  })

  it('reads the commit point and an error event inside the 200', () => {
    const tap = anthropicCodec.passthrough!.tap()
    expect(tap(parseSseFrame('event: ping\ndata: {"type":"ping"}\n\n')).kind).toBe('meta')
    expect(tap(parseSseFrame('event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n')).kind).toBe('meta')
    expect(tap(parseSseFrame('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}\n\n')).kind).toBe('content')
    expect(tap(parseSseFrame('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n'))).toMatchObject({
      kind: 'error',
      error: { kind: 'overloaded', status: 529 },
    })
  })
})
