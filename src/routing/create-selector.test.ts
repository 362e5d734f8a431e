import { describe, expect, it } from 'vitest'
import type { ProviderConfig } from '../config/schema.ts'
import type { Channel } from './channel.ts'
import { createHealth } from './create-health.ts'
import { createRoutingTable } from './create-routing-table.ts'
import { createSelector, type SelectorOptions } from './create-selector.ts'
import { seededRandom } from '../../test/helpers/seeded-random.ts'
import { fakeClock, statusError, testConfig } from './test-support.ts'

type ProviderInput = Partial<ProviderConfig> & { name: string }

function pool(providers: ProviderInput[]): readonly Channel[] {
  const config = testConfig({
    providers: providers.map((provider) => ({
      protocol: 'openai' as const,
      baseUrl: `https://${provider.name}.example.com`,
      models: ['m'],
      ...provider,
    })),
  })
  return createRoutingTable(config).channels('m')
}

function setup(strategy: SelectorOptions['strategy'], seed = 42) {
  const clock = fakeClock()
  const health = createHealth({ now: clock.now, cooldownBase: 1000, cooldownMax: 60_000 })
  const selector = createSelector({ strategy, health, random: seededRandom(seed), now: clock.now })
  return { clock, health, selector }
}

function countPicks(
  pick: () => Channel | undefined,
  times: number,
  by: (channel: Channel) => string = (channel) => channel.provider.name,
): Record<string, number> {
  const counts: Record<string, number> = {}
  for (let index = 0; index < times; index++) {
    const channel = pick()
    const label = channel ? by(channel) : 'none'
    counts[label] = (counts[label] ?? 0) + 1
  }
  return counts
}

const none = new Set<string>()

describe('createSelector: weighted', () => {
  it('10,000 picks follow the weights within ±1.5 percentage points, whatever the seed', () => {
    const channels = pool([
      { name: 'a', weight: 5 },
      { name: 'b', weight: 3 },
      { name: 'c', weight: 2 },
    ])
    for (const seed of [1, 2, 3]) {
      const { selector } = setup('weighted', seed)
      const counts = countPicks(() => selector.pick(channels, none), 10_000)
      expect(Math.abs((counts.a ?? 0) / 10_000 - 0.5)).toBeLessThan(0.015)
      expect(Math.abs((counts.b ?? 0) / 10_000 - 0.3)).toBeLessThan(0.015)
      expect(Math.abs((counts.c ?? 0) / 10_000 - 0.2)).toBeLessThan(0.015)
    }
  })

  it('gives the weight to the provider, not to each key, and rotates its keys', () => {
    const channels = pool([
      { name: 'a', weight: 1, keys: ['k1', 'k2', 'k3'] },
      { name: 'b', weight: 1 },
    ])
    const { selector } = setup('weighted')
    const byProvider = countPicks(() => selector.pick(channels, none), 6000)
    expect(Math.abs((byProvider.a ?? 0) / 6000 - 0.5)).toBeLessThan(0.02)
    const onlyA = channels.filter((channel) => channel.provider.name === 'a')
    expect([1, 2, 3, 4, 5, 6].map(() => selector.pick(onlyA, none)?.keyLabel)).toEqual([
      'a#1',
      'a#2',
      'a#3',
      'a#1',
      'a#2',
      'a#3',
    ])
  })

  it('uses the lowest priority tier while it has an available channel, then the next', () => {
    const channels = pool([
      { name: 'backup', priority: 1, weight: 100 },
      { name: 'main1', priority: 0 },
      { name: 'main2', priority: 0 },
    ])
    const { selector, health } = setup('weighted')
    const counts = countPicks(() => selector.pick(channels, none), 1000)
    expect(counts.backup).toBeUndefined()
    expect((counts.main1 ?? 0) + (counts.main2 ?? 0)).toBe(1000)
    for (const channel of channels.filter((item) => item.provider.priority === 0))
      health.onFailure(channel, statusError(500))
    expect(selector.pick(channels, none)?.provider.name).toBe('backup')
  })

  it('never returns an excluded or cooling channel', () => {
    const channels = pool([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    const { selector, health } = setup('weighted')
    const [a, b] = channels
    if (!a || !b) throw new Error('pool')
    health.onFailure(b, statusError(503))
    const counts = countPicks(() => selector.pick(channels, new Set([a.id])), 500)
    expect(counts).toEqual({ c: 500 })
  })

  it('uses a weight-0 provider only as a standby', () => {
    const channels = pool([
      { name: 'main', weight: 1 },
      { name: 'standby', weight: 0 },
    ])
    const { selector, health } = setup('weighted')
    expect(countPicks(() => selector.pick(channels, none), 500)).toEqual({ main: 500 })
    const main = channels[0]
    if (!main) throw new Error('pool')
    health.onFailure(main, statusError(500))
    expect(selector.pick(channels, none)?.provider.name).toBe('standby')
  })
})

describe('createSelector: round-robin', () => {
  it('rotates evenly with equal weights and smoothly with unequal ones', () => {
    const even = pool([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    const { selector } = setup('round-robin')
    expect(Array.from({ length: 6 }, () => selector.pick(even, none)?.provider.name)).toEqual([
      'a',
      'b',
      'c',
      'a',
      'b',
      'c',
    ])
    const uneven = pool([{ name: 'x', weight: 5 }, { name: 'y' }, { name: 'z' }])
    expect(Array.from({ length: 7 }, () => selector.pick(uneven, none)?.provider.name).join('')).toBe('xxyxzxx')
  })

  it('skips an excluded channel and keeps rotating among the rest', () => {
    const channels = pool([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    const { selector } = setup('round-robin')
    const b = channels[1]
    if (!b) throw new Error('pool')
    const picks = Array.from({ length: 4 }, () => selector.pick(channels, new Set([b.id]))?.provider.name)
    expect(picks).toEqual(['a', 'c', 'a', 'c'])
  })
})

describe('createSelector: least-latency', () => {
  const channels = pool([{ name: 'fast' }, { name: 'slow' }])
  const [fast, slow] = channels

  // 10,000 picks with a 5 % probe share: three standard deviations are sqrt(10000 × 0.05 × 0.95) × 3 ≈ 65 picks.
  it('sends the slower channel only its probe share (5 % by default)', () => {
    if (!fast || !slow) throw new Error('pool')
    const { selector, health } = setup('least-latency')
    health.onSuccess(fast, 200)
    health.onSuccess(slow, 2000)
    const counts = countPicks(() => selector.pick(channels, none), 10_000)
    expect(Math.abs((counts.slow ?? 0) / 10_000 - 0.05)).toBeLessThan(0.0065)
  })

  it('takes the probe share from the options, 0 turning probing off', () => {
    if (!fast || !slow) throw new Error('pool')
    const shares: Record<number, number> = {}
    for (const share of [0, 0.2]) {
      const clock = fakeClock()
      const health = createHealth({ now: clock.now, cooldownBase: 1000, cooldownMax: 60_000 })
      const selector = createSelector({
        strategy: 'least-latency',
        latencyProbeShare: share,
        health,
        random: seededRandom(5),
        now: clock.now,
      })
      health.onSuccess(fast, 200)
      health.onSuccess(slow, 2000)
      shares[share] = (countPicks(() => selector.pick(channels, none), 10_000).slow ?? 0) / 10_000
    }
    expect(shares[0]).toBe(0)
    expect(Math.abs((shares[0.2] ?? 0) - 0.2)).toBeLessThan(0.012)
  })

  it('counts its probes rather than drawing them: one pick in 20, whatever the random draws', () => {
    if (!fast || !slow) throw new Error('pool')
    const clock = fakeClock()
    const health = createHealth({ now: clock.now, cooldownBase: 1000, cooldownMax: 60_000 })
    // Draws that a random probe would take as a probe every time.
    const selector = createSelector({ strategy: 'least-latency', health, random: () => 0, now: clock.now })
    health.onSuccess(fast, 200)
    health.onSuccess(slow, 2000)
    const picks = Array.from({ length: 100 }, () => selector.pick(channels, none)?.provider.name)
    expect(picks.flatMap((name, index) => (name === 'slow' ? [index + 1] : []))).toEqual([20, 40, 60, 80, 100])
  })

  it('keeps whole answers and streams apart: each is judged by its own measure, each probed on its own count', () => {
    if (!fast || !slow) throw new Error('pool')
    const { selector, health } = setup('least-latency')
    // `fast` has the sooner first token; `slow` the shorter time per output token.
    health.onSuccess(fast, 200)
    health.onSuccess(slow, 2000)
    health.onSuccess(fast, 50, 'per-token')
    health.onSuccess(slow, 5, 'per-token')
    const streams = countPicks(() => selector.pick(channels, none), 1000)
    const whole = countPicks(() => selector.pick(channels, none, { measure: 'per-token' }), 1000)
    expect(streams).toEqual({ fast: 950, slow: 50 })
    expect(whole).toEqual({ fast: 50, slow: 950 })
  })

  it('follows a channel that becomes faster', () => {
    if (!fast || !slow) throw new Error('pool')
    const { selector, health } = setup('least-latency')
    health.onSuccess(fast, 200)
    health.onSuccess(slow, 2000)
    for (let index = 0; index < 10; index++) health.onSuccess(slow, 50)
    const counts = countPicks(() => selector.pick(channels, none), 4000)
    expect((counts.slow ?? 0) / 4000).toBeGreaterThan(0.9)
  })

  it('shares traffic by weight among channels within 1.5× of the fastest', () => {
    const weighted = pool([
      { name: 'fast', weight: 1 },
      { name: 'close', weight: 3 },
      { name: 'slow', weight: 6 },
    ])
    const { selector, health } = setup('least-latency')
    const [quick, close, heavy] = weighted
    if (!quick || !close || !heavy) throw new Error('pool')
    health.onSuccess(quick, 100)
    health.onSuccess(close, 140)
    health.onSuccess(heavy, 151)
    const counts = countPicks(() => selector.pick(weighted, none), 10_000)
    // 95 % between fast and close by weight 1:3; the slow one, whatever its weight, has the 5 % probes.
    expect(Math.abs((counts.fast ?? 0) / 10_000 - 0.95 * 0.25)).toBeLessThan(0.015)
    expect(Math.abs((counts.close ?? 0) / 10_000 - 0.95 * 0.75)).toBeLessThan(0.015)
    expect(Math.abs((counts.slow ?? 0) / 10_000 - 0.05)).toBeLessThan(0.0065)
  })

  it('sends a channel without samples, or with stale ones, one request to be measured, not a flood', () => {
    if (!fast || !slow) throw new Error('pool')
    const { selector, health, clock } = setup('least-latency')
    health.onSuccess(fast, 200)
    expect(selector.pick(channels, none)?.provider.name).toBe('slow')
    // Its sample is awaited: meanwhile it is only probed, like a slow one.
    const waiting = countPicks(() => selector.pick(channels, none), 1000)
    expect((waiting.slow ?? 0) / 1000).toBeLessThan(0.1)
    // The measuring request never reported back: after the wait, another one goes.
    clock.advance(30_000)
    health.onSuccess(fast, 200)
    expect(selector.pick(channels, none)?.provider.name).toBe('slow')
    health.onSuccess(slow, 2000)
    // Its samples go stale after 5 minutes without a request: measured again.
    clock.advance(300_001)
    health.onSuccess(fast, 200)
    expect(selector.pick(channels, none)?.provider.name).toBe('slow')
  })

  it('measures every new channel before comparing', () => {
    const three = pool([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    const { selector } = setup('least-latency')
    expect(new Set([1, 2, 3].map(() => selector.pick(three, none)?.provider.name))).toEqual(new Set(['a', 'b', 'c']))
  })

  it('gives the slower channel everything while the faster one cools down', () => {
    if (!fast || !slow) throw new Error('pool')
    const { selector, health } = setup('least-latency')
    health.onSuccess(fast, 200)
    health.onSuccess(slow, 2000)
    health.onFailure(fast, statusError(500))
    expect(countPicks(() => selector.pick(channels, none), 100)).toEqual({ slow: 100 })
  })
})

describe('createSelector: half-open and last resort', () => {
  it('lets exactly one request through a half-open channel', () => {
    const channels = pool([{ name: 'a' }, { name: 'b', priority: 1 }])
    const { selector, health, clock } = setup('weighted')
    const a = channels[0]
    if (!a) throw new Error('pool')
    health.onFailure(a, statusError(500))
    clock.advance(1000)
    expect(Array.from({ length: 3 }, () => selector.pick(channels, none)?.provider.name)).toEqual(['a', 'b', 'b'])
  })

  it('returns nothing when all are cooling, unless asked for a last resort: then the soonest to recover', () => {
    const channels = pool([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    const { selector, health, clock } = setup('weighted')
    const [a, b, c] = channels
    if (!a || !b || !c) throw new Error('pool')
    health.onFailure(a, statusError(429, 'a', 30_000))
    health.onFailure(b, statusError(500))
    clock.advance(10)
    health.onFailure(c, statusError(500))
    expect(selector.pick(channels, none)).toBeUndefined()
    expect(selector.pick(channels, none, { lastResort: true })?.provider.name).toBe('b')
    expect(selector.pick(channels, new Set([b.id]), { lastResort: true })?.provider.name).toBe('c')
    expect(
      selector.pick(channels, new Set(channels.map((channel) => channel.id)), { lastResort: true }),
    ).toBeUndefined()
  })
})
