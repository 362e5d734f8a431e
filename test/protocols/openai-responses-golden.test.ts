// The Responses golden fixtures (R1–R7, files `fixtures/openai-responses/r<N>-*`) are listed in docs/protocols.md, "OpenAI Responses".
import { describe, expect, it } from 'vitest'
import type { StreamPart } from '../../src/ir/stream-part.ts'
import type { Codec } from '../../src/protocols/codec.ts'
import {
  createAnthropicCodec,
  createGeminiCodec,
  createOpenAICodec,
  createOpenAIResponsesCodec,
} from '../../src/protocols/index.ts'
import { fixtureJson, fixtureText, parsedEvents, recordingLogger, sseEvents } from '../helpers/protocol-fixtures.ts'
import { runStepper } from '../helpers/streams.ts'

const headers = new Headers()

/** The four codecs sharing one clock, one counting id generator (`<prefix>G<n>`) and one recording logger. */
function codecs() {
  let next = 0
  const logger = recordingLogger()
  const options = { now: () => 1767225600_000, generateId: (prefix: string) => `${prefix}G${++next}`, logger }
  return {
    openai: createOpenAICodec(options),
    anthropic: createAnthropicCodec(options),
    gemini: createGeminiCodec(options),
    responses: createOpenAIResponsesCodec(options),
    logger,
  }
}

async function decode(codec: Codec, text: string): Promise<StreamPart[]> {
  return runStepper(codec.decodeStream(), await sseEvents(text))
}

async function encode(codec: Codec, parts: StreamPart[], model: string): Promise<string> {
  return runStepper(codec.encodeStream({ model, includeUsage: true }), parts).join('')
}

const responsesFixture = (name: string) => fixtureJson('openai-responses', name)

describe('golden R1: a Codex request (developer messages, a namespace, a hosted tool, reasoning items) to each upstream', () => {
  it.each([
    ['openai', 'gpt-5.1'],
    ['anthropic', 'claude-sonnet-4-5'],
    ['gemini', 'gemini-2.5-pro'],
  ] as const)('to %s', (protocol, model) => {
    const all = codecs()
    const ir = all.responses.decodeRequest(responsesFixture('r1-client-request.json'), headers)
    expect(all[protocol].encodeRequest(ir, model).body).toStrictEqual(
      responsesFixture(`r1-${protocol}-upstream-request.json`),
    )
    // The hosted web_search is dropped, and said so; prompt_cache_key only where the upstream has no such field
    // (OpenAI's chat completions take it: docs/protocols.md, "OpenAI Responses").
    expect(all.logger.messages.join('\n')).toMatch(/web_search/)
    if (protocol === 'openai') expect(all.logger.messages.join('\n')).not.toMatch(/prompt_cache_key/)
    else expect(all.logger.messages.join('\n')).toMatch(/prompt_cache_key/)
  })

  it('keeps the environment message and the prompt as two texts of one user turn, and the developer messages as system text', () => {
    const ir = codecs().responses.decodeRequest(responsesFixture('r1-client-request.json'), headers)
    expect(ir.system?.map((block) => block.text)).toEqual([
      'You are Codex, a coding agent.',
      'Sandbox: workspace-write.',
    ])
    expect(ir.messages[0]?.content.map((block) => block.type)).toEqual(['text', 'text'])
  })
})

describe('golden R2: an Anthropic thinking answer to a Responses client, and its signature back to Anthropic', () => {
  it('streams reasoning summary events, then the text; the signature rides in encrypted_content', async () => {
    const all = codecs()
    const text = await encode(
      all.responses,
      await decode(all.anthropic, fixtureText('e2e', 'anthropic/reasoning.sse')),
      'claude-thinks',
    )
    expect(await parsedEvents(text)).toStrictEqual(
      await parsedEvents(fixtureText('openai-responses', 'r2-client-stream.sse')),
    )
  })

  it('answers non-stream with the same items', () => {
    const all = codecs()
    const ir = all.anthropic.decodeResponse(fixtureJson('e2e', 'anthropic/reasoning.json'))
    expect(all.responses.encodeResponse(ir, 'claude-thinks')).toStrictEqual(responsesFixture('r2-client-response.json'))
  })

  it('the next request replays the signed thinking block to Anthropic and leaves it out for OpenAI', () => {
    const all = codecs()
    const next = responsesFixture('r2-next-client-request.json')
    expect(
      all.anthropic.encodeRequest(all.responses.decodeRequest(next, headers), 'claude-sonnet-4-5').body,
    ).toStrictEqual(responsesFixture('r2-next-anthropic-upstream-request.json'))
    expect(all.openai.encodeRequest(all.responses.decodeRequest(next, headers), 'gpt-5.1').body).toStrictEqual(
      responsesFixture('r2-next-openai-upstream-request.json'),
    )
  })
})

describe('golden R3 and R4: parallel tool calls from OpenAI chat and Gemini streams', () => {
  it('R3: OpenAI chat chunks become a message item and two function_call items, each with its output_item.done', async () => {
    const all = codecs()
    const text = await encode(
      all.responses,
      await decode(all.openai, fixtureText('e2e', 'openai/tools.sse')),
      'gpt-tools',
    )
    expect(await parsedEvents(text)).toStrictEqual(
      await parsedEvents(fixtureText('openai-responses', 'r3-client-stream.sse')),
    )
    const ir = all.openai.decodeResponse(fixtureJson('e2e', 'openai/tools.json'))
    expect(all.responses.encodeResponse(ir, 'gpt-tools')).toStrictEqual(responsesFixture('r3-client-response.json'))
  })

  it('R4: Gemini calls that arrive whole get their argument delta and done events', async () => {
    const all = codecs()
    const text = await encode(
      all.responses,
      await decode(all.gemini, fixtureText('e2e', 'gemini/tools.sse')),
      'gemini-tools',
    )
    expect(await parsedEvents(text)).toStrictEqual(
      await parsedEvents(fixtureText('openai-responses', 'r4-client-stream.sse')),
    )
  })

  it('every event of every golden stream has the next sequence_number', async () => {
    for (const name of [
      'r2-client-stream.sse',
      'r3-client-stream.sse',
      'r4-client-stream.sse',
      'r7-client-stream.sse',
    ]) {
      const numbers = (await parsedEvents(fixtureText('openai-responses', name))).map(
        (event) => (event.data as { sequence_number: number }).sequence_number,
      )
      expect(numbers).toEqual(numbers.map((_, index) => index))
    }
  })
})

describe('golden R5: a Responses upstream', () => {
  it('gets an Anthropic client request as instructions, input items and flat function tools, store:false', () => {
    const all = codecs()
    const call = all.responses.encodeRequest(
      all.anthropic.decodeRequest(fixtureJson('openai', 'f5-client-request.json'), headers),
      'gpt-5-mini',
    )
    expect(call.path).toBe('/responses')
    expect(call.body).toStrictEqual(responsesFixture('r5-upstream-request.json'))
  })

  it('streams to an OpenAI chat client with tool indexes 0 and 1', async () => {
    const all = codecs()
    const text = await encode(
      all.openai,
      await decode(all.responses, fixtureText('e2e', 'openai-responses/tools.sse')),
      'gpt-tools',
    )
    expect(await parsedEvents(text)).toStrictEqual(
      await parsedEvents(fixtureText('openai-responses', 'r5-openai-client-stream.sse')),
    )
  })

  it('gives an Anthropic client its reasoning summary as thinking (no signature Anthropic could check)', async () => {
    const all = codecs()
    const text = await encode(
      all.anthropic,
      await decode(all.responses, fixtureText('e2e', 'openai-responses/reasoning.sse')),
      'gpt-thinks',
    )
    expect(await parsedEvents(text)).toStrictEqual(
      await parsedEvents(fixtureText('openai-responses', 'r5-anthropic-client-stream.sse')),
    )
    const ir = all.responses.decodeResponse(fixtureJson('e2e', 'openai-responses/reasoning.json'))
    expect(all.anthropic.encodeResponse(ir, 'gpt-thinks')).toStrictEqual(
      responsesFixture('r5-anthropic-client-response.json'),
    )
  })
})

describe('golden R6: images and a file', () => {
  it('to Anthropic: image blocks (base64 and URL), a document, the JSON schema as an output format', () => {
    const all = codecs()
    const ir = all.responses.decodeRequest(responsesFixture('r6-client-request.json'), headers)
    expect(all.anthropic.encodeRequest(ir, 'claude-sonnet-4-5').body).toStrictEqual(
      responsesFixture('r6-anthropic-upstream-request.json'),
    )
  })

  it('to Gemini: an image URL is a 400 that says why', () => {
    const all = codecs()
    const ir = all.responses.decodeRequest(responsesFixture('r6-client-request.json'), headers)
    expect(() => all.gemini.encodeRequest(ir, 'gemini-2.5-flash')).toThrow(/Gemini does not fetch image URLs/)
  })
})

describe('golden R7: errors', () => {
  it('an upstream 429 is the OpenAI error body with retry-after', () => {
    const all = codecs()
    const error = all.openai.decodeError(
      429,
      JSON.stringify({
        error: { message: 'Rate limit reached for gpt-4.1-mini', type: 'requests', code: 'rate_limit_exceeded' },
      }),
      new Headers({ 'retry-after': '20' }),
      'oa',
    )
    expect(JSON.parse(JSON.stringify(all.responses.encodeError(error)))).toStrictEqual(
      responsesFixture('r7-client-error.json'),
    )
  })

  it('an Anthropic error inside a stream ends the Responses stream with error and response.failed', async () => {
    const all = codecs()
    const text = await encode(
      all.responses,
      await decode(all.anthropic, fixtureText('anthropic', 'f9d-upstream-stream.sse')),
      'claude-haiku-4-5',
    )
    expect(await parsedEvents(text)).toStrictEqual(
      await parsedEvents(fixtureText('openai-responses', 'r7-client-stream.sse')),
    )
  })

  it('a Responses upstream’s response.failed reaches an OpenAI chat client as an error event', async () => {
    const all = codecs()
    const text = await encode(
      all.openai,
      await decode(all.responses, fixtureText('openai-responses', 'r7-upstream-stream.sse')),
      'gpt-5-mini',
    )
    expect(await parsedEvents(text)).toStrictEqual(
      await parsedEvents(fixtureText('openai-responses', 'r7-openai-client-stream.sse')),
    )
  })
})

describe('what the Responses decoder refuses or drops', () => {
  it('previous_response_id is a 400 that says pinai stores no responses', () => {
    expect(() =>
      codecs().responses.decodeRequest({ model: 'm', input: 'Hi', previous_response_id: 'resp_1' }, headers),
    ).toThrow(/pinai stores no responses/)
  })

  it('an item_reference pinai does not remember is dropped with a warning; one it answered with is resolved', () => {
    const all = codecs()
    const ir = all.responses.decodeRequest(
      {
        model: 'm',
        input: [
          { type: 'item_reference', id: 'msg_unknown' },
          { role: 'user', content: 'Hi' },
        ],
      },
      headers,
    )
    expect(ir.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }], stringContent: true }])
    expect(all.logger.messages.join('\n')).toMatch(/item_reference/)
    const answered = all.responses.encodeResponse(
      {
        id: 'r',
        model: 'm',
        content: [{ type: 'text', text: 'Earlier.' }],
        finish: { unified: 'stop' },
        usage: { inputTokens: 1, outputTokens: 1 },
      },
      'm',
    ) as { output: Array<{ id: string }> }
    const id = answered.output[0]?.id ?? ''
    const again = all.responses.decodeRequest(
      {
        model: 'm',
        input: [
          { role: 'user', content: 'Q' },
          { type: 'item_reference', id },
        ],
      },
      headers,
    )
    expect(again.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Earlier.' }] })
  })

  it('a function call output that is an object reaches the model as its JSON text', () => {
    const ir = codecs().responses.decodeRequest(
      {
        model: 'm',
        input: [
          { type: 'function_call', call_id: 'c1', name: 'run', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c1', output: { content: 'done', success: true } },
        ],
      },
      headers,
    )
    expect(ir.messages[1]?.content).toEqual([
      {
        type: 'tool_result',
        callId: 'c1',
        name: 'run',
        content: [{ type: 'text', text: '{"content":"done","success":true}' }],
        isError: false,
      },
    ])
  })

  it('a custom tool is a function of one string input, and its call goes back as a custom_tool_call', () => {
    const all = codecs()
    const ir = all.responses.decodeRequest(
      {
        model: 'm',
        input: 'Patch it',
        tools: [{ type: 'custom', name: 'apply_patch', description: 'Applies a patch' }],
      },
      headers,
    )
    expect(ir.tools).toEqual([
      {
        type: 'function',
        name: 'apply_patch',
        description: 'Applies a patch',
        parameters: {
          type: 'object',
          properties: { input: { type: 'string' } },
          required: ['input'],
          additionalProperties: false,
        },
      },
    ])
    const answer = all.responses.encodeResponse(
      {
        id: 'r',
        model: 'm',
        content: [{ type: 'tool_call', id: 'call_p', name: 'apply_patch', args: { input: '*** Begin Patch' } }],
        finish: { unified: 'tool_calls' },
        usage: { inputTokens: 1, outputTokens: 1 },
      },
      'm',
    ) as { output: unknown[] }
    expect(answer.output).toEqual([
      expect.objectContaining({
        type: 'custom_tool_call',
        call_id: 'call_p',
        name: 'apply_patch',
        input: '*** Begin Patch',
      }),
    ])
  })
})
