import { describe, expect, it } from 'vitest'
import type { RequestRecord } from './request-record.ts'
import { rollupRecords } from './rollup.ts'

const record = (overrides: Partial<RequestRecord>): RequestRecord => ({
  id: String(Math.random()),
  time: 120_000,
  client: 'default',
  inbound: 'anthropic',
  requestedModel: 'm',
  mappedModel: 'm',
  provider: 'p',
  stream: false,
  status: 200,
  success: true,
  durationMs: 5,
  attempts: [],
  ...overrides,
})

describe('rollupRecords', () => {
  it('counts model calls and embeddings, and leaves count_tokens calls out of every figure', () => {
    const deltas = rollupRecords([
      record({ stream: true, ttftMs: 40, promptTokens: 10, completionTokens: 5 }),
      record({ kind: 'embeddings', promptTokens: 7 }),
      record({ kind: 'count_tokens', promptTokens: 1000, success: false }),
    ])
    expect(deltas).toEqual([
      {
        minute: 120_000,
        model: 'm',
        provider: 'p',
        requests: 2,
        successes: 2,
        ttftSum: 40,
        ttftCount: 1,
        promptTokens: 17,
        completionTokens: 5,
      },
    ])
  })
})
