import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorKind } from '../../src/ir/errors.ts'
import type { HealthScope } from '../../src/routing/index.ts'
import { eventually, startGateway } from '../helpers/gateway.ts'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { ask, poolConfig, type Inbound, type PoolEntry } from './clients.ts'
import { answerOf, refusedUrl, requestsFor, startScriptedUpstream } from './scripted-upstream.ts'

let upstream: MockUpstream
let refused: string

beforeAll(async () => {
  upstream = await startScriptedUpstream()
  refused = await refusedUrl()
})

afterAll(async () => {
  await upstream.close()
})

interface FailureCase {
  label: string
  /** The failing channel's upstream model (its script). */
  id: string
  /** Where the failing channel lives: the scripted upstream, or a port where nothing listens. */
  at: 'scripted' | 'refused'
  /** The attempt's status: the upstream's, 0 when none came; a broken body is the gateway's own 502. */
  status: number | number[]
  errorClass: ErrorKind | ErrorKind[]
  scope: HealthScope
}

const failures: FailureCase[] = [
  { label: '500', id: 'fail-500', at: 'scripted', status: 500, errorClass: 'upstream', scope: 'channel' },
  { label: '529 overloaded', id: 'fail-529', at: 'scripted', status: 529, errorClass: 'overloaded', scope: 'channel' },
  {
    label: '429 with Retry-After',
    id: 'fail-429',
    at: 'scripted',
    status: 429,
    errorClass: 'rate_limit',
    scope: 'channel',
  },
  { label: '401 (its key)', id: 'fail-401', at: 'scripted', status: 401, errorClass: 'authentication', scope: 'key' },
  { label: '404 (the model)', id: 'fail-404', at: 'scripted', status: 404, errorClass: 'not_found', scope: 'channel' },
  { label: 'a hang', id: 'hang', at: 'scripted', status: 0, errorClass: 'timeout', scope: 'channel' },
  { label: 'a slow first byte', id: 'slow-first', at: 'scripted', status: 0, errorClass: 'timeout', scope: 'channel' },
  {
    label: 'a drop before any content',
    id: 'drop-early',
    at: 'scripted',
    status: [0, 502],
    errorClass: ['network', 'upstream'],
    scope: 'channel',
  },
  { label: 'connection refused', id: 'ok@refused', at: 'refused', status: 0, errorClass: 'network', scope: 'provider' },
]

/** A pool: the failing channel first (priority 0), a healthy one behind it (priority 1). */
function pool(inbound: Inbound, failure: FailureCase, healthy: Inbound = inbound): PoolEntry[] {
  return [
    {
      name: 'bad',
      protocol: inbound,
      origin: failure.at === 'refused' ? refused : upstream.url,
      id: failure.id,
      keys: ['sk-bad-upstream-key'],
    },
    { name: 'good', protocol: healthy, origin: upstream.url, id: `ok@good-${healthy}`, priority: 1 },
  ]
}

describe.each<Inbound>(['openai', 'anthropic'])('%s client', (inbound) => {
  describe.each([
    ['non-stream', false],
    ['stream', true],
  ])('%s', (_mode, stream) => {
    it.each(failures)(
      '$label on the first channel: answered by the healthy one, failover invisible',
      async (failure) => {
        const target = await startGateway(poolConfig(pool(inbound, failure)))
        try {
          const before = Date.now()
          expect(await ask(inbound, target.url, stream)).toBe(answerOf(`ok@good-${inbound}`))
          await eventually(() => target.records.length === 1)
          const record = target.records[0]
          expect(record).toMatchObject({ status: 200, success: true, provider: 'good', stream })
          const [first, second] = record?.attempts ?? []
          expect(record?.attempts).toHaveLength(2)
          expect(first).toMatchObject({ provider: 'bad', keyLabel: 'bad#1', upstreamModel: failure.id })
          expect([failure.status].flat()).toContain(first?.status)
          expect([failure.errorClass].flat()).toContain(first?.errorClass)
          expect(second).toMatchObject({ provider: 'good', status: 200 })
          expect(JSON.stringify(record)).not.toContain('sk-bad-upstream-key')

          const row = target.gateway.health.snapshot().find((item) => item.provider === 'bad')
          expect(row).toMatchObject({ state: 'cooling', scope: failure.scope, lastError: { kind: first?.errorClass } })
          if (failure.id === 'fail-429') expect(row?.until).toBeGreaterThanOrEqual(before + 30_000)
          else expect(row?.until).toBeLessThanOrEqual(Date.now() + 5000)

          // The cooled channel is skipped by the next request.
          const seen = requestsFor(upstream, failure.id)
          expect(await ask(inbound, target.url, stream)).toBe(answerOf(`ok@good-${inbound}`))
          await eventually(() => target.records.length === 2)
          expect(target.records[1]?.attempts.map((attempt) => attempt.provider)).toEqual(['good'])
          expect(requestsFor(upstream, failure.id)).toBe(seen)
        } finally {
          await target.close()
        }
      },
    )
  })
})

describe.each<[Inbound, Inbound]>([
  ['openai', 'anthropic'],
  ['anthropic', 'openai'],
])('%s client failing over to an upstream that speaks %s', (inbound, healthy) => {
  it.each([
    ['non-stream', false],
    ['stream', true],
  ])('%s: translated answer after a 500', async (_mode, stream) => {
    const failure = failures[0] as FailureCase
    const target = await startGateway(poolConfig(pool(inbound, failure, healthy)))
    try {
      expect(await ask(inbound, target.url, stream)).toBe(answerOf(`ok@good-${healthy}`))
      await eventually(() => target.records.length === 1)
      expect(target.records[0]?.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
        ['bad', 500],
        ['good', 200],
      ])
    } finally {
      await target.close()
    }
  })
})

describe('a pool where most channels fail in different ways', () => {
  it.each<Inbound>(['openai', 'anthropic'])(
    '%s stream: still answered while one healthy channel exists',
    async (inbound) => {
      const target = await startGateway(
        poolConfig([
          { name: 'b500', protocol: inbound, origin: upstream.url, id: 'fail-500@many' },
          { name: 'bhang', protocol: inbound, origin: upstream.url, id: 'hang@many', priority: 1 },
          { name: 'bgone', protocol: inbound, origin: refused, id: 'ok@gone', priority: 2 },
          { name: 'good', protocol: inbound, origin: upstream.url, id: 'ok@last', priority: 3 },
        ]),
      )
      try {
        expect(await ask(inbound, target.url, true)).toBe(answerOf('ok@last'))
        await eventually(() => target.records.length === 1)
        expect(
          target.records[0]?.attempts.map((attempt) => `${attempt.provider}:${attempt.errorClass ?? attempt.status}`),
        ).toEqual(['b500:upstream', 'bhang:timeout', 'bgone:network', 'good:200'])
      } finally {
        await target.close()
      }
    },
  )
})
