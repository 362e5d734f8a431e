import { describe, expect, it } from 'vitest'
import { GatewayError } from '../ir/errors.ts'
import { getLog, listLogs, statsLive, statsOverview, statsSeries, statsTop } from './admin-stats.ts'
import { createMemoryStore } from './drivers/memory.ts'
import { createRecorder } from './recorder.ts'

const NOW = Date.UTC(2025, 0, 15, 12, 0, 30)

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`)
  return error
}

describe('admin API parameters', () => {
  const store = createMemoryStore()

  it.each([
    ['range=1y', 'range'],
    ['range=', 'range'],
  ])('stats refuse %s with a 400 naming the parameter', async (query, name) => {
    for (const call of [statsOverview, statsSeries, statsTop]) {
      const error = await rejection(call(store, new URLSearchParams(query), NOW))
      expect(error).toMatchObject({ kind: 'invalid_request', status: 400 })
      expect(error.message.startsWith(`${name}:`)).toBe(true)
    }
  })

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=2.5', 'limit'],
    ['from=yesterday', 'from'],
    ['to=2025-13-45', 'to'],
    ['success=maybe', 'success'],
    ['stream=yes', 'stream'],
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from('["x","y"]').toString('base64url')}`, 'cursor'],
  ])('logs refuse %s with a 400 naming the parameter', async (query, name) => {
    const error = await rejection(listLogs(store, new URLSearchParams(query)))
    expect(error).toMatchObject({ kind: 'invalid_request', status: 400 })
    expect(error.message.startsWith(`${name}:`)).toBe(true)
  })

  it('accepts times as epoch milliseconds or ISO dates, and flags as true/false/1/0', async () => {
    const time = Date.UTC(2025, 0, 15, 11, 0, 0)
    const base = {
      client: 'c',
      inbound: 'openai',
      requestedModel: 'm',
      mappedModel: 'm',
      status: 200,
      durationMs: 1,
      attempts: [],
    }
    await store.insert([
      { ...base, id: 'a', time, stream: true, success: true },
      { ...base, id: 'b', time: time + 1000, stream: false, success: false },
    ])
    const ids = async (query: string) => (await listLogs(store, new URLSearchParams(query))).items.map((row) => row.id)
    expect(await ids(`from=${time + 1}`)).toEqual(['b'])
    expect(await ids('from=2025-01-15T11:00:00Z&to=2025-01-15T11:00:01Z')).toEqual(['a'])
    expect(await ids('stream=1')).toEqual(['a'])
    expect(await ids('success=false')).toEqual(['b'])
    expect(await ids('success=0&stream=0')).toEqual(['b'])
    expect(await ids('limit=1')).toEqual(['b'])
    expect((await listLogs(store, new URLSearchParams('limit=2'))).nextCursor).toBeNull()
    expect((await listLogs(store, new URLSearchParams('limit=1'))).nextCursor).toEqual(expect.any(String))
  })

  it('defaults to 24 h windows that end with the current minute', async () => {
    const overview = await statsOverview(store, new URLSearchParams(), NOW)
    expect(overview).toMatchObject({
      range: '24h',
      to: Date.UTC(2025, 0, 15, 12, 1, 0),
      from: Date.UTC(2025, 0, 14, 12, 1, 0),
    })
    expect((await statsSeries(store, new URLSearchParams('range=7d'), NOW)).points.length).toBe(7 * 24 + 1)
    expect((await statsSeries(store, new URLSearchParams('range=30d'), NOW)).points.length).toBe(30 * 4 + 1)
  })

  it('answers empty windows with zeros and nulls, not NaN', async () => {
    const empty = createMemoryStore()
    expect(await statsOverview(empty, new URLSearchParams('range=7d'), NOW)).toMatchObject({
      requests: 0,
      successes: 0,
      errors: 0,
      successRate: null,
      avgTtftMs: null,
      promptTokens: 0,
      completionTokens: 0,
    })
    expect(await statsTop(empty, new URLSearchParams(), NOW)).toMatchObject({
      modelsByCalls: [],
      providersByCalls: [],
      modelsByTokens: [],
      providersByTokens: [],
    })
  })

  it('gives a 404 for an unknown log id and the record for a known one', async () => {
    await expect(getLog(store, 'nope')).rejects.toMatchObject({ kind: 'not_found', status: 404 })
    expect((await getLog(store, 'a')).id).toBe('a')
  })

  it('reports the live figures of the recorder', async () => {
    const recorder = createRecorder(createMemoryStore(), { now: () => NOW, pruneIntervalMs: 0 })
    const end = recorder.begin()
    expect(statsLive(recorder)).toMatchObject({ qps: 0, rpm: 0, inFlight: 1 })
    end()
    await recorder.close()
  })
})
