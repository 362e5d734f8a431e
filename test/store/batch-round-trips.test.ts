import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import {
  MYSQL_URL,
  POSTGRES_URL,
  mysqlAvailable,
  postgresAvailable,
  scratchMysql,
  scratchPostgres,
  skipReason,
  type ScratchDatabase,
} from './databases.ts'
import { generateRecords } from './records.ts'
import { startWireCounter, type WireCounter } from './wire-counter.ts'

// What one batch costs on the wire, read by a proxy between the driver and the real server. The
// writers keep up with the gateway because a batch costs a fixed number of round trips whatever its
// size; a change that goes back to a statement per table, or a SELECT first, fails here.

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0)
const HOUR = 3_600_000

const cases = [
  {
    name: 'PostgreSQL',
    protocol: 'postgres' as const,
    url: POSTGRES_URL,
    skip: skipReason(await postgresAvailable(), 'the PostgreSQL round-trip count'),
    scratch: async () => scratchPostgres(),
    // One prepared statement: one round trip once the connection has prepared it (the warm-up batch).
    bound: { statements: 1, roundTrips: 1 },
  },
  {
    name: 'MariaDB',
    protocol: 'mysql' as const,
    url: MYSQL_URL,
    skip: skipReason(await mysqlAvailable(), 'the MariaDB round-trip count'),
    scratch: () => scratchMysql(),
    // START TRANSACTION, the requests, their attempts, the rollups, COMMIT.
    bound: { statements: 5, roundTrips: 5 },
  },
]

describe.each(cases)('one batch on $name', ({ protocol, url, skip, scratch, bound }) => {
  let database: ScratchDatabase
  let counter: WireCounter
  let store: Store
  let seed = 100

  beforeAll(async () => {
    if (skip) return
    const target = new URL(url)
    counter = await startWireCounter(protocol, { host: target.hostname, port: Number(target.port) })
    database = await scratch()
    const proxied = new URL(database.url)
    proxied.hostname = '127.0.0.1'
    proxied.port = String(counter.port)
    store = await openStore(proxied.toString())
    // The first batch on a connection prepares the statement (PostgreSQL asks for its types first).
    await store.insert(generateRecords(1, NOW, HOUR, 99))
  })

  afterAll(async () => {
    if (skip) return
    await store.close()
    await counter.close()
    await database.drop()
  })

  it.skipIf(skip).each([1, 200, 1_000])('of %i new records costs a fixed number of round trips', async (size) => {
    const records = generateRecords(size, NOW, HOUR, (seed += 1))
    counter.reset()
    await store.insert(records)
    expect(counter.counts.statements).toBeLessThanOrEqual(bound.statements)
    expect(counter.counts.roundTrips).toBeLessThanOrEqual(bound.roundTrips)
    expect(counter.counts.roundTrips).toBeGreaterThan(0)
    const [total] = await store.aggregate({ from: 0, to: NOW + HOUR })
    expect(total?.requests).toBeGreaterThanOrEqual(size)
  })

  it.skipIf(skip)('retried with some records already stored, still a bounded number', async () => {
    const records = generateRecords(300, NOW, HOUR, (seed += 1))
    await store.insert(records.slice(0, 100))
    counter.reset()
    await store.insert(records)
    // Where the server cannot say which rows were new in the same statement, the batch starts over
    // and asks first: still independent of the batch's size.
    expect(counter.counts.roundTrips).toBeLessThanOrEqual(bound.roundTrips * 3)
    expect((await store.listLogs({ limit: 10_000 })).filter((row) => row.id.startsWith(`gen-${seed}-`))).toHaveLength(
      300,
    )
  })
})
