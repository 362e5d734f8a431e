import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryStore } from './drivers/memory.ts'
import { createRecorder, type Recorder } from './recorder.ts'
import type { RequestRecord } from './request-record.ts'
import type { Store } from './store.ts'

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0)
const DAY = 86_400_000

function record(index: number, time = NOW): RequestRecord {
  return {
    id: `req-${index}`,
    time,
    client: 'default',
    inbound: 'openai',
    requestedModel: 'gpt-4o',
    mappedModel: 'gpt-4o',
    provider: 'relay-a',
    stream: false,
    status: 200,
    success: true,
    durationMs: 10,
    attempts: [],
  }
}

/** A memory store whose writes fail while `down` is set, and that counts its insert calls. */
function flakyStore(): Store & { down: boolean; batches: number[] } {
  const inner = createMemoryStore()
  const flaky = {
    ...inner,
    down: false,
    batches: [] as number[],
    async insert(records: readonly RequestRecord[]) {
      if (flaky.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432')
      flaky.batches.push(records.length)
      await inner.insert(records)
    },
  }
  return flaky
}

async function countRows(store: Store): Promise<number> {
  return (await store.listLogs({ limit: 100_000 })).length
}

describe('recorder', () => {
  const recorders: Recorder[] = []
  const make = (store: Store, options: Parameters<typeof createRecorder>[1] = {}) => {
    const recorder = createRecorder(store, { pruneIntervalMs: 0, ...options })
    recorders.push(recorder)
    return recorder
  }

  afterEach(async () => {
    vi.useRealTimers()
    for (const recorder of recorders.splice(0)) await recorder.close()
  })

  it('writes in batches off the request path, and flush writes the rest', async () => {
    const store = flakyStore()
    const recorder = make(store, { batchSize: 200, flushIntervalMs: 60_000 })
    for (let index = 0; index < 350; index++) recorder.record(record(index))
    // Nothing is written synchronously: record() only queues.
    expect(store.batches).toEqual([])
    await recorder.flush()
    expect(store.batches).toEqual([200, 150])
    expect(await countRows(store)).toBe(350)
    expect(recorder.status()).toMatchObject({ pending: 0, dropped: 0, storeDown: false, storeSlow: false })
  })

  it('catches up with bigger writes when more than two batches wait', async () => {
    const store = flakyStore()
    const recorder = make(store, { batchSize: 100, flushIntervalMs: 60_000 })
    for (let index = 0; index < 1_250; index++) recorder.record(record(index))
    await recorder.flush()
    expect(store.batches).toEqual([500, 500, 250])
    expect(await countRows(store)).toBe(1_250)
  })

  it('writes on its interval without being asked', async () => {
    const store = flakyStore()
    const recorder = make(store, { flushIntervalMs: 20 })
    recorder.record(record(1))
    await vi.waitFor(() => expect(store.batches).toEqual([1]))
  })

  it('never throws or waits in record(), even for a store that hangs or a malformed record', async () => {
    const hanging: Store = { ...createMemoryStore(), insert: () => new Promise<void>(() => {}) }
    const warnings: string[] = []
    const recorder = make(hanging, {
      batchSize: 1,
      flushIntervalMs: 10,
      closeTimeoutMs: 100,
      logger: { warn: (message) => warnings.push(message) },
    })
    const started = performance.now()
    for (let index = 0; index < 1000; index++) recorder.record(record(index))
    expect(() => recorder.record(null as unknown as RequestRecord)).not.toThrow()
    expect(performance.now() - started).toBeLessThan(500)
    expect(recorder.status().pending).toBe(1000)
    // Shutdown does not hang on it either.
    await recorder.close()
    expect(warnings.at(-1)).toMatch(/1000 request records could not be written before shutdown/)
  })

  it('gives up on a write that never settles and retries it; a late commit is not counted twice', async () => {
    const inner = createMemoryStore()
    let stall = true
    const slow: Store = {
      ...inner,
      async insert(records) {
        if (!stall) return inner.insert(records)
        await new Promise((resolve) => setTimeout(resolve, 300))
        await inner.insert(records)
      },
    }
    const recorder = make(slow, { flushIntervalMs: 20, writeTimeoutMs: 50, logger: { warn: () => {} } })
    recorder.record(record(1))
    await vi.waitFor(() => expect(recorder.status().storeDown).toBe(true))
    stall = false
    await vi.waitFor(() => expect(recorder.status()).toMatchObject({ pending: 0, storeDown: false }), { timeout: 3000 })
    await new Promise((resolve) => setTimeout(resolve, 400))
    const [total] = await inner.aggregate({ from: 0, to: NOW + DAY })
    expect(total?.requests).toBe(1)
  })

  it('keeps a bounded buffer while the store is down, says how many it dropped, and catches up after', async () => {
    const store = flakyStore()
    const warnings: string[] = []
    const recorder = make(store, {
      batchSize: 10,
      bufferLimit: 50,
      flushIntervalMs: 60_000,
      logger: { warn: (message) => warnings.push(message) },
    })
    store.down = true
    for (let index = 0; index < 80; index++) recorder.record(record(index))
    await recorder.flush()
    expect(recorder.status()).toMatchObject({ pending: 50, dropped: 30, storeDown: true })
    // The buffer overflowed before any write had failed; the failure that followed says why.
    expect(recorder.status().droppedBy).toEqual({ 'store-down': 30, 'store-slow': 0, closed: 0 })
    expect(warnings.some((message) => message.includes('ECONNREFUSED') && message.includes('still served'))).toBe(true)
    expect(warnings).toContain(
      'pinai store: 30 request records dropped: the buffer of 50 was full while the store was unavailable ' +
        '(connect ECONNREFUSED 127.0.0.1:5432); 30 dropped since start',
    )

    store.down = false
    await recorder.flush()
    expect(recorder.status()).toMatchObject({ pending: 0, dropped: 30, storeDown: false })
    // The newest 50 survived; the oldest were dropped.
    const ids = (await store.listLogs({ limit: 1000 })).map((row) => row.id).sort()
    expect(ids).toEqual(Array.from({ length: 50 }, (_, index) => `req-${index + 30}`).sort())
    expect(warnings.at(-1)).toMatch(/writes resumed; 30 request records were dropped/)
  })

  it('says the store is slow, not down, when writes succeed but fall behind, and what that cost', async () => {
    const inner = createMemoryStore()
    const slow: Store = {
      ...inner,
      async insert(records) {
        await new Promise((resolve) => setTimeout(resolve, 30))
        await inner.insert(records)
      },
    }
    const warnings: string[] = []
    const infos: string[] = []
    const recorder = make(slow, {
      batchSize: 10,
      bufferLimit: 100,
      flushIntervalMs: 60_000,
      logger: { warn: (message) => warnings.push(message), info: (message) => infos.push(message) },
    })
    for (let index = 0; index < 10; index++) recorder.record(record(index))
    await recorder.flush()
    for (let index = 10; index < 160; index++) recorder.record(record(index))
    expect(recorder.status()).toMatchObject({ storeSlow: true, storeDown: false })
    await recorder.flush()
    expect(recorder.status()).toMatchObject({
      pending: 0,
      dropped: 50,
      droppedBy: { 'store-down': 0, 'store-slow': 50, closed: 0 },
      storeDown: false,
      storeSlow: false,
    })
    expect(warnings[0]).toMatch(
      /^pinai store: the store is up but slower than the traffic: 50 request records are waiting \(the last write of 10 took \d+ ms\); requests are still served/,
    )
    expect(warnings).toContainEqual(
      expect.stringMatching(
        /^pinai store: 50 request records dropped: the buffer of 100 was full: the store is up but slower than the traffic \(.*\); 50 dropped since start$/,
      ),
    )
    expect(warnings.at(-1)).toBe(
      'pinai store: writes caught up; 50 request records were dropped while the store was slow',
    )
    expect(warnings.join('\n')).not.toMatch(/unavailable|failed/)
    expect(await countRows(inner)).toBe(110)
  })

  it('says that records came after close, not that a buffer was full', async () => {
    const warnings: string[] = []
    const recorder = make(flakyStore(), { logger: { warn: (message) => warnings.push(message) } })
    recorder.record(record(1))
    await recorder.close()
    expect(warnings).toEqual([])
    recorder.record(record(2))
    recorder.record(record(3))
    expect(warnings).toEqual([
      'pinai store: 1 request records dropped: they ended after the recorder had closed for shutdown; 1 dropped since start',
    ])
    expect(recorder.status()).toMatchObject({ dropped: 2, droppedBy: { 'store-down': 0, 'store-slow': 0, closed: 2 } })
  })

  it('names why records are left at shutdown: a store that is down, or one still writing', async () => {
    const down = flakyStore()
    down.down = true
    const downWarnings: string[] = []
    const failing = make(down, { flushIntervalMs: 60_000, logger: { warn: (message) => downWarnings.push(message) } })
    failing.record(record(1))
    await failing.close()
    expect(downWarnings.at(-1)).toBe(
      'pinai store: 1 request records could not be written before shutdown: the store is unavailable (connect ECONNREFUSED 127.0.0.1:5432)',
    )

    const hanging: Store = { ...createMemoryStore(), insert: () => new Promise<void>(() => {}) }
    const hangingWarnings: string[] = []
    const stuck = make(hanging, {
      flushIntervalMs: 60_000,
      closeTimeoutMs: 50,
      logger: { warn: (message) => hangingWarnings.push(message) },
    })
    stuck.record(record(1))
    stuck.record(record(2))
    await stuck.close()
    expect(hangingWarnings.at(-1)).toMatch(
      /^pinai store: 2 request records could not be written before shutdown: the store was still writing, slow or not answering \(a write of 2 has waited \d+ ms for the store\)$/,
    )
  })

  it('backs off while the store is down instead of hammering it', async () => {
    vi.useFakeTimers({ now: NOW })
    const store = flakyStore()
    let attempts = 0
    const insert = store.insert
    store.insert = async (records) => {
      attempts += 1
      return insert(records)
    }
    const recorder = make(store, { flushIntervalMs: 1_000, logger: { warn: () => {} } })
    store.down = true
    recorder.record(record(1))
    await vi.advanceTimersByTimeAsync(60_000)
    // One try per second would be 60; exponential back-off to 30 s makes it a handful.
    expect(attempts).toBeGreaterThan(2)
    expect(attempts).toBeLessThan(10)
    store.down = false
    await vi.advanceTimersByTimeAsync(31_000)
    expect(recorder.status()).toMatchObject({ pending: 0, storeDown: false })
  })

  it('flushes and closes the store on close, and warns about what it could not write', async () => {
    const store = flakyStore()
    let closed = false
    store.close = async () => {
      closed = true
    }
    const recorder = make(store, { flushIntervalMs: 60_000 })
    recorder.record(record(1))
    recorder.record(record(2))
    await recorder.close()
    expect(store.batches).toEqual([2])
    expect(closed).toBe(true)

    const down = flakyStore()
    down.down = true
    const warnings: string[] = []
    const failing = make(down, { flushIntervalMs: 60_000, logger: { warn: (message) => warnings.push(message) } })
    failing.record(record(3))
    await failing.close()
    expect(warnings.at(-1)).toMatch(/1 request records could not be written before shutdown/)
  })

  it('prunes rows past the retention and rollups past theirs', async () => {
    const store = createMemoryStore()
    let now = NOW
    const recorder = make(store, { retentionMs: 7 * DAY, rollupRetentionMs: 30 * DAY, now: () => now })
    recorder.record(record(1, NOW - 40 * DAY))
    recorder.record(record(2, NOW - 10 * DAY))
    recorder.record(record(3, NOW - DAY))
    await recorder.flush()
    expect(await recorder.prune()).toEqual({ requests: 2, rollups: 1 })
    expect((await store.listLogs({ limit: 10 })).map((row) => row.id)).toEqual(['req-3'])
    const [kept] = await store.aggregate({ from: NOW - 60 * DAY, to: NOW })
    expect(kept?.requests).toBe(2)
    now += 365 * DAY
    expect(await recorder.prune()).toEqual({ requests: 1, rollups: 2 })
  })

  it('prunes on its own timer with the default 30-day retention', async () => {
    vi.useFakeTimers({ now: NOW })
    const store = createMemoryStore()
    const recorder = createRecorder(store, { pruneIntervalMs: 3_600_000, flushIntervalMs: 100 })
    recorders.push(recorder)
    recorder.record(record(1, NOW - 31 * DAY))
    recorder.record(record(2, NOW - 29 * DAY))
    await vi.advanceTimersByTimeAsync(11_000)
    expect((await store.listLogs({ limit: 10 })).map((row) => row.id)).toEqual(['req-2'])
  })

  it('counts QPS and RPM over the last 60 s, and requests in flight', () => {
    let now = NOW
    const recorder = make(createMemoryStore(), { now: () => now })
    const ends = [recorder.begin(), recorder.begin(), recorder.begin()]
    for (let index = 0; index < 30; index++) {
      now = NOW + index * 1000
      recorder.record(record(index))
      recorder.record(record(100 + index))
    }
    ends[0]?.()
    ends[0]?.()
    expect(recorder.live()).toMatchObject({ rpm: 60, qps: 1, inFlight: 2 })
    expect(recorder.live().perSecond.slice(-30)).toEqual(new Array(30).fill(2))
    now += 45_000
    // Only the last 15 seconds of the burst are still inside the window.
    expect(recorder.live()).toMatchObject({ rpm: 30, qps: 0.5 })
    now += 60_000
    expect(recorder.live()).toMatchObject({ rpm: 0, qps: 0 })
  })

  it('cuts oversized text and strips NUL before buffering', async () => {
    const store = flakyStore()
    const recorder = make(store, { flushIntervalMs: 60_000 })
    recorder.record({
      ...record(1),
      mappedModel: 'm'.repeat(1000),
      errorTrace: `a\u0000b${'x'.repeat(100_000)}`,
      durationMs: 12.7,
    })
    await recorder.flush()
    const stored = await store.getLog('req-1')
    expect(stored?.mappedModel.length).toBe(255)
    expect(stored?.errorTrace?.startsWith('ab')).toBe(true)
    expect(stored?.errorTrace?.length).toBe(16_000)
    expect(stored?.durationMs).toBe(13)
  })

  it('replaces lone surrogates and never cuts a surrogate pair in two', async () => {
    const store = flakyStore()
    const recorder = make(store, { flushIntervalMs: 60_000 })
    recorder.record({ ...record(1), requestedModel: 'a\ud800b\udc00', mappedModel: `${'m'.repeat(253)}🙂🙂` })
    await recorder.flush()
    const stored = await store.getLog('req-1')
    expect(stored?.requestedModel).toBe('a\ufffdb\ufffd')
    // 255 units would end inside the first emoji: it goes whole.
    expect(stored?.mappedModel).toBe(`${'m'.repeat(253)}…`)
  })
})
