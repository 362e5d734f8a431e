import { describe, expect, it } from 'vitest'
import { compilePipeline } from './compile-pipeline.ts'
import { runPipeline } from './run-pipeline.ts'
import { builtInDefaultPipeline, renamePresets } from './rename-presets.ts'

const defaultPipeline = compilePipeline('default', [...builtInDefaultPipeline])
const rename = (name: string) => runPipeline(defaultPipeline, name)

describe('the default pipeline (every preset) on real upstream ids', () => {
  it.each([
    // The cases.
    ['Pro/deepseek-ai/DeepSeek-V3', 'deepseek-v3'],
    ['moonshotai/kimi-k2:free', 'kimi-k2'],
    ['gpt-4o(官转)', 'gpt-4o'],
    ['claude 3_5 sonnet', 'claude-3-5-sonnet'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['qwen3-235b-a22b-instruct-2507', 'qwen3-235b-a22b-instruct'],
    ['deepseek-r1-0528', 'deepseek-r1'],
    // Names that must keep their meaning.
    ['gpt-4.1', 'gpt-4.1'],
    ['o3-mini', 'o3-mini'],
    ['llama-3.1-405b', 'llama-3.1-405b'],
    ['qwen3:8b', 'qwen3:8b'],
    ['deepseek-r1:14b', 'deepseek-r1:14b'],
    ['gemini-2.5-pro', 'gemini-2.5-pro'],
    ['gemini-2.0-flash-001', 'gemini-2.0-flash-001'],
    ['gpt-3.5-turbo-16k', 'gpt-3.5-turbo-16k'],
    ['chatgpt-4o-latest', 'chatgpt-4o-latest'],
    ['gpt-4-1106-preview', 'gpt-4-1106-preview'],
    ['moonshot-v1-128k', 'moonshot-v1-128k'],
    ['text-embedding-3-large', 'text-embedding-3-large'],
    // OpenAI, Anthropic and Mistral snapshots.
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['o3-mini-2025-01-31', 'o3-mini'],
    ['gpt-4-0613', 'gpt-4'],
    ['gpt-3.5-turbo-1106', 'gpt-3.5-turbo'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet'],
    ['mistral-large-2411', 'mistral-large'],
    ['command-r-plus-08-2024', 'command-r-plus'],
    ['grok-2-1212', 'grok-2'],
    ['gemini-2.5-pro-preview-05-06', 'gemini-2.5-pro-preview'],
    // Relay and aggregator ids.
    ['deepseek-ai/DeepSeek-R1', 'deepseek-r1'],
    ['Qwen/Qwen3-235B-A22B-Instruct-2507', 'qwen3-235b-a22b-instruct'],
    ['meta-llama/Llama-3.1-405B-Instruct', 'llama-3.1-405b-instruct'],
    ['openai/gpt-4o-2024-08-06', 'gpt-4o'],
    ['deepseek/deepseek-r1-0528:free', 'deepseek-r1'],
    ['google/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['anthropic/claude-3.7-sonnet:thinking', 'claude-3.7-sonnet:thinking'],
    ['@cf/meta/llama-3.1-8b-instruct', 'llama-3.1-8b-instruct'],
    ['accounts/fireworks/models/llama-v3p1-405b-instruct', 'llama-v3p1-405b-instruct'],
    ['llama3.1:latest', 'llama3.1'],
    ['doubao-1-5-pro-32k-250115', 'doubao-1-5-pro-32k'],
    ['deepseek-r1-250528', 'deepseek-r1'],
    ['claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet-v2'],
    ['[特价]claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['gpt-4o （逆向）', 'gpt-4o'],
    ['【官方】gemini-2.5-flash', 'gemini-2.5-flash'],
    ['Claude_3.5_Sonnet', 'claude-3.5-sonnet'],
    ['GLM-4-0520', 'glm-4'],
  ])('%s → %s', (input, expected) => {
    expect(rename(input)).toBe(expected)
  })
})

describe('each preset alone', () => {
  it('lowercase only lower-cases', () => {
    expect(renamePresets.lowercase.apply('Pro/DeepSeek-V3:Free')).toBe('pro/deepseek-v3:free')
  })

  it('strip-group-tag keeps case, drops prefix, tag and notes, keeps size tags', () => {
    const strip = renamePresets['strip-group-tag'].apply
    expect(strip('Pro/deepseek-ai/DeepSeek-V3')).toBe('DeepSeek-V3')
    expect(strip('moonshotai/kimi-k2:FREE')).toBe('kimi-k2')
    expect(strip('gpt-4o(官转)')).toBe('gpt-4o')
    expect(strip('qwen3:8b')).toBe('qwen3:8b')
    expect(strip('x-ai/grok-4:online')).toBe('grok-4:online')
    expect(strip('claude 3_5 sonnet')).toBe('claude 3_5 sonnet')
    expect(strip('(only a note)')).toBe('(only a note)')
    expect(strip('trailing/')).toBe('trailing/')
  })

  it('unify-hyphens joins words and collapses runs', () => {
    const unify = renamePresets['unify-hyphens'].apply
    expect(unify('claude 3_5 sonnet')).toBe('claude-3-5-sonnet')
    expect(unify('a  -_ b')).toBe('a-b')
    expect(unify(' gpt–4o ')).toBe('gpt-4o')
    expect(unify('Kimi K2')).toBe('Kimi-K2')
  })

  it('strip-date-suffix removes whole dates and only dates', () => {
    const strip = renamePresets['strip-date-suffix'].apply
    expect(strip('gpt-4o-2024-08-06')).toBe('gpt-4o')
    expect(strip('gpt-4o_2024_08_06')).toBe('gpt-4o')
    expect(strip('claude-3-5-sonnet-20241022')).toBe('claude-3-5-sonnet')
    expect(strip('deepseek-r1-0528')).toBe('deepseek-r1')
    expect(strip('qwen3-coder-2507')).toBe('qwen3-coder')
    // Not dates: bad months or days, sizes, versions, context lengths.
    for (const kept of [
      'model-2048',
      'model-1399',
      'gemini-1.5-pro-002',
      'llama-3.1-405b',
      'gpt-4-32k',
      'x-2013',
      'x-0000',
      '2024-08-06',
    ]) {
      expect(strip(kept)).toBe(kept)
    }
  })
})
