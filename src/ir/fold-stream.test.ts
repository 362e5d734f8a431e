import { describe, expect, it } from 'vitest'
import { GatewayError } from './errors.ts'
import { foldStreamParts } from './fold-stream.ts'
import { responseToStreamParts } from './response-to-parts.ts'
import type { IRResponse } from './response.ts'

const response: IRResponse = {
  id: 'r1',
  model: 'm',
  created: 5,
  content: [
    { type: 'reasoning', text: 'think', signature: 's', origin: { protocol: 'anthropic' } },
    { type: 'text', text: 'hello' },
    { type: 'tool_call', id: 't1', name: 'f', args: { a: 1 }, rawArgs: '{"a":1}' },
    { type: 'reasoning', text: '', redactedData: 'x', origin: { protocol: 'anthropic' } },
  ],
  finish: { unified: 'tool_calls', raw: 'tool_use' },
  usage: { inputTokens: 3, outputTokens: 4 },
}

describe('foldStreamParts', () => {
  it('folds the parts of a response back into it', () => {
    expect(foldStreamParts(responseToStreamParts(response))).toStrictEqual(response)
  })

  it('places a tool call where its input started, even when the whole call comes later', () => {
    const folded = foldStreamParts([
      { type: 'start', id: 'r', model: 'm' },
      { type: 'tool-input-start', id: 't1', name: 'f' },
      { type: 'text-start', id: 'x' },
      { type: 'text-delta', id: 'x', delta: 'after' },
      { type: 'text-end', id: 'x' },
      { type: 'tool-call', id: 't1', name: 'f', args: {} },
      { type: 'tool-call', id: 't2', name: 'g', args: {} },
      { type: 'finish', reason: { unified: 'tool_calls' }, usage: { inputTokens: 0, outputTokens: 0 } },
    ])
    expect(folded.content.map((block) => (block.type === 'tool_call' ? block.id : block.type))).toStrictEqual([
      't1',
      'text',
      't2',
    ])
  })

  it('throws the error part, or a 502 when no finish came', () => {
    const error = new GatewayError({ kind: 'overloaded', status: 529, message: 'Overloaded' })
    expect(() =>
      foldStreamParts([
        { type: 'start', id: 'r', model: 'm' },
        { type: 'error', error },
      ]),
    ).toThrow(error)
    expect(() => foldStreamParts([{ type: 'start', id: 'r', model: 'm' }])).toThrowError(
      expect.objectContaining({ status: 502 }),
    )
  })
})
