import { describe, expect, it } from 'vitest'
import type { Channel } from './channel.ts'
import { takesReasoning } from './takes-reasoning.ts'

const channel = (upstreamModel: string, marks: { model?: boolean; provider?: boolean } = {}) =>
  ({
    upstreamModel,
    provider: { reasoning: marks.provider },
    ...(marks.model === undefined ? {} : { reasoning: marks.model }),
  }) as unknown as Channel

describe('takesReasoning', () => {
  it('knows the reasoning families by their ids', () => {
    for (const id of [
      'o1',
      'o3-mini',
      'o4-mini-2025-04-16',
      'gpt-5',
      'gpt-5.1-codex',
      'openai/gpt-oss-120b',
      'deepseek-reasoner',
      'deepseek-ai/DeepSeek-R1',
      'qwq-32b',
      'qwen3-235b-a22b-thinking-2507',
    ]) {
      expect(takesReasoning(channel(id)), id).toBe(true)
    }
    for (const id of [
      'gpt-4o-mini',
      'deepseek-v3',
      'gpt-4.1',
      'claude-sonnet-4',
      'llama-3.3-70b',
      'yi-large',
      'r1chard',
    ]) {
      expect(takesReasoning(channel(id)), id).toBe(false)
    }
  })

  it('lets the model entry, then the provider, say otherwise', () => {
    expect(takesReasoning(channel('gpt-4o-mini', { provider: true }))).toBe(true)
    expect(takesReasoning(channel('o3', { provider: false }))).toBe(false)
    expect(takesReasoning(channel('o3', { provider: false, model: true }))).toBe(true)
    expect(takesReasoning(channel('my-model', { model: true }))).toBe(true)
  })
})
