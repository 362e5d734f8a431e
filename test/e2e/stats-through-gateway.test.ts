import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRecorder, openStore, type Recorder, type Store } from '../../src/store/index.ts'
import { postJson } from '../helpers/call-matrix.ts'
import { jsonFixture, sseFixture } from '../helpers/fixtures.ts'
import { startGateway, type TestGateway } from '../helpers/gateway.ts'
import { startMockUpstream, type MockUpstream } from '../helpers/mock-upstream.ts'
import {
  mysqlAvailable,
  postgresAvailable,
  scratchMysql,
  scratchPostgres,
  skipReason,
  type ScratchDatabase,
} from '../store/databases.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

const postgresSkip = skipReason(await postgresAvailable(), 'stats through the gateway on PostgreSQL')
const mysqlSkip = skipReason(await mysqlAvailable(), 'stats through the gateway on MariaDB')

const databases: Array<{ name: string; skip: string | undefined; scratch: () => Promise<ScratchDatabase> }> = [
  {
    name: 'sql.js',
    skip: undefined,
    scratch: async () => ({
      url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'pinai-stats-')), 'pinai.db')}`,
      drop: async () => undefined,
    }),
  },
  { name: 'PostgreSQL', skip: postgresSkip, scratch: async () => scratchPostgres() },
  { name: 'MariaDB', skip: mysqlSkip, scratch: () => scratchMysql() },
]

let broken: MockUpstream
let healthy: MockUpstream

beforeAll(async () => {
  broken = await startMockUpstream(() => ({
    status: 500,
    json: { error: { message: 'relay exploded', type: 'server_error' } },
  }))
  healthy = await startMockUpstream((request) =>
    (request.body as { stream?: boolean }).stream
      ? { sse: sseFixture('passthrough/openai-stream.sse'), delayMs: 5 }
      : { json: jsonFixture('passthrough/openai-chat.json') },
  )
})

afterAll(async () => {
  await broken.close()
  await healthy.close()
})

const admin = { authorization: 'Bearer admin-token' }

describe.each(databases)('after traffic through pinai, the admin API on $name', ({ skip, scratch }) => {
  let database: ScratchDatabase
  let store: Store
  let recorder: Recorder
  let target: TestGateway

  beforeAll(async () => {
    if (skip) return
    database = await scratch()
    store = await openStore(database.url)
    recorder = createRecorder(store, {
      flushIntervalMs: 50,
      pruneIntervalMs: 0,
      closeStore: false,
      logger: quietLogger,
    })
    target = await startGateway(
      {
        auth: { tokens: ['client-token'], adminToken: 'admin-token' },
        routing: { keepAliveInterval: 0 },
        providers: [
          {
            name: 'flaky',
            protocol: 'openai',
            baseUrl: `${broken.url}/v1`,
            keys: ['k1'],
            priority: 0,
            models: ['gpt-4o'],
          },
          {
            name: 'solid',
            protocol: 'openai',
            baseUrl: `${healthy.url}/v1`,
            keys: ['k2'],
            priority: 1,
            models: ['gpt-4o'],
          },
        ],
      },
      { stats: { store, recorder } },
    )
  })

  afterAll(async () => {
    if (skip) return
    await target.close()
    await recorder.close()
    await store.close()
    await database.drop()
  })

  it.skipIf(skip)('reports totals, success rate, TTFT, tokens, top five and every failover chain', async () => {
    const client = { authorization: 'Bearer client-token' }
    const ask = (stream: boolean) =>
      postJson({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: 'Hi' }] }, client)
    for (const stream of [false, false, false, false, true, true]) {
      const response = await fetch(`${target.url}/openai/v1/chat/completions`, ask(stream))
      expect(response.status).toBe(200)
      await response.text()
    }
    expect(
      (await fetch(`${target.url}/openai/v1/chat/completions`, postJson({ model: 'nope', messages: [] }, client)))
        .status,
    ).toBe(404)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await recorder.flush()

    const overview = (await (
      await fetch(`${target.url}/api/stats/overview?range=24h`, { headers: admin })
    ).json()) as Record<string, number>
    expect(overview.requests).toBe(7)
    expect(overview.successes).toBe(6)
    expect(overview.successRate).toBeCloseTo(6 / 7, 3)
    // Fixture usage: non-stream 19 + 10, stream 19 + 8.
    expect(overview.promptTokens).toBe(6 * 19)
    expect(overview.completionTokens).toBe(4 * 10 + 2 * 8)
    expect(overview.avgTtftMs).toBeGreaterThan(0)

    const top = (await (await fetch(`${target.url}/api/stats/top?range=24h`, { headers: admin })).json()) as Record<
      string,
      Array<{ name: string; requests: number; tokens: number }>
    >
    expect(top.modelsByCalls?.map((entry) => [entry.name, entry.requests])).toEqual([
      ['gpt-4o', 6],
      ['nope', 1],
    ])
    expect(top.providersByCalls?.[0]).toMatchObject({ name: 'solid', requests: 6 })
    expect(top.providersByTokens?.[0]).toMatchObject({ name: 'solid', tokens: 6 * 19 + 56 })

    const series = (await (await fetch(`${target.url}/api/stats/series?range=24h`, { headers: admin })).json()) as {
      points: Array<{ requests: number; errors: number }>
    }
    expect(series.points.reduce((sum, point) => sum + point.requests, 0)).toBe(7)
    expect(series.points.reduce((sum, point) => sum + point.errors, 0)).toBe(1)

    const logs = (await (await fetch(`${target.url}/api/logs?limit=50`, { headers: admin })).json()) as {
      items: Array<{ id: string; attemptCount: number; success: boolean }>
    }
    expect(logs.items).toHaveLength(7)
    const failedOver = logs.items.find((item) => item.attemptCount === 2)
    expect(failedOver).toBeDefined()
    const detail = (await (await fetch(`${target.url}/api/logs/${failedOver!.id}`, { headers: admin })).json()) as {
      attempts: Array<{ provider: string; status: number; keyLabel: string }>
    }
    expect(detail.attempts.map((attempt) => [attempt.provider, attempt.status])).toEqual([
      ['flaky', 500],
      ['solid', 200],
    ])
    expect(JSON.stringify(detail)).not.toMatch(/"k1"|"k2"/)
  })
})
