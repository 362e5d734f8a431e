import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runThrough, splitAt } from '../../test/helpers/streams.ts'
import { createSseParser, sseEncode, type SseEvent } from './sse.ts'

const encoder = new TextEncoder()

async function parse(chunks: readonly (Uint8Array | string)[]): Promise<SseEvent[]> {
  return runThrough(createSseParser(), chunks)
}

const eventArbitrary: fc.Arbitrary<SseEvent> = fc
  .record(
    {
      event: fc.constantFrom('message_start', 'content_block_delta', 'ping', 'error'),
      // Multibyte text (é, —, emoji) so that splits land inside UTF-8 sequences.
      data: fc
        .array(fc.constantFrom('{"a":1}', 'é', '—', '😀', 'text', ' ', '[DONE]', '"x"'), { minLength: 1, maxLength: 6 })
        .map((parts) => parts.join(''))
        // Without the optional space after `data:`, a leading space would be (rightly) stripped.
        .filter((data) => !data.startsWith(' ')),
    },
    { requiredKeys: ['data'] },
  )
  .map((event) => ({ ...event }))

type Style = { newline: string; space: string; comment: boolean }

function render(events: readonly SseEvent[], style: Style): string {
  return events
    .map((event) => {
      const lines: string[] = []
      if (style.comment) lines.push(': keep-alive')
      if (event.event !== undefined) lines.push(`event:${style.space}${event.event}`)
      lines.push(`data:${style.space}${event.data}`)
      return lines.join(style.newline) + style.newline + style.newline
    })
    .join('')
}

describe('createSseParser', () => {
  it('parses events whatever the chunk boundaries, line endings and spacing (docs/protocols.md pitfalls 30, 39, 40, 41)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArbitrary, { minLength: 1, maxLength: 5 }),
        fc.record({
          newline: fc.constantFrom('\n', '\r\n', '\r'),
          space: fc.constantFrom('', ' '),
          comment: fc.boolean(),
        }),
        fc.array(fc.nat(400), { maxLength: 12 }),
        async (events, style, offsets) => {
          const bytes = encoder.encode(render(events, style))
          const parsed = await parse(splitAt(bytes, offsets))
          expect(parsed).toStrictEqual(events)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('joins several data lines with a newline and drops comments', async () => {
    const parsed = await parse([': OPENROUTER PROCESSING\n\ndata: a\ndata: b\n\n: ping\n'])
    expect(parsed).toStrictEqual([{ data: 'a\nb' }])
  })

  it('delivers a last event that lost its blank line (a cut stream)', async () => {
    const parsed = await parse(['data: {"x":1}\n\ndata: {"trunc'])
    expect(parsed).toStrictEqual([{ data: '{"x":1}' }, { data: '{"trunc' }])
  })

  it('accepts text chunks as well as bytes', async () => {
    expect(await parse(['event: ping\r\n', 'data: {}\r\n\r\n'])).toStrictEqual([{ event: 'ping', data: '{}' }])
  })
})

describe('sseEncode', () => {
  it('writes an event line, one data line per line, and a blank line', () => {
    expect(sseEncode({ event: 'message_stop', data: '{"type":"message_stop"}' })).toBe(
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    )
    expect(sseEncode({ data: 'a\nb' })).toBe('data: a\ndata: b\n\n')
  })

  it('round-trips through the parser', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary, { minLength: 1, maxLength: 4 }), async (events) => {
        expect(await parse([events.map(sseEncode).join('')])).toStrictEqual(events)
      }),
    )
  })
})
