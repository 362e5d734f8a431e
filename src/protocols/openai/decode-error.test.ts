import { describe, expect, it } from 'vitest'
import { decodeError, decodeStreamError } from './decode-error.ts'

const now = Date.parse('2026-01-01T00:00:00Z')

describe('OpenAI upstream errors', () => {
  it('keeps status, message, code and the wait the upstream asked for', () => {
    const error = decodeError(
      429,
      '{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}',
      new Headers({ 'retry-after': '7' }),
      'relay-a',
      now,
    )
    expect(error).toMatchObject({
      kind: 'rate_limit',
      status: 429,
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached',
      provider: 'relay-a',
      retryAfterMs: 7000,
    })
    expect(
      decodeError(429, '{}', new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), 'p', now).retryAfterMs,
    ).toBe(250)
  })

  it('treats an exhausted quota as a key problem, not a rate limit', () => {
    const error = decodeError(
      429,
      '{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}',
      new Headers(),
      'p',
      now,
    )
    expect(error).toMatchObject({ kind: 'permission', decision: { failover: true, cooldown: 'key' } })
  })

  it('copes with bodies that are not OpenAI-shaped', () => {
    expect(decodeError(502, '<html>Bad gateway</html>', new Headers(), 'p', now)).toMatchObject({
      kind: 'upstream',
      message: '<html>Bad gateway</html>',
    })
    expect(decodeError(400, '{"error":"bad model"}', new Headers(), 'p', now)).toMatchObject({
      kind: 'invalid_request',
      message: 'bad model',
      decision: { failover: false },
    })
    expect(decodeError(500, '', new Headers(), 'p', now).message).toBe('HTTP 500')
  })

  it('gives errors inside a stream a status from their code', () => {
    expect(decodeStreamError({ error: { message: 'slow', code: 'rate_limit_exceeded' } })).toMatchObject({
      kind: 'rate_limit',
      status: 429,
    })
    expect(decodeStreamError({ error: { message: 'boom', type: 'server_error' } })).toMatchObject({
      kind: 'upstream',
      status: 500,
    })
  })
})
