import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import {
  mysqlAvailable,
  postgresAvailable,
  scratchMysql,
  scratchPostgres,
  skipReason,
  type ScratchDatabase,
} from './databases.ts'
import { makeRecord } from './records.ts'

// Text a client can put in a record that no UTF-8 column takes as is. The recorder cleans it first;
// a store written to directly must not refuse the batch over it either (PostgreSQL receives the batch
// as JSON, where such text would otherwise fail the whole statement).

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0)

const cases = [
  {
    name: 'PostgreSQL',
    skip: skipReason(await postgresAvailable(), 'the PostgreSQL text test'),
    scratch: async () => scratchPostgres(),
  },
  { name: 'MariaDB', skip: skipReason(await mysqlAvailable(), 'the MariaDB text test'), scratch: () => scratchMysql() },
]

describe.each(cases)('text on $name', ({ skip, scratch }) => {
  let database: ScratchDatabase
  let store: Store

  beforeAll(async () => {
    if (skip) return
    database = await scratch()
    store = await openStore(database.url)
  })

  afterAll(async () => {
    if (skip) return
    await store.close()
    await database.drop()
  })

  it.skipIf(skip)('stores a lone surrogate as U+FFFD, next to a literal backslash-u and real pairs', async () => {
    const record = makeRecord({
      id: 'lone-1',
      time: NOW,
      requestedModel: 'a\ud800b',
      mappedModel: '\udc00🙂',
      error: 'x\\ud800 \ud83d',
      attempts: [
        {
          provider: 'p\ud800',
          keyLabel: 'p#1',
          upstreamModel: 'm',
          status: 502,
          error: '\\u0000 \udfff',
          durationMs: 1,
        },
      ],
    })
    await store.insert([record])
    const stored = await store.getLog('lone-1')
    expect(stored).toMatchObject({ requestedModel: 'a\ufffdb', mappedModel: '\ufffd🙂', error: 'x\\ud800 \ufffd' })
    expect(stored?.attempts[0]).toMatchObject({ provider: 'p\ufffd', error: '\\u0000 \ufffd' })
    const [rollup] = await store.aggregate({ from: 0, to: NOW + 60_000, groupBy: 'model' })
    expect(rollup).toMatchObject({ key: '\ufffd🙂', requests: 1 })
  })
})
