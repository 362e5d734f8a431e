import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fixtureJson, fixtureText, idsInOrder, sseEvents } from '../helpers/protocol-fixtures.ts'
import { runStepper, splitAt } from '../helpers/streams.ts'
import { foldStreamParts } from '../../src/ir/fold-stream.ts'
import type { StreamPart } from '../../src/ir/stream-part.ts'
import { createGeminiCodec } from '../../src/protocols/gemini/index.ts'
import { createGeminiSideCaches } from '../../src/protocols/gemini/tool-call-cache.ts'
import { answerKey } from '../../src/protocols/gemini/tool-call-cache.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

const codec = (ids: string[] = []) =>
  createGeminiCodec({ logger: quietLogger, generateId: idsInOrder(...ids), caches: createGeminiSideCaches() })

async function decode(chunks: readonly (string | Uint8Array)[], ids: string[] = []): Promise<StreamPart[]> {
  return runStepper(codec(ids).decodeStream(), await sseEvents(chunks))
}

describe('Gemini stream decoding', () => {
  it('F7 decodes to one reasoning run, one text run and the final usage; the empty signed part opens nothing', async () => {
    const parts = await decode([fixtureText('gemini', 'f7-upstream-stream.sse')])
    expect(parts).toEqual([
      { type: 'start', id: 'Zx9', model: 'gemini-2.5-pro', usage: { inputTokens: 11, outputTokens: 0 } },
      { type: 'reasoning-start', id: 'reasoning-0', origin: { protocol: 'gemini', model: 'gemini-2.5-pro' } },
      { type: 'reasoning-delta', id: 'reasoning-0', delta: 'Check divisors up to 45; none divide 2027.' },
      { type: 'reasoning-end', id: 'reasoning-0' },
      { type: 'text-start', id: 'text-1' },
      { type: 'text-delta', id: 'text-1', delta: 'Yes — 2027 is prime' },
      { type: 'text-delta', id: 'text-1', delta: '; no integer from 2 to 45 divides it.' },
      { type: 'text-end', id: 'text-1' },
      {
        type: 'finish',
        reason: { unified: 'stop', raw: 'STOP' },
        usage: { inputTokens: 11, outputTokens: 229, reasoningTokens: 212 },
      },
    ])
  })

  it('F7 caches the trailing signature under the answer text, without emitting it', async () => {
    const gemini = codec()
    const parts = runStepper(gemini.decodeStream(), await sseEvents([fixtureText('gemini', 'f7-upstream-stream.sse')]))
    expect(JSON.stringify(parts)).not.toContain('Cq4BAXLI2nz')
    expect(gemini.caches.thoughts.get(answerKey('Yes — 2027 is prime; no integer from 2 to 45 divides it.'))).toBe(
      'Cq4BAXLI2nz',
    )
  })

  it('#39 decodes the same parts however the bytes are split (inside CRLF pairs and multibyte characters)', async () => {
    for (const name of ['f7-upstream-stream.sse', 'f4-upstream-stream.sse']) {
      const bytes = new TextEncoder().encode(fixtureText('gemini', name))
      const whole = await decode([bytes], ['call_1', 'call_2'])
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 40 }), async (cuts) => {
          expect(await decode(splitAt(bytes, cuts), ['call_1', 'call_2'])).toEqual(whole)
        }),
        { numRuns: 60 },
      )
    }
  })

  it('folding the F7 stream gives the same response as the non-stream body', async () => {
    const folded = foldStreamParts(await decode([fixtureText('gemini', 'f7-upstream-stream.sse')]))
    expect(folded).toEqual(codec().decodeResponse(fixtureJson('gemini', 'f7-upstream-response.json')))
  })

  it('folding any stream equals decoding the same parts as one response (property)', async () => {
    const part = fc.oneof(
      fc.record({ text: fc.string({ maxLength: 6 }) }),
      fc.record({ text: fc.string({ minLength: 1, maxLength: 6 }), thought: fc.constant(true) }),
      fc.record({
        functionCall: fc.record({
          name: fc.constantFrom('f', 'g'),
          args: fc.dictionary(fc.constantFrom('a', 'b'), fc.integer()),
        }),
      }),
    )
    const chunks = fc.array(fc.array(part, { maxLength: 3 }), { minLength: 1, maxLength: 6 })
    const finish = fc.constantFrom('STOP', 'MAX_TOKENS', 'SAFETY')
    await fc.assert(
      fc.asyncProperty(chunks, finish, async (partLists, finishReason) => {
        const ids = Array.from({ length: 20 }, (_, index) => `call_${index}`)
        const usage = (output: number) => ({
          promptTokenCount: 5,
          candidatesTokenCount: output,
          totalTokenCount: 5 + output,
        })
        const events = partLists.map((parts, index) => ({
          candidates: [
            {
              content: { role: 'model', parts },
              index: 0,
              ...(index === partLists.length - 1 ? { finishReason } : {}),
            },
          ],
          usageMetadata: usage(index + 1),
          modelVersion: 'gemini-x',
          responseId: 'p1',
        }))
        const text = events.map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`).join('')
        const streamed = foldStreamParts(await decode([text], [...ids]))
        const whole = codec([...ids]).decodeResponse({
          candidates: [{ content: { role: 'model', parts: partLists.flat() }, finishReason, index: 0 }],
          usageMetadata: usage(partLists.length),
          modelVersion: 'gemini-x',
          responseId: 'p1',
        })
        expect(streamed).toEqual(whole)
      }),
      { numRuns: 100 },
    )
  })

  it('reads chunks through text templates exactly as through JSON.parse (property)', async () => {
    const part = fc.oneof(
      { weight: 6, arbitrary: fc.record({ text: fc.string({ unit: 'grapheme', maxLength: 6 }) }) },
      fc.record({ text: fc.string({ minLength: 1, maxLength: 6 }), thought: fc.constant(true) }),
      fc.record({ text: fc.string({ minLength: 1, maxLength: 6 }), thoughtSignature: fc.constant('sig') }),
      fc.record({ functionCall: fc.record({ name: fc.constantFrom('f', 'g'), args: fc.constant({ a: 1 }) }) }),
    )
    const chunk = fc.record({
      parts: fc.oneof(
        { weight: 5, arbitrary: fc.array(part, { minLength: 1, maxLength: 1 }) },
        fc.array(part, { maxLength: 3 }),
      ),
      usage: fc.constantFrom(undefined, 1, 2),
      finish: fc.option(fc.constantFrom('STOP', 'MAX_TOKENS'), { freq: 8 }),
    })
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { minLength: 1, maxLength: 20 }), async (chunks) => {
        const ids = Array.from({ length: 60 }, (_, index) => `call_${index}`)
        const body = (marker: (index: number) => object) =>
          chunks
            .map(({ parts, usage, finish }, index) => ({
              candidates: [
                { content: { role: 'model', parts }, index: 0, ...(finish ? { finishReason: finish } : {}) },
              ],
              ...(usage === undefined
                ? {}
                : { usageMetadata: { promptTokenCount: 5, candidatesTokenCount: usage, totalTokenCount: 5 + usage } }),
              modelVersion: 'gemini-x',
              responseId: 'p1',
              ...marker(index),
            }))
            .map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`)
            .join('')
        // A field that changes in every chunk: no template ever fits, every chunk goes through JSON.parse.
        expect(await decode([body(() => ({}))], [...ids])).toEqual(
          await decode([body((index) => ({ n: index }))], [...ids]),
        )
      }),
      { numRuns: 200 },
    )
  })

  it('usage is the last running total, never a sum', async () => {
    const chunk = (text: string, output: number, finishReason?: string) =>
      `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text }] }, ...(finishReason ? { finishReason } : {}) }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: output, totalTokenCount: 10 + output } })}\r\n\r\n`
    const parts = await decode([chunk('a', 1) + chunk('b', 2) + chunk('c', 3, 'STOP')])
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      reason: { unified: 'stop', raw: 'STOP' },
      usage: { inputTokens: 10, outputTokens: 3 },
    })
  })

  it('an error payload inside the 200 stream becomes a typed error part, and nothing follows it', async () => {
    const text =
      `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'partial' }] } }], responseId: 'e1' })}\r\n\r\n` +
      `data: ${JSON.stringify({ error: { code: 429, message: 'Slow down', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2s' }] } })}\r\n\r\n` +
      `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'late' }] }, finishReason: 'STOP' }] })}\r\n\r\n`
    const parts = await decode([text])
    const last = parts.at(-1)
    expect(last?.type).toBe('error')
    if (last?.type === 'error')
      expect(last.error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 2000, message: 'Slow down' })
    expect(JSON.stringify(parts)).not.toContain('late')
  })

  it('a truncated stream (no finishReason), an unparseable event and an empty body are errors, not silent ends', async () => {
    const truncated = await decode([
      `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'half' }] } }] })}\r\n\r\n`,
    ])
    expect(truncated.at(-1)).toMatchObject({ type: 'error', error: { kind: 'upstream', status: 502 } })
    expect(truncated.map((part) => part.type)).toEqual(['start', 'text-start', 'text-delta', 'text-end', 'error'])
    const broken = await decode([`data: {"candidates":[{"content":\r\n\r\n`])
    expect(broken).toHaveLength(1)
    expect(broken[0]).toMatchObject({
      type: 'error',
      error: { kind: 'upstream', message: expect.stringContaining('not JSON') },
    })
    expect(await decode([''])).toMatchObject([{ type: 'error', error: { kind: 'upstream' } }])
  })

  it('a prompt block in a stream finishes with content_filter', async () => {
    const parts = await decode([`data: ${JSON.stringify(fixtureJson('gemini', 'f8-upstream-response.json'))}\r\n\r\n`])
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      reason: { unified: 'content_filter', raw: 'PROHIBITED_CONTENT' },
      usage: { inputTokens: 37, outputTokens: 0 },
    })
  })

  it('usageFromResponse reads usageMetadata', () => {
    const gemini = codec()
    expect(
      gemini.usageFromResponse({
        usageMetadata: {
          promptTokenCount: 96,
          cachedContentTokenCount: 64,
          candidatesTokenCount: 24,
          thoughtsTokenCount: 41,
          totalTokenCount: 161,
        },
      }),
    ).toEqual({ inputTokens: 96, outputTokens: 65, cacheReadTokens: 64, reasoningTokens: 41 })
    expect(gemini.usageFromResponse({})).toBeUndefined()
  })
})
