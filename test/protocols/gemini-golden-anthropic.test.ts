// The golden fixtures (F1–F12, files `fixtures/<protocol>/f<N>-*`) are listed in docs/protocols.md, "Golden fixtures".
import { describe, expect, it } from 'vitest'
import { expectedEvents, fixtureJson, fixtureText, parseEvent, sseEvents } from '../helpers/protocol-fixtures.ts'
import { runStepper } from '../helpers/streams.ts'
import { createAnthropicCodec } from '../../src/protocols/anthropic/index.ts'
import { createGeminiCodec } from '../../src/protocols/gemini/index.ts'
import { createGeminiSideCaches } from '../../src/protocols/gemini/tool-call-cache.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

const anthropic = createAnthropicCodec({ logger: quietLogger })
const gemini = () => createGeminiCodec({ logger: quietLogger, caches: createGeminiSideCaches() })

describe('golden F7: Anthropic-in → Gemini-up, stream with thoughts, text and an empty signature-bearing part', () => {
  it('encodes the upstream request with the thinking budget and includeThoughts', () => {
    const ir = anthropic.decodeRequest(fixtureJson('gemini', 'f7-client-request.json'), new Headers())
    const call = gemini().encodeRequest(ir, 'gemini-2.5-pro')
    expect(call.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse')
    expect(call.body).toEqual(fixtureJson('gemini', 'f7-upstream-request.json'))
  })

  it('gives the Anthropic client exactly the golden event sequence; the signature is cached, not emitted', async () => {
    const codec = gemini()
    const parts = runStepper(codec.decodeStream(), await sseEvents([fixtureText('gemini', 'f7-upstream-stream.sse')]))
    const text = runStepper(anthropic.encodeStream({ model: 'gemini-2.5-pro', includeUsage: false }), parts).join('')
    expect(text).not.toContain('Cq4BAXLI2nz')
    expect((await sseEvents([text])).map(parseEvent)).toEqual(await expectedEvents('gemini', 'f7-client-stream.sse'))
  })

  it('re-attaches the cached signature when the Anthropic client replays the answer to Gemini', async () => {
    const codec = gemini()
    runStepper(codec.decodeStream(), await sseEvents([fixtureText('gemini', 'f7-upstream-stream.sse')]))
    const ir = anthropic.decodeRequest(
      {
        model: 'gemini-2.5-pro',
        max_tokens: 2048,
        messages: [
          { role: 'user', content: 'Is 2027 a prime year?' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Check divisors up to 45; none divide 2027.', signature: '' },
              { type: 'text', text: 'Yes — 2027 is prime; no integer from 2 to 45 divides it.' },
            ],
          },
          { role: 'user', content: 'And 2029?' },
        ],
      },
      new Headers(),
    )
    const body = codec.encodeRequest(ir, 'gemini-2.5-pro').body as { contents: unknown[] }
    expect(body.contents[1]).toEqual({
      role: 'model',
      parts: [{ text: 'Yes — 2027 is prime; no integer from 2 to 45 divides it.', thoughtSignature: 'Cq4BAXLI2nz' }],
    })
  })
})

describe('golden F8: Gemini prompt block → Anthropic client', () => {
  it('becomes an empty refusal message with the prompt tokens', () => {
    const ir = gemini().decodeResponse(fixtureJson('gemini', 'f8-upstream-response.json'))
    expect(anthropic.encodeResponse(ir, 'gemini-2.5-flash')).toEqual(
      fixtureJson('gemini', 'f8-anthropic-client-response.json'),
    )
  })
})

describe('golden F9b: Gemini 429 → Anthropic client', () => {
  it('is a 429 rate_limit_error with retry-after: 17', () => {
    const error = gemini().decodeError(429, fixtureText('gemini', 'f9b-upstream-429.json'), new Headers(), 'gem-a')
    const encoded = anthropic.encodeError(error)
    expect(encoded.status).toBe(429)
    expect(encoded.headers?.['retry-after']).toBe('17')
    expect(encoded.body).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Quota exceeded for requests per minute.' },
    })
  })
})

describe('golden F11: Anthropic count_tokens → Gemini countTokens', () => {
  it('counts with the system prompt through generateContentRequest and returns input_tokens', () => {
    const codec = gemini()
    const ir = anthropic.decodeRequest(fixtureJson('gemini', 'f11-client-request.json'), new Headers())
    const call = codec.countTokens?.request(ir, 'gemini-2.5-flash')
    expect(call?.path).toBe('/v1beta/models/gemini-2.5-flash:countTokens')
    expect(call?.body).toEqual(fixtureJson('gemini', 'f11-upstream-request.json'))
    const tokens = codec.countTokens?.decode(fixtureJson('gemini', 'f11-upstream-response.json'))
    expect(tokens).toBe(19)
    expect(anthropic.countTokens?.encode(tokens ?? 0, { estimated: false })).toEqual({ input_tokens: 19 })
  })
})
