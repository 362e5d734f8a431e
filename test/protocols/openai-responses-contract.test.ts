import type { IRRequest } from '../../src/ir/request.ts'
import type { IRResponse } from '../../src/ir/response.ts'
import { createOpenAIResponsesCodec } from '../../src/protocols/openai-responses/index.ts'
import { runCodecContract } from './support/codec-contract.ts'
import { fixtureJson, fixtureText, recordingLogger } from '../helpers/protocol-fixtures.ts'

const full: IRRequest = {
  model: 'gpt-5.1-codex',
  system: [{ type: 'text', text: 'Be brief.' }],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: '<environment_context/>' },
        { type: 'text', text: 'Find x' },
      ],
    },
    {
      role: 'assistant',
      content: [
        {
          type: 'reasoning',
          text: 'Look it up.',
          signature: 'gAAAAB-opaque',
          origin: { protocol: 'openai-responses' },
        },
        { type: 'text', text: 'Calling.' },
        { type: 'tool_call', id: 'call_1', name: 'lookup', args: { q: 'x' }, rawArgs: '{"q":"x"}' },
      ],
    },
    {
      // Items of one role in a row are one turn: the tool's output and the user's next parts.
      role: 'user',
      content: [
        {
          type: 'tool_result',
          callId: 'call_1',
          name: 'lookup',
          content: [{ type: 'text', text: 'found' }],
          isError: false,
        },
        { type: 'image', source: { kind: 'base64', mime: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/a.jpg' }, detail: 'auto' },
        {
          type: 'document',
          source: { kind: 'base64', mime: 'application/pdf', data: 'JVBERi0=' },
          filename: 'spec.pdf',
        },
        { type: 'text', text: 'And these?' },
      ],
    },
  ],
  sampling: { maxTokens: 100, temperature: 1.5, topP: 0.9 },
  tools: [
    {
      type: 'function',
      name: 'lookup',
      description: 'Look up',
      parameters: { type: 'object', properties: { q: { type: 'string' } } },
      strict: true,
    },
    { type: 'provider', origin: { protocol: 'openai-responses' }, name: 'web_search', raw: { type: 'web_search' } },
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
  extra: { protocol: 'openai-responses', fields: { truncation: 'auto' } },
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
    name: 'reasoning, text and two tool calls',
    response: {
      id: 'resp_abc',
      model: 'gpt-5.1-codex',
      created: 1767225600,
      content: [
        {
          type: 'reasoning',
          text: 'Think.',
          signature: 'gAAAAB-opaque',
          origin: { protocol: 'openai-responses', model: 'gpt-5.1-codex' },
        },
        { type: 'text', text: 'Calling — now 😀.' },
        { type: 'tool_call', id: 'call_1', name: 'lookup', args: { q: 'é' }, rawArgs: '{"q":"é"}' },
        { type: 'tool_call', id: 'call_2', name: 'lookup', args: { q: 'z' }, rawArgs: '{"q":"z"}' },
      ],
      finish: { unified: 'tool_calls', raw: 'completed' },
      usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 30, reasoningTokens: 4 },
    },
  },
  {
    name: 'plain text cut by length',
    response: {
      id: 'resp_def',
      model: 'gpt-4.1-mini',
      created: 1767225601,
      content: [{ type: 'text', text: 'Once upon' }],
      finish: { unified: 'length', raw: 'max_output_tokens' },
      usage: { inputTokens: 10, outputTokens: 3, cacheReadTokens: 0, reasoningTokens: 0 },
    },
  },
  {
    name: 'an Anthropic thinking signature carried in encrypted_content',
    response: {
      id: 'resp_ghi',
      model: 'claude-sonnet-4-5',
      created: 1767225602,
      content: [
        {
          type: 'reasoning',
          text: 'Hmm.',
          signature: 'EqQBCkYIBxgCKkD',
          origin: { protocol: 'anthropic', model: 'claude-sonnet-4-5' },
        },
        { type: 'text', text: 'Done.' },
      ],
      finish: { unified: 'stop', raw: 'completed' },
      usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, reasoningTokens: 0 },
    },
  },
]

runCodecContract(createOpenAIResponsesCodec({ logger: recordingLogger() }), {
  requests: [
    { name: 'a full request', request: full },
    { name: 'a minimal request', request: minimal },
  ],
  responses,
  recordings: [
    {
      name: 'the reasoning answer',
      json: fixtureJson('e2e', 'openai-responses/reasoning.json'),
      sse: fixtureText('e2e', 'openai-responses/reasoning.sse'),
    },
  ],
  numberedEvents: true,
})
