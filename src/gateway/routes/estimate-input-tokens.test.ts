import { describe, expect, it } from 'vitest'
import type { IRRequest } from '../../ir/request.ts'
import { estimateInputTokens, estimateTextTokens, mediaTokens } from './estimate-input-tokens.ts'

const request = (overrides: Partial<IRRequest>): IRRequest => ({
  model: 'm',
  messages: [],
  sampling: {},
  stream: false,
  includeUsage: false,
  ...overrides,
})

describe('estimateTextTokens', () => {
  it('counts English at about four characters a token', () => {
    expect(estimateTextTokens('')).toBe(0)
    expect(estimateTextTokens('abcd')).toBe(1)
    // "The quick brown fox jumps over the lazy dog." is 10 tokens in cl100k and o200k.
    expect(estimateTextTokens('The quick brown fox jumps over the lazy dog.')).toBe(11)
  })

  it('counts Chinese, Japanese and Korean about one character a token, other scripts two', () => {
    expect(estimateTextTokens('你好世界')).toBe(4)
    expect(estimateTextTokens('こんにちは')).toBe(5)
    expect(estimateTextTokens('안녕하세요')).toBe(5)
    expect(estimateTextTokens('привет')).toBe(3)
    expect(estimateTextTokens('𠀀')).toBe(1)
  })
})

describe('estimateInputTokens', () => {
  it('adds framing per message, the system text, tool definitions and a flat price per image', () => {
    const base = estimateInputTokens(
      request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'abcdabcd' }] }] }),
    )
    expect(base).toBe(3 + 4 + 2)
    const withSystem = estimateInputTokens(
      request({
        system: [{ type: 'text', text: 'abcd' }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'abcdabcd' }] }],
      }),
    )
    expect(withSystem).toBe(base + 4 + 1)
    const withImage = estimateInputTokens(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'abcdabcd' },
              { type: 'image', source: { kind: 'base64', mime: 'image/png', data: 'iVBORw0KGgo=' } },
            ],
          },
        ],
      }),
    )
    expect(withImage).toBe(base + mediaTokens)
    const tool = {
      type: 'function' as const,
      name: 'Read',
      description: 'Read a file',
      parameters: { type: 'object', properties: { file_path: { type: 'string' } } },
    }
    const withTool = estimateInputTokens(
      request({ tools: [tool], messages: [{ role: 'user', content: [{ type: 'text', text: 'abcdabcd' }] }] }),
    )
    expect(withTool - base).toBe(
      estimateTextTokens(
        JSON.stringify({ name: tool.name, description: tool.description, parameters: tool.parameters }),
      ),
    )
  })

  it('counts tool calls, tool results and reasoning in the history', () => {
    const history = request({
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'abcdabcd', origin: { protocol: 'anthropic' } },
            { type: 'tool_call', id: 'c1', name: 'Read', args: { a: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              callId: 'c1',
              name: 'Read',
              isError: false,
              content: [{ type: 'text', text: 'abcdabcdabcd' }],
            },
          ],
        },
      ],
    })
    expect(estimateInputTokens(history)).toBe(3 + (4 + 2 + 1 + estimateTextTokens('{"a":1}')) + (4 + 1 + 3))
  })
})
