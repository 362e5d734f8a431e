import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SseEvent } from '../sse.ts'
import { openaiPassthrough } from './passthrough.ts'

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}): SseEvent => ({
  data: JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: null }],
    usage: null,
    ...extra,
  }),
})

// Texts that JSON escapes in every way, and the chunks around text that must not be read as text.
const text = fc.oneof(fc.string(), fc.constantFrom('say "hi"\\n', 'line\nbreak', '\u2028', '额度不足', '😀', ''))
const event = fc.oneof(
  text.map((content) => chunk({ content })),
  text.map((content) => chunk({ role: 'assistant', content })),
  text.map((reasoning_content) => chunk({ reasoning_content })),
  fc.constant(chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] })),
  fc.constant({
    data: JSON.stringify({ id: 'chatcmpl-1', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
  }),
  fc.constant(chunk({ content: 'x' }, { usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } })),
  fc.constant({ data: '{"code":500,"msg":"当前分组上游负载已饱和"}' }),
  fc.constant({ data: '[DONE]' }),
)

describe('OpenAI passthrough tap', () => {
  afterEach(() => vi.restoreAllMocks())

  it('reads a stream through its text templates exactly as chunk by chunk with JSON.parse', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        const tap = openaiPassthrough.tap()
        for (const item of events) {
          // A fresh tap has learned no template: it parses every chunk.
          expect(tap(item)).toStrictEqual(openaiPassthrough.tap()(item))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('parses a plain text chunk once, then reads the chunks like it without JSON.parse', () => {
    const tap = openaiPassthrough.tap()
    const parse = vi.spyOn(JSON, 'parse')
    for (let index = 0; index < 20; index++) tap(chunk({ content: `token ${index}` }))
    // The first chunk is parsed and its template checked with a probe parse; the other 19 fit it.
    expect(parse.mock.calls.length).toBeLessThanOrEqual(3)
  })
})
