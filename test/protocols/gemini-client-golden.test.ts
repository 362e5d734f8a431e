// Golden fixtures F13–F17 (files `fixtures/gemini/f<N>-*`): a Gemini client (the @google/genai SDK's
// requests) to OpenAI and Anthropic upstreams, listed in docs/protocols.md, "Golden fixtures".
import { describe, expect, it } from 'vitest'
import type { StreamPart } from '../../src/ir/stream-part.ts'
import { createAnthropicCodec } from '../../src/protocols/anthropic/index.ts'
import type { Codec } from '../../src/protocols/codec.ts'
import { createGeminiCodec } from '../../src/protocols/gemini/index.ts'
import { createOpenAICodec } from '../../src/protocols/openai/index.ts'
import { fixtureJson, fixtureText, parsedEvents, sseEvents } from '../helpers/protocol-fixtures.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'
import { runStepper } from '../helpers/streams.ts'

const gemini = () => createGeminiCodec({ logger: quietLogger })
const openai = () => createOpenAICodec({ logger: quietLogger })
const anthropic = () => createAnthropicCodec({ logger: quietLogger })

/** A Gemini client's body as the route hands it on: the path's model and stream flag in it (gateway/gemini-call.ts). */
const clientBody = (name: string, model: string, stream = false) => ({
  ...(fixtureJson('gemini', name) as object),
  model,
  stream,
})

/** An upstream's SSE fixture through its codec's stream decoder. */
async function decodeStream(codec: Codec, name: string): Promise<StreamPart[]> {
  return runStepper(codec.decodeStream(), await sseEvents([fixtureText('gemini', name)]))
}

/** IR parts through the Gemini client's stream encoder, as parsed events. */
async function geminiEvents(parts: StreamPart[], model: string) {
  return parsedEvents(runStepper(gemini().encodeStream({ model, includeUsage: true }), parts).join(''))
}

describe('golden F13: Gemini-in → OpenAI-up, non-stream function call (the SDK quirks)', () => {
  it('sends the system instruction given with role "user" as the system message, the upper-case schema as JSON Schema', () => {
    const ir = gemini().decodeRequest(clientBody('f13-client-request.json', 'gpt-4.1-mini'), new Headers())
    const call = openai().encodeRequest(ir, 'gpt-4.1-mini-2025-04-14')
    expect(call.path).toBe('/chat/completions')
    expect(call.body).toEqual(fixtureJson('gemini', 'f13-upstream-request.json'))
  })

  it('answers the function call with finishReason STOP and the call id', () => {
    const ir = openai().decodeResponse(fixtureJson('gemini', 'f13-upstream-response.json'))
    expect(ir.finish.unified).toBe('tool_calls')
    expect(gemini().encodeResponse(ir, 'gpt-4.1-mini')).toEqual(fixtureJson('gemini', 'f13-client-response.json'))
  })
})

describe('golden F14: Gemini-in → OpenAI-up, stream after a function response', () => {
  it('sends the function response as the tool message of its call, and asks for usage', () => {
    const ir = gemini().decodeRequest(clientBody('f14-client-request.json', 'gpt-4.1-mini', true), new Headers())
    expect(openai().encodeRequest(ir, 'gpt-4.1-mini-2025-04-14').body).toEqual(
      fixtureJson('gemini', 'f14-upstream-request.json'),
    )
  })

  it('streams text chunks, then one chunk with the finish and the usage', async () => {
    const parts = await decodeStream(openai(), 'f14-upstream-stream.sse')
    expect(await geminiEvents(parts, 'gpt-4.1-mini')).toEqual(
      await parsedEvents(fixtureText('gemini', 'f14-client-stream.sse')),
    )
  })
})

describe('golden F15: Gemini-in → Anthropic-up, non-stream with thinking and an image', () => {
  it('sends the thinking budget, the image block, the stop sequence and max_tokens', () => {
    const ir = gemini().decodeRequest(clientBody('f15-client-request.json', 'claude-sonnet-4-5'), new Headers())
    const call = anthropic().encodeRequest(ir, 'claude-sonnet-4-5-20250929')
    expect(call.path).toBe('/v1/messages')
    expect(call.body).toEqual(fixtureJson('gemini', 'f15-upstream-request.json'))
  })

  it('answers thoughts as thought parts (an Anthropic signature is not handed to a Gemini client), cache reads inside the prompt count', () => {
    const ir = anthropic().decodeResponse(fixtureJson('gemini', 'f15-upstream-response.json'))
    expect(gemini().encodeResponse(ir, 'claude-sonnet-4-5')).toEqual(fixtureJson('gemini', 'f15-client-response.json'))
  })
})

describe('golden F16: Gemini-in → Anthropic-up, stream: thinking, text, two tool calls', () => {
  it('keeps a parametersJsonSchema as the JSON Schema it is', () => {
    const ir = gemini().decodeRequest(clientBody('f16-client-request.json', 'claude-sonnet-4-5', true), new Headers())
    expect(anthropic().encodeRequest(ir, 'claude-sonnet-4-5-20250929').body).toEqual(
      fixtureJson('gemini', 'f16-upstream-request.json'),
    )
  })

  it('streams the thought, the text, each call whole, then STOP (not a tool reason) with the usage', async () => {
    const parts = await decodeStream(anthropic(), 'f16-upstream-stream.sse')
    expect(await geminiEvents(parts, 'claude-sonnet-4-5')).toEqual(
      await parsedEvents(fixtureText('gemini', 'f16-client-stream.sse')),
    )
  })
})

describe('golden F17: errors for a Gemini client', () => {
  it('an Anthropic 429 is RESOURCE_EXHAUSTED with its retry delay', () => {
    const error = anthropic().decodeError(
      429,
      fixtureText('gemini', 'f17-upstream-anthropic-429.json'),
      new Headers({ 'retry-after': '20' }),
      'an',
    )
    expect(gemini().encodeError(error)).toEqual(fixtureJson('gemini', 'f17-client-error-429.json'))
  })

  it('an OpenAI 401 is UNAUTHENTICATED', () => {
    const error = openai().decodeError(401, fixtureText('gemini', 'f17-upstream-openai-401.json'), new Headers(), 'oa')
    expect(gemini().encodeError(error)).toEqual(fixtureJson('gemini', 'f17-client-error-401.json'))
  })

  it('a mid-stream Anthropic overloaded error is an error chunk with code 529 that @google/genai throws as an ApiError', async () => {
    const parts = await decodeStream(anthropic(), 'f17-upstream-anthropic-stream.sse')
    expect(await geminiEvents(parts, 'claude-sonnet-4-5')).toEqual(
      await parsedEvents(fixtureText('gemini', 'f17-client-stream.sse')),
    )
  })
})
