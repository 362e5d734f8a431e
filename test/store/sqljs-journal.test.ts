import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, watch } from 'node:fs'
import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeJournalEntry } from '../../src/store/drivers/journal-entry.ts'
import { openSqlJsStore, type SqlJsStore, type SqlJsStoreOptions } from '../../src/store/drivers/sqljs.ts'
import type { RequestRecord } from '../../src/store/request-record.ts'
import { largeRecords } from './large-records.ts'
import { generateRecords, makeRecord } from './records.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

const OWNER = new URL('./sqljs-owner.ts', import.meta.url).pathname
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Copies the database and its journal as they are on disk now: what a `kill -9` at this moment leaves. */
async function crashImage(path: string, into: string): Promise<string> {
  await mkdir(into, { recursive: true })
  const copy = join(into, 'pinai.db')
  await copyFile(path, copy).catch(() => undefined)
  await copyFile(`${path}.journal`, `${copy}.journal`)
  return copy
}

async function total(store: SqlJsStore): Promise<number> {
  const [row] = await store.aggregate({ from: 0, to: Date.now() + 3_600_000 })
  return row?.requests ?? 0
}

describe('sql.js store journal', () => {
  let directory: string
  let path: string
  const open: SqlJsStore[] = []
  const children: ChildProcess[] = []

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pinai-sqljs-journal-'))
    path = join(directory, 'pinai.db')
  })

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL')
    for (const store of open.splice(0)) await store.close().catch(() => undefined)
    await rm(directory, { recursive: true, force: true })
  })

  const openAt = async (at: string, options: SqlJsStoreOptions = {}) => {
    const store = await openSqlJsStore(at, { flushIntervalMs: 50, logger: quietLogger, ...options })
    open.push(store)
    return store
  }

  const journalHolds = async (at: string, records: readonly RequestRecord[]) => {
    const text = await readFile(`${at}.journal`, 'utf8').catch(() => '')
    return records.every((record) => text.includes(`"id":"${record.id}"`))
  }

  it('replays the journal over the snapshot after a crash, ignoring a torn last line, and appends after it', async () => {
    const store = await openAt(path)
    const before = generateRecords(40, Date.now(), 60_000, 31)
    await store.insert(before)
    await store.persist()
    const after = generateRecords(25, Date.now(), 60_000, 32)
    await store.insert(after)
    await store.prune({ before: Math.min(...before.map((record) => record.time)) + 1 })
    await expect.poll(() => journalHolds(path, after), { timeout: 5_000 }).toBe(true)
    await sleep(200)

    const copy = await crashImage(path, join(directory, 'crash'))
    // A write cut short by the crash: half a line, no newline.
    await appendFile(`${copy}.journal`, '{"seq":999,"insert":[{"id":"torn-1","time":17')
    const warnings: string[] = []
    const recovered = await openAt(copy, { logger: { warn: (message) => warnings.push(message) } })
    const ids = new Set((await recovered.listLogs({ limit: 500 })).map((row) => row.id))
    expect(ids.size).toBe(64)
    expect(after.every((record) => ids.has(record.id))).toBe(true)
    expect(ids.has('torn-1')).toBe(false)
    expect(await total(recovered)).toBe(65)
    expect(warnings.join('\n')).toMatch(/ended in 45 bytes that are not a whole entry/)

    const later = generateRecords(5, Date.now(), 60_000, 33)
    await recovered.insert(later)
    await expect.poll(() => journalHolds(copy, later), { timeout: 5_000 }).toBe(true)
    const second = await crashImage(copy, join(directory, 'crash-2'))
    const again = await openAt(second)
    expect((await again.listLogs({ limit: 500 })).length).toBe(69)
    expect(await total(again)).toBe(70)
  })

  it('loses nothing journaled when killed during a snapshot, and counts nothing twice', async () => {
    // No size cap: every record must be counted after the kill, none pruned.
    const owner = fork(OWNER, [path, '100', '0'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    })
    children.push(owner)
    const inbox: { type: string }[] = []
    owner.on('message', (message: { type: string }) => inbox.push(message))
    const next = async (type: string) => {
      await expect
        .poll(() => inbox.findIndex((message) => message.type === type), { timeout: 20_000 })
        .toBeGreaterThanOrEqual(0)
      inbox.splice(
        inbox.findIndex((message) => message.type === type),
        1,
      )
    }
    await next('open')
    const records = [...largeRecords(8_000, 500)].flat()
    for (let start = 0; start < records.length; start += 500) {
      owner.send({ insert: records.slice(start, start + 500) })
      await next('inserted')
    }
    // A first snapshot of ~10 MB, then records that only the journal holds.
    owner.send({ persist: true })
    await next('persisting')
    await expect
      .poll(async () => (await stat(path).catch(() => undefined))?.size ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(8 * 2 ** 20)
    const late = generateRecords(300, Date.now(), 60_000, 34)
    owner.send({ insert: late })
    await next('inserted')
    await expect.poll(() => journalHolds(path, late), { timeout: 10_000 }).toBe(true)

    // Killed the moment the new snapshot's temporary file appears: in the middle of writing it.
    // Seen by the directory's events, and by a look every millisecond in case an event is not delivered.
    const killMidway = () => owner.kill('SIGKILL')
    const watcher = watch(dirname(path), (_event, name) => {
      if (name === 'pinai.db.tmp') killMidway()
    })
    const looking = setInterval(() => {
      if (existsSync(`${path}.tmp`)) killMidway()
    }, 1)
    owner.send({ persist: true })
    await new Promise((resolve) => owner.once('exit', resolve))
    clearInterval(looking)
    watcher.close()
    // The snapshot had not finished: its last step drops the journal's entries that it holds.
    expect(await journalHolds(path, late)).toBe(true)

    const store = await openAt(path, { maxSizeBytes: 0 })
    expect((await store.listLogs({ limit: 10_000 })).length).toBe(8_300)
    expect(await total(store)).toBe(8_300)
    await expect(stat(`${path}.tmp`)).rejects.toMatchObject({ code: 'ENOENT' })
  }, 60_000)

  it('prunes the oldest request rows past the size cap and keeps their rollups, on replay too', async () => {
    const cap = 2 ** 20
    const store = await openAt(path, { maxSizeBytes: cap })
    // In the order a gateway records them: oldest first.
    const records = [...largeRecords(2_000, 200)].flat().reverse()
    for (let start = 0; start < records.length; start += 200) await store.insert(records.slice(start, start + 200))
    const kept = await store.listLogs({ limit: 10_000 })
    expect(kept.length).toBeGreaterThan(300)
    expect(kept.length).toBeLessThan(1_500)
    expect(kept.map((row) => row.id)).toEqual(
      records
        .slice(-kept.length)
        .reverse()
        .map((record) => record.id),
    )
    expect(await total(store)).toBe(2_000)
    // The cap is checked after each insert: the file may exceed it by about one batch (200 × 1.2 KB here).
    expect((await store.persist()).bytes).toBeLessThan(cap + 400 * 1024)

    const late = makeRecord({ id: 'after-snapshot', time: Date.now() })
    await store.insert([late])
    await expect.poll(() => journalHolds(path, [late]), { timeout: 5_000 }).toBe(true)
    const copy = await crashImage(path, join(directory, 'crash'))
    const replayed = await openAt(copy, { maxSizeBytes: cap })
    expect((await replayed.listLogs({ limit: 10_000 })).length).toBe((await store.listLogs({ limit: 10_000 })).length)
    expect(await total(replayed)).toBe(2_001)
  }, 60_000)

  it('opens before the journal is replayed, and every call waits for the replay and sees all of it', async () => {
    const records = generateRecords(20_000, Date.now(), 86_400_000, 21)
    const lines: string[] = []
    for (let start = 0; start < records.length; start += 200) {
      lines.push(encodeJournalEntry({ seq: start / 200 + 1, insert: records.slice(start, start + 200) }))
    }
    await writeFile(`${path}.journal`, lines.join(''))
    const events: string[] = []
    const store = await openAt(path, {
      maxSizeBytes: 0,
      logger: { warn: () => {}, info: (message) => events.push(message) },
    })
    events.push('opened')
    expect((await store.listLogs({ limit: 30_000 })).length).toBe(20_000)
    expect(await total(store)).toBe(20_000)
    expect(events).toEqual(['opened', expect.stringMatching(/^pinai store: replayed 100 journal entries in \d+ ms$/)])
  }, 60_000)

  it('says once when the rollups take most of the size cap, and keeps them all', async () => {
    const warnings: string[] = []
    const store = await openAt(path, { maxSizeBytes: 96 * 1024, logger: { warn: (message) => warnings.push(message) } })
    // One request a minute for 3 days: 4 320 rollup rows, ~280 KB, three times the cap.
    const start = Date.now() - 3 * 86_400_000
    for (let batch = 0; batch < 18; batch++) {
      await store.insert(
        Array.from({ length: 240 }, (_, index) =>
          makeRecord({ id: `minute-${batch}-${index}`, time: start + (batch * 240 + index) * 60_000 }),
        ),
      )
    }
    expect(await total(store)).toBe(4_320)
    expect(
      warnings.filter((warning) =>
        /per-minute statistics take about 0\.\d MiB, more than half of storage\.maxSize/.test(warning),
      ),
    ).toHaveLength(1)
  })

  it('restarts a worker that died and writes the records it had not saved yet', async () => {
    const workers: Worker[] = []
    const warnings: string[] = []
    const store = await openAt(path, {
      flushIntervalMs: 60_000,
      logger: { warn: (message) => warnings.push(message) },
      startWorker: (file, options) => {
        const worker = new Worker(file, options)
        workers.push(worker)
        return worker
      },
    })
    const first = generateRecords(30, Date.now(), 60_000, 41)
    await store.insert(first)
    // Answered, but with a minute between journal writes, only in the worker's memory: the kill loses them there.
    await workers[0]?.terminate()
    const second = generateRecords(20, Date.now(), 60_000, 42)
    await store.insert(second)
    expect(workers.length).toBe(2)
    expect(warnings.join('\n')).toMatch(/the sql.js worker stopped \(exit code 1\); restarting it/)
    const ids = new Set((await store.listLogs({ limit: 500 })).map((row) => row.id))
    expect([...first, ...second].every((record) => ids.has(record.id))).toBe(true)
    expect(await total(store)).toBe(50)
    await store.close()
    const reopened = await openAt(path)
    expect(await total(reopened)).toBe(50)
  })

  it('drops a record the database refuses, says so once, and stores the records around it', async () => {
    const warnings: string[] = []
    const store = await openAt(path, { logger: { warn: (message) => warnings.push(message) } })
    const [good, other] = generateRecords(2, Date.now(), 60_000, 51)
    const refused = makeRecord({ id: 'refused-1', time: Date.now(), status: Number.NaN })
    await store.insert([good as RequestRecord, refused, other as RequestRecord])
    await store.insert(generateRecords(3, Date.now(), 60_000, 52))
    const ids = (await store.listLogs({ limit: 10 })).map((row) => row.id)
    expect(ids).toHaveLength(5)
    expect(ids).not.toContain('refused-1')
    expect(warnings).toEqual([
      expect.stringMatching(
        /refused request record refused-1 \(NOT NULL constraint failed: pinai_request_rows\.status\); it is dropped/,
      ),
    ])
    expect(await total(store)).toBe(5)
  })
})
