import { describe, expect, it } from 'vitest'
import { idsInOrder, parseEvent, sseEvents } from '../helpers/protocol-fixtures.ts'
import { runStepper } from '../helpers/streams.ts'
import type { IRRequest } from '../../src/ir/request.ts'
import type { StreamPart } from '../../src/ir/stream-part.ts'
import { GatewayError } from '../../src/ir/errors.ts'
import { createGeminiCodec } from '../../src/protocols/gemini/index.ts'
import { createGeminiSideCaches } from '../../src/protocols/gemini/tool-call-cache.ts'
import { createOpenAICodec } from '../../src/protocols/openai/index.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

const openai = createOpenAICodec({ logger: quietLogger, now: () => 1767225600_000 })

function gemini(ids: string[] = []) {
  return createGeminiCodec({ logger: quietLogger, generateId: idsInOrder(...ids), caches: createGeminiSideCaches() })
}

function fromOpenAI(body: Record<string, unknown>): IRRequest {
  return openai.decodeRequest({ model: 'gemini-2.5-flash', ...body }, new Headers())
}

function contentsOf(call: { body: unknown }): Array<{ role: string; parts: Array<Record<string, unknown>> }> {
  return (call.body as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> }).contents
}

function sse(...chunks: unknown[]): string {
  return chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`).join('')
}

async function decodeSse(codec: ReturnType<typeof gemini>, text: string): Promise<StreamPart[]> {
  return runStepper(codec.decodeStream(), await sseEvents([text]))
}

const candidate = (parts: unknown[] | undefined, finishReason?: string) => ({
  candidates: [
    {
      ...(parts === undefined ? {} : { content: { role: 'model', parts } }),
      ...(finishReason ? { finishReason } : {}),
      index: 0,
    },
  ],
  modelVersion: 'gemini-2.5-flash',
  responseId: 'r1',
})

describe('Gemini pitfalls (docs/protocols.md, numbered as there)', () => {
  it('#2 parallel calls in one chunk and across chunks get stream-wide OpenAI indices 0, 1, 2', async () => {
    const codec = gemini(['call_a', 'call_b', 'call_c'])
    const parts = await decodeSse(
      codec,
      sse(
        candidate([{ functionCall: { name: 'f', args: { n: 1 } } }, { functionCall: { name: 'f', args: { n: 2 } } }]),
        candidate([{ functionCall: { name: 'g', args: {} } }], 'STOP'),
      ),
    )
    const text = runStepper(openai.encodeStream({ model: 'm', includeUsage: false }), parts).join('')
    const indices = (await sseEvents([text]))
      .map(parseEvent)
      .flatMap((event) => {
        const data = event.data as {
          choices?: Array<{ delta?: { tool_calls?: Array<{ index: number; id: string }> } }>
        }
        return data.choices?.[0]?.delta?.tool_calls ?? []
      })
      .map((call) => [call.index, call.id])
    expect(indices).toEqual([
      [0, 'call_a'],
      [1, 'call_b'],
      [2, 'call_c'],
    ])
  })

  it('#7 #8 empty text parts open nothing, and one text run stays one block across chunks', async () => {
    const parts = await decodeSse(
      gemini(),
      sse(
        candidate([{ text: 'Hel' }]),
        candidate([{ text: '' }]),
        candidate([{ text: 'lo' }]),
        candidate([{ text: '', thoughtSignature: 'sig' }], 'STOP'),
      ),
    )
    expect(parts.map((part) => part.type)).toEqual([
      'start',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ])
  })

  it('#16 asking for usage does not lose the streamed content', async () => {
    const parts = await decodeSse(
      gemini(),
      sse({
        ...candidate([{ text: 'Hi' }], 'STOP'),
        usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1, totalTokenCount: 4 },
      }),
    )
    const text = runStepper(openai.encodeStream({ model: 'm', includeUsage: true }), parts).join('')
    expect(text).toContain('"content":"Hi"')
    expect(text).toContain('"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}')
  })

  it('#17 STOP with missing or empty parts is an empty answer with its finish, not a crash', async () => {
    const codec = gemini()
    for (const body of [
      candidate(undefined, 'STOP'),
      { candidates: [{ content: { role: 'model' }, finishReason: 'STOP' }] },
      candidate([], 'STOP'),
    ]) {
      const response = codec.decodeResponse(body)
      expect(response.content).toEqual([])
      expect(response.finish).toEqual({ unified: 'stop', raw: 'STOP' })
    }
    const parts = await decodeSse(codec, sse(candidate(undefined, 'STOP')))
    expect(parts.at(-1)).toMatchObject({ type: 'finish', reason: { unified: 'stop' } })
  })

  it('#18 a finish reason without content is kept: NO_IMAGE, MALFORMED_FUNCTION_CALL, thoughts-only MAX_TOKENS', () => {
    const codec = gemini()
    expect(codec.decodeResponse(candidate(undefined, 'NO_IMAGE')).finish).toEqual({
      unified: 'content_filter',
      raw: 'NO_IMAGE',
    })
    expect(codec.decodeResponse(candidate(undefined, 'MALFORMED_FUNCTION_CALL')).finish).toEqual({
      unified: 'other',
      raw: 'MALFORMED_FUNCTION_CALL',
    })
    const thoughtsOnly = codec.decodeResponse(candidate([{ text: 'thinking…', thought: true }], 'MAX_TOKENS'))
    expect(thoughtsOnly.finish).toEqual({ unified: 'length', raw: 'MAX_TOKENS' })
    expect(thoughtsOnly.content).toEqual([
      { type: 'reasoning', text: 'thinking…', origin: { protocol: 'gemini', model: 'gemini-2.5-flash' } },
    ])
    const encoded = openai.encodeResponse(thoughtsOnly, 'm') as { choices: Array<{ finish_reason: string }> }
    expect(encoded.choices).toHaveLength(1)
    expect(encoded.choices[0]?.finish_reason).toBe('length')
  })

  it('#19 a SAFETY candidate without content is a content_filter answer, not a 500', () => {
    const response = gemini().decodeResponse({
      candidates: [{ finishReason: 'SAFETY', index: 0, safetyRatings: [] }],
      responseId: 's',
    })
    expect(response.finish).toEqual({ unified: 'content_filter', raw: 'SAFETY' })
    expect(response.content).toEqual([])
  })

  it('#20 tool calls finish as tool_calls, every part counts (not only parts[0]), and streams keep the calls', async () => {
    const codec = gemini(['call_1'])
    const response = codec.decodeResponse(
      candidate([{ text: 'Let me look.' }, { functionCall: { name: 'look', args: { q: 'x' } } }], 'STOP'),
    )
    expect(response.finish).toEqual({ unified: 'tool_calls', raw: 'STOP' })
    expect(response.content.map((block) => block.type)).toEqual(['text', 'tool_call'])
    const parts = await decodeSse(
      gemini(['call_9']),
      sse(candidate([{ text: 'a' }, { functionCall: { name: 'look', args: {} } }], 'STOP')),
    )
    expect(parts.some((part) => part.type === 'tool-call' && part.name === 'look')).toBe(true)
  })

  it('#21 functionResponse.name comes from the earlier call, else the side cache, else a clear 400', () => {
    const codec = gemini()
    const withHistory = fromOpenAI({
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
    })
    expect(contentsOf(codec.encodeRequest(withHistory, 'gemini-2.5-flash'))[2]?.parts[0]).toEqual({
      functionResponse: { name: 'lookup', response: { result: 'ok' } },
    })
    const orphan = fromOpenAI({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'tool', tool_call_id: 'c2', content: 'ok' },
      ],
    })
    expect(() => codec.encodeRequest(orphan, 'gemini-2.5-flash')).toThrowError(/no function name/)
    try {
      codec.encodeRequest(orphan, 'gemini-2.5-flash')
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayError)
      expect((error as GatewayError).status).toBe(400)
    }
    codec.caches.calls.set('c2', { name: 'remembered' })
    expect(contentsOf(codec.encodeRequest(orphan, 'gemini-2.5-flash'))[0]?.parts[0]).toEqual({
      functionResponse: { name: 'remembered', response: { result: 'ok' } },
    })
  })

  it('#22 the legacy OpenAI function role becomes a user functionResponse, never role "function"', () => {
    const ir = fromOpenAI({
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{"a":1}' } },
        { role: 'function', name: 'lookup', content: '{"found":true}' },
      ],
    })
    const contents = contentsOf(gemini().encodeRequest(ir, 'gemini-2.5-flash'))
    expect(contents.map((content) => content.role)).toEqual(['user', 'model', 'user'])
    expect(contents[2]?.parts).toEqual([{ functionResponse: { name: 'lookup', response: { found: true } } }])
  })

  it('#23 #24 all results of a call turn go in one user turn, responses first, then the user text', () => {
    const ir = fromOpenAI({
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: 'Looking.',
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } },
            { id: 'b', type: 'function', function: { name: 'g', arguments: '{}' } },
            { id: 'c', type: 'function', function: { name: 'h', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'a', content: '1' },
        { role: 'tool', tool_call_id: 'b', content: '[2]' },
        { role: 'tool', tool_call_id: 'c', content: '' },
        { role: 'user', content: 'And now?' },
      ],
    })
    const contents = contentsOf(gemini().encodeRequest(ir, 'gemini-2.5-flash'))
    expect(contents.map((content) => content.role)).toEqual(['user', 'model', 'user'])
    expect(contents[1]?.parts).toEqual([
      { text: 'Looking.' },
      { functionCall: { name: 'f', args: {} } },
      { functionCall: { name: 'g', args: {} } },
      { functionCall: { name: 'h', args: {} } },
    ])
    expect(contents[2]?.parts).toEqual([
      { functionResponse: { name: 'f', response: { result: 1 } } },
      { functionResponse: { name: 'g', response: { result: [2] } } },
      { functionResponse: { name: 'h', response: { result: '' } } },
      { text: 'And now?' },
    ])
  })

  it('#25 #26 tool schemas lose $schema, additionalProperties, const, propertyNames and list-valued types', () => {
    const ir = fromOpenAI({
      messages: [{ role: 'user', content: 'q' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'save',
            description: 'Save it',
            parameters: {
              $schema: 'https://json-schema.org/draft/2020-12/schema',
              type: 'object',
              additionalProperties: false,
              propertyNames: { pattern: '^[a-z]+$' },
              properties: { mode: { const: 'fast' }, note: { type: ['string', 'null'] } },
              required: ['mode'],
            },
          },
        },
      ],
    })
    const body = gemini().encodeRequest(ir, 'gemini-2.5-flash').body as { tools: unknown }
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'save',
            description: 'Save it',
            parameters: {
              type: 'object',
              properties: { mode: { type: 'string', enum: ['fast'] }, note: { type: 'string', nullable: true } },
              required: ['mode'],
            },
          },
        ],
      },
    ])
  })

  it('#27 empty text is never sent as a part (assistant "" with tool calls, empty user text)', () => {
    const ir = fromOpenAI({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '' },
            { type: 'text', text: 'q' },
          ],
        },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'a', content: 'r' },
      ],
    })
    const contents = contentsOf(gemini().encodeRequest(ir, 'gemini-2.5-flash'))
    for (const content of contents) {
      expect(content.parts.length).toBeGreaterThan(0)
      for (const part of content.parts) expect(part.text).not.toBe('')
    }
  })

  it('#28 Gemini 3 gets the cached signature back, or the documented placeholder on the first call only', () => {
    const ir = fromOpenAI({
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'x1', type: 'function', function: { name: 'f', arguments: '{}' } },
            { id: 'x2', type: 'function', function: { name: 'f', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'x1', content: 'a' },
        { role: 'tool', tool_call_id: 'x2', content: 'b' },
      ],
    })
    const codec = gemini()
    const placeholder = contentsOf(codec.encodeRequest(ir, 'gemini-3-pro-preview'))[1]?.parts
    expect(placeholder?.map((part) => part.thoughtSignature)).toEqual(['skip_thought_signature_validator', undefined])
    expect(
      contentsOf(codec.encodeRequest(ir, 'gemini-2.5-flash'))[1]?.parts.map((part) => part.thoughtSignature),
    ).toEqual([undefined, undefined])
    codec.caches.calls.set('x1', { name: 'f', thoughtSignature: 'REAL' })
    expect(
      contentsOf(codec.encodeRequest(ir, 'gemini-3-pro-preview'))[1]?.parts.map((part) => part.thoughtSignature),
    ).toEqual(['REAL', undefined])
  })

  it('#28 signatures made elsewhere never reach Gemini; Gemini thought text echoed by a client gets its signature back', () => {
    const codec = gemini()
    // Turn 1: Gemini thinks with a signed thought summary; the OpenAI client sees only reasoning_content.
    const turn = codec.decodeResponse(
      candidate(
        [{ text: 'gemini thoughts', thought: true, thoughtSignature: 'GEMINI_SIG' }, { text: 'answer' }],
        'STOP',
      ),
    )
    const shown = openai.encodeResponse(turn, 'm') as { choices: Array<{ message: Record<string, unknown> }> }
    expect(JSON.stringify(shown)).not.toContain('GEMINI_SIG')
    const echoed = fromOpenAI({
      messages: [{ role: 'user', content: 'q' }, shown.choices[0]?.message, { role: 'user', content: 'more' }],
    })
    expect(contentsOf(codec.encodeRequest(echoed, 'gemini-2.5-flash'))[1]?.parts).toEqual([
      { text: 'gemini thoughts', thought: true, thoughtSignature: 'GEMINI_SIG' },
      { text: 'answer' },
    ])
    const request: IRRequest = {
      model: 'm',
      stream: false,
      includeUsage: false,
      sampling: {},
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            {
              type: 'reasoning',
              text: 'anthropic thoughts',
              signature: 'ANTHROPIC_SIG',
              origin: { protocol: 'anthropic' },
            },
            { type: 'text', text: 'other answer' },
          ],
        },
      ],
    }
    const parts = contentsOf(codec.encodeRequest(request, 'gemini-2.5-flash'))[1]?.parts
    expect(JSON.stringify(parts)).not.toContain('ANTHROPIC_SIG')
    expect(parts).toEqual([{ text: 'other answer' }])
  })

  it('#29 streams always go to streamGenerateContent with alt=sse', () => {
    const call = gemini().encodeRequest(
      fromOpenAI({ stream: true, messages: [{ role: 'user', content: 'q' }] }),
      'gemini-2.5-flash',
    )
    expect(call.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse')
  })

  it('#30 CRLF-separated events decode (and LF or CR alone too)', async () => {
    const chunks = [candidate([{ text: 'a' }]), candidate([{ text: 'b' }], 'STOP')].map(
      (chunk) => `data: ${JSON.stringify(chunk)}`,
    )
    for (const separator of ['\r\n\r\n', '\n\n', '\r\r']) {
      const parts = await decodeSse(gemini(), chunks.join(separator) + separator)
      expect(
        parts.filter((part) => part.type === 'text-delta').map((part) => (part as { delta: string }).delta),
      ).toEqual(['a', 'b'])
    }
  })
})
