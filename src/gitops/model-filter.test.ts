import { describe, expect, it } from 'vitest'
import { bothFilters, chosenFilter, globFilter, splitList } from './model-filter.ts'

describe('model filters', () => {
  it('--only and --except: globs on the id or the name, any case, slashes included', () => {
    const take = globFilter(splitList(' GPT-*, *deepseek* ,'), splitList('*-mini'))
    expect(take?.('p', { id: 'gpt-4o', name: 'gpt-4o' })).toBe(true)
    expect(take?.('p', { id: 'gpt-4o-mini', name: 'gpt-4o-mini' })).toBe(false)
    expect(take?.('p', { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'v3' })).toBe(true)
    expect(take?.('p', { id: 'o3', name: 'o3' })).toBe(false)
    expect(globFilter([], [])).toBeUndefined()
  })

  it("a picker's choice is per provider, and combines with the globs", () => {
    const chosen = chosenFilter(new Map([['a', new Set(['gpt-4o', 'gpt-4o-mini'])]]))
    expect(chosen('a', { id: 'gpt-4o', name: 'x' })).toBe(true)
    expect(chosen('b', { id: 'gpt-4o', name: 'x' })).toBe(false)
    const both = bothFilters(globFilter([], ['*-mini']), chosen)
    expect(both?.('a', { id: 'gpt-4o-mini', name: 'gpt-4o-mini' })).toBe(false)
    expect(both?.('a', { id: 'gpt-4o', name: 'gpt-4o' })).toBe(true)
  })
})
