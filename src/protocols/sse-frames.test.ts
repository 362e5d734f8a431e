import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runThrough, splitAt } from '../../test/protocols/support/streams.ts'
import { createSseFrameSplitter } from './sse-frames.ts'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

describe('createSseFrameSplitter', () => {
  it('cuts frames at blank lines without changing a byte, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('data: {"é":1}', 'data:[DONE]', ': keep-alive', 'event: ping\ndata: {}', 'data: 😀'), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(200), { maxLength: 10 }),
        async (frames, newline, offsets) => {
          const texts = frames.map((frame) => frame.replaceAll('\n', newline) + newline + newline)
          const bytes = encoder.encode(texts.join(''))
          const output = await runThrough(createSseFrameSplitter(), splitAt(bytes, offsets))
          expect(output.map((frame) => decoder.decode(frame.raw))).toStrictEqual(texts)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('reads the event of each frame and none for comments', async () => {
    const output = await runThrough(createSseFrameSplitter(), [encoder.encode(': ping\n\nevent: x\ndata:1\ndata: 2\n\ndata: tail')])
    expect(output.map((frame) => frame.event)).toStrictEqual([undefined, { event: 'x', data: '1\n2' }, { data: 'tail' }])
  })
})
