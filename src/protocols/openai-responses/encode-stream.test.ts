import { describe, expect, it } from 'vitest'
import type { StreamPart } from '../../ir/stream-part.ts'
import { createEncodeStream } from './encode-stream.ts'
import { createItemMemory } from './item-memory.ts'
import { createToolNames } from './tool-names.ts'

function encode(parts: StreamPart[]): Array<{ type: string; sequence_number: number; item?: { type: string } }> {
  let next = 0
  const stepper = createEncodeStream({
    model: 'm',
    nowSeconds: () => 1,
    generateId: (prefix) => `${prefix}${++next}`,
    tools: createToolNames(),
    memory: createItemMemory(),
  })
  const out: string[] = []
  for (const part of parts) stepper.push(part, out)
  stepper.end(out)
  return out.map(
    (frame) => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as { type: string; sequence_number: number },
  )
}

describe('the Responses stream encoder', () => {
  it('gives text and reasoning that come without their start parts an item each, with output_item.done', () => {
    const events = encode([
      { type: 'start', id: 'r', model: 'u' },
      { type: 'reasoning-delta', id: 'x', delta: 'Hmm' },
      { type: 'text-delta', id: 'y', delta: 'Hi' },
      { type: 'finish', reason: { unified: 'stop' }, usage: { inputTokens: 1, outputTokens: 1 } },
    ])
    expect(
      events.filter((event) => event.type === 'response.output_item.done').map((event) => event.item?.type),
    ).toEqual(['reasoning', 'message'])
    expect(events.at(-1)?.type).toBe('response.completed')
  })

  it('closes what is open and completes a stream whose parts end without a finish', () => {
    const events = encode([
      { type: 'start', id: 'r', model: 'u' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Cut' },
    ])
    expect(events.map((event) => event.type).slice(-3)).toEqual([
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ])
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index))
  })

  it('a length finish is response.incomplete naming max_output_tokens', () => {
    const events = encode([
      { type: 'start', id: 'r', model: 'u' },
      { type: 'finish', reason: { unified: 'length' }, usage: { inputTokens: 1, outputTokens: 1 } },
    ]) as Array<{ type: string; response?: { incomplete_details: unknown } }>
    expect(events.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    })
  })
})
