import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../src/ir/json.ts'
import type { IRRequest } from '../../src/ir/request.ts'
import type { IRResponse } from '../../src/ir/response.ts'
import { createAnthropicCodec } from '../../src/protocols/anthropic/index.ts'
import { createOpenAICodec } from '../../src/protocols/openai/index.ts'
import { recordingLogger } from '../helpers/protocol-fixtures.ts'

function setup() {
  const logger = recordingLogger()
  return { logger, openai: createOpenAICodec({ logger }), anthropic: createAnthropicCodec({ logger }) }
}

/** OpenAI client body → Anthropic upstream body. */
function toAnthropic(body: JsonObject, model = 'claude-sonnet-4-5') {
  const { openai, anthropic, logger } = setup()
  const call = anthropic.encodeRequest(openai.decodeRequest(body, new Headers()), model)
  return { body: call.body as JsonObject, warnings: logger.messages.join('\n') }
}

const tools = [
  {
    type: 'function',
    function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  },
]

/** An OpenAI tool loop: the assistant called `weather` twice; two tool results and a follow-up. */
const toolLoop = [
  { role: 'user', content: 'Weather in Oslo and Bergen?' },
  {
    role: 'assistant',
    content: '',
    tool_calls: [
      { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
      { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Bergen"}' } },
    ],
  },
  { role: 'tool', tool_call_id: 'call_1', content: 'rain' },
  { role: 'tool', tool_call_id: 'call_2', content: 'sun' },
  { role: 'user', content: 'Which is nicer?' },
]

describe('request pitfalls (docs/protocols.md, numbered as there), OpenAI ⇄ Anthropic', () => {
  it('#31 an empty assistant content next to tool_calls sends no empty text block', () => {
    const { body } = toAnthropic({ model: 'x', messages: toolLoop, tools })
    const messages = body.messages as { content: unknown }[]
    expect(messages[1]?.content).toStrictEqual([
      { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'call_2', name: 'weather', input: { city: 'Bergen' } },
    ])
    expect(JSON.stringify(body)).not.toContain('"text":""')
  })

  it('#32 consecutive tool messages and the next user message become one user turn, tool results first', () => {
    const { body } = toAnthropic({ model: 'x', messages: toolLoop, tools })
    expect(body.messages).toHaveLength(3)
    expect((body.messages as JsonObject[])[2]).toStrictEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_1', content: 'rain' },
        { type: 'tool_result', tool_use_id: 'call_2', content: 'sun' },
        { type: 'text', text: 'Which is nicer?' },
      ],
    })
  })

  it('#32 an Anthropic user turn with text before its tool_result still sends the tool message first to OpenAI', () => {
    const { openai, anthropic } = setup()
    const ir = anthropic.decodeRequest(
      {
        model: 'x',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'here:' },
              { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'ok' }], is_error: true },
            ],
          },
        ],
      },
      new Headers(),
    )
    const messages = (openai.encodeRequest(ir, 'gpt-4.1').body as { messages: JsonObject[] }).messages
    expect(messages.slice(2)).toStrictEqual([
      { role: 'tool', tool_call_id: 't1', content: '[error] ok' },
      { role: 'user', content: [{ type: 'text', text: 'here:' }] },
    ])
  })

  it('#33 thinking with a last tool-use turn that has no signed thinking is turned off, with a warning', () => {
    const { body, warnings } = toAnthropic({
      model: 'x',
      reasoning_effort: 'high',
      messages: toolLoop.slice(0, 4),
      tools,
    })
    expect(body.thinking).toBeUndefined()
    expect(warnings).toContain('thinking')
  })

  it('#33 #35 thinking_blocks replayed by an OpenAI client keep the Anthropic signature, so thinking stays on', () => {
    const messages = structuredClone(toolLoop.slice(0, 4)) as JsonObject[]
    Object.assign(messages[1] as JsonObject, {
      thinking_blocks: [{ type: 'thinking', thinking: 'Two lookups.', signature: 'EqQBsig' }],
    })
    const { body } = toAnthropic({ model: 'x', reasoning_effort: 'high', messages, tools })
    expect(body.thinking).toStrictEqual({ type: 'enabled', budget_tokens: 4096 })
    expect(((body.messages as JsonObject[])[1]?.content as JsonObject[])[0]).toStrictEqual({
      type: 'thinking',
      thinking: 'Two lookups.',
      signature: 'EqQBsig',
    })
  })

  it('#35 an Anthropic thinking answer reaches an OpenAI client with its signature in thinking_blocks', () => {
    const { openai, anthropic } = setup()
    const ir = anthropic.decodeResponse({
      id: 'msg_1',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'Two lookups.', signature: 'EqQBsig' },
        { type: 'text', text: 'Hi' },
      ],
      stop_reason: 'end_turn',
      usage: { input_tokens: 1, output_tokens: 2 },
    })
    const message = (openai.encodeResponse(ir, 'sonnet') as { choices: { message: JsonObject }[] }).choices[0]?.message
    expect(message).toStrictEqual({
      role: 'assistant',
      content: 'Hi',
      reasoning_content: 'Two lookups.',
      thinking_blocks: [{ type: 'thinking', thinking: 'Two lookups.', signature: 'EqQBsig' }],
    })
  })

  it('#35 reasoning signed by another protocol is never sent to Anthropic', () => {
    const { anthropic, logger } = setup()
    const request: IRRequest = {
      model: 'x',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'gemini thought', signature: 'Cq4B', origin: { protocol: 'gemini' } },
            { type: 'text', text: 'a' },
          ],
        },
      ],
      sampling: {},
      stream: false,
      includeUsage: false,
    }
    const body = anthropic.encodeRequest(request, 'claude-sonnet-4-5').body
    expect(JSON.stringify(body)).not.toContain('Cq4B')
    expect(logger.messages.join('\n')).toContain('gemini reasoning')
  })

  it('#34 thinking with a forced tool choice is turned off (the forced tool is kept), with a warning', () => {
    const { body, warnings } = toAnthropic({
      model: 'x',
      reasoning_effort: 'medium',
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'go' }],
      tools,
    })
    expect(body.thinking).toBeUndefined()
    expect(body.tool_choice).toStrictEqual({ type: 'any' })
    expect(warnings).toContain('forced tool choice')
  })

  it('thinking on: budget from effort, temperature and top_k dropped with a warning, max_tokens above the budget', () => {
    const { body, warnings } = toAnthropic({
      model: 'x',
      reasoning_effort: 'low',
      temperature: 0.2,
      max_tokens: 800,
      messages: [{ role: 'user', content: 'go' }],
    })
    expect(body.thinking).toBeUndefined()
    expect(warnings).toContain('max_tokens 800 leaves no room')
    const roomy = toAnthropic({
      model: 'x',
      reasoning_effort: 'low',
      temperature: 0.2,
      max_tokens: 3000,
      messages: [{ role: 'user', content: 'go' }],
    })
    expect(roomy.body).toMatchObject({ max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 1024 } })
    expect(roomy.body.temperature).toBeUndefined()
    expect(roomy.warnings).toContain('temperature')
    const defaults = toAnthropic({ model: 'x', reasoning_effort: 'high', messages: [{ role: 'user', content: 'go' }] })
    expect(defaults.body).toMatchObject({ max_tokens: 32000, thinking: { type: 'enabled', budget_tokens: 4096 } })
  })

  it('#36 assistant reasoning_content in OpenAI history is dropped for Anthropic (unsigned) but kept for DeepSeek-style upstreams when asked', () => {
    const messages = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a', reasoning_content: 'because' },
      { role: 'user', content: 'more' },
    ]
    expect(JSON.stringify(toAnthropic({ model: 'x', messages }).body)).not.toContain('because')
    const logger = recordingLogger()
    const openai = createOpenAICodec({ logger, sendReasoningContent: true })
    const body = openai.encodeRequest(
      openai.decodeRequest({ model: 'x', messages }, new Headers()),
      'deepseek-reasoner',
    ).body as { messages: JsonObject[] }
    expect(body.messages[1]).toStrictEqual({ role: 'assistant', content: 'a', reasoning_content: 'because' })
  })

  it('#36 a non-stream reasoning_content answer becomes a thinking block (empty signature) for an Anthropic client', () => {
    const { openai, anthropic } = setup()
    const ir = openai.decodeResponse({
      id: 'x1',
      model: 'deepseek-reasoner',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Yes', reasoning_content: 'Check.' },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    })
    expect((anthropic.encodeResponse(ir, 'r1') as JsonObject).content).toStrictEqual([
      { type: 'thinking', thinking: 'Check.', signature: '' },
      { type: 'text', text: 'Yes' },
    ])
  })

  it('#37 max_tokens above a known Claude ceiling is clamped, with a warning', () => {
    const { body, warnings } = toAnthropic(
      { model: 'x', max_completion_tokens: 128001, messages: [{ role: 'user', content: 'go' }] },
      'claude-3-5-haiku-20241022',
    )
    expect(body.max_tokens).toBe(8192)
    expect(warnings).toContain('clamped')
    expect(
      toAnthropic({ model: 'x', max_tokens: 64000, messages: [{ role: 'user', content: 'go' }] }, 'claude-sonnet-4-5')
        .body.max_tokens,
    ).toBe(64000)
    expect(
      toAnthropic(
        { model: 'x', messages: [{ role: 'user', content: 'go' }], reasoning_effort: 'high' },
        'claude-opus-4-1-20250805',
      ).body,
    ).toMatchObject({
      max_tokens: 32000,
      thinking: { budget_tokens: 4096 },
    })
  })

  it('#43 finish mappings: content_filter ⇄ refusal, pause_turn → stop, context window → length', () => {
    const { openai, anthropic } = setup()
    const base: IRResponse = {
      id: 'r',
      model: 'm',
      content: [],
      finish: { unified: 'stop' },
      usage: { inputTokens: 0, outputTokens: 0 },
    }
    const anthropicReason = (raw: string) => {
      const ir = openai.decodeResponse({
        id: 'r',
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finish_reason: raw }],
      })
      return (anthropic.encodeResponse(ir, 'm') as JsonObject).stop_reason
    }
    const openaiReason = (raw: string) => {
      const ir = anthropic.decodeResponse({ id: 'r', model: 'm', content: [], stop_reason: raw, usage: {} })
      return (openai.encodeResponse(ir, 'm') as { choices: JsonObject[] }).choices[0]?.finish_reason
    }
    expect(anthropicReason('content_filter')).toBe('refusal')
    expect(anthropicReason('length')).toBe('max_tokens')
    expect(anthropicReason('tool_calls')).toBe('tool_use')
    expect(anthropicReason('stop')).toBe('end_turn')
    expect(openaiReason('refusal')).toBe('content_filter')
    expect(openaiReason('pause_turn')).toBe('stop')
    expect(openaiReason('model_context_window_exceeded')).toBe('length')
    expect(openaiReason('stop_sequence')).toBe('stop')
    expect(
      (anthropic.encodeResponse({ ...base, finish: { unified: 'stop', stopSequence: 'END' } }, 'm') as JsonObject)
        .stop_reason,
    ).toBe('stop_sequence')
  })

  it('#44 Anthropic gets max_tokens 4096 when the client gave none (configurable)', () => {
    expect(toAnthropic({ model: 'x', messages: [{ role: 'user', content: 'go' }] }).body.max_tokens).toBe(4096)
    const anthropic = createAnthropicCodec({ logger: recordingLogger(), defaultMaxTokens: 8192 })
    const ir = createOpenAICodec({ logger: recordingLogger() }).decodeRequest(
      { model: 'x', messages: [{ role: 'user', content: 'go' }] },
      new Headers(),
    )
    expect((anthropic.encodeRequest(ir, 'claude-sonnet-4-5').body as JsonObject).max_tokens).toBe(8192)
  })
})

describe('what cannot be expressed is refused or dropped out loud', () => {
  it('audio for an Anthropic upstream is a 400', () => {
    expect(() =>
      toAnthropic({
        model: 'x',
        messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAA=', format: 'wav' } }] }],
      }),
    ).toThrowError(
      expect.objectContaining({ kind: 'invalid_request', status: 400, message: expect.stringContaining('audio') }),
    )
  })

  it('n > 1 for an Anthropic upstream is a 400', () => {
    expect(() => toAnthropic({ model: 'x', n: 2, messages: [{ role: 'user', content: 'go' }] })).toThrowError(
      expect.objectContaining({ status: 400 }),
    )
  })

  it('OpenAI-only fields, stop sequences that are only whitespace, seed and penalties are dropped with one warning line', () => {
    const { body, warnings } = toAnthropic({
      model: 'x',
      stop: ['\n\n', 'END'],
      seed: 1,
      frequency_penalty: 0.5,
      logprobs: true,
      temperature: 1.7,
      messages: [{ role: 'user', content: 'go' }],
    })
    expect(body).toMatchObject({ stop_sequences: ['END'], temperature: 1 })
    for (const word of [
      'whitespace-only stop sequences',
      'seed',
      'frequency_penalty',
      'openai field logprobs',
      'temperature 1.7',
    ])
      expect(warnings).toContain(word)
    expect(warnings.split('\n')).toHaveLength(1)
  })

  it('Anthropic server tools, top_k and anthropic-beta are dropped for an OpenAI upstream, with a warning', () => {
    const { openai, anthropic, logger } = setup()
    const ir = anthropic.decodeRequest(
      {
        model: 'x',
        max_tokens: 5,
        top_k: 3,
        messages: [{ role: 'user', content: 'go' }],
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
      },
      new Headers({ 'anthropic-beta': 'b1' }),
    )
    const call = openai.encodeRequest(ir, 'gpt-4.1')
    expect(call.body).toStrictEqual({ model: 'gpt-4.1', max_tokens: 5, messages: [{ role: 'user', content: 'go' }] })
    expect(call.headers).toBeUndefined()
    const warnings = logger.messages.join('\n')
    for (const word of ['top_k', 'anthropic server tool web_search', 'anthropic header anthropic-beta'])
      expect(warnings).toContain(word)
  })

  it('a malformed client body is a 400 naming the field', () => {
    const { openai, anthropic } = setup()
    expect(() =>
      openai.decodeRequest({ model: 'x', messages: [{ role: 'user', content: 5 }] }, new Headers()),
    ).toThrowError(expect.objectContaining({ status: 400, message: 'messages[0].content: expected an array' }))
    expect(() =>
      anthropic.decodeRequest({ model: 'x', messages: [{ role: 'tool', content: 'x' }] }, new Headers()),
    ).toThrowError(expect.objectContaining({ status: 400, message: expect.stringContaining('messages[0].role') }))
    expect(() => openai.decodeRequest('nope', new Headers())).toThrowError(
      expect.objectContaining({ kind: 'invalid_request' }),
    )
  })

  it('tool-call arguments that are not JSON become {} for Anthropic (never a string), with a warning', () => {
    const { body, warnings } = toAnthropic({
      model: 'x',
      messages: [
        { role: 'user', content: 'go' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"broken' } }],
        },
        { role: 'tool', tool_call_id: 'c', content: 'ok' },
      ],
    })
    expect(((body.messages as JsonObject[])[1]?.content as JsonObject[])[0]).toStrictEqual({
      type: 'tool_use',
      id: 'c',
      name: 'f',
      input: {},
    })
    expect(warnings).toContain('not a JSON object')
  })
})
