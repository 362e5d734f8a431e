import type { RequestRecord } from '../request-record.ts'
import { rollupRecords } from '../rollup.ts'
import { rollupUpsertClause } from './dialect.ts'
import {
  ATTEMPT_COLUMNS,
  REQUEST_COLUMNS,
  ROLLUP_COLUMNS,
  attemptValues,
  requestValues,
  rollupValues,
} from './map-rows.ts'
import { insertRows, placeholders } from './insert-rows.ts'
import type { SqlClient } from './sql-client.ts'

const ID_CHUNK = 200

async function freshRecords(client: SqlClient, records: readonly RequestRecord[]): Promise<RequestRecord[]> {
  const unique = [...new Map(records.map((record) => [record.id, record])).values()]
  const fresh: RequestRecord[] = []
  for (let start = 0; start < unique.length; start += ID_CHUNK) {
    const chunk = unique.slice(start, start + ID_CHUNK)
    const rows = await client.query(
      `SELECT id FROM pinai_requests WHERE id IN (${placeholders(chunk.length)})`,
      chunk.map((record) => record.id),
    )
    const known = new Set(rows.map((row) => String(row.id)))
    fresh.push(...chunk.filter((record) => !known.has(record.id)))
  }
  return fresh
}

/**
 * Stores a batch with plain statements any dialect runs, in one transaction: a SELECT finds the ids
 * already stored, then multi-row INSERTs write the new requests, their attempts and the rollup upserts.
 * Returns how many records were new.
 */
export async function insertBatchPortable(client: SqlClient, records: readonly RequestRecord[]): Promise<number> {
  return client.transaction(async (transaction) => {
    const fresh = await freshRecords(transaction, records)
    if (fresh.length === 0) return 0
    await insertRows(transaction, 'pinai_requests', REQUEST_COLUMNS, fresh.map(requestValues))
    const attempts = fresh.flatMap((record) =>
      record.attempts.map((attempt, seq) => attemptValues(record.id, seq, attempt)),
    )
    await insertRows(transaction, 'pinai_attempts', ATTEMPT_COLUMNS, attempts)
    await insertRows(
      transaction,
      'pinai_rollups',
      ROLLUP_COLUMNS,
      rollupRecords(fresh).map(rollupValues),
      rollupUpsertClause(client.dialect),
    )
    return fresh.length
  })
}
