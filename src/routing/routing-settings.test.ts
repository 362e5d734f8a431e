import { describe, expect, it } from 'vitest'
import { routingDefaults, routingSettings, timeoutsFor } from './routing-settings.ts'
import { testConfig } from './test-support.ts'

describe('routingSettings', () => {
  it('fills defaults where the config is silent', () => {
    const settings = routingSettings(testConfig({}).routing)
    expect(settings).toEqual(routingDefaults)
  })

  it('reads durations and lets a provider override the global timeouts', () => {
    const config = testConfig({
      routing: {
        strategy: 'least-latency',
        firstByteTimeout: '20s',
        idleTimeout: 5000,
        cooldown: { base: '1s', max: '1m' },
      },
      providers: [{ name: 'slow', protocol: 'openai', baseUrl: 'https://s.example.com', firstByteTimeout: '2m' }],
    })
    const settings = routingSettings(config.routing)
    expect([settings.strategy, settings.cooldownBase, settings.cooldownMax]).toEqual(['least-latency', 1000, 60_000])
    const provider = config.providers[0]
    if (!provider) throw new Error('no provider')
    expect(timeoutsFor(provider, settings)).toEqual({ connect: 10_000, firstByte: 120_000, idle: 5000, total: 600_000 })
  })

  it('reads the least-latency probe share (0.05 by default) and refuses one outside 0–1', () => {
    expect(routingSettings(testConfig({}).routing).latencyProbeShare).toBe(0.05)
    expect(routingSettings(testConfig({ routing: { latencyProbeShare: 0.1 } }).routing).latencyProbeShare).toBe(0.1)
    expect(() => testConfig({ routing: { latencyProbeShare: 1.5 } })).toThrow(/latencyProbeShare/)
  })

  it('reads session affinity (on, 10 minutes by default) and refuses an unknown mode', () => {
    const defaults = routingSettings(testConfig({}).routing)
    expect([defaults.affinity, defaults.affinityTtl]).toEqual(['session', 600_000])
    const set = routingSettings(testConfig({ routing: { affinity: 'none', affinityTtl: '1h' } }).routing)
    expect([set.affinity, set.affinityTtl]).toEqual(['none', 3_600_000])
    expect(() => testConfig({ routing: { affinity: 'sticky' as 'none' } })).toThrow(/affinity/)
  })

  it('never lets the cooldown max fall below the base', () => {
    expect(
      routingSettings(testConfig({ routing: { cooldown: { base: '30s', max: '10s' } } }).routing).cooldownMax,
    ).toBe(30_000)
  })
})
