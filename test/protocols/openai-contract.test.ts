import type { IRRequest } from '../../src/ir/request.ts'
import type { IRResponse } from '../../src/ir/response.ts'
import { createOpenAICodec } from '../../src/protocols/openai/index.ts'
import { runCodecContract } from './support/codec-contract.ts'
import { fixtureJson, fixtureText, recordingLogger } from '../helpers/protocol-fixtures.ts'

const full: IRRequest = {
  model: 'gpt-4.1-mini',
  system: [{ type: 'text', text: 'Be brief.' }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Find x' }], stringContent: true },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Calling.' },
        { type: 'tool_call', id: 'call_1', name: 'lookup', args: { q: 'x' }, rawArgs: '{"q":"x"}' },
      ],
      stringContent: true,
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          callId: 'call_1',
          name: 'lookup',
          content: [{ type: 'text', text: 'found' }],
          isError: false,
        },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'image', source: { kind: 'base64', mime: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' } },
        {
          type: 'document',
          source: { kind: 'base64', mime: 'application/pdf', data: 'JVBERi0=' },
          filename: 'spec.pdf',
        },
        { type: 'audio', mime: 'audio/wav', data: 'UklGRg==' },
        { type: 'text', text: 'And these?' },
      ],
    },
  ],
  sampling: {
    maxTokens: 100,
    temperature: 1.5,
    topP: 0.9,
    stopSequences: ['END'],
    seed: 7,
    presencePenalty: 0.1,
    frequencyPenalty: 0.2,
  },
  tools: [
    {
      type: 'function',
      name: 'lookup',
      description: 'Look up',
      parameters: { type: 'object', properties: { q: { type: 'string' } } },
      strict: true,
    },
    { type: 'provider', origin: { protocol: 'openai' }, raw: { type: 'custom', custom: { name: 'grammar' } } },
  ],
  toolChoice: { type: 'tool', name: 'lookup' },
  parallelToolCalls: false,
  reasoning: { enabled: true, effort: 'low' },
  responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
  stream: true,
  includeUsage: true,
  user: 'user-1',
  metadata: { team: 'a' },
  promptCacheKey: 'session-1',
  serviceTier: 'flex',
  safetyIdentifier: 'user-hash-1',
  extra: { protocol: 'openai', fields: { logprobs: true } },
}

const minimal: IRRequest = {
  model: 'gpt-4.1-mini',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }], stringContent: true }],
  sampling: {},
  stream: false,
  includeUsage: false,
}

const responses: { name: string; response: IRResponse }[] = [
  {
    name: 'reasoning, text and a tool call',
    response: {
      id: 'chatcmpl-abc',
      model: 'deepseek-reasoner',
      created: 1767225600,
      content: [
        { type: 'reasoning', text: 'Think.', origin: { protocol: 'openai', model: 'deepseek-reasoner' } },
        { type: 'text', text: 'Calling — now 😀.' },
        { type: 'tool_call', id: 'call_1', name: 'lookup', args: { q: 'é' }, rawArgs: '{"q":"é"}' },
        { type: 'tool_call', id: 'call_2', name: 'lookup', args: { q: 'z' }, rawArgs: '{"q":"z"}' },
      ],
      finish: { unified: 'tool_calls', raw: 'tool_calls' },
      usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 5, reasoningTokens: 4 },
    },
  },
  {
    name: 'plain text cut by length',
    response: {
      id: 'chatcmpl-def',
      model: 'gpt-4.1-mini',
      created: 1767225601,
      content: [{ type: 'text', text: 'Once upon' }],
      finish: { unified: 'length', raw: 'length' },
      usage: { inputTokens: 10, outputTokens: 3 },
    },
  },
  {
    name: 'an empty filtered answer',
    response: {
      id: 'chatcmpl-ghi',
      model: 'gpt-4.1-mini',
      created: 1767225602,
      content: [],
      finish: { unified: 'content_filter', raw: 'content_filter' },
      usage: { inputTokens: 10, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
]

runCodecContract(createOpenAICodec({ logger: recordingLogger() }), {
  requests: [
    { name: 'a full request', request: full },
    { name: 'a minimal request', request: minimal },
  ],
  responses,
  recordings: [
    {
      name: 'F6',
      json: fixtureJson('openai', 'f6-upstream-response.json'),
      sse: fixtureText('openai', 'f6-upstream-stream.sse'),
    },
  ],
})
