import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import initSqlJs from 'sql.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../src/store/drivers/memory.ts'
import { createSqlJsClient } from '../../src/store/drivers/sqljs-client.ts'
import { openSqlJsStore, type SqlJsStore } from '../../src/store/drivers/sqljs.ts'
import { migrate } from '../../src/store/sql/migrate.ts'
import { migrationsFor } from '../../src/store/sql/migrations.ts'
import { createSqlStore } from '../../src/store/sql/sql-store.ts'
import type { RequestRecord } from '../../src/store/request-record.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'
import { generateRecords, makeRecord } from './records.ts'

const SQL = await initSqlJs()

async function countNames(path: string): Promise<number> {
  const database = new SQL.Database(await readFile(path))
  try {
    return Number(database.exec('SELECT COUNT(*) FROM pinai_names')[0]?.values[0]?.[0])
  } finally {
    database.close()
  }
}

describe('sql.js names stored once (schema version 3)', () => {
  let directory: string
  let path: string
  let store: SqlJsStore | undefined

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pinai-sqljs-names-'))
    path = join(directory, 'pinai.db')
  })

  afterEach(async () => {
    await store?.close().catch(() => undefined)
    await rm(directory, { recursive: true, force: true })
  })

  it('migrates a version-2 file: every record reads back as it was, each name stored once, in less space', async () => {
    const records = generateRecords(3_000, Date.now(), 86_400_000, 11)
    const old = new SQL.Database()
    const client = createSqlJsClient(old, () => {})
    await migrate(client, { migrations: migrationsFor('sqlite').filter((migration) => migration.version <= 2) })
    // The shared writer names every column of today (`notes` came with version 4); the version-3 migration
    // copies only the columns version 2 had, so this empty extra one is gone after it.
    old.exec('ALTER TABLE pinai_requests ADD COLUMN notes TEXT')
    await createSqlStore(client, 'sqljs').insert(records)
    old.exec('VACUUM')
    const before = old.export()
    old.close()
    await writeFile(path, before)

    store = await openSqlJsStore(path, { logger: quietLogger })
    for (const record of records.slice(0, 200)) expect(await store.getLog(record.id)).toEqual(await expectedLog(record))
    expect((await store.listLogs({ limit: 10_000 })).length).toBe(3_000)
    expect(
      (await store.listLogs({ limit: 10_000, provider: 'relay-b', model: 'gpt-4o' })).map((row) => row.id).sort(),
    ).toEqual(
      records
        .filter(
          (record) =>
            record.provider === 'relay-b' && (record.mappedModel === 'gpt-4o' || record.requestedModel === 'gpt-4o'),
        )
        .map((record) => record.id)
        .sort(),
    )
    const after = await store.persist()
    await store.close()
    store = undefined
    // 3 clients, 2 protocols, 4 models and their aliases and upstream names, 3 providers and their key labels.
    expect(await countNames(path)).toBeLessThan(30)
    expect(after.bytes).toBeLessThan(before.byteLength * 0.85)
  }, 60_000)

  it('lets names no row uses go once many have piled up, and keeps those still in use', async () => {
    store = await openSqlJsStore(path, { logger: quietLogger, maxSizeBytes: 0 })
    const now = Date.now()
    const junk = Array.from({ length: 1_500 }, (_, index) =>
      makeRecord({ id: `junk-${index}`, time: now - 3_600_000, requestedModel: `made-up-model-${index}` }),
    )
    await store.insert(junk)
    const kept = makeRecord({ id: 'kept', time: now, requestedModel: 'made-up-model-7' })
    await store.insert([kept])
    expect((await store.prune({ before: now - 60_000 })).requests).toBe(1_500)
    await store.persist()
    expect(await countNames(path)).toBeLessThan(20)
    expect((await store.getLog('kept'))?.requestedModel).toBe('made-up-model-7')
    // New names after a prune of names get numbers again.
    await store.insert([makeRecord({ id: 'new', time: now, requestedModel: 'made-up-model-1' })])
    expect((await store.getLog('new'))?.requestedModel).toBe('made-up-model-1')
  }, 60_000)
})

/** A record as getLog answers it, from the memory store: what every store keeps of it. */
async function expectedLog(record: RequestRecord) {
  const reference = createMemoryStore()
  await reference.insert([record])
  return reference.getLog(record.id)
}
