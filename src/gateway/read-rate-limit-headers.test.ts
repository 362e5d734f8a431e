import { describe, expect, it } from 'vitest'
import { readRateLimitHeaders } from './read-rate-limit-headers.ts'

const now = Date.UTC(2026, 0, 1, 12, 0, 0, 0)

describe('readRateLimitHeaders', () => {
  it("reads OpenAI's durations for a spent budget", () => {
    expect(
      readRateLimitHeaders({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' }, 200, now),
    ).toBe(1000)
    expect(
      readRateLimitHeaders({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '6m0s' }, 200, now),
    ).toBe(360_000)
    expect(
      readRateLimitHeaders({ 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '20ms' }, 200, now),
    ).toBe(20)
    expect(
      readRateLimitHeaders({ 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': '1h2m3.5s' }, 200, now),
    ).toBe(3_723_500)
    // Plain seconds, and a Unix time in seconds (some relays send these).
    expect(
      readRateLimitHeaders({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '7' }, 200, now),
    ).toBe(7000)
    expect(
      readRateLimitHeaders(
        { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': String(now / 1000 + 30) },
        200,
        now,
      ),
    ).toBe(30_000)
  })

  it('takes the longest wait of the spent budgets, and ignores the ones left', () => {
    const headers = {
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '2s',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '5s',
    }
    expect(readRateLimitHeaders(headers, 200, now)).toBe(5000)
    expect(
      readRateLimitHeaders({ 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': '2s' }, 200, now),
    ).toBeUndefined()
  })

  it("reads Anthropic's RFC 3339 resets", () => {
    const reset = new Date(now + 90_000).toISOString()
    expect(
      readRateLimitHeaders(
        { 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': reset },
        200,
        now,
      ),
    ).toBe(90_000)
    expect(
      readRateLimitHeaders(
        { 'anthropic-ratelimit-output-tokens-remaining': '0', 'anthropic-ratelimit-output-tokens-reset': reset },
        200,
        now,
      ),
    ).toBe(90_000)
    expect(
      readRateLimitHeaders(
        { 'anthropic-ratelimit-tokens-remaining': '10', 'anthropic-ratelimit-tokens-reset': reset },
        200,
        now,
      ),
    ).toBeUndefined()
    // A reset in the past asks for nothing.
    expect(
      readRateLimitHeaders(
        {
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': new Date(now - 1000).toISOString(),
        },
        200,
        now,
      ),
    ).toBeUndefined()
  })

  it("honours Retry-After on a 429 only (a 503's is the channel's cooldown)", () => {
    expect(readRateLimitHeaders({ 'retry-after': '30' }, 429, now)).toBe(30_000)
    expect(readRateLimitHeaders({ 'retry-after-ms': '1500' }, 429, now)).toBe(1500)
    expect(readRateLimitHeaders({ 'retry-after': new Date(now + 10_000).toUTCString() }, 429, now)).toBe(10_000)
    expect(readRateLimitHeaders({ 'retry-after': '30' }, 503, now)).toBeUndefined()
    expect(readRateLimitHeaders({ 'retry-after': '30' }, 200, now)).toBeUndefined()
  })

  it('ignores what it cannot read', () => {
    for (const reset of ['soon', '', '-5', '1d', '5 s', 'x'.repeat(100), '1s2']) {
      expect(
        readRateLimitHeaders({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': reset }, 200, now),
      ).toBeUndefined()
    }
    expect(
      readRateLimitHeaders({ 'x-ratelimit-remaining-requests': 'none', 'x-ratelimit-reset-requests': '5s' }, 200, now),
    ).toBeUndefined()
    expect(readRateLimitHeaders({ 'x-ratelimit-remaining-requests': '0' }, 200, now)).toBeUndefined()
    expect(
      readRateLimitHeaders(
        { 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': 'tomorrow' },
        200,
        now,
      ),
    ).toBeUndefined()
    expect(readRateLimitHeaders({}, 429, now)).toBeUndefined()
  })
})
