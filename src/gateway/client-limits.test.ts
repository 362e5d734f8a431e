import { describe, expect, it } from 'vitest'
import type { RequestRecord } from '../store/request-record.ts'
import { ClientLimiter, clientRateLimited, estimateBodyTokens } from './client-limits.ts'

function limiterAt(start: number) {
  const clock = { now: start }
  const limiter = new ClientLimiter({ now: () => clock.now })
  return { clock, limiter }
}

const record = (id: string, promptTokens?: number, completionTokens?: number): RequestRecord => ({
  id,
  time: 0,
  client: 'a',
  inbound: 'openai',
  requestedModel: 'm',
  mappedModel: 'm',
  stream: false,
  status: 200,
  success: true,
  durationMs: 1,
  attempts: [],
  ...(promptTokens !== undefined ? { promptTokens } : {}),
  ...(completionTokens !== undefined ? { completionTokens } : {}),
})

describe('ClientLimiter', () => {
  it('admits rpm requests in a minute, refuses the next until the oldest second leaves the window', () => {
    const { clock, limiter } = limiterAt(100_000)
    expect(limiter.admit('a', { rpm: 3 }, 1, 'r1')).toBeUndefined()
    clock.now = 110_500
    expect(limiter.admit('a', { rpm: 3 }, 1, 'r2')).toBeUndefined()
    expect(limiter.admit('a', { rpm: 3 }, 1, 'r3')).toBeUndefined()
    clock.now = 120_250
    // The first request, in second 100, leaves the window when second 160 begins.
    expect(limiter.admit('a', { rpm: 3 }, 1, 'r4')).toBe(160_000 - 120_250)
    expect(limiter.usage('a').requests).toBe(3)
    clock.now = 159_999
    expect(limiter.admit('a', { rpm: 3 }, 1, 'r5')).toBe(1)
    clock.now = 160_000
    expect(limiter.admit('a', { rpm: 3 }, 1, 'r6')).toBeUndefined()
    // Now seconds 110 (two requests) and 160 are in the window: the next frees when 110 leaves.
    expect(limiter.admit('a', { rpm: 3 }, 1, 'r7')).toBe(170_000 - 160_000)
  })

  it('keeps each client its own window, and clients without limits are never counted', () => {
    const { limiter } = limiterAt(5_000)
    expect(limiter.admit('a', { rpm: 1 }, 1, 'r1')).toBeUndefined()
    expect(limiter.admit('a', { rpm: 1 }, 1, 'r2')).toBeGreaterThan(0)
    expect(limiter.admit('b', { rpm: 1 }, 1, 'r3')).toBeUndefined()
    for (let index = 0; index < 5; index++) expect(limiter.admit('c', undefined, 1, `c${index}`)).toBeUndefined()
    expect(limiter.usage('c')).toEqual({ requests: 0, tokens: 0 })
  })

  it('forgets a window entirely after a minute of silence, whatever slots the ring reuses', () => {
    const { clock, limiter } = limiterAt(0)
    for (let second = 0; second < 60; second++) {
      clock.now = second * 1000
      expect(limiter.admit('a', { rpm: 60 }, 1, `r${second}`)).toBeUndefined()
    }
    expect(limiter.admit('a', { rpm: 60 }, 1, 'full')).toBe(1000)
    clock.now = 3_600_000 + 59_000
    expect(limiter.usage('a')).toEqual({ requests: 0, tokens: 0 })
    expect(limiter.admit('a', { rpm: 1 }, 1, 'later')).toBeUndefined()
  })

  it('refuses on tpm once the window holds the budget, and corrects estimates with the recorded usage', () => {
    const { clock, limiter } = limiterAt(0)
    expect(limiter.admit('a', { tpm: 1000 }, 900, 'r1')).toBeUndefined()
    clock.now = 2_000
    expect(limiter.admit('a', { tpm: 1000 }, 200, 'r2')).toBeUndefined()
    expect(limiter.usage('a').tokens).toBe(1100)
    expect(limiter.admit('a', { tpm: 1000 }, 1, 'r3')).toBe(60_000 - 2_000)
    // r1's prompt was smaller than estimated: 300 in, 100 out.
    limiter.observe(record('r1', 300, 100))
    expect(limiter.usage('a').tokens).toBe(600)
    expect(limiter.admit('a', { tpm: 1000 }, 100, 'r4')).toBeUndefined()
    // A record seen twice, or never admitted, changes nothing.
    limiter.observe(record('r1', 1, 1))
    limiter.observe(record('unknown', 5000, 5000))
    expect(limiter.usage('a').tokens).toBe(700)
    // A record without usage keeps its estimate.
    limiter.observe(record('r2'))
    expect(limiter.usage('a').tokens).toBe(700)
    // Real usage larger than the estimate pushes the window over the budget.
    limiter.observe(record('r4', 600, 400))
    expect(limiter.usage('a').tokens).toBe(1600)
    // Second 0 leaving leaves 1200 tokens: the window frees only when second 2 leaves.
    expect(limiter.admit('a', { tpm: 1000 }, 1, 'r5')).toBe(62_000 - 2_000)
  })

  it('ignores a correction whose bucket has left the window', () => {
    const { clock, limiter } = limiterAt(0)
    limiter.admit('a', { tpm: 10 }, 5, 'r1')
    clock.now = 61_000
    limiter.observe(record('r1', 500, 500))
    expect(limiter.usage('a').tokens).toBe(0)
  })

  it('holds at most pendingLimit estimates waiting for a record', () => {
    const clock = { now: 0 }
    const limiter = new ClientLimiter({ now: () => clock.now, pendingLimit: 2 })
    for (const id of ['r1', 'r2', 'r3']) limiter.admit('a', { tpm: 1_000_000 }, 10, id)
    // r1 was dropped from the waiting list: its record no longer corrects anything.
    limiter.observe(record('r1', 0, 0))
    expect(limiter.usage('a').tokens).toBe(30)
    limiter.observe(record('r3', 0, 0))
    expect(limiter.usage('a').tokens).toBe(20)
  })
})

describe('estimateBodyTokens and clientRateLimited', () => {
  it('counts a quarter of the characters, rounded up', () => {
    expect(estimateBodyTokens('')).toBe(0)
    expect(estimateBodyTokens('12345')).toBe(2)
  })

  it('is a 429 rate limit that never fails over', () => {
    const error = clientRateLimited('alice', 1500)
    expect(error).toMatchObject({
      kind: 'rate_limit',
      status: 429,
      code: 'client_rate_limited',
      retryAfterMs: 1500,
      decision: { failover: false, cooldown: 'none' },
    })
  })
})
