import type { RequestRecord } from '../request-record.ts'
import { rollupRecords } from '../rollup.ts'
import { rollupUpsertClause } from './dialect.ts'
import { insertBatchPortable } from './insert-batch-portable.ts'
import { insertRows, type InsertLimits } from './insert-rows.ts'
import {
  ATTEMPT_COLUMNS,
  REQUEST_COLUMNS,
  ROLLUP_COLUMNS,
  attemptValues,
  requestValues,
  rollupValues,
} from './map-rows.ts'
import type { SqlClient } from './sql-client.ts'

// The MySQL driver interpolates values on the client, so the parameter count is no limit; the packet
// size is (max_allowed_packet: 16 MiB by default on MariaDB, 64 MiB on MySQL 8). 3 Mi UTF-16 units of
// text are at most 9 MiB of UTF-8, and escaping doubles only one-byte characters.
const MYSQL_LIMITS: InsertLimits = { maxParams: 50_000, maxTextChars: 3 * 2 ** 20 }

// A duplicate id leaves its row as it was, and the driver connects without CLIENT_FOUND_ROWS, so the
// changed-row count is the number of new requests.
const SKIP_KNOWN = 'ON DUPLICATE KEY UPDATE id = id'

/** Rolls the transaction back when only part of a batch was new. */
class SomeKnown extends Error {
  constructor() {
    super('some records of the batch were already stored')
  }
}

/**
 * Stores a batch on MySQL / MariaDB in one transaction of five round trips whatever its size (up to a
 * few thousand records): the request rows first, whose changed-row count says whether every id was
 * new; then the attempts and the rollup upserts. When some ids were already stored (a batch retried
 * after a timeout), it starts over with the portable path, which asks which ones first.
 */
export async function insertBatchMysql(client: SqlClient, records: readonly RequestRecord[]): Promise<number> {
  const unique = [...new Map(records.map((record) => [record.id, record])).values()]
  const outcome = await client
    .transaction(async (transaction) => {
      const fresh = await insertRows(
        transaction,
        'pinai_requests',
        REQUEST_COLUMNS,
        unique.map(requestValues),
        SKIP_KNOWN,
        MYSQL_LIMITS,
      )
      if (fresh === 0) return 'none-new'
      if (fresh !== unique.length) throw new SomeKnown()
      const attempts = unique.flatMap((record) =>
        record.attempts.map((attempt, seq) => attemptValues(record.id, seq, attempt)),
      )
      await insertRows(transaction, 'pinai_attempts', ATTEMPT_COLUMNS, attempts, '', MYSQL_LIMITS)
      const rollups = rollupRecords(unique).map(rollupValues)
      await insertRows(transaction, 'pinai_rollups', ROLLUP_COLUMNS, rollups, rollupUpsertClause('mysql'), MYSQL_LIMITS)
      return 'all-new'
    })
    .catch((error: unknown) => {
      if (error instanceof SomeKnown) return 'some-known'
      throw error
    })
  if (outcome === 'all-new') return unique.length
  if (outcome === 'none-new') return 0
  return insertBatchPortable(client, unique)
}
