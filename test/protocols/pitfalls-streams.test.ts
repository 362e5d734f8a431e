import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../src/ir/json.ts'
import type { StreamPart } from '../../src/ir/stream-part.ts'
import { createAnthropicCodec } from '../../src/protocols/anthropic/index.ts'
import type { Codec } from '../../src/protocols/codec.ts'
import { createOpenAICodec } from '../../src/protocols/openai/index.ts'
import { anthropicEvent, delta, messageStart, openaiChunk } from './support/upstream-events.ts'
import { parsedEvents, recordingLogger, sseEvents } from '../helpers/protocol-fixtures.ts'
import { runStepper } from '../helpers/streams.ts'

const logger = recordingLogger()
const openai = createOpenAICodec({ logger, now: () => 1767226200_000 })
const anthropic = createAnthropicCodec({ logger })

async function translate(
  from: Codec,
  to: Codec,
  text: string,
  includeUsage = true,
): Promise<{ event?: string; data: unknown }[]> {
  const parts = runStepper(from.decodeStream(), await sseEvents(text))
  return parsedEvents(runStepper(to.encodeStream({ model: 'client-model', includeUsage }), parts).join(''))
}

async function decode(codec: Codec, text: string): Promise<StreamPart[]> {
  return runStepper(codec.decodeStream(), await sseEvents(text))
}

type Chunk = {
  choices?: {
    delta?: { tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[] }
  }[]
}

function toolFragments(
  events: { data: unknown }[],
): { index?: number; id?: string; name?: string; arguments?: string }[] {
  return events
    .flatMap((event) => (event.data as Chunk).choices?.flatMap((choice) => choice.delta?.tool_calls ?? []) ?? [])
    .map((call) => ({
      index: call.index,
      ...(call.id ? { id: call.id } : {}),
      ...(call.function?.name ? { name: call.function.name } : {}),
      ...(call.function?.arguments ? { arguments: call.function.arguments } : {}),
    }))
}

const claudeParallelTools = [
  messageStart(),
  anthropicEvent({
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'thinking', thinking: '', signature: '' },
  }),
  anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Two cities.' } }),
  anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } }),
  anthropicEvent({ type: 'content_block_stop', index: 0 }),
  anthropicEvent({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }),
  anthropicEvent({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Checking both.' } }),
  anthropicEvent({ type: 'content_block_stop', index: 1 }),
  anthropicEvent({
    type: 'content_block_start',
    index: 2,
    content_block: { type: 'tool_use', id: 'toolu_a', name: 'weather', input: {} },
  }),
  anthropicEvent({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '' } }),
  anthropicEvent({
    type: 'content_block_delta',
    index: 2,
    delta: { type: 'input_json_delta', partial_json: '{"city":"Oslo"}' },
  }),
  anthropicEvent({ type: 'content_block_stop', index: 2 }),
  anthropicEvent({
    type: 'content_block_start',
    index: 3,
    content_block: { type: 'tool_use', id: 'toolu_b', name: 'weather', input: {} },
  }),
  anthropicEvent({
    type: 'content_block_delta',
    index: 3,
    delta: { type: 'input_json_delta', partial_json: '{"city":"Bergen"}' },
  }),
  anthropicEvent({ type: 'content_block_stop', index: 3 }),
  anthropicEvent({
    type: 'message_delta',
    delta: { stop_reason: 'tool_use', stop_sequence: null },
    usage: { output_tokens: 40 },
  }),
  anthropicEvent({ type: 'message_stop' }),
].join('')

describe('stream pitfalls (docs/protocols.md, numbered as there), OpenAI and Anthropic', () => {
  it('#1 #5 parallel Anthropic tool calls get OpenAI indices 0 and 1, counted over tool blocks only', async () => {
    const events = await translate(anthropic, openai, claudeParallelTools)
    expect(toolFragments(events)).toStrictEqual([
      { index: 0, id: 'toolu_a', name: 'weather' },
      { index: 0, arguments: '{"city":"Oslo"}' },
      { index: 1, id: 'toolu_b', name: 'weather' },
      { index: 1, arguments: '{"city":"Bergen"}' },
    ])
  })

  it('#3 tool calls without `index` are keyed by array position (and by id), never all merged into 0', async () => {
    const text = [
      openaiChunk([
        delta({
          role: 'assistant',
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
            { id: 'call_b', type: 'function', function: { name: 'g', arguments: '{"b":2}' } },
          ],
        }),
      ]),
      openaiChunk([
        delta({ tool_calls: [{ id: 'call_c', type: 'function', function: { name: 'h', arguments: '{}' } }] }),
      ]),
      openaiChunk([delta({}, 'tool_calls')]),
      'data: [DONE]\n\n',
    ].join('')
    const calls = (await decode(openai, text)).filter((part) => part.type === 'tool-call')
    expect(calls.map((part) => [part.id, part.name, part.args])).toStrictEqual([
      ['call_a', 'f', { a: 1 }],
      ['call_b', 'g', { b: 2 }],
      ['call_c', 'h', {}],
    ])
  })

  it('#6 reasoning, content, tool call and finish_reason packed in one chunk all arrive, in that order', async () => {
    const text = [
      openaiChunk([
        delta(
          {
            role: 'assistant',
            reasoning_content: 'Hmm.',
            content: 'Answer.',
            tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }],
          },
          'tool_calls',
        ),
      ]),
      'data: [DONE]\n\n',
    ].join('')
    const events = await translate(openai, anthropic, text)
    const starts = events
      .filter((event) => event.event === 'content_block_start')
      .map((event) => (event.data as { content_block: { type: string } }).content_block.type)
    expect(starts).toStrictEqual(['thinking', 'text', 'tool_use'])
    expect(events.at(-2)?.data).toMatchObject({ delta: { stop_reason: 'tool_use' } })
  })

  it('#7 #8 any OpenAI chunk sequence gives Anthropic events whose deltas and stops refer to the one open block, indices +1, one text block per run', async () => {
    const piece = fc.oneof(
      fc.record({ content: fc.constantFrom('a', 'b c', '') }),
      fc.record({ reasoning_content: fc.constantFrom('r', 's') }),
      fc.record({ key: fc.nat(2), args: fc.constantFrom('', '{"x"', ':1}') }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 14 }), fc.boolean(), async (pieces, withUsage) => {
        const seen = new Set<number>()
        const chunks = pieces.map((item) => {
          if ('key' in item) {
            const first = !seen.has(item.key)
            seen.add(item.key)
            const call: JsonObject = { index: item.key, function: { arguments: item.args } }
            if (first)
              Object.assign(call, {
                id: `call_${item.key}`,
                type: 'function',
                function: { name: 'f', arguments: item.args },
              })
            return openaiChunk([delta({ tool_calls: [call] })])
          }
          return openaiChunk([delta(item)])
        })
        chunks.push(openaiChunk([delta({}, 'stop')]))
        if (withUsage) chunks.push(openaiChunk([], { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }))
        chunks.push('data: [DONE]\n\n')
        const events = await translate(openai, anthropic, chunks.join(''))
        let open: number | undefined
        let next = 0
        let previousType: string | undefined
        for (const event of events) {
          const data = event.data as { index?: number; content_block?: { type: string } }
          if (event.event === 'content_block_start') {
            expect(open).toBeUndefined()
            expect(data.index).toBe(next)
            // Two text (or thinking) blocks in a row would be a run split in two.
            if (data.content_block?.type !== 'tool_use') expect(data.content_block?.type).not.toBe(previousType)
            previousType = data.content_block?.type
            open = next
            next += 1
          } else if (event.event === 'content_block_delta') {
            expect(data.index).toBe(open)
          } else if (event.event === 'content_block_stop') {
            expect(data.index).toBe(open)
            open = undefined
          }
        }
        expect(open).toBeUndefined()
        expect(events.filter((event) => event.event === 'message_delta')).toHaveLength(1)
        expect(events.filter((event) => event.event === 'message_stop')).toHaveLength(1)
        expect(events.at(-1)?.event).toBe('message_stop')
      }),
      { numRuns: 200 },
    )
  })

  it('#10 usage sent on a non-final chunk is kept when later chunks carry null', async () => {
    const text = [
      openaiChunk([delta({ role: 'assistant', content: 'Hi' })], null),
      openaiChunk([delta({}, 'stop')], { prompt_tokens: 8, completion_tokens: 2, total_tokens: 10 }),
      openaiChunk([delta({})], null),
      'data: [DONE]\n\n',
    ].join('')
    expect((await decode(openai, text)).at(-1)).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 8, outputTokens: 2 },
    })
    // Passthrough reads usage frame by frame the same way.
    const tap = openai.passthrough?.tap()
    let usage
    for (const event of await sseEvents(text)) usage = tap?.(event).usage ?? usage
    expect(usage).toStrictEqual({ inputTokens: 8, outputTokens: 2 })
  })

  it('#11 several cumulative message_delta usages: the last wins, nothing is summed', async () => {
    const text = [
      messageStart({ input_tokens: 5, output_tokens: 1 }),
      anthropicEvent({ type: 'message_delta', delta: { stop_reason: null }, usage: { output_tokens: 10 } }),
      anthropicEvent({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 25 },
      }),
      anthropicEvent({ type: 'message_stop' }),
    ].join('')
    expect((await decode(anthropic, text)).at(-1)).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 5, outputTokens: 25 },
    })
  })

  it('#12 a message_delta with only output_tokens keeps input and cache counts from message_start', async () => {
    const text = [
      messageStart({
        input_tokens: 40,
        cache_read_input_tokens: 1000,
        cache_creation_input_tokens: 60,
        output_tokens: 1,
      }),
      anthropicEvent({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 9 },
      }),
      anthropicEvent({ type: 'message_stop' }),
    ].join('')
    expect((await decode(anthropic, text)).at(-1)).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 1100, outputTokens: 9, cacheReadTokens: 1000, cacheWriteTokens: 60 },
    })
  })

  it('#13 cached tokens survive a streamed OpenAI → Anthropic trip and are not counted twice in input_tokens', async () => {
    const text = [
      openaiChunk([delta({ role: 'assistant', content: 'ok' })]),
      openaiChunk([delta({}, 'stop')]),
      openaiChunk([], {
        prompt_tokens: 500,
        completion_tokens: 3,
        total_tokens: 503,
        prompt_tokens_details: { cached_tokens: 400 },
      }),
      'data: [DONE]\n\n',
    ].join('')
    const events = await translate(openai, anthropic, text)
    expect(events.at(-2)?.data).toMatchObject({
      usage: { input_tokens: 100, cache_read_input_tokens: 400, cache_creation_input_tokens: 0, output_tokens: 3 },
    })
  })

  it('#14 Claude cache reads and writes are inside the OpenAI prompt_tokens of a stream', async () => {
    const text = [
      messageStart({
        input_tokens: 10,
        cache_read_input_tokens: 200,
        cache_creation_input_tokens: 30,
        output_tokens: 1,
      }),
      anthropicEvent({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 4 },
      }),
      anthropicEvent({ type: 'message_stop' }),
    ].join('')
    const events = await translate(anthropic, openai, text)
    expect(events.at(-2)?.data).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 240,
        completion_tokens: 4,
        total_tokens: 244,
        prompt_tokens_details: { cached_tokens: 200, cache_write_tokens: 30 },
      },
    })
  })

  it('#15 the usage chunk reaches only clients that asked for it', async () => {
    const withUsage = await translate(anthropic, openai, claudeParallelTools, true)
    const without = await translate(anthropic, openai, claudeParallelTools, false)
    expect(withUsage.some((event) => JSON.stringify(event.data).includes('"choices":[]'))).toBe(true)
    expect(without.some((event) => JSON.stringify(event.data).includes('usage'))).toBe(false)
    expect(without.at(-1)?.data).toBe('[DONE]')
  })

  it('#35 an Anthropic signature is streamed back to an Anthropic client, a foreign one never', async () => {
    const toAnthropic = await translate(anthropic, anthropic, claudeParallelTools)
    expect(
      toAnthropic.some(
        (event) => (event.data as { delta?: { type?: string; signature?: string } }).delta?.signature === 'sig',
      ),
    ).toBe(true)
    const parts: StreamPart[] = [
      { type: 'start', id: 'g1', model: 'gemini-2.5-pro' },
      { type: 'reasoning-start', id: 'r', origin: { protocol: 'gemini', model: 'gemini-2.5-pro' } },
      { type: 'reasoning-delta', id: 'r', delta: 'thought' },
      { type: 'reasoning-end', id: 'r', signature: 'Cq4BAXLI2nz' },
      { type: 'finish', reason: { unified: 'stop' }, usage: { inputTokens: 1, outputTokens: 1 } },
    ]
    const text = runStepper(anthropic.encodeStream({ model: 'm', includeUsage: true }), parts).join('')
    expect(text).not.toContain('signature_delta')
    expect(text).not.toContain('Cq4BAXLI2nz')
  })

  it('#36 streamed reasoning_content (or `reasoning`) becomes thinking, and thinking becomes reasoning_content', async () => {
    const text = [
      openaiChunk([delta({ role: 'assistant', reasoning: 'OpenRouter spelling. ' })]),
      openaiChunk([delta({ reasoning_content: 'DeepSeek spelling.' })]),
      openaiChunk([delta({ content: 'Hi' }, 'stop')]),
      'data: [DONE]\n\n',
    ].join('')
    const events = await translate(openai, anthropic, text)
    const thinking = events.flatMap((event) => {
      const data = event.data as { delta?: { type?: string; thinking?: string } }
      return data.delta?.type === 'thinking_delta' ? [data.delta.thinking] : []
    })
    expect(thinking).toStrictEqual(['OpenRouter spelling. ', 'DeepSeek spelling.'])
    const back = await translate(anthropic, openai, claudeParallelTools)
    expect(
      back.some(
        (event) =>
          (event.data as Chunk & { choices?: { delta?: { reasoning_content?: string } }[] }).choices?.[0]?.delta
            ?.reasoning_content === 'Two cities.',
      ),
    ).toBe(true)
  })

  it('#38 a mid-stream overloaded_error becomes a 529 error part, and an Anthropic error event for Anthropic clients', async () => {
    const text = [
      messageStart(),
      anthropicEvent({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    ].join('')
    const parts = await decode(anthropic, text)
    expect(parts.at(-1)).toMatchObject({
      type: 'error',
      error: { kind: 'overloaded', status: 529, decision: { failover: true } },
    })
    const events = await translate(anthropic, anthropic, text)
    expect(events.at(-1)).toStrictEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    })
  })

  it('a stream cut before its end is an error part, not a silent success', async () => {
    const openaiCut = await decode(openai, openaiChunk([delta({ role: 'assistant', content: 'Hal' })]))
    expect(openaiCut.at(-1)).toMatchObject({
      type: 'error',
      error: { code: 'stream_truncated', decision: { failover: true } },
    })
    const anthropicCut = await decode(anthropic, messageStart())
    expect(anthropicCut.at(-1)).toMatchObject({ type: 'error', error: { code: 'stream_truncated' } })
    const garbage = await decode(openai, 'data: {"id":\n\n')
    expect(garbage.at(-1)).toMatchObject({ type: 'error', error: { code: 'bad_stream' } })
  })
})
