import type { Database } from 'sql.js'
import type { PruneOptions, PruneResult } from '../store.ts'
import type { SqlJsNames } from './sqljs-names.ts'

/** Below this many names, unused ones are kept: looking for them reads every row. */
const NAMES_WORTH_PRUNING = 1_024

const UNUSED_NAMES = `DELETE FROM pinai_names WHERE id NOT IN (
  SELECT client FROM pinai_request_rows UNION SELECT inbound FROM pinai_request_rows
  UNION SELECT requested_model FROM pinai_request_rows UNION SELECT mapped_model FROM pinai_request_rows
  UNION SELECT provider FROM pinai_request_rows WHERE provider IS NOT NULL
  UNION SELECT upstream_model FROM pinai_request_rows WHERE upstream_model IS NOT NULL
  UNION SELECT provider FROM pinai_attempt_rows UNION SELECT key_label FROM pinai_attempt_rows
  UNION SELECT upstream_model FROM pinai_attempt_rows)`

function changes(database: Database, sql: string, params: number[]): number {
  database.run(sql, params)
  return database.getRowsModified()
}

/**
 * The sql.js driver's prune: what the shared SQL store's prune does, on the tables behind its views
 * (schema version 3), in one transaction. When many names have piled up (clients may send any model
 * name), the ones no row uses any more go too; the rollups keep their names as text.
 */
export function createSqlJsPrune(database: Database, names: SqlJsNames): (options: PruneOptions) => PruneResult {
  return (options) => {
    database.exec('SAVEPOINT pinai_prune')
    try {
      changes(
        database,
        'DELETE FROM pinai_attempt_rows WHERE request_id IN (SELECT id FROM pinai_request_rows WHERE started_at < ?)',
        [options.before],
      )
      const requests = changes(database, 'DELETE FROM pinai_request_rows WHERE started_at < ?', [options.before])
      const rollups =
        options.rollupsBefore === undefined
          ? 0
          : changes(database, 'DELETE FROM pinai_rollups WHERE minute_start < ?', [options.rollupsBefore])
      const nameCount = Number(database.exec('SELECT COUNT(*) FROM pinai_names')[0]?.values[0]?.[0] ?? 0)
      if (requests > 0 && nameCount >= NAMES_WORTH_PRUNING) {
        database.exec(UNUSED_NAMES)
        names.forget()
      }
      database.exec('RELEASE pinai_prune')
      return { requests, rollups }
    } catch (error) {
      database.exec('ROLLBACK TO pinai_prune; RELEASE pinai_prune')
      names.forget()
      throw error
    }
  }
}
