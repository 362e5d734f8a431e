import type { RequestRecord } from '../request-record.ts'
import { insertBatchMysql } from './insert-batch-mysql.ts'
import { insertBatchPortable } from './insert-batch-portable.ts'
import { insertBatchPostgres } from './insert-batch-postgres.ts'
import type { SqlClient } from './sql-client.ts'

/**
 * Stores a batch of records with their attempts and rollups, atomically, skipping ids already stored,
 * in the fewest round trips the client's dialect allows. Returns how many records were new.
 */
export function insertBatch(client: SqlClient, records: readonly RequestRecord[]): Promise<number> {
  if (client.dialect === 'postgres') return insertBatchPostgres(client, records)
  if (client.dialect === 'mysql') return insertBatchMysql(client, records)
  return insertBatchPortable(client, records)
}
