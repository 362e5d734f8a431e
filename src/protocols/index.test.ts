import { describe, expect, it } from 'vitest'
import type { IRRequest } from '../ir/request.ts'
import { createCodecs } from './index.ts'

const answer = {
  candidates: [
    {
      index: 0,
      content: {
        role: 'model',
        parts: [{ functionCall: { id: 'call-1', name: 'lookup', args: { q: 'x' } }, thoughtSignature: 'sig-1' }],
      },
      finishReason: 'STOP',
    },
  ],
  usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
  modelVersion: 'gemini-2.5-flash',
}

// The next turn as an OpenAI client sends it back: the call without its signature, then its result.
const nextTurn: IRRequest = {
  model: 'gemini-2.5-flash',
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'look it up' }] },
    { role: 'assistant', content: [{ type: 'tool_call', id: 'call-1', name: 'lookup', args: { q: 'x' } }] },
    {
      role: 'user',
      content: [{ type: 'tool_result', callId: 'call-1', content: [{ type: 'text', text: 'found' }], isError: false }],
    },
  ],
  sampling: {},
  stream: false,
  includeUsage: false,
}

function signatureSent(body: unknown): unknown {
  const contents = (body as { contents: Array<{ parts: Array<{ thoughtSignature?: string }> }> }).contents
  return contents[1]?.parts[0]?.thoughtSignature
}

describe('createCodecs', () => {
  it("gives each gateway its own codecs: a Gemini signature remembered by one is not another's", () => {
    const logger = { warn: () => undefined }
    const first = createCodecs({ logger })
    const second = createCodecs({ logger })
    first.gemini.decodeResponse(answer)
    expect(signatureSent(first.gemini.encodeRequest(nextTurn, 'gemini-2.5-flash').body)).toBe('sig-1')
    expect(signatureSent(second.gemini.encodeRequest(nextTurn, 'gemini-2.5-flash').body)).toBeUndefined()
  })

  it('reports what a codec drops through the logger it was given, one line per translation', () => {
    const lines: string[] = []
    const codecs = createCodecs({ logger: { warn: (line) => void lines.push(line) } })
    codecs.gemini.encodeRequest(
      { ...nextTurn, parallelToolCalls: false, sampling: { stopSequences: ['1', '2', '3', '4', '5', '6'] } },
      'gemini-2.5-flash',
    )
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^request → gemini upstream gemini-2.5-flash: .*parallel_tool_calls.*stop sequences/)
  })
})
