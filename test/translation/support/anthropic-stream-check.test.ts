import { describe, expect, it } from 'vitest'
import { anthropicSse } from '../../helpers/mock-upstream.ts'
import { checkAnthropicStream } from './anthropic-stream-check.ts'

const start = {
  type: 'message_start',
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'm',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 3, output_tokens: 0 },
  },
}
const end = [
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } },
  { type: 'message_stop' },
]
const text = (index: number, value: string) => [
  { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index, delta: { type: 'text_delta', text: value } },
  { type: 'content_block_stop', index },
]
const tool = (index: number, json: string[]) => [
  {
    type: 'content_block_start',
    index,
    content_block: { type: 'tool_use', id: `toolu_${index}`, name: 'Read', input: {} },
  },
  ...json.map((partial_json) => ({
    type: 'content_block_delta',
    index,
    delta: { type: 'input_json_delta', partial_json },
  })),
  { type: 'content_block_stop', index },
]
const check = (events: Array<{ type: string }>) => checkAnthropicStream(anthropicSse(events).join(''))

describe('checkAnthropicStream', () => {
  it('assembles a well-formed stream', async () => {
    const result = await check([
      start,
      { type: 'ping' },
      ...text(0, 'Hi'),
      ...tool(1, ['{"file_path":', '"/a"}']),
      ...end,
    ])
    expect(result.blocks).toEqual([
      { type: 'text', text: 'Hi' },
      { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/a' } },
    ])
    expect(result.stopReason).toBe('end_turn')
    expect(result.usage).toEqual({ input_tokens: 3, output_tokens: 2 })
  })

  it.each([
    [
      'a delta for a block never started',
      [start, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }, ...end],
      /not open/,
    ],
    ['a skipped index', [start, ...text(1, 'x'), ...end], /expected index 0/],
    ['two text blocks in one run', [start, ...text(0, 'a'), ...text(1, 'b'), ...end], /second text block/],
    ['overlapping blocks', [start, text(0, 'a')[0], ...text(1, 'b'), ...end], /still open/],
    ['a tool input that is not JSON', [start, ...tool(0, ['{"a":']), ...end], /not JSON/],
    [
      'a thinking delta in a text block',
      [
        start,
        text(0, '')[0],
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'x' } },
        ...end,
      ],
      /thinking_delta in a text block/,
    ],
    ['two message_delta events', [start, ...text(0, 'a'), ...end.slice(0, 1), ...end], /nothing but message_stop/],
    ['no message_stop', [start, ...text(0, 'a'), end[0] as { type: string }], /end with message_stop/],
    [
      'an error event',
      [start, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
      /error event/,
    ],
  ])('refuses %s', async (_name, events, message) => {
    await expect(check(events as Array<{ type: string }>)).rejects.toThrow(message)
  })
})
