import type { IRRequest } from '../../src/ir/request.ts'
import type { IRResponse } from '../../src/ir/response.ts'
import { createAnthropicCodec } from '../../src/protocols/anthropic/index.ts'
import { runCodecContract } from './support/codec-contract.ts'
import { fixtureJson, fixtureText, recordingLogger } from '../helpers/protocol-fixtures.ts'

/** A Claude Code-like turn: cached system blocks, signed thinking before a tool call, a server tool, metadata. */
const claudeCode: IRRequest = {
  model: 'claude-sonnet-4-5',
  system: [
    { type: 'text', text: 'You are Claude Code.', cacheControl: { type: 'ephemeral' } },
    { type: 'text', text: 'Project rules.', cacheControl: { type: 'ephemeral', ttl: '1h' } },
  ],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'List files' }], stringContent: true },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Use ls.', signature: 'EqQBCkYIBxgCKkA', origin: { protocol: 'anthropic' } },
        { type: 'tool_call', id: 'toolu_1', name: 'ls', args: { path: '.' } },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          callId: 'toolu_1',
          name: 'ls',
          content: [{ type: 'text', text: 'a.ts' }],
          isError: true,
        },
        { type: 'text', text: 'continue', cacheControl: { type: 'ephemeral' } },
      ],
    },
  ],
  sampling: { maxTokens: 32000 },
  tools: [
    {
      type: 'function',
      name: 'ls',
      description: 'List',
      parameters: { type: 'object', properties: { path: { type: 'string' } } },
      cacheControl: { type: 'ephemeral' },
    },
    {
      type: 'provider',
      origin: { protocol: 'anthropic' },
      name: 'web_search',
      raw: { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
    },
  ],
  toolChoice: { type: 'auto' },
  parallelToolCalls: false,
  reasoning: { enabled: true, budget: 2048 },
  stream: true,
  includeUsage: true,
  user: 'user-1',
  extra: {
    protocol: 'anthropic',
    fields: { service_tier: 'auto' },
    headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' },
  },
}

const media: IRRequest = {
  model: 'claude-opus-4-5',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
        { type: 'image', source: { kind: 'base64', mime: 'image/webp', data: 'UklGRg==' } },
        { type: 'document', source: { kind: 'base64', mime: 'application/pdf', data: 'JVBERi0=' }, title: 'Spec' },
        { type: 'document', source: { kind: 'text', text: 'notes', mime: 'text/plain' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: '', redactedData: 'opaque', origin: { protocol: 'anthropic' } },
        { type: 'text', text: 'Sure' },
      ],
    },
  ],
  sampling: { maxTokens: 1000, temperature: 0.2, topK: 5, topP: 0.8, stopSequences: ['STOP'] },
  toolChoice: { type: 'none' },
  tools: [{ type: 'function', name: 'noop', parameters: { type: 'object', properties: {} } }],
  reasoning: { enabled: false },
  responseFormat: { type: 'json_schema', schema: { type: 'object' } },
  stream: false,
  includeUsage: false,
}

const adaptive: IRRequest = {
  model: 'claude-opus-4-5',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Plan it' }], stringContent: true }],
  sampling: { maxTokens: 2000 },
  reasoning: { enabled: true, adaptive: true, effort: 'high' },
  stream: false,
  includeUsage: false,
}

const responses: { name: string; response: IRResponse }[] = [
  {
    name: 'thinking, text and a tool call with cache usage',
    response: {
      id: 'msg_1',
      model: 'claude-sonnet-4-5',
      content: [
        {
          type: 'reasoning',
          text: 'Hmm — 😀',
          signature: 'sig1',
          origin: { protocol: 'anthropic', model: 'claude-sonnet-4-5' },
        },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_call', id: 'toolu_1', name: 'ls', args: { path: 'é' } },
        { type: 'tool_call', id: 'toolu_2', name: 'ls', args: {} },
      ],
      finish: { unified: 'tool_calls', raw: 'tool_use' },
      usage: { inputTokens: 1500, outputTokens: 60, cacheReadTokens: 1024, cacheWriteTokens: 376 },
    },
  },
  {
    name: 'redacted thinking and a stop sequence',
    response: {
      id: 'msg_2',
      model: 'claude-opus-4-5',
      content: [
        {
          type: 'reasoning',
          text: '',
          redactedData: 'opaque',
          origin: { protocol: 'anthropic', model: 'claude-opus-4-5' },
        },
        { type: 'text', text: 'Done' },
      ],
      finish: { unified: 'stop', raw: 'stop_sequence', stopSequence: 'END' },
      usage: { inputTokens: 10, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
  {
    name: 'a refusal with no content',
    response: {
      id: 'msg_3',
      model: 'claude-opus-4-5',
      content: [],
      finish: { unified: 'content_filter', raw: 'refusal' },
      usage: { inputTokens: 10, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
    },
  },
]

runCodecContract(createAnthropicCodec({ logger: recordingLogger() }), {
  requests: [
    { name: 'a Claude Code turn', request: claudeCode },
    { name: 'media, redacted thinking, sampling and a JSON schema', request: media },
    { name: 'adaptive thinking with effort', request: adaptive },
  ],
  responses,
  recordings: [
    {
      name: 'F2',
      json: fixtureJson('anthropic', 'f2-upstream-response.json'),
      sse: fixtureText('anthropic', 'f2-upstream-stream.sse'),
    },
  ],
})
