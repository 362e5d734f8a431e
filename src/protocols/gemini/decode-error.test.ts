import { describe, expect, it } from 'vitest'
import { decodeError, parseRetryDelay } from './decode-error.ts'

const headers = new Headers()

describe('decodeError', () => {
  it('F9b: 429 RESOURCE_EXHAUSTED becomes rate_limit with retryDelay in ms', () => {
    const body = JSON.stringify({
      error: {
        code: 429,
        message: 'Quota exceeded for requests per minute.',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '17s' }],
      },
    })
    const error = decodeError(429, body, headers, 'gem')
    expect(error.kind).toBe('rate_limit')
    expect(error.status).toBe(429)
    expect(error.retryAfterMs).toBe(17_000)
    expect(error.message).toBe('Quota exceeded for requests per minute.')
    expect(error.provider).toBe('gem')
    expect(error.decision).toEqual({ failover: true, cooldown: 'channel' })
  })

  it('F9c: 400 API_KEY_INVALID becomes a 401 authentication error that rotates the key', () => {
    const body = JSON.stringify({
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }],
      },
    })
    const error = decodeError(400, body, headers, 'gem')
    expect(error.kind).toBe('authentication')
    expect(error.status).toBe(401)
    expect(error.code).toBe('invalid_api_key')
    expect(error.message).toBe('Upstream API key rejected')
    expect(error.decision.cooldown).toBe('key')
  })

  it('maps the other RPC statuses to kinds and failover decisions', () => {
    const make = (status: number, rpc: string) =>
      decodeError(status, JSON.stringify({ error: { code: status, message: 'm', status: rpc } }), headers, 'gem')
    expect(make(400, 'INVALID_ARGUMENT')).toMatchObject({
      kind: 'invalid_request',
      status: 400,
      decision: { failover: false },
    })
    expect(make(400, 'FAILED_PRECONDITION')).toMatchObject({
      kind: 'permission',
      status: 402,
      code: 'insufficient_quota',
    })
    expect(make(403, 'PERMISSION_DENIED')).toMatchObject({ kind: 'permission', status: 403 })
    expect(make(404, 'NOT_FOUND')).toMatchObject({
      kind: 'not_found',
      code: 'model_not_found',
      decision: { failover: true },
    })
    expect(make(500, 'INTERNAL')).toMatchObject({ kind: 'upstream', status: 500 })
    expect(make(503, 'UNAVAILABLE')).toMatchObject({ kind: 'overloaded', status: 503 })
    expect(make(504, 'DEADLINE_EXCEEDED')).toMatchObject({ kind: 'timeout', status: 504 })
  })

  it('falls back to Retry-After and to the raw text when the body is not JSON', () => {
    const error = decodeError(502, '<html>Bad gateway</html>', new Headers({ 'retry-after': '3' }), 'gem')
    expect(error.kind).toBe('upstream')
    expect(error.message).toBe('<html>Bad gateway</html>')
    expect(error.retryAfterMs).toBe(3000)
  })

  it('reads an error wrapped in an array (non-SSE stream body)', () => {
    const error = decodeError(
      429,
      JSON.stringify([{ error: { code: 429, message: 'slow', status: 'RESOURCE_EXHAUSTED' } }]),
      headers,
      'gem',
    )
    expect(error.kind).toBe('rate_limit')
    expect(error.message).toBe('slow')
  })
})

describe('parseRetryDelay', () => {
  it('parses protobuf durations', () => {
    expect(parseRetryDelay('17s')).toBe(17_000)
    expect(parseRetryDelay('0.25s')).toBe(250)
    expect(parseRetryDelay('soon')).toBeUndefined()
  })
})
