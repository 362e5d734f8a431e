import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqlJsStore, type SqlJsStore } from '../../src/store/drivers/sqljs.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'
import { generateRecords } from './records.ts'

const MIB = 2 ** 20

describe('sql.js worker memory', () => {
  let directory: string
  let store: SqlJsStore | undefined

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pinai-sqljs-memory-'))
  })

  afterEach(async () => {
    await store?.close().catch(() => undefined)
    await rm(directory, { recursive: true, force: true })
  })

  it('returns to the array buffers it held before a snapshot once the snapshot is written', async () => {
    store = await openSqlJsStore(join(directory, 'pinai.db'), {
      flushIntervalMs: 60_000,
      maxSizeBytes: 0,
      logger: quietLogger,
    })
    const end = Date.now()
    const records = generateRecords(30_000, end, 86_400_000, 3)
    for (let start = 0; start < records.length; start += 2_000) await store.insert(records.slice(start, start + 2_000))
    // A snapshot may already have been taken in the background (the journal outgrew the last one): then
    // this one has nothing to write, and the file on disk is what tells the database's size.
    await store.persist()
    const snapshotBytes = (await stat(join(directory, 'pinai.db'))).size
    // Large enough that one export kept alive (as large as the database) is well over the tolerance.
    expect(snapshotBytes).toBeGreaterThan(4 * MIB)
    const before = await store.workerMemory()

    const more = generateRecords(30, end, 60_000, 4)
    for (let round = 0; round < 3; round++) {
      await store.insert(more.slice(round * 10, round * 10 + 10))
      expect((await store.persist()).written).toBe(true)
    }
    const after = await store.workerMemory()
    // Three snapshots of a 4+ MiB database: one kept export alone would exceed this.
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(snapshotBytes / 2)
    expect(after.heapUsed - before.heapUsed).toBeLessThan(4 * MIB)
  }, 60_000)
})
