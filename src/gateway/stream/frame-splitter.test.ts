import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FrameSplitter } from './frame-splitter.ts'
import { splitFrames } from './split-frames.ts'

describe('FrameSplitter', () => {
  it('gives the same events as one split of the whole text, however the text is cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('data: {"a":1}', ': ping', 'event: x\ndata: y', 'data: 中文'), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 40 }),
        (events, newline, sizes) => {
          const text = events.map((event) => event.replaceAll('\n', newline) + newline + newline).join('')
          const splitter = new FrameSplitter(1024, 'relay')
          const frames: string[] = []
          let at = 0
          for (let index = 0; at < text.length; index++) {
            const size = sizes[index % sizes.length] ?? 1
            frames.push(...splitter.push(text.slice(at, at + size)))
            at += size
          }
          expect(frames).toEqual(splitFrames(text).frames)
          expect(splitter.end('')).toBe('')
        },
      ),
      { numRuns: 300 },
    )
  })

  it('refuses an event that outgrows its limit, held or whole', () => {
    const held = new FrameSplitter(10, 'relay')
    held.push('data: 1234')
    expect(() => held.push('5')).toThrow(/larger than 10 characters/)
    expect(() => new FrameSplitter(10, 'relay').push('data: 123456789\n\n')).toThrow(/sse\.?Frame|larger/)
  })
})
