import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import type { StreamPart } from '../../ir/stream-part.ts'
import { createOpenAICodec } from './index.ts'

function decode(datas: readonly string[]): StreamPart[] {
  let next = 0
  const decoder = createOpenAICodec({
    generateId: (prefix) => `${prefix}${(next += 1)}`,
    logger: { warn: () => undefined },
  }).decodeStream()
  const parts: StreamPart[] = []
  for (const data of datas) decoder.push({ data }, parts)
  decoder.end(parts)
  return parts
}

const text = fc.string({ unit: 'grapheme', maxLength: 8 })
const delta = fc.oneof(
  { weight: 6, arbitrary: fc.record({ content: text }) },
  { weight: 2, arbitrary: fc.record({ reasoning_content: text }) },
  fc.record({ reasoning: text }),
  fc.record({ role: fc.constant('assistant'), content: text }),
  fc.record({ content: fc.constant(null), reasoning_content: text }),
  fc.record({ refusal: text }),
  fc.record({ tool_calls: fc.constant([{ index: 0, id: 'call_a', function: { name: 'f', arguments: '{"a":' } }]) }),
  fc.record({ tool_calls: fc.constant([{ index: 0, function: { arguments: '1}' } }]) }),
)
const chunk = fc.oneof(
  { weight: 8, arbitrary: delta.map((value) => ({ choices: [{ index: 0, delta: value, finish_reason: null }] })) },
  fc.constant({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
  fc.constant({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 7 } }),
)

describe('OpenAI stream decoding', () => {
  it('reads chunks through text templates exactly as through JSON.parse', () => {
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 30 }), fc.boolean(), (chunks, done) => {
        const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' }
        const datas = chunks.map((body) => JSON.stringify({ ...head, ...body }))
        // A field that changes in every chunk: no template ever fits, every chunk goes through JSON.parse.
        const parsedOnly = chunks.map((body, index) => JSON.stringify({ ...head, ...body, n: index }))
        const tail = done ? ['[DONE]'] : []
        expect(decode([...datas, ...tail])).toEqual(decode([...parsedOnly, ...tail]))
      }),
      { numRuns: 300 },
    )
  })

  it('reads text written with other escapes than JSON.stringify writes, chunk after chunk', () => {
    // \u escapes for every character: no template can be cut from these chunks, so each is parsed.
    const escaped = (text: string) =>
      [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
    const datas = ['H', 'é', '\n', '"'].map(
      (text) => `{"id":"c","choices":[{"index":0,"delta":{"content":"${escaped(text)}"},"finish_reason":null}]}`,
    )
    const parts = decode([
      ...datas,
      JSON.stringify({ id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    ])
    expect(parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('')).toBe('Hé\n"')
  })

  it('reads a long run of text chunks whole, whatever their escapes', () => {
    const texts = ['Hel', 'lo', ' "w', 'orld"', '\n', 'é', '🙂', '\\', '']
    const datas = texts.map((content) =>
      JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content }, finish_reason: null }] }),
    )
    const parts = decode([
      ...datas,
      JSON.stringify({ id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      '[DONE]',
    ])
    const deltas = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : []))
    expect(deltas.join('')).toBe(texts.join(''))
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: { unified: 'stop' } })
  })

  it('reads the text chunks after the opening one without JSON.parse', () => {
    const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' }
    const opening = JSON.stringify({
      ...head,
      choices: [{ index: 0, delta: { role: 'assistant', content: 't0 ' }, finish_reason: null }],
    })
    const texts = Array.from({ length: 10 }, (_, index) => `t${index + 1} `)
    const datas = texts.map((content) =>
      JSON.stringify({ ...head, choices: [{ index: 0, delta: { content }, finish_reason: null }] }),
    )
    const finish = JSON.stringify({ ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })
    const parse = vi.spyOn(JSON, 'parse')
    try {
      const parts = decode([opening, ...datas, finish, '[DONE]'])
      expect(parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('')).toBe(
        ['t0 ', ...texts].join(''),
      )
      // The opening chunk, the first plain one and its template's probe, the finish: the other nine are read through the template.
      expect(parse).toHaveBeenCalledTimes(4)
    } finally {
      parse.mockRestore()
    }
  })
})
