import type { RequestRecord } from '../request-record.ts'
import { insertBatchPortable } from './insert-batch-portable.ts'
import type { SqlClient } from './sql-client.ts'

/** Stores a batch on MySQL / MariaDB. */
export async function insertBatchMysql(client: SqlClient, records: readonly RequestRecord[]): Promise<number> {
  return insertBatchPortable(client, records)
}
