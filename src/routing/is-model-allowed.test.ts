import { describe, expect, it } from 'vitest'
import { isModelAllowed } from './is-model-allowed.ts'

describe('isModelAllowed', () => {
  it('allows everything without an allowlist and nothing with an empty one', () => {
    expect(isModelAllowed(undefined, 'gpt-4o')).toBe(true)
    expect(isModelAllowed([], 'gpt-4o')).toBe(false)
  })

  it('matches exact names and `*` wildcards anywhere, case-sensitively', () => {
    expect(isModelAllowed(['gpt-*'], 'gpt-4o-mini')).toBe(true)
    expect(isModelAllowed(['gpt-*'], 'claude-3')).toBe(false)
    expect(isModelAllowed(['*-mini'], 'gpt-4o-mini')).toBe(true)
    expect(isModelAllowed(['*'], 'Pro/vendor/x')).toBe(true)
    expect(isModelAllowed(['claude-*-4*'], 'claude-sonnet-4-5')).toBe(true)
    expect(isModelAllowed(['deepseek-v3'], 'deepseek-v3.1')).toBe(false)
    expect(isModelAllowed(['GPT-*'], 'gpt-4o')).toBe(false)
  })

  it('treats regex characters in patterns literally', () => {
    expect(isModelAllowed(['qwen2.5*'], 'qwen2.5-72b')).toBe(true)
    expect(isModelAllowed(['qwen2.5*'], 'qwen2x5-72b')).toBe(false)
    expect(isModelAllowed(['a+b(c)'], 'a+b(c)')).toBe(true)
  })
})
