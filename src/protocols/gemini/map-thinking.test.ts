import { describe, expect, it } from 'vitest'
import { decodeThinking, encodeThinking } from './map-thinking.ts'

describe('encodeThinking', () => {
  it('maps effort to a 2.5 budget with thoughts included (fixture F3: low → 1024)', () => {
    expect(encodeThinking({ enabled: true, effort: 'low' }, 'gemini-2.5-flash')).toEqual({
      thinkingBudget: 1024,
      includeThoughts: true,
    })
    expect(encodeThinking({ enabled: true, effort: 'high' }, 'gemini-2.5-flash')).toEqual({
      thinkingBudget: 4096,
      includeThoughts: true,
    })
  })

  it('clamps budgets to the family range and never turns 2.5 Pro thinking off', () => {
    expect(encodeThinking({ enabled: true, budget: 100_000 }, 'gemini-2.5-flash')).toEqual({
      thinkingBudget: 24576,
      includeThoughts: true,
    })
    expect(encodeThinking({ enabled: true, budget: 64 }, 'gemini-2.5-pro')).toEqual({
      thinkingBudget: 128,
      includeThoughts: true,
    })
    expect(encodeThinking({ enabled: true, budget: 100 }, 'gemini-2.5-flash-lite')).toEqual({
      thinkingBudget: 512,
      includeThoughts: true,
    })
    expect(encodeThinking({ enabled: false }, 'gemini-2.5-flash')).toEqual({ thinkingBudget: 0 })
    expect(encodeThinking({ enabled: false }, 'gemini-2.5-pro')).toEqual({ thinkingBudget: 128 })
  })

  it('uses -1 (dynamic) for adaptive thinking on 2.5', () => {
    expect(encodeThinking({ enabled: true, adaptive: true }, 'gemini-2.5-flash')).toEqual({
      thinkingBudget: -1,
      includeThoughts: true,
    })
  })

  it('uses thinkingLevel, never a budget, on Gemini 3', () => {
    expect(encodeThinking({ enabled: true, budget: 1024 }, 'gemini-3-pro-preview')).toEqual({
      thinkingLevel: 'LOW',
      includeThoughts: true,
    })
    expect(encodeThinking({ enabled: true, budget: 4096 }, 'gemini-3-pro-preview')).toEqual({
      thinkingLevel: 'HIGH',
      includeThoughts: true,
    })
    expect(encodeThinking({ enabled: true, budget: 4096 }, 'gemini-3-flash-preview')).toEqual({
      thinkingLevel: 'MEDIUM',
      includeThoughts: true,
    })
    expect(encodeThinking({ enabled: true, effort: 'minimal' }, 'gemini-3-flash-preview')).toEqual({
      thinkingLevel: 'MINIMAL',
      includeThoughts: true,
    })
    expect(encodeThinking({ enabled: false }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'LOW' })
  })
})

describe('decodeThinking', () => {
  it('reads budgets and levels back', () => {
    expect(decodeThinking({ thinkingBudget: 2048, includeThoughts: true })).toEqual({ enabled: true, budget: 2048 })
    expect(decodeThinking({ thinkingBudget: 0 })).toEqual({ enabled: false })
    expect(decodeThinking({ thinkingBudget: -1 })).toEqual({ enabled: true, adaptive: true })
    expect(decodeThinking({ thinkingLevel: 'HIGH' })).toEqual({ enabled: true, effort: 'high' })
  })
})
