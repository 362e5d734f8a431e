import { describe, expect, it } from 'vitest'
import { GatewayError } from '../ir/errors.ts'
import { createRoutingTable } from './create-routing-table.ts'
import { resolveCandidates } from './resolve-candidates.ts'
import { testConfig } from './test-support.ts'

const table = createRoutingTable(
  testConfig({
    providers: [{ name: 'a', protocol: 'openai', baseUrl: 'https://a.example.com', models: ['deepseek-v3', 'gpt-4o'] }],
  }),
)

function thrown(run: () => unknown): GatewayError {
  try {
    run()
  } catch (error) {
    if (error instanceof GatewayError) return error
  }
  throw new Error('expected a GatewayError')
}

describe('resolveCandidates', () => {
  it('applies the allowlist to the requested name, then the mapping', () => {
    const result = resolveCandidates({
      table,
      requestedModel: 'claude-sonnet-4',
      allowedModels: ['claude-*'],
      modelMapping: { 'claude-*': 'deepseek-v3' },
    })
    expect(result.mappedModel).toBe('deepseek-v3')
    expect(result.channels.map((channel) => channel.upstreamModel)).toEqual(['deepseek-v3'])
  })

  it('refuses a model outside the allowlist with 403, final', () => {
    const error = thrown(() =>
      resolveCandidates({ table, requestedModel: 'gpt-4o', allowedModels: ['claude-*'], modelMapping: {} }),
    )
    expect([error.status, error.code, error.decision.failover]).toEqual([403, 'model_not_allowed', false])
  })

  it('answers an unknown model with 404 model_not_found', () => {
    const error = thrown(() => resolveCandidates({ table, requestedModel: 'nope', modelMapping: {} }))
    expect([error.status, error.code, error.decision.cooldown]).toEqual([404, 'model_not_found', 'none'])
  })

  it("adds the pools of the mapped name's fallbacks in order, leaving out unknown and repeated names", () => {
    const result = resolveCandidates({
      table,
      requestedModel: 'claude-opus-4',
      allowedModels: ['claude-*'],
      modelMapping: { 'claude-opus-4': 'gpt-4o' },
      fallbacks: { 'gpt-4o': ['nope', 'deepseek-v3', 'gpt-4o', 'deepseek-v3'], 'claude-opus-4': ['never-read'] },
    })
    expect(result.channels.map((channel) => channel.name)).toEqual(['gpt-4o'])
    // The allowlist is the requested name's only: the operator chose the fallbacks.
    expect(result.fallbacks.map((pool) => pool.map((channel) => channel.name))).toEqual([['deepseek-v3']])
  })
})
