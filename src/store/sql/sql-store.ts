import type { AggregateQuery, LogQuery, PruneOptions, PruneResult, Store, StoreDriver } from '../store.ts'
import { insertBatch } from './insert-batch.ts'
import { ATTEMPT_COLUMNS, REQUEST_COLUMNS, toAggregateRow, toLogSummary, toRequestRecord } from './map-rows.ts'
import type { SqlClient, SqlValue } from './sql-client.ts'

const SUMMARY_COLUMNS = REQUEST_COLUMNS.filter((column) => column !== 'error_trace').join(', ')

function logFilter(query: LogQuery): { where: string; params: SqlValue[] } {
  const conditions: string[] = []
  const params: SqlValue[] = []
  const add = (condition: string, ...values: SqlValue[]): void => {
    conditions.push(condition)
    params.push(...values)
  }
  if (query.from !== undefined) add('started_at >= ?', query.from)
  if (query.to !== undefined) add('started_at < ?', query.to)
  if (query.model !== undefined) add('(requested_model = ? OR mapped_model = ?)', query.model, query.model)
  if (query.provider !== undefined) add('provider = ?', query.provider)
  if (query.success !== undefined) add('success = ?', query.success ? 1 : 0)
  if (query.stream !== undefined) add('stream = ?', query.stream ? 1 : 0)
  if (query.after)
    add('(started_at < ? OR (started_at = ? AND id < ?))', query.after.time, query.after.time, query.after.id)
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params }
}

function aggregateSql(query: AggregateQuery): string {
  const groups: string[] = []
  if (query.bucketMs) {
    if (!Number.isSafeInteger(query.bucketMs) || query.bucketMs <= 0)
      throw new Error(`invalid bucket ${query.bucketMs}`)
    groups.push(`minute_start - (minute_start % ${query.bucketMs}) AS bucket`)
  }
  if (query.groupBy) groups.push(`${query.groupBy === 'model' ? 'model' : 'provider'} AS group_key`)
  const sums = ['requests', 'successes', 'ttft_sum', 'ttft_count', 'prompt_tokens', 'completion_tokens'].map(
    (column) => `SUM(${column}) AS ${column}`,
  )
  const positions = groups.map((_, index) => String(index + 1)).join(', ')
  const grouping = groups.length ? ` GROUP BY ${positions} ORDER BY ${positions}` : ''
  return `SELECT ${[...groups, ...sums].join(', ')} FROM pinai_rollups WHERE minute_start >= ? AND minute_start < ?${grouping}`
}

/** A {@link Store} over any SQL client: the one implementation the sql.js, PostgreSQL and MySQL drivers share. */
export function createSqlStore(client: SqlClient, driver: StoreDriver): Store {
  return {
    driver,

    async insert(records) {
      if (records.length > 0) await insertBatch(client, records)
    },

    async listLogs(query) {
      const { where, params } = logFilter(query)
      const sql = `SELECT ${SUMMARY_COLUMNS} FROM pinai_requests ${where} ORDER BY started_at DESC, id DESC LIMIT ?`
      const rows = await client.query(sql, [...params, Math.max(0, Math.floor(query.limit))])
      return rows.map(toLogSummary)
    },

    async getLog(id) {
      const [row] = await client.query(`SELECT ${REQUEST_COLUMNS.join(', ')} FROM pinai_requests WHERE id = ?`, [id])
      if (!row) return undefined
      const attempts = await client.query(
        `SELECT ${ATTEMPT_COLUMNS.join(', ')} FROM pinai_attempts WHERE request_id = ? ORDER BY seq`,
        [id],
      )
      return toRequestRecord(row, attempts)
    },

    async aggregate(query) {
      const rows = await client.query(aggregateSql(query), [query.from, query.to])
      return rows.map(toAggregateRow)
    },

    async prune(options: PruneOptions): Promise<PruneResult> {
      return client.transaction(async (transaction) => {
        await transaction.execute(
          'DELETE FROM pinai_attempts WHERE request_id IN (SELECT id FROM pinai_requests WHERE started_at < ?)',
          [options.before],
        )
        const requests = await transaction.execute('DELETE FROM pinai_requests WHERE started_at < ?', [options.before])
        const rollups =
          options.rollupsBefore === undefined
            ? 0
            : await transaction.execute('DELETE FROM pinai_rollups WHERE minute_start < ?', [options.rollupsBefore])
        return { requests, rollups }
      })
    },

    async close() {
      await client.close()
    },
  }
}
