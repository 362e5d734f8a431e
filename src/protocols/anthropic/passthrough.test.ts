import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SseEvent } from '../sse.ts'
import { expectParsedNotTemplated } from '../../../test/helpers/passthrough-tap.ts'
import { anthropicPassthrough } from './passthrough.ts'

const event = (data: Record<string, unknown>): SseEvent => ({
  event: typeof data.type === 'string' ? data.type : undefined,
  data: JSON.stringify(data),
})
const delta = (index: number, value: Record<string, unknown>): SseEvent =>
  event({ type: 'content_block_delta', index, delta: value })

// Texts that JSON escapes in every way, and the events around deltas that must not be read as a delta.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('say "hi"\\n', 'line\nbreak', '\\', '\u2028', '\u0000\u001f', '额度不足', '😀', '\ud800', ''),
)
const index = fc.constantFrom(0, 1)
// Runs of deltas of one kind in one block, as a stream sends them: the second of a run on fits a template.
const deltas = fc.oneof(
  fc
    .tuple(index, fc.array(text, { minLength: 1, maxLength: 6 }))
    .map(([at, values]) => values.map((value) => delta(at, { type: 'text_delta', text: value }))),
  fc
    .tuple(index, fc.array(text, { minLength: 1, maxLength: 6 }))
    .map(([at, values]) => values.map((value) => delta(at, { type: 'thinking_delta', thinking: value }))),
  fc
    .tuple(index, fc.array(text, { minLength: 1, maxLength: 6 }))
    .map(([at, values]) => values.map((value) => delta(at, { type: 'input_json_delta', partial_json: value }))),
)
const other = fc.oneof(
  // A delta with one more member, or its string under another member, is not a plain delta.
  text.map((value) => delta(0, { type: 'text_delta', text: value, citations: [] })),
  text.map((value) => delta(0, { type: 'thinking_delta', text: value })),
  text.map((value) => delta(0, { type: 'signature_delta', signature: value })),
  // The same text in another event: a block start, the message's end, an error, a relay's own JSON.
  text.map((value) => event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: value } })),
  text.map((value) => event({ type: 'error', error: { type: 'overloaded_error', message: value } })),
  text.map((value) => ({ data: JSON.stringify({ code: 500, msg: value }) })),
  fc.constant(event({ type: 'message_start', message: { usage: { input_tokens: 14, output_tokens: 1 } } })),
  fc.constant(event({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } })),
  fc.constant(event({ type: 'content_block_stop', index: 0 })),
  fc.constant(event({ type: 'ping' })),
  fc.constant(event({ type: 'message_stop' })),
  fc.constant({ event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":' }),
)
const stream = fc
  .array(
    fc.oneof(
      deltas,
      other.map((item) => [item]),
    ),
    { maxLength: 12 },
  )
  .map((segments) => segments.flat())

/** A tap that has learned no template, fed what came before `item` so its usage is the same: it parses `item`. */
function parsedAlone(before: SseEvent[], item: SseEvent) {
  const tap = anthropicPassthrough.tap()
  for (const earlier of before) if (!earlier.data.includes('content_block_delta')) tap(earlier)
  return tap(item)
}

describe('Anthropic passthrough tap', () => {
  afterEach(() => vi.restoreAllMocks())

  it('reads a stream through its delta templates exactly as event by event with JSON.parse', () => {
    fc.assert(
      fc.property(stream, (events) => {
        const tap = anthropicPassthrough.tap()
        events.forEach((item, at) => expect(tap(item)).toStrictEqual(parsedAlone(events.slice(0, at), item)))
      }),
      { numRuns: 300, seed: 20261205 },
    )
  })

  it('reads a delta that differs from the learned one in more than its string with JSON.parse', () => {
    const learned = delta(1, { type: 'text_delta', text: 'x' })
    const others = [
      delta(0, { type: 'text_delta', text: 'x' }).data,
      learned.data.replace('"text_delta"', '"thinking_delta"'),
      learned.data.replace('"x"', '"a","type":"thinking_delta"'),
      learned.data.replace('"x"', '"a","citations":[]'),
      learned.data.replace('"x"', '42'),
      learned.data.replace('"x"', 'null'),
      learned.data.replace('"x"', '"raw\ncontrol"'),
      learned.data.replace('"x"', '"bad \\q escape"'),
      learned.data.replace(/}$/, ',"type":"error"}'),
    ]
    expectParsedNotTemplated(anthropicPassthrough.tap, learned, { kind: 'content', text: 'x' }, others)
  })

  it('parses a plain delta once per block, then reads the deltas like it without JSON.parse', () => {
    const tap = anthropicPassthrough.tap()
    const parse = vi.spyOn(JSON, 'parse')
    const blocks = [
      { type: 'thinking', delta: (at: number) => ({ type: 'thinking_delta', thinking: `step ${at}` }) },
      { type: 'text', delta: (at: number) => ({ type: 'text_delta', text: `token ${at}` }) },
      // Tool input with quotes in it fits too, but its escaped string is read by JSON.parse on its own.
      { type: 'tool_use', delta: (at: number) => ({ type: 'input_json_delta', partial_json: `[${at},` }) },
      { type: 'tool_use', delta: (at: number) => ({ type: 'input_json_delta', partial_json: ` ${at}.5,` }) },
    ]
    const texts: string[] = []
    blocks.forEach((block, at) => {
      tap(event({ type: 'content_block_start', index: at, content_block: { type: block.type } }))
      for (let step = 0; step < 20; step++) texts.push(tap(delta(at, block.delta(step))).text ?? '')
      tap(event({ type: 'content_block_stop', index: at }))
    })
    expect(texts.join('')).toBe(Array.from({ length: 20 }, (_, step) => `token ${step}`).join(''))
    // Per block: its start, its first delta and its template's probe, its stop; the other 19 deltas fit.
    expect(parse.mock.calls.length).toBeLessThanOrEqual(blocks.length * 4)
  })

  it('still reads usage, the stop reason and an error event', () => {
    const tap = anthropicPassthrough.tap()
    tap(event({ type: 'message_start', message: { usage: { input_tokens: 14, output_tokens: 1 } } }))
    tap(delta(0, { type: 'text_delta', text: 'Hel' }))
    expect(tap(delta(0, { type: 'text_delta', text: 'lo' }))).toStrictEqual({ kind: 'content', text: 'lo' })
    expect(
      tap(event({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } })),
    ).toMatchObject({ kind: 'content', usage: { inputTokens: 14, outputTokens: 7 } })
    const error = tap(event({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }))
    expect(error.kind).toBe('error')
    expect(error.error).toMatchObject({ status: 529 })
  })
})
