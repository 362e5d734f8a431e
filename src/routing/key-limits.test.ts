import { describe, expect, it } from 'vitest'
import type { ProviderConfig } from '../config/schema.ts'
import type { Channel } from './channel.ts'
import { createHealth } from './create-health.ts'
import { createRoutingTable } from './create-routing-table.ts'
import { createSelector } from './create-selector.ts'
import { createKeyLimits } from './key-limits.ts'
import { FailoverError } from './failover-error.ts'
import { runWithFailover } from './run-with-failover.ts'
import { SessionAffinity } from './session-affinity.ts'
import { seededRandom } from '../../test/helpers/seeded-random.ts'
import { fakeClock, testConfig } from './test-support.ts'

function channelsOf(limits: ProviderConfig['limits'], keys = ['k1', 'k2'], models = ['m']): Channel[] {
  const config = testConfig({
    providers: [
      {
        name: 'relay',
        protocol: 'openai',
        baseUrl: 'https://relay.example.com',
        keys,
        models,
        ...(limits ? { limits } : {}),
      },
    ],
  })
  return [
    ...createRoutingTable(config).channels('m'),
    ...(models.includes('n') ? createRoutingTable(config).channels('n') : []),
  ]
}

describe('createKeyLimits', () => {
  it('admits rpm requests per key in a sliding minute, then frees them as they age out', () => {
    const clock = fakeClock()
    const limits = createKeyLimits({ now: clock.now })
    const [first, second] = channelsOf({ rpm: 3 })
    for (let index = 0; index < 3; index++) {
      expect(limits.isAvailable(first!)).toBe(true)
      limits.acquire(first!)
      clock.advance(10_000)
    }
    expect(limits.isAvailable(first!)).toBe(false)
    // The other key has its own budget.
    expect(limits.isAvailable(second!)).toBe(true)
    // The first request was 30 s ago: it leaves the window 30 s from now.
    expect(limits.readyAt(first!)).toBe(clock.now() + 30_000)
    clock.advance(29_999)
    expect(limits.isAvailable(first!)).toBe(false)
    clock.advance(1)
    expect(limits.isAvailable(first!)).toBe(true)
  })

  it('shares one budget among the models of a key', () => {
    const clock = fakeClock()
    const limits = createKeyLimits({ now: clock.now })
    const channels = channelsOf({ rpm: 1 }, ['k1'], ['m', 'n'])
    expect(channels).toHaveLength(2)
    limits.acquire(channels[0]!)
    expect(limits.isAvailable(channels[1]!)).toBe(false)
  })

  it('holds a concurrency slot from acquire to release, and ignores a release too many', () => {
    const clock = fakeClock()
    const limits = createKeyLimits({ now: clock.now })
    const [channel] = channelsOf({ concurrency: 2 }, ['k1'])
    limits.acquire(channel!)
    limits.acquire(channel!)
    expect(limits.isAvailable(channel!)).toBe(false)
    limits.release(channel!)
    expect(limits.isAvailable(channel!)).toBe(true)
    limits.release(channel!)
    limits.release(channel!)
    limits.acquire(channel!)
    limits.acquire(channel!)
    expect(limits.isAvailable(channel!)).toBe(false)
  })

  it('counts nothing for a provider without limits', () => {
    const clock = fakeClock()
    const limits = createKeyLimits({ now: clock.now })
    const [channel] = channelsOf(undefined, ['k1'])
    for (let index = 0; index < 100; index++) limits.acquire(channel!)
    expect(limits.isAvailable(channel!)).toBe(true)
    expect(limits.readyAt(channel!)).toBe(0)
  })

  it("holds a key back until its upstream's reset, limits or not, and says when in readyAt", () => {
    const clock = fakeClock()
    const limits = createKeyLimits({ now: clock.now })
    const [first, second] = channelsOf(undefined)
    limits.hold(first!, 20_000)
    expect(limits.isAvailable(first!)).toBe(false)
    expect(limits.isAvailable(second!)).toBe(true)
    expect(limits.readyAt(first!)).toBe(clock.now() + 20_000)
    // A shorter hold does not cut a longer one short; nothing is held for 0 ms.
    limits.hold(first!, 5_000)
    limits.hold(second!, 0)
    expect(limits.isAvailable(second!)).toBe(true)
    clock.advance(19_999)
    expect(limits.isAvailable(first!)).toBe(false)
    clock.advance(1)
    expect(limits.isAvailable(first!)).toBe(true)
    expect(limits.readyAt(first!)).toBe(0)
  })

  it('charges estimated tokens per key against its tpm, corrects them with the reported usage, and frees them as their second ages out', () => {
    const clock = fakeClock()
    const limits = createKeyLimits({ now: clock.now })
    const [first, second] = channelsOf({ tpm: 100 })
    const charge = limits.chargeTokens(first!, 80)
    expect(charge).toMatchObject({ tokens: 80 })
    expect(limits.isAvailable(first!)).toBe(true)
    clock.advance(10_000)
    const next = limits.chargeTokens(first!, 30)
    expect(limits.isAvailable(first!)).toBe(false)
    expect(limits.isAvailable(second!)).toBe(true)
    // The first charge's second leaves the window 50 s from now.
    expect(limits.readyAt(first!)).toBe(clock.now() + 50_000)
    // The upstream reported fewer tokens than estimated: the key has room again.
    limits.correctTokens(charge!, 20)
    expect(limits.isAvailable(first!)).toBe(true)
    limits.correctTokens(next!, 90)
    expect(limits.isAvailable(first!)).toBe(false)
    // 20 + 90: once the first second leaves the window, 90 are left, under the budget.
    expect(limits.readyAt(first!)).toBe(clock.now() + 50_000)
    clock.advance(49_999)
    expect(limits.isAvailable(first!)).toBe(false)
    clock.advance(1)
    expect(limits.isAvailable(first!)).toBe(true)
    clock.advance(10_000)
    expect(limits.chargeTokens(first!, 99)).toMatchObject({ tokens: 99 })
    expect(limits.isAvailable(first!)).toBe(true)
  })

  it('charges nothing to a key without tpm', () => {
    const clock = fakeClock()
    const limits = createKeyLimits({ now: clock.now })
    const [channel] = channelsOf({ rpm: 5 }, ['k1'])
    expect(limits.chargeTokens(channel!, 1_000_000)).toBeUndefined()
    expect(limits.isAvailable(channel!)).toBe(true)
  })

  it('wakes a waiter on release, and otherwise after its time', async () => {
    const clock = fakeClock()
    const limits = createKeyLimits({ now: clock.now })
    const [channel] = channelsOf({ concurrency: 1 }, ['k1'])
    limits.acquire(channel!)
    let woken = false
    const waiting = limits.waitForRelease(60_000).then(() => (woken = true))
    await Promise.resolve()
    expect(woken).toBe(false)
    limits.release(channel!)
    await waiting
    expect(woken).toBe(true)
    const started = performance.now()
    await limits.waitForRelease(5)
    expect(performance.now() - started).toBeGreaterThanOrEqual(4)
  })
})

describe('key limits in selection and failover', () => {
  function setup(limits: ProviderConfig['limits'], keys: string[]) {
    const clock = fakeClock()
    const channels = channelsOf(limits, keys)
    const health = createHealth({ now: clock.now, cooldownBase: 1000, cooldownMax: 60_000 })
    const keyLimits = createKeyLimits({ now: clock.now })
    const selector = createSelector({
      strategy: 'round-robin',
      health,
      keyLimits,
      random: seededRandom(3),
      now: clock.now,
    })
    return { clock, channels, health, keyLimits, selector }
  }

  it('skips a key at its limit, even as a last resort, and picks none when all are', () => {
    const { channels, selector } = setup({ rpm: 1 }, ['k1', 'k2'])
    const first = selector.pick(channels, new Set())
    const second = selector.pick(channels, new Set())
    expect(new Set([first?.keyIndex, second?.keyIndex])).toEqual(new Set([0, 1]))
    expect(selector.pick(channels, new Set())).toBeUndefined()
    expect(selector.pick(channels, new Set(), { lastResort: true })).toBeUndefined()
  })

  it('gives the slot back when an attempt fails, and answers 429 channels_at_limit with Retry-After', async () => {
    const { clock, channels, health, keyLimits, selector } = setup({ rpm: 1 }, ['k1'])
    const run = () =>
      runWithFailover({
        channels,
        selector,
        health,
        keyLimits,
        maxAttempts: 4,
        now: clock.now,
        attempt: async () => 'ok',
      })
    await expect(run()).resolves.toMatchObject({ value: 'ok' })
    clock.advance(15_000)
    const error = await run().catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(FailoverError)
    expect(error).toMatchObject({ status: 429, kind: 'rate_limit', code: 'channels_at_limit', retryAfterMs: 45_000 })
  })

  it('frees the concurrency slot on failure, and waits in the queue for a slot released by another request', async () => {
    const { clock, channels, health, keyLimits, selector } = setup({ concurrency: 1 }, ['k1'])
    const holding = await runWithFailover({
      channels,
      selector,
      health,
      keyLimits,
      maxAttempts: 1,
      now: clock.now,
      attempt: async (_channel, info) => ({ done: () => info.endSlot() }),
    })
    const finish: (() => void) | undefined = holding.value.done
    const started = performance.now()
    const queued = runWithFailover({
      channels,
      selector,
      health,
      keyLimits,
      queueTimeout: 10_000,
      maxAttempts: 1,
      now: clock.now,
      attempt: async (_channel, info) => {
        info.endSlot()
        return 'second'
      },
    })
    setTimeout(() => finish?.(), 20)
    await expect(queued).resolves.toMatchObject({ value: 'second' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(15)
    // A failing attempt gives its slot back by itself.
    await expect(
      runWithFailover({
        channels,
        selector,
        health,
        keyLimits,
        maxAttempts: 1,
        now: clock.now,
        attempt: async () => {
          throw new Error('boom')
        },
      }),
    ).rejects.toMatchObject({ code: 'internal_error' })
    expect(keyLimits.isAvailable(channels[0]!)).toBe(true)
  })

  it("does not send a session past its pinned key's limit: the pin yields to a key with room, and counts when taken", async () => {
    const { clock, channels, health, keyLimits, selector } = setup({ rpm: 1 }, ['k1', 'k2'])
    const affinity = new SessionAffinity({ now: clock.now })
    const session = { key: 'agent-1', affinity, ttlMs: 60_000 }
    const run = () =>
      runWithFailover({
        channels,
        selector,
        health,
        keyLimits,
        session,
        maxAttempts: 2,
        now: clock.now,
        attempt: async (channel) => channel.keyLabel,
      })
    const first = await run()
    expect(affinity.pinned('agent-1', 60_000)).toBe(first.channel.id)
    // The pinned key has spent its one request of the minute: the session goes to the other key.
    const second = await run()
    expect(second.channel.id).not.toBe(first.channel.id)
    expect(keyLimits.isAvailable(second.channel)).toBe(false)
  })

  it('stops waiting at the queue timeout with a 429', async () => {
    const { clock, channels, health, keyLimits, selector } = setup({ concurrency: 1 }, ['k1'])
    await runWithFailover({
      channels,
      selector,
      health,
      keyLimits,
      maxAttempts: 1,
      now: clock.now,
      attempt: async () => 'held',
    })
    // The fake clock does not move on its own: the queue timeout of 0 means no wait at all.
    const error = await runWithFailover({
      channels,
      selector,
      health,
      keyLimits,
      queueTimeout: 0,
      maxAttempts: 1,
      now: clock.now,
      attempt: async () => 'never',
    }).catch((thrown: unknown) => thrown)
    expect(error).toMatchObject({ status: 429, code: 'channels_at_limit', retryAfterMs: 1000 })

    // A clock that stands still still ends the queue: the time waited counts too.
    const waited = await runWithFailover({
      channels,
      selector,
      health,
      keyLimits,
      queueTimeout: 30,
      maxAttempts: 1,
      now: clock.now,
      attempt: async () => 'never',
    }).catch((thrown: unknown) => thrown)
    expect(waited).toMatchObject({ status: 429, code: 'channels_at_limit' })
  })
})
