// The golden fixtures (F12, F2) are listed in docs/protocols.md, "Golden fixtures".
import { Readable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ReadableSink } from '../../src/gateway/stream/readable-sink.ts'
import { SseRelay } from '../../src/gateway/stream/sse-relay.ts'
import type { Usage } from '../../src/ir/usage.ts'
import { createCodecs, type Codec } from '../../src/protocols/index.ts'
import { parseSseFrame } from '../../src/protocols/sse-frames.ts'
import { fixtureText } from '../helpers/protocol-fixtures.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'
import { splitAt } from '../helpers/streams.ts'

const encoder = new TextEncoder()
const codecs = createCodecs({ logger: quietLogger })

/**
 * Forwards an upstream stream as the gateway's passthrough does: its relay over the bytes as they were
 * cut, the codec's tap on every frame, the usage-only chunk dropped when pinai asked for it and the
 * client did not.
 */
async function forward(codec: Codec, chunks: Uint8Array[], includeUsage: boolean) {
  const forwarding = codec.passthrough
  if (!forwarding) throw new Error(`${codec.name} has a passthrough`)
  const tap = forwarding.tap()
  const usages: Usage[] = []
  const stage = {
    committed: true,
    finished: false,
    frames: (frames: string[]) => {
      let out = ''
      for (const raw of frames) {
        const info = tap(parseSseFrame(raw))
        if (info.usage) usages.push(info.usage)
        if (includeUsage || !info.usageOnly) out += raw
      }
      return out
    },
    end: () => '',
    failure: () => '',
  }
  const sink = new ReadableSink()
  new SseRelay(
    Readable.from(chunks.map((chunk) => Buffer.from(chunk))),
    stage,
    codec.name,
    new AbortController().signal,
    (writer) => sink.attach(writer),
  )
  let text = ''
  for await (const bytes of sink) text += String(bytes)
  return { text, usages }
}

describe('passthrough through the relay, the upstream bytes cut anywhere', () => {
  it('OpenAI (F12): every other byte unchanged, the usage-only chunk hidden, its usage recorded', async () => {
    const upstream = fixtureText('openai', 'f12-upstream-stream.sse')
    const usageFrame = upstream.split(/(?<=\n\n|\r\n\r\n)/).find((frame) => frame.includes('"choices":[]'))
    expect(usageFrame).toBeDefined()
    const expected = upstream.replace(usageFrame ?? '', '')
    const bytes = encoder.encode(upstream)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(bytes.length), { maxLength: 15 }), async (offsets) => {
        const { text, usages } = await forward(codecs.openai, splitAt(bytes, offsets), false)
        expect(text).toBe(expected)
        expect(usages.at(-1)).toStrictEqual({
          inputTokens: 9,
          outputTokens: 5,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        })
      }),
      { numRuns: 100 },
    )
  })

  it('Anthropic (F2): the bytes unchanged, the cumulative usage read', async () => {
    const upstream = fixtureText('anthropic', 'f2-upstream-stream.sse')
    const { text, usages } = await forward(
      codecs.anthropic,
      splitAt(encoder.encode(upstream), [5, 100, 101, 377]),
      false,
    )
    expect(text).toBe(upstream)
    expect(usages.at(-1)).toStrictEqual({ inputTokens: 14, outputTokens: 7, cacheReadTokens: 0, cacheWriteTokens: 0 })
  })
})
