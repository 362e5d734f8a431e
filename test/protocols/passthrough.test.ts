import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { GatewayError } from '../../src/ir/errors.ts'
import type { Usage } from '../../src/ir/usage.ts'
import { anthropicCodec } from '../../src/protocols/anthropic/index.ts'
import { openaiCodec } from '../../src/protocols/openai/index.ts'
import { fixtureJson, fixtureText } from './support/fixtures.ts'
import { runThrough, splitAt } from './support/streams.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function concat(chunks: Uint8Array[]): string {
  return chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('') + decoder.decode()
}

describe('golden F12: OpenAI → OpenAI passthrough with usage injected for accounting', () => {
  const upstream = fixtureText('openai', 'f12-upstream-stream.sse')
  const frames = upstream.split(/(?<=\n\n|\r\n\r\n)/)
  const usageFrame = frames.find((frame) => frame.includes('"choices":[]'))

  it('asks the upstream for usage and remembers the client did not', () => {
    const prepared = openaiCodec.passthroughRequest?.(fixtureJson('openai', 'f12-client-request.json'), 'gpt-4.1-mini-2025-04-14', new Headers())
    expect(prepared).toStrictEqual({
      call: {
        path: '/chat/completions',
        body: { model: 'gpt-4.1-mini-2025-04-14', stream: true, messages: [{ role: 'user', content: 'Greet me.' }], stream_options: { include_usage: true } },
      },
      includeUsage: false,
      stream: true,
    })
  })

  it('forwards every other byte unchanged, hides the usage-only chunk, and records its usage (any chunking; pitfalls 9, 15)', async () => {
    expect(usageFrame).toBeDefined()
    const expected = upstream.replace(usageFrame ?? '', '')
    const bytes = encoder.encode(upstream)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(bytes.length), { maxLength: 15 }), async (offsets) => {
        const usages: Usage[] = []
        const stream = openaiCodec.passthroughStream?.({ includeUsage: false, onUsage: (usage) => usages.push(usage) })
        if (!stream) throw new Error('the OpenAI codec has a passthrough stream')
        const output = concat(await runThrough(stream, splitAt(bytes, offsets)))
        expect(output).toBe(expected)
        expect(usages.at(-1)).toStrictEqual({ inputTokens: 9, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 })
      }),
      { numRuns: 100 },
    )
  })

  it('forwards the usage chunk too when the client asked for it', async () => {
    const stream = openaiCodec.passthroughStream?.({ includeUsage: true })
    if (!stream) throw new Error('the OpenAI codec has a passthrough stream')
    expect(concat(await runThrough(stream, [encoder.encode(upstream)]))).toBe(upstream)
  })

  it('reports an error event inside the stream', async () => {
    const errors: GatewayError[] = []
    const stream = openaiCodec.passthroughStream?.({ includeUsage: false, onError: (error) => errors.push(error) })
    if (!stream) throw new Error('the OpenAI codec has a passthrough stream')
    const text = 'data: {"error":{"message":"Rate limited","type":"requests","code":"rate_limit_exceeded"}}\n\n'
    expect(concat(await runThrough(stream, [encoder.encode(text)]))).toBe(text)
    expect(errors[0]).toMatchObject({ kind: 'rate_limit', status: 429, message: 'Rate limited' })
  })
})

describe('Anthropic → Anthropic passthrough', () => {
  it('renames the model and keeps the protocol headers', () => {
    const prepared = anthropicCodec.passthroughRequest?.(
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
    })
  })

  it('forwards the bytes unchanged and reads cumulative usage (pitfalls 11, 12)', async () => {
    const upstream = fixtureText('anthropic', 'f2-upstream-stream.sse')
    const usages: Usage[] = []
    const stream = anthropicCodec.passthroughStream?.({ includeUsage: true, onUsage: (usage) => usages.push(usage) })
    if (!stream) throw new Error('the Anthropic codec has a passthrough stream')
    const bytes = encoder.encode(upstream)
    expect(concat(await runThrough(stream, splitAt(bytes, [5, 100, 101, 377])))).toBe(upstream)
    expect(usages.at(-1)).toStrictEqual({ inputTokens: 14, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0 })
  })
})
