import { describe, expect, it } from 'vitest'
import { createRoutingTable } from './create-routing-table.ts'
import { testConfig } from './test-support.ts'

const config = testConfig({
  providers: [
    {
      name: 'relay-a',
      protocol: 'openai',
      baseUrl: 'https://a.example.com',
      keys: ['sk-a1', 'sk-a2'],
      models: ['gpt-4o-mini', { id: 'Pro/deepseek-ai/DeepSeek-V3', name: 'deepseek-v3' }],
    },
    {
      name: 'relay-b',
      protocol: 'anthropic',
      baseUrl: 'https://b.example.com',
      models: ['deepseek-v3', { id: 'old', enabled: false }],
    },
    {
      name: 'relay-off',
      protocol: 'openai',
      baseUrl: 'https://c.example.com',
      enabled: false,
      keys: ['sk-c'],
      models: ['gpt-4o-mini'],
    },
    { name: 'relay-dup', protocol: 'openai', baseUrl: 'https://d.example.com', models: ['gpt-4o-mini', 'gpt-4o-mini'] },
  ],
})

describe('createRoutingTable', () => {
  const table = createRoutingTable(config)

  it('lists each exposed name once, sorted, without disabled providers or models', () => {
    expect(table.names()).toEqual(['deepseek-v3', 'gpt-4o-mini'])
  })

  it('expands a name into provider × key × upstream model, across protocols', () => {
    const channels = table.channels('deepseek-v3')
    expect(
      channels.map((channel) => [channel.provider.name, channel.keyLabel, channel.upstreamModel, channel.key]),
    ).toEqual([
      ['relay-a', 'relay-a#1', 'Pro/deepseek-ai/DeepSeek-V3', 'sk-a1'],
      ['relay-a', 'relay-a#2', 'Pro/deepseek-ai/DeepSeek-V3', 'sk-a2'],
      ['relay-b', 'relay-b', 'deepseek-v3', undefined],
    ])
  })

  it('gives channels ids that are unique and stable across loads, and labels that never hold the key', () => {
    const all = table.all()
    expect(new Set(all.map((channel) => channel.id)).size).toBe(all.length)
    const again = createRoutingTable(testConfig({ providers: config.providers }))
    expect(again.all().map((channel) => channel.id)).toEqual(all.map((channel) => channel.id))
    for (const channel of all) {
      if (channel.key) expect(`${channel.id} ${channel.keyLabel}`).not.toContain(channel.key)
    }
  })

  it('counts an upstream model listed twice once', () => {
    expect(table.channels('gpt-4o-mini').filter((channel) => channel.provider.name === 'relay-dup')).toHaveLength(1)
  })

  it('returns no channel for an unknown name, and pools no caller can corrupt', () => {
    expect(table.channels('nope')).toEqual([])
    expect(() => (table.channels('deepseek-v3') as unknown as unknown[]).pop()).toThrow(TypeError)
    expect(table.channels('deepseek-v3')).toHaveLength(3)
  })
})
