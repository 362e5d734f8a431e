import { describe, expect, it } from 'vitest'
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
})
