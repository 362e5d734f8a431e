import { describe, expect, it } from 'vitest'
import { fixtureJson, idsInOrder, sseEvents } from '../helpers/protocol-fixtures.ts'
import { runStepper } from '../helpers/streams.ts'
import { GatewayError } from '../../src/ir/errors.ts'
import { foldStreamParts } from '../../src/ir/fold-stream.ts'
import type { IRResponse } from '../../src/ir/response.ts'
import { responseToStreamParts } from '../../src/ir/response-to-parts.ts'
import { createGeminiCodec } from '../../src/protocols/gemini/index.ts'
import { createGeminiSideCaches } from '../../src/protocols/gemini/tool-call-cache.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

const codec = () =>
  createGeminiCodec({ logger: quietLogger, generateId: idsInOrder(), caches: createGeminiSideCaches() })

/** A Gemini request using most of what the IR can hold. */
const richRequest = {
  systemInstruction: { parts: [{ text: 'Be exact.' }, { text: 'Use metric units.' }] },
  contents: [
    {
      role: 'user',
      parts: [
        { text: 'What is in this picture, and how warm is it in Oslo?' },
        { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
        {
          fileData: {
            mimeType: 'application/pdf',
            fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc123',
          },
        },
      ],
    },
    {
      role: 'model',
      parts: [
        { text: 'Looking at the weather first.', thought: true, thoughtSignature: 'SIG_THOUGHT' },
        { text: 'A cat. Checking the weather.' },
        { functionCall: { id: 'fc_1', name: 'get_weather', args: { city: 'Oslo' } }, thoughtSignature: 'SIG_CALL' },
      ],
    },
    { role: 'user', parts: [{ functionResponse: { id: 'fc_1', name: 'get_weather', response: { celsius: 4 } } }] },
  ],
  tools: [
    {
      functionDeclarations: [
        {
          name: 'get_weather',
          description: 'Weather now',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
    },
    { googleSearch: {} },
  ],
  toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
  safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
  generationConfig: {
    temperature: 0.4,
    topP: 0.9,
    topK: 32,
    maxOutputTokens: 1000,
    stopSequences: ['END'],
    seed: 7,
    candidateCount: 1,
    responseMimeType: 'application/json',
    responseJsonSchema: { type: 'object', properties: { answer: { type: 'string' } } },
    thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
  },
}

describe('Gemini round trips', () => {
  it('request: decode then encode gives the same body back', () => {
    const gemini = codec()
    const ir = gemini.decodeRequest(richRequest, new Headers())
    expect(ir.system?.map((block) => block.text)).toEqual(['Be exact.', 'Use metric units.'])
    expect(ir.toolChoice).toEqual({ type: 'tool', name: 'get_weather' })
    expect(ir.reasoning).toEqual({ enabled: true, budget: 2048 })
    expect(gemini.encodeRequest(ir, 'gemini-2.5-flash').body).toEqual(richRequest)
  })

  it('request: ids-less calls and responses pair up by name and order', () => {
    const gemini = codec()
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'q' }] },
        {
          role: 'model',
          parts: [{ functionCall: { name: 'f', args: {} } }, { functionCall: { name: 'f', args: { n: 2 } } }],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'f', response: { result: 'one' } } },
            { functionResponse: { name: 'f', response: { result: 'two' } } },
          ],
        },
      ],
    }
    const ir = gemini.decodeRequest(body, new Headers())
    const calls = ir.messages[1]?.content.map((block) => (block.type === 'tool_call' ? block.id : ''))
    const results = ir.messages[2]?.content.map((block) => (block.type === 'tool_result' ? block.callId : ''))
    expect(results).toEqual(calls)
    expect(gemini.encodeRequest(ir, 'gemini-2.5-flash').body).toEqual(body)
  })

  it('request: a body without contents is a clear 400', () => {
    expect(() => codec().decodeRequest({ messages: [] }, new Headers())).toThrowError(GatewayError)
    expect(() => codec().decodeRequest({ messages: [] }, new Headers())).toThrowError(/contents/)
  })

  const responses: Array<[string, unknown]> = [
    ['F3', fixtureJson('gemini', 'f3-upstream-response.json')],
    ['F7 (non-stream form)', fixtureJson('gemini', 'f7-upstream-response.json')],
    [
      'tool calls with ids and signatures',
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'Calling.' },
                { functionCall: { id: 'fc_9', name: 'f', args: { a: 1 } }, thoughtSignature: 'S1' },
                { functionCall: { id: 'fc_10', name: 'g', args: {} } },
              ],
            },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: {
          promptTokenCount: 20,
          cachedContentTokenCount: 8,
          candidatesTokenCount: 6,
          totalTokenCount: 26,
        },
        modelVersion: 'gemini-3-pro-preview',
        responseId: 'rt3',
      },
    ],
  ]

  for (const [name, body] of responses) {
    it(`response ${name}: decode → encode → decode is stable`, () => {
      const gemini = codec()
      const first = gemini.decodeResponse(body)
      const again = gemini.decodeResponse(gemini.encodeResponse(first, first.model))
      expect(again).toEqual(first)
    })

    it(`response ${name}: IR → Gemini stream → IR folds to the same response`, async () => {
      const gemini = codec()
      const response: IRResponse = gemini.decodeResponse(body)
      const text = runStepper(
        gemini.encodeStream({ model: response.model, includeUsage: true }),
        responseToStreamParts(response),
      ).join('')
      const folded = foldStreamParts(runStepper(gemini.decodeStream(), await sseEvents([text])))
      expect(folded).toEqual(response)
    })
  }

  it('errors: a typed error encodes to the Gemini shape and decodes back to the same kind', () => {
    const gemini = codec()
    const error = new GatewayError({ kind: 'rate_limit', status: 429, message: 'Too fast', retryAfterMs: 17_000 })
    const encoded = gemini.encodeError(error)
    expect(encoded).toEqual({
      status: 429,
      body: {
        error: {
          code: 429,
          message: 'Too fast',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' }],
        },
      },
      headers: { 'retry-after': '17' },
    })
    const back = gemini.decodeError(encoded.status, JSON.stringify(encoded.body), new Headers(), 'p')
    expect(back).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 17_000, message: 'Too fast' })
    expect(gemini.encodeStreamError(error)).toBe(`data: ${JSON.stringify(encoded.body)}\n\n`)
  })

  it('model list: names become models/… entries with page tokens', () => {
    const gemini = codec()
    expect(gemini.encodeModelList(['a', { id: 'b', displayName: 'Bee' }, 'c'], { limit: 2 })).toEqual({
      models: [
        { name: 'models/a', displayName: 'a', supportedGenerationMethods: ['generateContent', 'countTokens'] },
        { name: 'models/b', displayName: 'Bee', supportedGenerationMethods: ['generateContent', 'countTokens'] },
      ],
      nextPageToken: 'b',
    })
    expect(gemini.encodeModelList(['a', 'b', 'c'], { limit: 2, afterId: 'b' })).toEqual({
      models: [{ name: 'models/c', displayName: 'c', supportedGenerationMethods: ['generateContent', 'countTokens'] }],
    })
  })
})
