import { describe, expect, it } from 'vitest'
import { bareModelId, geminiAuthHeaders, geminiPaths, modelResourceName } from './paths.ts'

describe('geminiPaths', () => {
  it('#29 always asks for alt=sse when streaming', () => {
    expect(geminiPaths.generate('gemini-2.5-flash', true)).toBe(
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    )
    expect(geminiPaths.generate('models/gemini-2.5-flash', false)).toBe(
      '/v1beta/models/gemini-2.5-flash:generateContent',
    )
  })

  it('builds the other method paths with a bare id and keeps the key out of the URL', () => {
    expect(geminiPaths.countTokens('gemini-2.5-flash')).toBe('/v1beta/models/gemini-2.5-flash:countTokens')
    expect(geminiPaths.embedContent('models/gemini-embedding-001')).toBe(
      '/v1beta/models/gemini-embedding-001:embedContent',
    )
    expect(geminiPaths.batchEmbedContents('gemini-embedding-001')).toBe(
      '/v1beta/models/gemini-embedding-001:batchEmbedContents',
    )
    expect(geminiPaths.models('CiBtb2RlbHMv', 2)).toBe('/v1beta/models?pageSize=2&pageToken=CiBtb2RlbHMv')
    expect(geminiAuthHeaders('k-123')).toEqual({ 'x-goog-api-key': 'k-123' })
    expect(geminiPaths.models()).not.toContain('key=')
  })

  it('strips and adds the models/ prefix', () => {
    expect(bareModelId('models/x')).toBe('x')
    expect(modelResourceName('x')).toBe('models/x')
    expect(modelResourceName('models/x')).toBe('models/x')
  })
})
