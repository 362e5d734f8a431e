import { describe, expect, it } from 'vitest'
import { createGeminiCodec } from './index.ts'

const counting = createGeminiCodec({ logger: { warn: () => undefined } }).countTokens

describe('Gemini countTokens', () => {
  it('forwards a client body with the model renamed in the path and inside generateContentRequest', () => {
    const contents = [{ role: 'user', parts: [{ text: 'q' }] }]
    expect(counting?.forward({ contents }, 'gemini-2.5-flash')).toEqual({
      path: '/v1beta/models/gemini-2.5-flash:countTokens',
      body: { contents },
    })
    expect(
      counting?.forward({ generateContentRequest: { model: 'models/alias', contents } }, 'gemini-2.5-flash'),
    ).toEqual({
      path: '/v1beta/models/gemini-2.5-flash:countTokens',
      body: { generateContentRequest: { model: 'models/gemini-2.5-flash', contents } },
    })
  })

  it('reads totalTokens, refuses an answer without it, and writes a count back', () => {
    expect(counting?.decode({ totalTokens: 19, cachedContentTokenCount: 4 })).toBe(19)
    expect(() => counting?.decode({ tokens: 19 })).toThrowError(/without totalTokens/)
    expect(counting?.encode(5, { estimated: true })).toEqual({ totalTokens: 5 })
  })
})
