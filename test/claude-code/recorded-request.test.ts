import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JsonObject } from '../../src/ir/json.ts'
import { createAnthropicCodec, createGeminiCodec, createOpenAICodec } from '../../src/protocols/index.ts'
import { jsonFixture } from '../helpers/fixtures.ts'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { openaiSse, startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import { checkAnthropicStream } from '../translation/support/anthropic-stream-check.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

/** Recorded from Claude Code 2.1.332 by `record-request.ts`: the second turn of a `Read` round trip. */
const recordings = ['custom-model', 'claude-model'] as const
type Recording = (typeof recordings)[number]

interface RecordedHeaders {
  claudeCodeVersion: string
  path: string
  headers: Record<string, string>
}

const requestOf = (name: Recording) => jsonFixture<JsonObject>(`claude-code/${name}-request.json`)
const headersOf = (name: Recording) => jsonFixture<RecordedHeaders>(`claude-code/${name}-headers.json`)

const decode = (name: Recording) =>
  createAnthropicCodec({ logger: quietLogger }).decodeRequest(requestOf(name), new Headers(headersOf(name).headers))

/** Every text of the recorded system prompt: the `system` blocks, then `role: "system"` turns. */
function systemTexts(name: Recording): string[] {
  const request = requestOf(name) as {
    system: Array<{ text: string }>
    messages: Array<{ role: string; content: unknown }>
  }
  const turns = request.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content as string)
  return [...request.system.map((block) => block.text), ...turns]
}

describe.each(recordings)('the recorded Claude Code request (%s) replayed through the codecs', (name) => {
  const recorded = requestOf(name) as { tools: Array<{ name: string }>; max_tokens: number }
  const toolNames = recorded.tools.map((tool) => tool.name)

  it('carries what makes Claude Code demanding: cached system blocks, thinking, many tools, metadata, beta headers', () => {
    const text = JSON.stringify(requestOf(name))
    expect(text).toContain('"cache_control":{"type":"ephemeral"}')
    expect(requestOf(name).thinking).toBeDefined()
    expect(toolNames.length).toBeGreaterThanOrEqual(10)
    expect(requestOf(name).metadata).toHaveProperty('user_id')
    expect(headersOf(name).headers['anthropic-beta']).toContain('interleaved-thinking')
  })

  it('becomes a valid OpenAI request: one system message, the tool round trip as tool_calls and a tool message', () => {
    const call = createOpenAICodec({ logger: quietLogger }).encodeRequest(decode(name), 'gpt-4.1')
    const body = call.body as {
      messages: Array<{ role: string; content: unknown; tool_calls?: unknown; tool_call_id?: string }>
      tools: Array<{ function: { name: string } }>
    } & JsonObject
    expect(call.path).toBe('/chat/completions')
    expect(body).toMatchObject({
      model: 'gpt-4.1',
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: 'high',
      max_tokens: recorded.max_tokens,
    })
    expect(body.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool'])
    expect(body.messages[0]?.content).toBe(systemTexts(name).join('\n\n'))
    expect(body.messages[2]?.tool_calls).toEqual([
      {
        id: 'call_Read01',
        type: 'function',
        function: { name: 'Read', arguments: '{"file_path":"/home/user/project/notes.txt"}' },
      },
    ])
    expect(body.messages[3]?.tool_call_id).toBe('call_Read01')
    expect(JSON.stringify(body.messages[3]?.content)).toContain('The deploy key rotates every Monday.')
    expect(body.tools.map((tool) => tool.function.name)).toEqual(toolNames)
    for (const key of ['cache_control', 'thinking', 'context_management', 'defer_loading'])
      expect(JSON.stringify(body)).not.toContain(`"${key}"`)
  })

  it('becomes a valid Gemini request: systemInstruction, model functionCall then user functionResponse, cleaned schemas', () => {
    const call = createGeminiCodec({ logger: quietLogger }).encodeRequest(decode(name), 'gemini-2.5-pro')
    const body = call.body as {
      contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>
      systemInstruction: { parts: Array<{ text: string }> }
      tools: Array<{ functionDeclarations: Array<{ name: string; parameters?: unknown }> }>
      generationConfig: { maxOutputTokens: number; thinkingConfig: Record<string, unknown> }
    }
    expect(call.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse')
    expect(body.systemInstruction.parts.map((part) => part.text)).toEqual(systemTexts(name))
    expect(body.contents.map((content) => content.role)).toEqual(['user', 'model', 'user'])
    expect(body.contents[1]?.parts).toContainEqual({
      functionCall: { name: 'Read', args: { file_path: '/home/user/project/notes.txt' } },
    })
    const response = body.contents[2]?.parts[0] as { functionResponse: { name: string; response: { result: string } } }
    expect(response.functionResponse.name).toBe('Read')
    expect(response.functionResponse.response.result).toContain('The deploy key rotates every Monday.')
    expect(body.tools.flatMap((tool) => tool.functionDeclarations.map((declaration) => declaration.name))).toEqual(
      toolNames,
    )
    const schemas = JSON.stringify(body.tools)
    for (const key of ['$schema', 'additionalProperties', 'propertyNames', 'exclusiveMinimum', 'const'])
      expect(schemas).not.toContain(`"${key}"`)
    expect(body.generationConfig.maxOutputTokens).toBe(recorded.max_tokens)
    expect(body.generationConfig.thinkingConfig.includeThoughts).toBe(true)
    expect(JSON.stringify(body)).not.toContain('cache_control')
  })
})

const openaiChunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-Cc2',
  object: 'chat.completion.chunk',
  created: 1767225600,
  model: 'gpt-4.1-2025-04-14',
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
})

/** An OpenAI upstream's answer to the replay: reasoning, text, then two tool calls with split arguments. */
const openaiAnswer = openaiSse([
  openaiChunk({ role: 'assistant', content: null, reasoning_content: 'The note mentions a key; ' }),
  openaiChunk({ reasoning_content: 'check the scripts too.' }),
  openaiChunk({ content: 'The note says the deploy key rotates every Monday. ' }),
  openaiChunk({ content: 'Let me check the rotation script.' }),
  openaiChunk({
    tool_calls: [{ index: 0, id: 'call_Grep01', type: 'function', function: { name: 'Bash', arguments: '' } }],
  }),
  openaiChunk({ tool_calls: [{ index: 0, function: { arguments: '{"command":"grep -rn rotate ' } }] }),
  openaiChunk({ tool_calls: [{ index: 0, function: { arguments: 'scripts/","description":"Find rotation"}' } }] }),
  openaiChunk({
    tool_calls: [
      { index: 1, id: 'call_Read02', type: 'function', function: { name: 'Read', arguments: '{"file_path":' } },
    ],
  }),
  openaiChunk({ tool_calls: [{ index: 1, function: { arguments: '"/home/user/project/deploy.sh"}' } }] }),
  openaiChunk({}, 'tool_calls'),
  {
    id: 'chatcmpl-Cc2',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model: 'gpt-4.1-2025-04-14',
    choices: [],
    usage: {
      prompt_tokens: 11873,
      completion_tokens: 96,
      total_tokens: 11969,
      prompt_tokens_details: { cached_tokens: 11520 },
      completion_tokens_details: { reasoning_tokens: 20 },
    },
  },
])

const geminiChunk = (parts: unknown[], extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts }, index: 0, ...extra }], usageMetadata: { promptTokenCount: 11873, totalTokenCount: 11873 }, modelVersion: 'gemini-2.5-pro', responseId: 'cc-replay-1' })}\r\n\r\n`

/** A Gemini upstream's answer: a thought, text in two chunks, two parallel calls (the first signed). */
const geminiAnswer = [
  geminiChunk([{ text: 'The note mentions a key; check the scripts too.', thought: true }]),
  geminiChunk([{ text: 'The note says the deploy key rotates every Monday. ' }]),
  geminiChunk([{ text: 'Let me check the rotation script.' }]),
  geminiChunk([
    {
      functionCall: { name: 'Bash', args: { command: 'grep -rn rotate scripts/', description: 'Find rotation' } },
      thoughtSignature: 'CiQBcsjaf0sig',
    },
    { functionCall: { name: 'Read', args: { file_path: '/home/user/project/deploy.sh' } } },
  ]),
  `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 11873, candidatesTokenCount: 76, thoughtsTokenCount: 20, totalTokenCount: 11969 }, modelVersion: 'gemini-2.5-pro', responseId: 'cc-replay-1' })}\r\n\r\n`,
]

let upstream: MockUpstream
let gateway: TestGateway

beforeAll(async () => {
  upstream = await startMockUpstream((request) =>
    request.path.startsWith('/v1beta/') ? { sse: geminiAnswer, delayMs: 1 } : { sse: openaiAnswer, delayMs: 1 },
  )
  gateway = await startGateway({
    auth: { tokens: ['claude-code-token'] },
    modelMapping: { 'claude-sonnet-4-5': 'gpt-4.1' },
    providers: [
      { name: 'oa', protocol: 'openai', baseUrl: `${upstream.url}/v1`, keys: ['sk-oa'], models: ['gpt-4.1'] },
      {
        name: 'ge',
        protocol: 'gemini',
        baseUrl: upstream.url,
        keys: ['ge-key'],
        models: [{ id: 'gemini-2.5-pro', name: 'gemini-pro' }],
      },
    ],
  })
})

afterAll(async () => {
  await gateway.close()
  await upstream.close()
})

describe.each(recordings)('the recorded Claude Code request (%s) through pinai', (name) => {
  describe.each([
    ['an OpenAI-protocol upstream', name === 'claude-model' ? 'claude-sonnet-4-5' : 'gpt-4.1', '/v1/chat/completions'],
    ['a Gemini-protocol upstream', 'gemini-pro', '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse'],
  ])('to %s', (_label, model, upstreamPath) => {
    it('streams back what Claude Code accepts: started blocks only, one block per run, tool inputs as JSON', async () => {
      const recorded = headersOf(name)
      const response = await fetch(`${gateway.url}${recorded.path}`, {
        method: 'POST',
        headers: { ...recorded.headers, 'x-api-key': 'claude-code-token' },
        body: JSON.stringify({ ...requestOf(name), model }),
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
      expect(upstream.requests.at(-1)?.path).toBe(upstreamPath)
      const stream = await checkAnthropicStream(await response.text())
      expect(stream.model).toBe(model)
      expect(stream.blocks).toMatchObject([
        { type: 'thinking', thinking: 'The note mentions a key; check the scripts too.' },
        { type: 'text', text: 'The note says the deploy key rotates every Monday. Let me check the rotation script.' },
        {
          type: 'tool_use',
          name: 'Bash',
          input: { command: 'grep -rn rotate scripts/', description: 'Find rotation' },
        },
        { type: 'tool_use', name: 'Read', input: { file_path: '/home/user/project/deploy.sh' } },
      ])
      const ids = stream.blocks.flatMap((block) => ('id' in block ? [block.id] : []))
      expect(new Set(ids).size).toBe(2)
      expect(stream.stopReason).toBe('tool_use')
      expect(stream.usage.output_tokens).toBe(96)
    })
  })
})
