import { describe, expect, it } from 'vitest'
import type { RequestRecord } from '../store/request-record.ts'
import { formatAccessLine } from './format-access-line.ts'

const base: RequestRecord = {
  id: '0193c0de-0000-7000-8000-000000000001',
  time: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  client: 'alice',
  inbound: 'anthropic',
  requestedModel: 'claude-sonnet-4',
  mappedModel: 'claude-sonnet-4',
  provider: 'relay',
  upstreamModel: 'claude-sonnet-4-20250514',
  stream: true,
  status: 200,
  success: true,
  durationMs: 812.4,
  ttftMs: 301.5,
  promptTokens: 120,
  completionTokens: 48,
  attempts: [
    { provider: 'other', keyLabel: 'other#1', upstreamModel: 'x', status: 500, durationMs: 3 },
    { provider: 'relay', keyLabel: 'relay#1', upstreamModel: 'claude-sonnet-4-20250514', status: 200, durationMs: 800 },
  ],
}

describe('formatAccessLine', () => {
  it('writes every field of an answered request in a fixed order', () => {
    expect(formatAccessLine(base)).toBe(
      '2026-01-02T03:04:05.678Z 0193c0de-0000-7000-8000-000000000001 alice anthropic claude-sonnet-4 -> relay/claude-sonnet-4-20250514 200 success 812.4ms ttft=301.5ms tokens=120/48 attempts=2',
    )
  })

  it('writes - for what a refused request does not have, and its kind when it is not a model call', () => {
    const { provider: _p, upstreamModel: _u, ttftMs: _t, promptTokens: _i, completionTokens: _o, ...rest } = base
    const line = formatAccessLine({ ...rest, status: 404, success: false, attempts: [], kind: 'count_tokens' })
    expect(line).toMatch(/ claude-sonnet-4 -> - 404 error 812\.4ms ttft=- tokens=-\/- attempts=0 kind=count_tokens$/)
  })

  it('keeps a client-chosen model name to one short word', () => {
    const line = formatAccessLine({ ...base, requestedModel: `a "b" ${'x'.repeat(500)}` })
    expect(line).toContain(' "a \\"b\\" xxx')
    expect(line.length).toBeLessThan(400)
    expect(formatAccessLine({ ...base, requestedModel: '' })).toContain(' anthropic "" -> ')
  })

  it('names how a failed request ended', () => {
    expect(formatAccessLine({ ...base, success: false, status: 499 })).toContain(' 499 client_gone ')
    expect(formatAccessLine({ ...base, success: false, status: 200 })).toContain(' 200 stream_error ')
  })
})
