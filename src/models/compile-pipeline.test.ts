import { describe, expect, it } from 'vitest'
import { ConfigError } from '../config/config-error.ts'
import { compilePipeline } from './compile-pipeline.ts'
import { findPipeline, providerPipeline } from './provider-pipeline.ts'
import { runPipeline, tracePipeline } from './run-pipeline.ts'

describe('compilePipeline and tracePipeline', () => {
  it('runs steps in order: order changes the result', () => {
    const upperThenReplace = compilePipeline('a', [
      { kind: 'case', to: 'upper' },
      { kind: 'replace', from: 'gpt', to: 'x' },
    ])
    const replaceThenUpper = compilePipeline('b', [
      { kind: 'replace', from: 'gpt', to: 'x' },
      { kind: 'case', to: 'upper' },
    ])
    expect(runPipeline(upperThenReplace, 'gpt-4o')).toBe('GPT-4O')
    expect(runPipeline(replaceThenUpper, 'gpt-4o')).toBe('X-4O')
  })

  it('skips disabled rules but lists them', () => {
    const pipeline = compilePipeline('p', [
      { kind: 'insert', text: 'relay-', position: 'prefix', enabled: false },
      'strip-group-tag',
      { kind: 'regex', pattern: '-instruct$', replace: '' },
    ])
    const trace = tracePipeline(pipeline, 'meta/llama-3-instruct')
    expect(trace.output).toBe('llama-3')
    expect(trace.steps.map((step) => [step.path, step.enabled, step.after])).toEqual([
      ['rewrite.p[0]', false, 'meta/llama-3-instruct'],
      ['rewrite.p[1]', true, 'llama-3-instruct'],
      ['rewrite.p[2]', true, 'llama-3'],
    ])
  })

  it('keeps the input when a pipeline would empty the name', () => {
    const pipeline = compilePipeline('p', [{ kind: 'regex', pattern: '.*', replace: '' }])
    expect(runPipeline(pipeline, 'gpt-4o')).toBe('gpt-4o')
  })

  it('an invalid regex is a config error naming the rule', () => {
    try {
      compilePipeline('mine', ['lowercase', { kind: 'regex', pattern: '([a-z', replace: '' }])
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).issues[0]?.path).toBe('rewrite.mine[1].pattern')
    }
  })

  it('an unknown preset is a config error naming the step', () => {
    expect(() => compilePipeline('mine', ['lowercase', 'strip-everything'])).toThrow(/rewrite\.mine\[1\]/)
  })
})

describe('findPipeline and providerPipeline', () => {
  const config = { rewrite: { short: ['lowercase' as const] } }

  it('finds a named pipeline, a single preset, or the built-in default', () => {
    expect(findPipeline(config, 'short')?.steps).toHaveLength(1)
    expect(runPipeline(findPipeline(config, 'unify-hyphens')!, 'A B')).toBe('A-B')
    expect(runPipeline(findPipeline(config, 'default')!, 'Pro/x/Y-20240101')).toBe('y')
    expect(findPipeline(config, 'nope')).toBeUndefined()
  })

  it('a provider without a pipeline uses default', () => {
    expect(providerPipeline(config, {}).name).toBe('default')
    expect(providerPipeline(config, { rewrite: 'short' }).name).toBe('short')
    expect(() => providerPipeline(config, { rewrite: 'nope' })).toThrow(/nope/)
  })
})
