import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getLog, listLogs, statsOverview, statsSeries, statsTop } from '../../src/store/admin-stats.ts'
import type { RequestRecord } from '../../src/store/request-record.ts'
import type { AggregateRow, LogQuery, LogSummary, Store } from '../../src/store/store.ts'
import { generateRecords, makeRecord } from './records.ts'
import { NOW, STATS_RECORDS } from './stats-data-set.ts'

/** A store under test: a fresh, empty one per test. */
export interface StoreHarness {
  /** Opens an empty store. */
  open(): Promise<OpenedStore>
}

/** One opened store; `reopen` closes it and opens the same database again. */
export interface OpenedStore {
  store: Store
  reopen(): Promise<Store>
  cleanup(): Promise<void>
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE

function summaryOf(record: RequestRecord): LogSummary {
  const { attempts, errorTrace: _trace, ...rest } = record
  return { ...rest, attemptCount: attempts.length }
}

async function allLogs(
  store: Store,
  query: Omit<LogQuery, 'limit' | 'after'> = {},
  pageSize = 97,
): Promise<LogSummary[]> {
  const rows: LogSummary[] = []
  for (;;) {
    const last = rows.at(-1)
    const page = await store.listLogs({
      ...query,
      limit: pageSize,
      ...(last ? { after: { time: last.time, id: last.id } } : {}),
    })
    rows.push(...page)
    if (page.length < pageSize) return rows
  }
}

function newestFirst(records: readonly RequestRecord[]): RequestRecord[] {
  return [...records].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1))
}

function sumRows(records: readonly LogSummary[]): Omit<AggregateRow, 'bucket' | 'key'> {
  const sum = { requests: 0, successes: 0, ttftSum: 0, ttftCount: 0, promptTokens: 0, completionTokens: 0 }
  for (const record of records) {
    sum.requests += 1
    if (record.success) sum.successes += 1
    if (record.stream && record.ttftMs !== undefined) {
      sum.ttftSum += record.ttftMs
      sum.ttftCount += 1
    }
    sum.promptTokens += record.promptTokens ?? 0
    sum.completionTokens += record.completionTokens ?? 0
  }
  return sum
}

function groupRows(records: readonly LogSummary[], keyOf: (record: LogSummary) => string): Map<string, LogSummary[]> {
  const groups = new Map<string, LogSummary[]>()
  for (const record of records) groups.set(keyOf(record), [...(groups.get(keyOf(record)) ?? []), record])
  return groups
}

/** The behaviour every Store driver must share; each driver's test file calls this once. */
export function describeStoreContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    let opened: OpenedStore
    let store: Store

    beforeEach(async () => {
      opened = await harness.open()
      store = opened.store
    })

    afterEach(async () => {
      await opened.cleanup()
    })

    it('stores a request with its attempts and reads it back unchanged', async () => {
      const full = makeRecord({
        id: 'full-1',
        time: NOW,
        client: 'laptop',
        inbound: 'anthropic',
        requestedModel: 'claude-sonnet-4-20250514',
        mappedModel: 'deepseek-v3',
        provider: 'relay-b',
        upstreamModel: 'Pro/deepseek-ai/DeepSeek-V3',
        stream: true,
        status: 200,
        ttftMs: 321,
        promptTokens: 1234,
        completionTokens: 56,
        cachedTokens: 1000,
        reasoningTokens: 7,
        attempts: [
          {
            provider: 'relay-a',
            keyLabel: 'relay-a#2',
            upstreamModel: 'deepseek-v3',
            status: 429,
            errorClass: 'rate_limit',
            error: 'slow down',
            durationMs: 80,
          },
          {
            provider: 'relay-a',
            keyLabel: 'relay-a#1',
            upstreamModel: 'deepseek-v3',
            status: 0,
            errorClass: 'network',
            error: 'ECONNRESET',
            durationMs: 5,
          },
          {
            provider: 'relay-b',
            keyLabel: 'relay-b#1',
            upstreamModel: 'Pro/deepseek-ai/DeepSeek-V3',
            status: 200,
            durationMs: 900,
          },
        ],
      })
      const bare: RequestRecord = {
        id: 'bare-1',
        time: NOW - 1,
        client: 'anonymous',
        inbound: 'openai',
        requestedModel: 'nope',
        mappedModel: 'nope',
        stream: false,
        status: 404,
        success: false,
        durationMs: 0,
        attempts: [],
      }
      await store.insert([full, bare])
      expect(await store.getLog('full-1')).toEqual(full)
      expect(await store.getLog('bare-1')).toEqual(bare)
      expect(await store.listLogs({ limit: 10 })).toEqual([summaryOf(full), summaryOf(bare)])
    })

    it('keeps text exactly: quotes, placeholders, non-ASCII, long traces, notes', async () => {
      const trace = `Error: 'quoted' "double" ? $1 \\ back\n${'ü漢🙂'.repeat(4000)}`
      const record = makeRecord({
        id: "odd'id?",
        time: NOW,
        requestedModel: 'Qwen/Qwen3 (free) 漢字 ?',
        mappedModel: 'qwen3-🙂',
        error: `it's "broken" ? $2`,
        errorTrace: trace,
        notes: `openai-responses request → openai: openai-responses server tool web_search; "quoted" ? 漢`,
      })
      await store.insert([record])
      expect(await store.getLog("odd'id?")).toEqual(record)
      expect((await store.listLogs({ model: 'qwen3-🙂', limit: 5 })).map((row) => row.id)).toEqual(["odd'id?"])
    })

    it('answers undefined for an unknown id, and the admin API a 404', async () => {
      expect(await store.getLog('missing')).toBeUndefined()
      await expect(getLog(store, 'missing')).rejects.toMatchObject({ kind: 'not_found', status: 404 })
    })

    it('keeps the kind of a request, and leaves count_tokens calls out of every figure', async () => {
      const call = makeRecord({ id: 'kind-call', time: NOW - 1000, promptTokens: 10 })
      const embed = makeRecord({
        id: 'kind-embed',
        time: NOW - 2000,
        kind: 'embeddings',
        promptTokens: 7,
        completionTokens: undefined,
      })
      const count = makeRecord({
        id: 'kind-count',
        time: NOW - 3000,
        kind: 'count_tokens',
        promptTokens: 900,
        completionTokens: undefined,
      })
      await store.insert([call, embed, count])
      expect((await store.getLog('kind-count'))?.kind).toBe('count_tokens')
      expect((await store.getLog('kind-embed'))?.kind).toBe('embeddings')
      expect((await store.getLog('kind-call'))?.kind).toBeUndefined()
      expect((await allLogs(store)).map((row) => row.kind)).toEqual([undefined, 'embeddings', 'count_tokens'])
      const [total] = await store.aggregate({ from: NOW - HOUR, to: NOW + HOUR })
      expect(total?.requests).toBe(2)
      expect(total?.promptTokens).toBe(17)
    })

    it('skips ids it already has, so a retried batch is not counted twice', async () => {
      const records = generateRecords(30, NOW, HOUR, 3)
      await store.insert(records)
      await store.insert([...records.slice(0, 10), ...records.slice(0, 10)])
      const first = records[0] as RequestRecord
      await store.insert([{ ...first, mappedModel: 'changed' }])
      expect((await allLogs(store)).length).toBe(30)
      expect((await store.getLog(first.id))?.mappedModel).toBe(first.mappedModel)
      const [total] = await store.aggregate({ from: NOW - 2 * HOUR, to: NOW + HOUR })
      expect(total?.requests).toBe(30)
    })

    it('stores only the new records of a batch that mixes stored and new ids, each counted once', async () => {
      const records = generateRecords(40, NOW, HOUR, 5)
      await store.insert(records.slice(0, 25))
      await store.insert([...records.slice(20, 40), ...records.slice(0, 5)])
      expect((await allLogs(store)).map((row) => row.id).sort()).toEqual(records.map((record) => record.id).sort())
      const [total] = await store.aggregate({ from: NOW - 2 * HOUR, to: NOW + HOUR })
      expect(total).toEqual({ ...sumRows(records.map(summaryOf)) })
      const withAttempts = records.find((record) => record.attempts.length > 0) as RequestRecord
      expect((await store.getLog(withAttempts.id))?.attempts).toEqual(withAttempts.attempts)
    })

    it('lists newest first with each filter, like a plain filter over the rows', async () => {
      const records = generateRecords(200, NOW, 6 * HOUR, 11)
      await store.insert(records)
      const cases: { query: Omit<LogQuery, 'limit'>; keep: (record: RequestRecord) => boolean }[] = [
        { query: {}, keep: () => true },
        { query: { from: NOW - 2 * HOUR }, keep: (record) => record.time >= NOW - 2 * HOUR },
        { query: { to: NOW - 2 * HOUR }, keep: (record) => record.time < NOW - 2 * HOUR },
        {
          query: { model: 'claude-sonnet' },
          keep: (record) => record.mappedModel === 'claude-sonnet' || record.requestedModel === 'claude-sonnet',
        },
        { query: { model: 'alias-gpt-4o' }, keep: (record) => record.requestedModel === 'alias-gpt-4o' },
        { query: { provider: 'relay-b' }, keep: (record) => record.provider === 'relay-b' },
        { query: { success: false }, keep: (record) => !record.success },
        { query: { stream: true, success: true }, keep: (record) => record.stream && record.success },
        {
          query: { from: NOW - 4 * HOUR, to: NOW - HOUR, provider: 'official', stream: false },
          keep: (record) =>
            record.time >= NOW - 4 * HOUR &&
            record.time < NOW - HOUR &&
            record.provider === 'official' &&
            !record.stream,
        },
      ]
      for (const { query, keep } of cases) {
        const expected = newestFirst(records.filter(keep)).map(summaryOf)
        expect(expected.length, JSON.stringify(query)).toBeGreaterThan(0)
        expect(await store.listLogs({ ...query, limit: 500 }), JSON.stringify(query)).toEqual(expected)
      }
      expect((await store.listLogs({ limit: 7 })).length).toBe(7)
    })

    it('pages through rows that share a timestamp without losing or repeating any', async () => {
      const records = Array.from({ length: 23 }, (_, index) =>
        makeRecord({
          id: `tie-${String.fromCharCode(97 + (index % 26))}${index}`,
          time: NOW - Math.floor(index / 5) * 1000,
        }),
      )
      await store.insert(records)
      const expected = newestFirst(records).map((record) => record.id)
      for (const size of [1, 4, 5, 7]) {
        expect((await allLogs(store, {}, size)).map((row) => row.id)).toEqual(expected)
      }
      const pages: string[] = []
      let cursor: string | null = null
      do {
        const params: URLSearchParams = new URLSearchParams({ limit: '6', ...(cursor ? { cursor } : {}) })
        const page = await listLogs(store, params)
        pages.push(...page.items.map((row) => row.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(pages).toEqual(expected)
    })

    it('computes overview, series and top-N of a known data set as worked out by hand', async () => {
      await store.insert(STATS_RECORDS)
      const day = new URLSearchParams({ range: '24h' })

      expect(await statsOverview(store, day, NOW)).toEqual({
        range: '24h',
        from: NOW - 24 * HOUR + MINUTE,
        to: NOW + MINUTE,
        requests: 6,
        successes: 5,
        errors: 1,
        successRate: 5 / 6,
        avgTtftMs: 400,
        promptTokens: 1350,
        completionTokens: 167,
      })
      expect(await statsOverview(store, new URLSearchParams({ range: '7d' }), NOW)).toMatchObject({
        requests: 7,
        successes: 6,
        errors: 1,
        avgTtftMs: 325,
        promptTokens: 1351,
        completionTokens: 168,
      })
      expect(await statsOverview(store, new URLSearchParams({ range: '30d' }), NOW)).toMatchObject({
        requests: 8,
        successes: 6,
        errors: 2,
        successRate: 0.75,
        avgTtftMs: 325,
        promptTokens: 1351,
        completionTokens: 168,
      })

      const series = await statsSeries(store, day, NOW)
      expect(series.bucketMs).toBe(15 * MINUTE)
      expect(series.points.length).toBe(97)
      expect(series.points[0]).toEqual({
        time: NOW - 24 * HOUR,
        requests: 1,
        errors: 0,
        promptTokens: 40,
        completionTokens: 2,
        avgTtftMs: 600,
      })
      expect(series.points.at(-1)?.time).toBe(NOW)
      const at = (time: number) => series.points.find((point) => point.time === time)
      expect(at(NOW - 30 * MINUTE)).toEqual({
        time: NOW - 30 * MINUTE,
        requests: 1,
        errors: 1,
        promptTokens: 0,
        completionTokens: 0,
        avgTtftMs: null,
      })
      expect(at(NOW - HOUR)).toEqual({
        time: NOW - HOUR,
        requests: 1,
        errors: 0,
        promptTokens: 100,
        completionTokens: 50,
        avgTtftMs: 200,
      })
      expect(at(NOW - 3 * HOUR)?.avgTtftMs).toBeNull()
      expect(series.points.reduce((sum, point) => sum + point.requests, 0)).toBe(6)

      const top = await statsTop(store, day, NOW)
      const brief = (entries: { name: string; requests: number; tokens: number }[]) =>
        entries.map((entry) => [entry.name, entry.requests, entry.tokens])
      expect(brief(top.modelsByCalls)).toEqual([
        ['claude', 3, 1052],
        ['gpt-4o', 3, 465],
      ])
      expect(brief(top.modelsByTokens)).toEqual([
        ['claude', 3, 1052],
        ['gpt-4o', 3, 465],
      ])
      expect(brief(top.providersByCalls)).toEqual([
        ['relay-b', 3, 1310],
        ['relay-a', 2, 165],
        ['relay-c', 1, 42],
      ])
      expect(brief(top.providersByTokens)).toEqual([
        ['relay-b', 3, 1310],
        ['relay-a', 2, 165],
        ['relay-c', 1, 42],
      ])

      const month = await statsTop(store, new URLSearchParams({ range: '30d' }), NOW)
      expect(brief(month.modelsByCalls)).toEqual([
        ['gpt-4o', 4, 467],
        ['claude', 3, 1052],
        ['deepseek', 1, 0],
      ])
      expect(brief(month.modelsByTokens)).toEqual([
        ['claude', 3, 1052],
        ['gpt-4o', 4, 467],
      ])
      // relay-a and relay-b tie on calls (r1, r3, r6 against r2, r4, r5): the name decides; r7 reached no provider.
      expect(brief(month.providersByCalls)).toEqual([
        ['relay-a', 3, 167],
        ['relay-b', 3, 1310],
        ['relay-c', 1, 42],
      ])
    })

    it('keeps rollups that agree with the raw rows, by minute, bucket, model and provider', async () => {
      const records = generateRecords(400, NOW, 3 * 24 * HOUR, 5)
      await store.insert(records.slice(0, 150))
      await store.insert(records.slice(150))
      const from = NOW - 2 * 24 * HOUR
      const to = NOW + MINUTE
      // Rollups are per minute: the raw rows to compare are those whose minute lies in [from, to).
      const raw = await allLogs(store, { from, to })
      expect(raw.length).toBeGreaterThan(200)

      const [total] = await store.aggregate({ from, to })
      expect(total).toEqual(sumRows(raw))

      for (const groupBy of ['model', 'provider'] as const) {
        const rows = await store.aggregate({ from, to, groupBy })
        const expected = groupRows(raw, (record) =>
          groupBy === 'model' ? record.mappedModel : (record.provider ?? ''),
        )
        expect(new Map(rows.map(({ key, ...sums }) => [key, sums]))).toEqual(
          new Map([...expected].map(([key, group]) => [key, sumRows(group)])),
        )
      }

      const bucketMs = HOUR
      const buckets = await store.aggregate({ from, to, bucketMs })
      const expected = groupRows(raw, (record) => String(record.time - (record.time % bucketMs)))
      expect(new Map(buckets.map(({ bucket, ...sums }) => [String(bucket), sums]))).toEqual(
        new Map([...expected].map(([key, group]) => [key, sumRows(group)])),
      )
    })

    it('prunes rows (with their attempts) and rollups past retention', async () => {
      const old = makeRecord({ id: 'old', time: NOW - 31 * 24 * HOUR })
      const recent = makeRecord({ id: 'recent', time: NOW - HOUR })
      await store.insert([old, recent])
      const window = { from: NOW - 40 * 24 * HOUR, to: NOW + MINUTE }

      expect(await store.prune({ before: NOW - 30 * 24 * HOUR })).toEqual({ requests: 1, rollups: 0 })
      expect(await store.getLog('old')).toBeUndefined()
      expect(await store.getLog('recent')).toEqual(recent)
      expect((await store.aggregate(window))[0]?.requests).toBe(2)

      expect(await store.prune({ before: NOW - 30 * 24 * HOUR, rollupsBefore: NOW - 30 * 24 * HOUR })).toEqual({
        requests: 0,
        rollups: 1,
      })
      expect((await store.aggregate(window))[0]?.requests).toBe(1)
      // A request with the pruned one's id is new again, attempts and all.
      await store.insert([old])
      expect((await store.getLog('old'))?.attempts).toEqual(old.attempts)
    })

    it('opens the same database again: migrations are idempotent and the data is still there', async () => {
      await store.insert(STATS_RECORDS)
      store = await opened.reopen()
      expect((await allLogs(store)).length).toBe(STATS_RECORDS.length)
      expect(await store.getLog('r4')).toEqual(STATS_RECORDS.find((record) => record.id === 'r4'))
      expect((await statsOverview(store, new URLSearchParams({ range: '24h' }), NOW)).requests).toBe(6)
    })
  })
}
