import { describe, expect, it } from 'vitest'
import type { IRRequest } from '../../ir/request.ts'
import { createAnthropicCodec } from './index.ts'

const counting = createAnthropicCodec({ logger: { warn: () => undefined } }).countTokens

describe('Anthropic count_tokens', () => {
  it('from the IR: the Messages body without the settings that do not change the count', () => {
    const request: IRRequest = {
      model: 'm',
      system: [{ type: 'text', text: 'Be terse.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }],
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: {} } }],
      sampling: { maxTokens: 100, temperature: 0.5 },
      stream: true,
      includeUsage: false,
    }
    const call = counting?.request(request, 'claude-sonnet-4-5')
    expect(call?.path).toBe('/v1/messages/count_tokens')
    expect(call?.headers).toEqual({ 'anthropic-version': '2023-06-01' })
    expect(call?.body).toEqual({
      model: 'claude-sonnet-4-5',
      system: [{ type: 'text', text: 'Be terse.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }],
      tools: [{ name: 'f', input_schema: { type: 'object', properties: {} } }],
    })
  })

  it('forwards a client body with the model renamed, reads input_tokens and writes it back', () => {
    expect(counting?.forward({ model: 'alias', messages: [] }, 'claude-x')).toEqual({
      path: '/v1/messages/count_tokens',
      body: { model: 'claude-x', messages: [] },
    })
    expect(counting?.decode({ input_tokens: 12 })).toBe(12)
    expect(() => counting?.decode({ tokens: 12 })).toThrowError(/without input_tokens/)
    expect(counting?.encode(7, { estimated: true })).toEqual({ input_tokens: 7 })
  })
})
