import { describe, expect, it } from 'vitest'
import { channelStatesOf } from './channel-states.ts'
import { createHealth } from './create-health.ts'
import { createKeyLimits } from './key-limits.ts'
import { createRoutingTable } from './create-routing-table.ts'
import { fakeClock, statusError, testConfig } from './test-support.ts'

describe('channelStatesOf', () => {
  const config = testConfig({
    providers: [
      {
        name: 'relay',
        protocol: 'openai',
        baseUrl: 'https://relay.example.com',
        keys: ['k1', 'k2', 'k3'],
        models: ['m'],
        limits: { concurrency: 1 },
      },
    ],
  })

  it('shows a healthy channel at its key limits as limited, with when it frees when that is known; cooling wins over limited', () => {
    const clock = fakeClock()
    const health = createHealth({ now: clock.now, cooldownBase: 1000, cooldownMax: 60_000 })
    const keyLimits = createKeyLimits({ now: clock.now })
    const [busy, held, cooling] = createRoutingTable(config).channels('m')
    keyLimits.acquire(busy!)
    keyLimits.hold(held!, 20_000)
    keyLimits.hold(cooling!, 20_000)
    health.onFailure(cooling!, statusError(500))
    const rows = channelStatesOf(health, keyLimits, [busy!, held!, cooling!])
    expect(rows.map((row) => [row.keyLabel, row.state, row.until])).toEqual([
      ['relay#1', 'limited', undefined],
      ['relay#2', 'limited', clock.now() + 20_000],
      ['relay#3', 'cooling', clock.now() + 1000],
    ])
    // Without the keys' limits, the health alone.
    expect(channelStatesOf(health, undefined, [busy!]).map((row) => row.state)).toEqual(['ok'])
  })
})
