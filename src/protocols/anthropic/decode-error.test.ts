import { describe, expect, it } from 'vitest'
import { decodeError, decodeStreamError } from './decode-error.ts'

const now = Date.parse('2026-01-01T00:00:00Z')

describe('Anthropic upstream errors', () => {
  it('keeps the error type as code and honours retry-after', () => {
    const body =
      '{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"req_1"}'
    expect(decodeError(429, body, new Headers({ 'retry-after': '30' }), 'claude', now)).toMatchObject({
      kind: 'rate_limit',
      code: 'rate_limit_error',
      retryAfterMs: 30_000,
      provider: 'claude',
    })
  })

  it('treats an enforced spend limit as a key problem', () => {
    const body =
      '{"type":"error","error":{"type":"rate_limit_error","message":"spend limit","details":{"error_code":"enforced_spend_limit_reached"}}}'
    expect(decodeError(429, body, new Headers(), 'claude', now)).toMatchObject({
      kind: 'permission',
      decision: { cooldown: 'key' },
    })
  })

  it('maps stream error types to statuses', () => {
    expect(decodeStreamError({ type: 'error', error: { type: 'api_error', message: 'x' } })).toMatchObject({
      kind: 'upstream',
      status: 500,
    })
    expect(decodeStreamError({ type: 'error', error: { type: 'rate_limit_error', message: 'x' } })).toMatchObject({
      kind: 'rate_limit',
      status: 429,
    })
  })
})
