import { describe, expect, it } from 'vitest'
import { mapModel } from './map-model.ts'

describe('mapModel', () => {
  const mapping = { 'claude-sonnet-4-20250514': 'deepseek-v3', 'claude-*': 'qwen3:8b', 'deepseek-v3': 'other' }

  it('renames by exact key first, in one step (no chains)', () => {
    expect(mapModel('claude-sonnet-4-20250514', mapping)).toBe('deepseek-v3')
  })

  it('falls back to a wildcard key', () => {
    expect(mapModel('claude-haiku-4-5', mapping)).toBe('qwen3:8b')
  })

  it('leaves unmapped names alone, including names of Object.prototype', () => {
    expect(mapModel('gpt-4o', mapping)).toBe('gpt-4o')
    expect(mapModel('constructor', {})).toBe('constructor')
    expect(mapModel('toString', mapping)).toBe('toString')
  })
})
