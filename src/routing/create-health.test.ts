import { describe, expect, it } from 'vitest'
import { createHealth } from './create-health.ts'
import { createRoutingTable } from './create-routing-table.ts'
import type { Channel } from './channel.ts'
import { fakeClock, kindError, statusError, testConfig } from './test-support.ts'
import type { GatewayError } from '../ir/errors.ts'

const table = createRoutingTable(
  testConfig({
    providers: [
      {
        name: 'a',
        protocol: 'openai',
        baseUrl: 'https://a.example.com',
        keys: ['sk-secret-one', 'sk-secret-two'],
        models: ['m1', 'm2'],
      },
      { name: 'b', protocol: 'openai', baseUrl: 'https://b.example.com', models: ['m1'] },
    ],
  }),
)
const channel = (provider: string, keyIndex: number, model: string): Channel => {
  const found = table
    .all()
    .find((item) => item.provider.name === provider && item.keyIndex === keyIndex && item.upstreamModel === model)
  if (!found) throw new Error('no such channel')
  return found
}
const a1m1 = channel('a', 0, 'm1')
const a1m2 = channel('a', 0, 'm2')
const a2m1 = channel('a', 1, 'm1')
const b1 = channel('b', 0, 'm1')

function setup() {
  const clock = fakeClock()
  const health = createHealth({ now: clock.now, cooldownBase: 1000, cooldownMax: 60_000 })
  return { clock, health }
}

/** Which of the four probe channels are unavailable after one failure of a1m1. */
function cooledBy(error: GatewayError): string[] {
  const { health } = setup()
  health.onFailure(a1m1, error)
  return [a1m1, a1m2, a2m1, b1].filter((item) => !health.isAvailable(item)).map((item) => item.id)
}

describe('createHealth: which scope an error cools', () => {
  it.each([
    ['500', statusError(500)],
    ['502', statusError(502)],
    ['503', statusError(503)],
    ['529', statusError(529)],
    ['429', statusError(429)],
    ['408', statusError(408)],
    ['409', statusError(409)],
    ['404 (the model)', statusError(404)],
    ['first-byte timeout', kindError('timeout')],
  ])('%s cools the channel only', (_label, error) => {
    expect(cooledBy(error)).toEqual([a1m1.id])
  })

  it.each([
    ['401', statusError(401)],
    ['402', statusError(402)],
    ['403', statusError(403)],
  ])('%s cools the key: every model of that key, not the other key', (_label, error) => {
    expect(cooledBy(error)).toEqual([a1m1.id, a1m2.id])
  })

  it('a network error cools the whole provider, not another provider', () => {
    expect(cooledBy(kindError('network'))).toEqual([a1m1.id, a1m2.id, a2m1.id])
  })

  it.each([
    ['400', statusError(400)],
    ['413', statusError(413)],
    ['422', statusError(422)],
    ['client disconnect', kindError('aborted')],
  ])('%s cools nothing', (_label, error) => {
    expect(cooledBy(error)).toEqual([])
  })
})

describe('createHealth: cooldown timing', () => {
  it('escalates exponentially from base to max and resets on success', () => {
    const { clock, health } = setup()
    const lengths: number[] = []
    for (let round = 0; round < 9; round++) {
      health.onFailure(b1, statusError(500))
      const until = health.readyAt(b1)
      lengths.push(until - clock.now())
      clock.advance(until - clock.now())
      expect(health.isAvailable(b1)).toBe(true) // half-open: the trial may go
      health.acquire(b1)
    }
    expect(lengths).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000])
    health.onSuccess(b1, 100)
    health.onFailure(b1, statusError(500))
    expect(health.readyAt(b1) - clock.now()).toBe(1000)
  })

  it('honours Retry-After when longer than the backoff, capped at max', () => {
    const { clock, health } = setup()
    health.onFailure(b1, statusError(429, 'b', 30_000))
    expect(health.readyAt(b1) - clock.now()).toBe(30_000)
    clock.advance(30_000)
    health.acquire(b1)
    health.onFailure(b1, statusError(429, 'b', 86_400_000))
    expect(health.readyAt(b1) - clock.now()).toBe(60_000)
  })

  it('does not shorten the backoff for a smaller Retry-After', () => {
    const { clock, health } = setup()
    health.onFailure(b1, statusError(429, 'b', 10))
    expect(health.readyAt(b1) - clock.now()).toBe(1000)
  })

  it('counts a burst of failures while already cooling once, but lets Retry-After extend it', () => {
    const { clock, health } = setup()
    for (let index = 0; index < 10; index++) health.onFailure(b1, statusError(500))
    expect(health.readyAt(b1) - clock.now()).toBe(1000)
    expect(health.snapshot([b1])[0]?.failures).toBe(1)
    health.onFailure(b1, statusError(429, 'b', 5000))
    expect(health.readyAt(b1) - clock.now()).toBe(5000)
  })

  it('starts escalation over after a quiet spell longer than max: a day of errors never bans a channel', () => {
    const { clock, health } = setup()
    for (let round = 0; round < 8; round++) {
      health.onFailure(b1, statusError(500))
      clock.advance(health.readyAt(b1) - clock.now())
    }
    clock.advance(60_001)
    health.onFailure(b1, statusError(500))
    expect(health.readyAt(b1) - clock.now()).toBe(1000)
  })
})

describe('createHealth: half-open', () => {
  it('lets exactly one trial through after expiry; a success clears the cooldown', () => {
    const { clock, health } = setup()
    health.onFailure(b1, statusError(500))
    expect(health.isAvailable(b1)).toBe(false)
    clock.advance(1000)
    expect(health.isAvailable(b1)).toBe(true)
    health.acquire(b1)
    expect(health.isAvailable(b1)).toBe(false) // the trial is out
    expect(health.snapshot([b1])[0]?.state).toBe('half-open')
    health.onSuccess(b1, 250)
    expect(health.isAvailable(b1)).toBe(true)
    expect(health.snapshot([b1])[0]).toMatchObject({ state: 'ok', failures: 0, latencyMs: 250 })
  })

  it('a failed trial cools down again, one step longer', () => {
    const { clock, health } = setup()
    health.onFailure(b1, statusError(500))
    clock.advance(1000)
    health.acquire(b1)
    health.onFailure(b1, statusError(500))
    expect(health.readyAt(b1) - clock.now()).toBe(2000)
  })

  it('a trial given back without a verdict (client gone) frees the slot', () => {
    const { clock, health } = setup()
    health.onFailure(b1, statusError(500))
    clock.advance(1000)
    health.acquire(b1)
    health.onFailure(b1, kindError('aborted'))
    expect(health.isAvailable(b1)).toBe(true)
  })

  it('a trial never reported back is considered lost after the lease', () => {
    const clock = fakeClock()
    const health = createHealth({ now: clock.now, cooldownBase: 1000, cooldownMax: 60_000, trialLeaseMs: 5000 })
    health.onFailure(b1, statusError(500))
    clock.advance(1000)
    health.acquire(b1)
    clock.advance(4999)
    expect(health.isAvailable(b1)).toBe(false)
    clock.advance(1)
    expect(health.isAvailable(b1)).toBe(true)
  })

  it('a success on any model of a key clears the key and provider cooldowns', () => {
    const { clock, health } = setup()
    health.onFailure(a1m1, kindError('network'))
    clock.advance(1000)
    health.acquire(a2m1)
    health.onSuccess(a2m1, 10)
    expect([a1m1, a1m2, a2m1].every((item) => health.isAvailable(item))).toBe(true)
  })
})

describe('createHealth: snapshot', () => {
  it('shows each channel with state, scope, until, failures, last error (key redacted) and latency', () => {
    const { clock, health } = setup()
    health.onSuccess(b1, 300)
    health.onSuccess(b1, 100)
    const error = statusError(401, 'a')
    Object.defineProperty(error, 'message', { value: 'Incorrect API key provided: sk-secret-one' })
    health.onFailure(a1m1, error)
    const rows = health.snapshot([a1m1, a1m2, b1])
    expect(rows[0]).toMatchObject({
      provider: 'a',
      keyLabel: 'a#1',
      upstreamModel: 'm1',
      state: 'cooling',
      scope: 'key',
      until: clock.now() + 1000,
      failures: 1,
    })
    expect(rows[0]?.lastError).toEqual({
      kind: 'authentication',
      status: 401,
      message: 'Incorrect API key provided: ***',
      at: clock.now(),
    })
    expect(rows[1]).toMatchObject({ state: 'cooling', scope: 'key', lastError: { status: 401 } })
    expect(rows[2]).toMatchObject({ state: 'ok', latencySamples: 2, latencyMs: 240 })
    expect(JSON.stringify(health.snapshot())).not.toContain('sk-secret')
  })

  it('without arguments lists each channel seen so far', () => {
    const { health } = setup()
    health.onFailure(b1, statusError(500))
    expect(health.snapshot().map((row) => row.id)).toEqual([b1.id])
  })
})

describe('createHealth: configure', () => {
  it('uses new cooldown limits after a reload, keeping the cooldowns that run', () => {
    const { clock, health } = setup()
    health.onFailure(b1, statusError(500))
    health.configure({ cooldownBase: 10_000, cooldownMax: 20_000 })
    expect(health.readyAt(b1) - clock.now()).toBe(1000)
    health.onFailure(a1m1, statusError(500))
    expect(health.readyAt(a1m1) - clock.now()).toBe(10_000)
  })
})
