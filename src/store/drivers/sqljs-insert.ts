import type { Database, Statement } from 'sql.js'
import type { RequestRecord } from '../request-record.ts'
import { rollupRecords } from '../rollup.ts'
import { rollupUpsertClause } from '../sql/dialect.ts'
import { ATTEMPT_COLUMNS, REQUEST_COLUMNS, ROLLUP_COLUMNS, attemptValues, requestValues } from '../sql/map-rows.ts'
import type { SqlValue } from '../sql/sql-client.ts'
import type { SqlJsNames } from './sqljs-names.ts'

function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
}

// The columns that hold a name, by position in REQUEST_COLUMNS and ATTEMPT_COLUMNS: stored as its number.
const REQUEST_NAMES = ['client', 'inbound', 'requested_model', 'mapped_model', 'provider', 'upstream_model'].map(
  (column) => REQUEST_COLUMNS.indexOf(column as never),
)
const ATTEMPT_NAMES = ['provider', 'key_label', 'upstream_model'].map((column) =>
  ATTEMPT_COLUMNS.indexOf(column as never),
)

function withNames(values: SqlValue[], positions: readonly number[], names: SqlJsNames): SqlValue[] {
  for (const position of positions) values[position] = names.idOf(values[position])
  return values
}

// Errors that say nothing about the record itself: the same record may well go in later.
const PASSING_TROUBLE = /out of memory|disk is full|database is locked|busy|interrupted/i

/** A record the database refused for good, with the reason. */
export interface RefusedRecord {
  id: string
  reason: string
}

/**
 * What one insert did: the records stored now (known ids are left out), those refused for good, and the
 * error that stopped it part way, if one did (the records stored before it are still stored).
 */
export interface InsertOutcome {
  stored: RequestRecord[]
  refused: RefusedRecord[]
  failure?: Error
}

/**
 * The sql.js driver's write path: the shared SQL store's insert, done with three statements prepared
 * once and run per row. Building and parsing a multi-row INSERT of 200 rows per batch, plus a SELECT to
 * find the records already stored, cost about three times as much in the wasm engine. A record whose id
 * is already stored (a batch retried after a timeout) is skipped with its attempts and rollups, as there.
 * When a batch fails because of one record (a constraint, a value that cannot be bound), the batch is
 * stored record by record and the ones the database refuses are left out, so that they are not retried
 * forever in front of the records behind them. Names are stored as their numbers in `pinai_names`.
 */
export function createSqlJsInserter(
  database: Database,
  names: SqlJsNames,
): (records: readonly RequestRecord[]) => InsertOutcome {
  let statements: { request: Statement; attempt: Statement; rollup: Statement } | undefined
  // Prepared on first use: the tables exist only once the migrations have run.
  const prepared = () =>
    (statements ??= {
      // Only a known id is skipped; `OR IGNORE` would also skip, silently, a row that breaks a constraint.
      request: database.prepare(`${insertSql('pinai_request_rows', REQUEST_COLUMNS)} ON CONFLICT (id) DO NOTHING`),
      attempt: database.prepare(insertSql('pinai_attempt_rows', ATTEMPT_COLUMNS)),
      rollup: database.prepare(`${insertSql('pinai_rollups', ROLLUP_COLUMNS)} ${rollupUpsertClause('sqlite')}`),
    })

  const insertAll = (records: readonly RequestRecord[]): RequestRecord[] => {
    const { request, attempt, rollup } = prepared()
    const fresh: RequestRecord[] = []
    const seen = new Set<string>()
    // A savepoint commits like BEGIN … COMMIT on its own, and nests inside the replay's larger transactions.
    database.exec('SAVEPOINT pinai_insert')
    try {
      for (const record of records) {
        if (seen.has(record.id)) continue
        seen.add(record.id)
        request.run(withNames(requestValues(record), REQUEST_NAMES, names))
        if (database.getRowsModified() === 0) continue
        fresh.push(record)
        record.attempts.forEach((entry, seq) =>
          attempt.run(withNames(attemptValues(record.id, seq, entry), ATTEMPT_NAMES, names)),
        )
      }
      for (const delta of rollupRecords(fresh)) {
        rollup.run([
          delta.minute,
          delta.model,
          delta.provider,
          delta.requests,
          delta.successes,
          delta.ttftSum,
          delta.ttftCount,
          delta.promptTokens,
          delta.completionTokens,
        ])
      }
      database.exec('RELEASE pinai_insert')
      return fresh
    } catch (error) {
      database.exec('ROLLBACK TO pinai_insert; RELEASE pinai_insert')
      // Names added by the rolled-back rows are gone with them.
      names.forget()
      throw error
    }
  }

  return (records) => {
    if (records.length === 0) return { stored: [], refused: [] }
    try {
      return { stored: insertAll(records), refused: [] }
    } catch (error) {
      if (PASSING_TROUBLE.test(messageOf(error))) throw error
    }
    const outcome: InsertOutcome = { stored: [], refused: [] }
    for (const record of records) {
      try {
        outcome.stored.push(...insertAll([record]))
      } catch (error) {
        const reason = messageOf(error)
        if (PASSING_TROUBLE.test(reason))
          return { ...outcome, failure: error instanceof Error ? error : new Error(reason) }
        outcome.refused.push({ id: String((record as Partial<RequestRecord>).id), reason })
      }
    }
    return outcome
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
