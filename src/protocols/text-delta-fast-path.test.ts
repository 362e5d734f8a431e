import { describe, expect, it } from 'vitest'
import type { StreamPart } from '../ir/stream-part.ts'
import type { Stepper } from './codec.ts'
import { createEncodeStream as anthropicEncoder } from './anthropic/encode-stream.ts'
import { createEncodeStream as openaiEncoder } from './openai/encode-stream.ts'

// Texts that JSON escapes in every way: quotes, backslashes, control characters, line separators, astral.
const texts = ['plain', 'say "hi"\\n', 'line\nbreak\r\ttab', '\u2028\u2029\u0000', 'é中😀', '</script>']

function run(encoder: Stepper<StreamPart, string>, parts: StreamPart[]): string[] {
  const out: string[] = []
  for (const part of parts) encoder.push(part, out)
  return out
}

const parts = (text: string): StreamPart[] => [
  { type: 'start', id: 'x1', model: 'm', created: 1700000000 },
  { type: 'text-start', id: 't' },
  { type: 'text-delta', id: 't', delta: text },
]

describe('text delta events written directly', () => {
  it.each(texts)('Anthropic: the same bytes as the generic event for %j', (text) => {
    const out = run(
      anthropicEncoder({
        model: 'claude',
        generateId: (prefix) => `${prefix}1`,
        drops: { drop: () => undefined, flush: () => undefined },
      }),
      parts(text),
    )
    const data = JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })
    expect(out.at(-1)).toBe(`event: content_block_delta\ndata: ${data}\n\n`)
  })

  it.each([false, true])('OpenAI (include_usage %s): the same bytes as the generic chunk', (includeUsage) => {
    for (const text of texts) {
      const out = run(
        openaiEncoder({ model: 'gpt', includeUsage, nowSeconds: () => 1, generateId: (prefix) => `${prefix}1` }),
        parts(text),
      )
      const body: Record<string, unknown> = {
        id: 'chatcmpl-x1',
        object: 'chat.completion.chunk',
        created: 1700000000,
        model: 'gpt',
        choices: [{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }],
      }
      if (includeUsage) body.usage = null
      const role = JSON.parse((out[0] ?? '').slice(6)) as { id: string }
      body.id = role.id
      expect(out.at(-1)).toBe(`data: ${JSON.stringify(body)}\n\n`)
    }
  })
})
