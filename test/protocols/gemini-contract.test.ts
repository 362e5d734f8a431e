import { fixtureJson, fixtureText } from '../helpers/protocol-fixtures.ts'
import type { IRRequest } from '../../src/ir/request.ts'
import type { IRResponse } from '../../src/ir/response.ts'
import { createGeminiCodec } from '../../src/protocols/gemini/index.ts'
import { createGeminiSideCaches } from '../../src/protocols/gemini/tool-call-cache.ts'
import { runCodecContract } from './support/codec-contract.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

const codec = createGeminiCodec({ logger: quietLogger, caches: createGeminiSideCaches() })
const origin = { protocol: 'gemini' as const }

/** Requests in the Gemini codec's canonical form (what its decoder produces). */
const requests: { name: string; request: IRRequest }[] = [
  {
    name: 'plain text with system and sampling',
    request: {
      model: 'gemini-2.5-flash',
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      sampling: { maxTokens: 256, temperature: 0.2, topP: 0.8, topK: 40, stopSequences: ['END'], seed: 1 },
      stream: false,
      includeUsage: true,
    },
  },
  {
    name: 'tools, media, thinking, JSON mode and a Gemini-made call with its signature',
    request: {
      model: 'gemini-2.5-flash',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this, and the weather?' },
            { type: 'image', source: { kind: 'base64', mime: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { kind: 'url', url: 'gs://bucket/cat.jpg', mime: 'image/jpeg' } },
            { type: 'audio', mime: 'audio/wav', data: 'UklGRg==' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Weather first.', signature: 'SIG_T', origin },
            { type: 'text', text: 'A cat.' },
            { type: 'tool_call', id: 'fc_1', name: 'get_weather', args: { city: 'Oslo' }, signature: 'SIG_C', origin },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              callId: 'fc_1',
              name: 'get_weather',
              content: [{ type: 'text', text: '{"celsius":4}' }],
              isError: false,
            },
          ],
        },
      ],
      sampling: {},
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: 'Weather now',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
      toolChoice: { type: 'auto' },
      reasoning: { enabled: true, budget: 2048 },
      responseFormat: { type: 'json_schema', schema: { type: 'object', properties: { answer: { type: 'string' } } } },
      stream: false,
      includeUsage: true,
      extra: {
        protocol: 'gemini',
        fields: { safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }] },
      },
    },
  },
]

const model = 'gemini-2.5-pro'
const responses: { name: string; response: IRResponse }[] = [
  {
    name: 'reasoning and text',
    response: {
      id: 'r1',
      model,
      content: [
        { type: 'reasoning', text: 'Think.', origin: { protocol: 'gemini', model } },
        { type: 'text', text: 'Answer — with a dash.' },
      ],
      finish: { unified: 'stop', raw: 'STOP' },
      usage: { inputTokens: 11, outputTokens: 229, reasoningTokens: 212, cacheReadTokens: 4 },
    },
  },
  {
    name: 'parallel calls with ids and a signature',
    response: {
      id: 'r2',
      model,
      content: [
        {
          type: 'tool_call',
          id: 'fc_a',
          name: 'f',
          args: { n: 1 },
          signature: 'S1',
          origin: { protocol: 'gemini', model },
        },
        { type: 'tool_call', id: 'fc_b', name: 'f', args: { n: 2 }, origin: { protocol: 'gemini', model } },
      ],
      finish: { unified: 'tool_calls', raw: 'STOP' },
      usage: { inputTokens: 52, outputTokens: 18 },
    },
  },
  {
    name: 'a filtered answer',
    response: {
      id: 'r3',
      model,
      content: [],
      finish: { unified: 'content_filter', raw: 'SAFETY' },
      usage: { inputTokens: 5, outputTokens: 0 },
    },
  },
]

const withIds = (id: string, args: Record<string, unknown>) => ({ functionCall: { id, name: 'f', args } })
const callsJson = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [{ ...withIds('fc_1', { n: 1 }), thoughtSignature: 'S' }, withIds('fc_2', { n: 2 })],
      },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 7, totalTokenCount: 16 },
  modelVersion: 'gemini-3-flash-preview',
  responseId: 'c1',
}
const callsSse = [
  {
    candidates: [
      { content: { role: 'model', parts: [{ ...withIds('fc_1', { n: 1 }), thoughtSignature: 'S' }] }, index: 0 },
    ],
    usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
    modelVersion: 'gemini-3-flash-preview',
    responseId: 'c1',
  },
  {
    candidates: [{ content: { role: 'model', parts: [withIds('fc_2', { n: 2 })] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: callsJson.usageMetadata,
    modelVersion: 'gemini-3-flash-preview',
    responseId: 'c1',
  },
]
  .map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`)
  .join('')

runCodecContract(codec, {
  requests,
  responses,
  recordings: [
    {
      name: 'F7 (thoughts, text, trailing signature)',
      json: fixtureJson('gemini', 'f7-upstream-response.json'),
      sse: fixtureText('gemini', 'f7-upstream-stream.sse'),
    },
    { name: 'parallel calls with Gemini ids', json: callsJson, sse: callsSse },
  ],
})
