import { describe, expect, it } from 'vitest'
import { decodeUsage, encodeUsage } from './usage.ts'

describe('decodeUsage (docs/protocols.md, Usage)', () => {
  it('adds thoughts to candidates and keeps cached tokens inside the prompt count', () => {
    expect(
      decodeUsage({
        promptTokenCount: 96,
        cachedContentTokenCount: 32,
        candidatesTokenCount: 24,
        thoughtsTokenCount: 41,
        totalTokenCount: 161,
      }),
    ).toEqual({
      inputTokens: 96,
      outputTokens: 65,
      cacheReadTokens: 32,
      reasoningTokens: 41,
    })
  })

  it('does not add thoughts twice when candidates already include them (prompt + candidates == total)', () => {
    expect(
      decodeUsage({ promptTokenCount: 10, candidatesTokenCount: 50, thoughtsTokenCount: 30, totalTokenCount: 60 }),
    ).toEqual({
      inputTokens: 10,
      outputTokens: 50,
      reasoningTokens: 30,
    })
  })

  it('counts tool-use prompt tokens as input and survives missing counts', () => {
    expect(
      decodeUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 17 }),
    ).toEqual({ inputTokens: 15, outputTokens: 2 })
    expect(decodeUsage(undefined)).toEqual({ inputTokens: 0, outputTokens: 0 })
  })

  it('encodes back to usageMetadata', () => {
    expect(encodeUsage({ inputTokens: 96, outputTokens: 65, reasoningTokens: 41 })).toEqual({
      promptTokenCount: 96,
      candidatesTokenCount: 24,
      thoughtsTokenCount: 41,
      totalTokenCount: 161,
    })
  })
})
