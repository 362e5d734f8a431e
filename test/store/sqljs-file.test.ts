import { fork, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StoreLockedError } from '../../src/store/drivers/file-lock.ts'
import { openSqlJsStore, type SqlJsStore } from '../../src/store/drivers/sqljs.ts'
import { openStore } from '../../src/store/open-store.ts'
import { largeRecords } from './large-records.ts'
import { generateRecords } from './records.ts'

const OWNER = new URL('./sqljs-owner.ts', import.meta.url).pathname

type OwnerMessage = { type: 'open' } | { type: 'inserted'; count: number } | { type: 'error'; message: string }

function startOwner(path: string, flushIntervalMs: number): { child: ChildProcess; next(): Promise<OwnerMessage> } {
  const child = fork(OWNER, [path, String(flushIntervalMs)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const inbox: OwnerMessage[] = []
  const waiting: ((message: OwnerMessage) => void)[] = []
  child.on('message', (message: OwnerMessage) => {
    const waiter = waiting.shift()
    if (waiter) waiter(message)
    else inbox.push(message)
  })
  return {
    child,
    next: () => {
      const ready = inbox.shift()
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve))
    },
  }
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('sql.js store file', () => {
  let directory: string
  let path: string
  const open: SqlJsStore[] = []
  const children: ChildProcess[] = []

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pinai-sqljs-file-'))
    path = join(directory, 'data', 'pinai.db')
  })

  afterEach(async () => {
    for (const child of children.splice(0)) await killed(child)
    for (const store of open.splice(0)) await store.close()
    await rm(directory, { recursive: true, force: true })
  })

  const openAt = async (flushIntervalMs = 60_000) => {
    const store = await openSqlJsStore(path, { flushIntervalMs })
    open.push(store)
    return store
  }

  it('survives a restart: close writes the file, a new process-owner reads it back', async () => {
    const records = generateRecords(120, Date.now(), 3_600_000, 9)
    const first = await openAt()
    await first.insert(records)
    await first.close()
    expect((await stat(path)).size).toBeGreaterThan(0)
    await expect(stat(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' })

    const second = await openAt()
    expect((await second.listLogs({ limit: 500 })).length).toBe(120)
    expect(await second.getLog(records[7]?.id ?? '')).toEqual(records[7])
  })

  it('appends new records to the journal and rewrites the snapshot only when asked or outgrown', async () => {
    const store = await openAt(50)
    await store.insert(generateRecords(5, Date.now(), 1000, 2))
    await expect
      .poll(async () => (await stat(`${path}.journal`).catch(() => undefined))?.size ?? 0, { timeout: 2000 })
      .toBeGreaterThan(0)
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' })
    const journal = await stat(`${path}.journal`)
    // Reads and a prune that deletes nothing change nothing: nothing is appended.
    await store.listLogs({ limit: 10 })
    await store.prune({ before: 0, rollupsBefore: 0 })
    await sleep(300)
    expect((await stat(`${path}.journal`)).size).toBe(journal.size)

    expect((await store.persist()).written).toBe(true)
    expect((await stat(path)).size).toBeGreaterThan(0)
    expect((await stat(`${path}.journal`)).size).toBe(0)
    expect(await store.persist()).toEqual({ written: false, bytes: 0 })
    const snapshot = await stat(path)

    await store.insert(generateRecords(1, Date.now(), 1000, 3))
    await expect.poll(async () => (await stat(`${path}.journal`)).size, { timeout: 2000 }).toBeGreaterThan(0)
    expect((await stat(path)).ino).toBe(snapshot.ino)
  })

  it('reports a failed snapshot through its logger; the journal keeps the records until it works again', async () => {
    const warnings: string[] = []
    const store = await openSqlJsStore(path, {
      flushIntervalMs: 50,
      logger: { warn: (message) => warnings.push(message) },
    })
    open.push(store)
    // A directory where the temporary file should go makes every snapshot fail.
    await mkdir(`${path}.tmp`, { recursive: true })
    await store.insert(generateRecords(3, Date.now(), 1000, 4))
    await expect(store.persist()).rejects.toThrow(/EISDIR/)
    await store.close()
    expect(warnings.join('\n')).toMatch(
      /the last snapshot of .*pinai\.db failed \(.*EISDIR.*\); the journal keeps the records/,
    )
    await rm(`${path}.tmp`, { recursive: true })
    const reopened = await openAt()
    expect((await reopened.listLogs({ limit: 10 })).length).toBe(3)
    await reopened.close()
    expect((await stat(path)).size).toBeGreaterThan(0)
  })

  it('runs without a file for sqlite::memory:', async () => {
    const store = await openStore('sqlite::memory:')
    await store.insert(generateRecords(3, Date.now(), 1000, 6))
    expect((await store.listLogs({ limit: 10 })).length).toBe(3)
    expect(await (store as SqlJsStore).persist()).toEqual({ written: false, bytes: 0 })
    await store.close()
    await expect(store.listLogs({ limit: 1 })).rejects.toThrow(/closed|stopped/)
  })

  it('refuses a second owner in the same process', async () => {
    await openAt()
    const error = await openSqlJsStore(path).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(StoreLockedError)
    expect(String(error)).toMatch(/in use: this process has already opened it/)
  })

  it('refuses a second process clearly, loses at most one interval when the owner is killed, then takes over', async () => {
    const interval = 200
    const owner = startOwner(path, interval)
    children.push(owner.child)
    expect(await owner.next()).toEqual({ type: 'open' })

    const error = await openStore(`sqlite:${path}`).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(StoreLockedError)
    expect((error as StoreLockedError).ownerPid).toBe(owner.child.pid)
    expect(String(error)).toMatch(new RegExp(`another process \\(pid ${owner.child.pid}\\) owns it`))

    const early = generateRecords(50, Date.now(), 60_000, 21)
    owner.child.send({ insert: early })
    expect(await owner.next()).toEqual({ type: 'inserted', count: 50 })
    // One interval (plus the time the write takes on a busy machine) later, the rows are in the journal for good.
    const persisted = async () => {
      const journal = await readFile(`${path}.journal`, 'utf8').catch(() => '')
      return early.every((record) => journal.includes(record.id))
    }
    await expect.poll(persisted, { timeout: 10_000, interval: 50 }).toBe(true)
    const late = generateRecords(50, Date.now(), 60_000, 22)
    owner.child.send({ insert: late })
    expect(await owner.next()).toEqual({ type: 'inserted', count: 50 })
    await killed(owner.child)

    // The lock names a dead pid now: it is stale, and the next owner takes it over.
    expect(Number((await readFile(`${path}.lock`, 'utf8')).trim())).toBe(owner.child.pid)
    const store = await openAt()
    const ids = new Set((await store.listLogs({ limit: 500 })).map((row) => row.id))
    expect(early.every((record) => ids.has(record.id))).toBe(true)
    expect(Number((await readFile(`${path}.lock`, 'utf8')).trim())).toBe(process.pid)
  })

  it('refuses a file that is not an SQLite database, and leaves no lock behind', async () => {
    await openAt().then((store) => store.close())
    await writeFile(path, 'this is not a database '.repeat(100))
    await expect(openSqlJsStore(path)).rejects.toThrow(/not a usable SQLite database/)
    await expect(stat(`${path}.lock`)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('persists a large database without stalling the event loop', async () => {
    const store = await openSqlJsStore(path, { flushIntervalMs: 60_000, maxSizeBytes: 0 })
    open.push(store)
    for (const batch of largeRecords(24_000, 500)) await store.insert(batch)
    // Exporting this on the main thread blocks it for ~100 ms or more (see persist-bench.ts); here the
    // worker exports while the main thread keeps turning. The bound is generous, and the best of three
    // tries counts, so that a busy CI machine's scheduling hiccup is not mistaken for a stall.
    const delays: number[] = []
    for (let attempt = 0; attempt < 3 && !delays.some((delay) => delay < 50); attempt++) {
      if (attempt > 0) await store.insert(generateRecords(1, Date.now(), 1000, 100 + attempt))
      const histogram = monitorEventLoopDelay({ resolution: 5 })
      histogram.enable()
      const result = await store.persist()
      histogram.disable()
      expect(result.bytes).toBeGreaterThan(30 * 2 ** 20)
      delays.push(histogram.max / 1e6)
    }
    expect(
      Math.min(...delays),
      `event-loop delays ${delays.map((delay) => delay.toFixed(1)).join(', ')} ms`,
    ).toBeLessThan(50)
  }, 60_000)
})
