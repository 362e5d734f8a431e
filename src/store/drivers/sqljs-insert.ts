import type { Database, Statement } from 'sql.js'
import type { RequestRecord } from '../request-record.ts'
import { rollupRecords } from '../rollup.ts'
import { rollupUpsertClause } from '../sql/dialect.ts'
import { ATTEMPT_COLUMNS, REQUEST_COLUMNS, ROLLUP_COLUMNS, attemptValues, requestValues } from '../sql/map-rows.ts'

function insertSql(table: string, columns: readonly string[], verb = 'INSERT'): string {
  return `${verb} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
}

/**
 * The sql.js driver's write path: the shared SQL store's insert, done with three statements prepared
 * once and run per row. Building and parsing a multi-row INSERT of 200 rows per batch, plus a SELECT to
 * find the records already stored, cost about three times as much in the wasm engine. A record whose id
 * is already stored (a batch retried after a timeout) is skipped with its attempts and rollups, as there.
 */
export function createSqlJsInserter(database: Database, onChange: () => void): (records: readonly RequestRecord[]) => void {
  let statements: { request: Statement; attempt: Statement; rollup: Statement } | undefined
  // Prepared on first use: the tables exist only once the migrations have run.
  const prepared = () =>
    (statements ??= {
      request: database.prepare(insertSql('pinai_requests', REQUEST_COLUMNS, 'INSERT OR IGNORE')),
      attempt: database.prepare(insertSql('pinai_attempts', ATTEMPT_COLUMNS)),
      rollup: database.prepare(`${insertSql('pinai_rollups', ROLLUP_COLUMNS)} ${rollupUpsertClause('sqlite')}`),
    })

  return (records) => {
    if (records.length === 0) return
    const { request, attempt, rollup } = prepared()
    const fresh: RequestRecord[] = []
    const seen = new Set<string>()
    database.exec('BEGIN')
    try {
      for (const record of records) {
        if (seen.has(record.id)) continue
        seen.add(record.id)
        request.run(requestValues(record))
        if (database.getRowsModified() === 0) continue
        fresh.push(record)
        record.attempts.forEach((entry, seq) => attempt.run(attemptValues(record.id, seq, entry)))
      }
      for (const delta of rollupRecords(fresh)) {
        rollup.run([
          delta.minute, delta.model, delta.provider, delta.requests, delta.successes, delta.ttftSum, delta.ttftCount,
          delta.promptTokens, delta.completionTokens,
        ])
      }
      database.exec('COMMIT')
    } catch (error) {
      database.exec('ROLLBACK')
      throw error
    }
    if (fresh.length > 0) onChange()
  }
}
