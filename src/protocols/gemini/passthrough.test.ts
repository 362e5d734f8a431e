import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { expectParsedNotTemplated } from '../../../test/helpers/passthrough-tap.ts'
import { geminiPassthrough } from './passthrough.ts'

const frame = (chunk: unknown) => ({ data: JSON.stringify(chunk) })
const candidate = (parts: unknown[], finishReason?: string) => ({
  candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0 }],
})

describe('the Gemini passthrough', () => {
  it('moves the model and the stream flag from the body into the path, and keeps the rest as the client sent it', () => {
    const body = {
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      model: 'asked',
      stream: true,
      generationConfig: {},
    }
    const prepared = geminiPassthrough.request(body, 'gemini-2.5-flash-001', new Headers())
    expect(prepared.call.path).toBe('/v1beta/models/gemini-2.5-flash-001:streamGenerateContent?alt=sse')
    expect(prepared.call.body).toEqual({ contents: body.contents, generationConfig: {} })
    expect(prepared).toMatchObject({ stream: true, unchanged: true, includeUsage: true })
    expect(geminiPassthrough.request({ ...body, stream: false }, 'm', new Headers()).call.path).toBe(
      '/v1beta/models/m:generateContent',
    )
  })

  it('commits on a part with data, a function call, a finish or a blocked prompt, not on an empty text part', () => {
    const tap = geminiPassthrough.tap()
    expect(tap(undefined).kind).toBe('meta')
    expect(tap(frame(candidate([{ text: '', thoughtSignature: 'sig' }]))).kind).toBe('meta')
    expect(tap(frame(candidate([{ text: 'Hello' }])))).toEqual({ kind: 'content', text: 'Hello' })
    expect(tap(frame(candidate([{ text: 'thinking', thought: true }])))).toEqual({ kind: 'content' })
    expect(tap(frame(candidate([{ functionCall: { name: 'f', args: {} } }]))).kind).toBe('content')
    expect(tap(frame(candidate([], 'MAX_TOKENS'))).kind).toBe('content')
    expect(tap(frame({ promptFeedback: { blockReason: 'SAFETY' } })).kind).toBe('content')
  })

  it('reads the running usage of every chunk that has it, content or not', () => {
    const tap = geminiPassthrough.tap()
    expect(
      tap(frame({ ...candidate([{ text: '' }]), usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 } })),
    ).toEqual({ kind: 'meta', usage: { inputTokens: 4, outputTokens: 0 } })
    expect(
      tap(
        frame({
          ...candidate([{ text: 'x' }], 'STOP'),
          usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 3, totalTokenCount: 7 },
        }),
      ).usage,
    ).toEqual({ inputTokens: 4, outputTokens: 3 })
  })

  it('reads an error payload or an unparseable event as an error', () => {
    const tap = geminiPassthrough.tap()
    const overloaded = tap(frame({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } }))
    expect(overloaded.kind).toBe('error')
    expect(overloaded.error).toMatchObject({ status: 503, kind: 'overloaded' })
    expect(tap({ data: '{"candidates":[' }).error).toMatchObject({ status: 502 })
  })

  it("reads a relay's own JSON in the stream as a broken stream, not as a chunk", () => {
    const tap = geminiPassthrough.tap()
    expect(tap(frame({ code: 500, msg: 'upstream busy' })).error).toMatchObject({ status: 502, code: 'bad_stream' })
    expect(geminiPassthrough.quiet(`data: ${JSON.stringify({ code: 500, msg: 'busy' })}\r\n\r\n`)).toBe(false)
  })

  it('knows the chunk that finishes the answer: a finish reason or a blocked prompt', () => {
    expect(geminiPassthrough.finishes(`data: ${JSON.stringify(candidate([{ text: 'x' }], 'STOP'))}\r\n\r\n`)).toBe(true)
    expect(
      geminiPassthrough.finishes(`data: ${JSON.stringify({ promptFeedback: { blockReason: 'SAFETY' } })}\r\n\r\n`),
    ).toBe(true)
    expect(geminiPassthrough.finishes(`data: ${JSON.stringify(candidate([{ text: 'finishReason' }]))}\r\n\r\n`)).toBe(
      false,
    )
  })

  it('forwards unread only the frames that name neither usage nor an error', () => {
    expect(geminiPassthrough.quiet(`data: ${JSON.stringify(candidate([{ text: 'x' }]))}\r\n\r\n`)).toBe(true)
    expect(
      geminiPassthrough.quiet(`data: ${JSON.stringify({ ...candidate([{ text: 'x' }]), usageMetadata: {} })}\r\n\r\n`),
    ).toBe(false)
    expect(geminiPassthrough.quiet('data: {"candidates":[')).toBe(false)
  })

  describe('text templates', () => {
    afterEach(() => vi.restoreAllMocks())

    const usage = { promptTokenCount: 11, totalTokenCount: 11 }
    const plain = (text: string, extra: Record<string, unknown> = {}) =>
      frame({
        ...candidate([{ text, ...extra }]),
        usageMetadata: usage,
        modelVersion: 'gemini-2.5-flash',
        responseId: 'Zx9',
      })
    // Texts that JSON escapes in every way, in runs of chunks as a stream sends them, and the chunks around them.
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('say "hi"\\n', 'line\nbreak', '\\', '\u2028', '\u0000\u001f', '额度不足', '😀', '\ud800', ''),
    )
    const runs = fc.oneof(
      fc.array(text, { minLength: 1, maxLength: 6 }).map((texts) => texts.map((value) => plain(value))),
      fc
        .array(text, { minLength: 1, maxLength: 6 })
        .map((texts) => texts.map((value) => plain(value, { thought: true }))),
      fc
        .array(text, { minLength: 1, maxLength: 6 })
        .map((texts) => texts.map((value) => frame(candidate([{ text: value }])))),
    )
    const other = fc.oneof(
      // A part with one more member, a finish, a second part or candidate, other usage: not a plain chunk.
      text.map((value) => plain(value, { thoughtSignature: 'sig' })),
      text.map((value) => plain(value, { thought: false })),
      text.map((value) => frame({ ...candidate([{ text: value }], 'STOP'), usageMetadata: usage })),
      text.map((value) => frame(candidate([{ text: value }, { text: value }]))),
      text.map((value) =>
        frame({ candidates: [...candidate([{ text: value }]).candidates, ...candidate([]).candidates] }),
      ),
      text.map((value) =>
        frame({ ...candidate([{ text: value }]), usageMetadata: { ...usage, candidatesTokenCount: 3 } }),
      ),
      text.map((value) => frame({ ...candidate([{ text: value }]), promptFeedback: {} })),
      text.map((value) => frame({ error: { code: 503, message: value, status: 'UNAVAILABLE' } })),
      text.map((value) => frame({ code: 500, msg: value })),
      fc.constant(frame(candidate([{ functionCall: { name: 'f', args: {} } }]))),
      fc.constant({ data: '{"candidates":[' }),
    )
    const stream = fc
      .array(
        fc.oneof(
          runs,
          other.map((item) => [item]),
        ),
        { maxLength: 12 },
      )
      .map((segments) => segments.flat())

    it('reads a stream through its text templates exactly as chunk by chunk with JSON.parse', () => {
      fc.assert(
        fc.property(stream, (events) => {
          const tap = geminiPassthrough.tap()
          // A fresh tap has learned no template: it parses every chunk (Gemini's tap keeps no other state).
          for (const item of events) expect(tap(item)).toStrictEqual(geminiPassthrough.tap()(item))
        }),
        { numRuns: 300, seed: 20261205 },
      )
    })

    it('reads a chunk that differs from the learned one in more than its text with JSON.parse', () => {
      const learned = plain('x')
      const others = [
        learned.data.replace('"Zx9"', '"Zx8"'),
        learned.data.replace('"x"', '"a","thought":true'),
        learned.data.replace('"x"', '"a"},{"text":"b"'),
        learned.data.replace('"x"', '42'),
        learned.data.replace('"x"', 'null'),
        learned.data.replace('"x"', '"raw\ncontrol"'),
        learned.data.replace('"x"', '"bad \\q escape"'),
        learned.data.replace(/}$/, ',"error":{"code":429,"message":"quota"}}'),
      ]
      expectParsedNotTemplated(
        geminiPassthrough.tap,
        learned,
        { kind: 'content', text: 'x', usage: { inputTokens: 11, outputTokens: 0 } },
        others,
      )
    })

    it('parses a plain text chunk once, then reads the chunks like it, usage and all, without JSON.parse', () => {
      const tap = geminiPassthrough.tap()
      const parse = vi.spyOn(JSON, 'parse')
      const frames = Array.from({ length: 20 }, (_, index) => tap(plain(`token ${index}`)))
      expect(frames.map((info) => info.text).join('')).toBe(
        Array.from({ length: 20 }, (_, index) => `token ${index}`).join(''),
      )
      expect(frames.every((info) => info.usage?.inputTokens === 11)).toBe(true)
      // The first chunk is parsed and its template checked with a probe parse; the other 19 fit it.
      expect(parse.mock.calls.length).toBeLessThanOrEqual(3)
    })
  })
})
