import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sseEncode } from './sse.ts'
import { parseSseFrame } from './sse-frames.ts'

describe('parseSseFrame', () => {
  it('reads single data frames with any line ending, with or without the space', () => {
    expect(parseSseFrame('data: {"a":1}\n\n')).toEqual({ data: '{"a":1}' })
    expect(parseSseFrame('data:{"a":1}\r\n\r\n')).toEqual({ data: '{"a":1}' })
    expect(parseSseFrame('data:  two spaces\r\r')).toEqual({ data: ' two spaces' })
    expect(parseSseFrame('data: [DONE]\n\n')).toEqual({ data: '[DONE]' })
  })

  it('reads named, multi-line, commented and unterminated frames', () => {
    expect(parseSseFrame('event: ping\ndata: {}\n\n')).toEqual({ event: 'ping', data: '{}' })
    expect(parseSseFrame('data: a\ndata: b\n\n')).toEqual({ data: 'a\nb' })
    expect(parseSseFrame('data: a\r\n: note\r\ndata: b\r\n\r\n')).toEqual({ data: 'a\nb' })
    expect(parseSseFrame('data: cut off')).toEqual({ data: 'cut off' })
    expect(parseSseFrame(': keep-alive\n\n')).toBeUndefined()
  })

  it('reads back what sseEncode wrote', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ':', '\n', '\r', '{', '"') })
    fc.assert(
      fc.property(fc.option(fc.constantFrom('message_start', 'ping'), { nil: undefined }), line, (event, data) => {
        const normalized = data.replace(/\r\n|\r/g, '\n')
        const parsed = parseSseFrame(sseEncode(event === undefined ? { data } : { event, data }))
        expect(parsed).toEqual(event === undefined ? { data: normalized } : { event, data: normalized })
      }),
    )
  })
})
