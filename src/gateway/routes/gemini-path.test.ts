import { describe, expect, it } from 'vitest'
import { parseGeminiPath } from './gemini-path.ts'

describe('parseGeminiPath', () => {
  it('reads the version, the model and the method', () => {
    expect(parseGeminiPath('/gemini/v1beta/models/gemini-2.5-flash:generateContent')).toEqual({
      version: 'v1beta',
      model: 'gemini-2.5-flash',
      method: 'generateContent',
    })
    expect(parseGeminiPath('/gemini/v1/models/gpt-4o:streamGenerateContent')).toEqual({
      version: 'v1',
      model: 'gpt-4o',
      method: 'streamGenerateContent',
    })
    expect(parseGeminiPath('/gemini/v1beta/models')).toEqual({ version: 'v1beta' })
    expect(parseGeminiPath('/gemini/v1beta/models/gpt-4o')).toEqual({ version: 'v1beta', model: 'gpt-4o' })
  })

  it('takes names with slashes, colons, percent-encoding or a models/ prefix', () => {
    expect(parseGeminiPath('/gemini/v1beta/models/models/gpt-4o:countTokens')?.model).toBe('gpt-4o')
    expect(parseGeminiPath('/gemini/v1beta/models/openrouter/qwen:free:generateContent')).toMatchObject({
      model: 'openrouter/qwen:free',
      method: 'generateContent',
    })
    expect(parseGeminiPath('/gemini/v1beta/models/my%20model%3AgenerateContent')).toMatchObject({
      model: 'my model',
      method: 'generateContent',
    })
  })

  it('refuses other paths', () => {
    for (const path of [
      '/gemini/v2/models',
      '/gemini/v1beta/tunedModels/x',
      '/gemini/v1beta/models/',
      '/gemini/v1beta/models/:generateContent',
      '/gemini/v1beta/models/%E0%A4%A',
    ]) {
      expect(parseGeminiPath(path)).toBeUndefined()
    }
  })
})
