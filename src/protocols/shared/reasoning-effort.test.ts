import { describe, expect, it } from 'vitest'
import { budgetToEffort, effortToBudget, isReasoningEffort } from './reasoning-effort.ts'

describe('reasoning effort ⇄ thinking budget', () => {
  it('maps efforts to LiteLLM budgets and budgets to claude-code-router thresholds', () => {
    expect([
      effortToBudget('none'),
      effortToBudget('low'),
      effortToBudget('medium'),
      effortToBudget('high'),
      effortToBudget('max'),
    ]).toStrictEqual([0, 1024, 2048, 4096, 16384])
    expect([
      budgetToEffort(0),
      budgetToEffort(1024),
      budgetToEffort(1025),
      budgetToEffort(8192),
      budgetToEffort(8193),
    ]).toStrictEqual(['none', 'low', 'medium', 'medium', 'high'])
  })

  it('knows the effort names', () => {
    expect(isReasoningEffort('xhigh')).toBe(true)
    expect(isReasoningEffort('extreme')).toBe(false)
  })
})
