import { describe, expect, it } from 'vitest'
import type { Channel } from './channel.ts'
import { createHealth } from './create-health.ts'
import { createRoutingTable } from './create-routing-table.ts'
import { groupKey, pickLeastLatency, type LeastLatencyOptions } from './pick-least-latency.ts'
import { lowestTierGroups } from './provider-group.ts'
import { fakeClock, testConfig } from './test-support.ts'

function channelsOf(names: string[]): readonly Channel[] {
  const config = testConfig({
    providers: names.map((name) => ({
      name,
      protocol: 'openai' as const,
      baseUrl: `https://${name}.example.com`,
      models: ['m'],
    })),
  })
  return createRoutingTable(config).channels('m')
}

function setup(names: string[], draws: number[]) {
  const channels = channelsOf(names)
  const clock = fakeClock()
  const health = createHealth({ now: clock.now, cooldownBase: 1000, cooldownMax: 60_000 })
  const taken: number[] = []
  const options = (): LeastLatencyOptions => ({
    health,
    random: () => {
      const value = draws.shift()
      if (value === undefined) throw new Error('no draw left')
      taken.push(value)
      return value
    },
    now: clock.now(),
    staleMs: 300_000,
    probeShare: 0.05,
    measuring: new Map(),
    measureWaitMs: 30_000,
    probeCredit: new Map(),
  })
  return { channels, groups: lowestTierGroups(channels), clock, health, taken, options }
}

describe('pickLeastLatency', () => {
  it('returns a lone group without drawing', () => {
    const { groups, taken, options } = setup(['only'], [])
    expect(pickLeastLatency(groups, options())?.providerName).toBe('only')
    expect(taken).toEqual([])
  })

  it('marks the group it sends to be measured, judges it slow while the sample is awaited, and counts the measurement as a probe', () => {
    const { channels, groups, health, options } = setup(['fast', 'new'], Array<number>(100).fill(0.5))
    const [fast] = channels
    if (!fast) throw new Error('pool')
    health.onSuccess(fast, 100)
    const first = options()
    expect(pickLeastLatency(groups, first)?.providerName).toBe('new')
    const newGroup = groups[1]
    if (!newGroup) throw new Error('groups')
    expect(first.measuring.get(groupKey(newGroup))).toBe(first.now)
    // Awaited, so probed like a slow one: the measurement spent a probe's credit (5 % a pick), so the
    // next probe comes 39 picks later, then one every 20.
    const picks = Array.from({ length: 59 }, () => pickLeastLatency(groups, first)?.providerName)
    expect(picks.flatMap((name, index) => (name === 'new' ? [index + 1] : []))).toEqual([39, 59])
  })

  it('compares the mean of fresh samples, ignoring stale ones', () => {
    const { channels, groups, health, clock, options } = setup(['a', 'b'], [0.5, 0.5])
    const [a, b] = channels
    if (!a || !b) throw new Error('pool')
    health.onSuccess(a, 10)
    clock.advance(300_001)
    health.onSuccess(b, 1000)
    // a's only sample is stale: it is measured again rather than judged fastest.
    expect(pickLeastLatency(groups, options())?.providerName).toBe('a')
  })
})
