import type { DialectName } from './sql-client.ts'

/** Rewrites `?` placeholders into PostgreSQL's `$1, $2 …` (our statements have no `?` in literals). */
export function numberPlaceholders(sql: string): string {
  let index = 0
  return sql.replace(/\?/g, () => `$${++index}`)
}

const ROLLUP_SUMS = ['requests', 'successes', 'ttft_sum', 'ttft_count', 'prompt_tokens', 'completion_tokens']

/** The clause that adds a rollup row's sums to an existing row with the same key. */
export function rollupUpsertClause(dialect: DialectName): string {
  if (dialect === 'mysql') {
    return `ON DUPLICATE KEY UPDATE ${ROLLUP_SUMS.map((column) => `${column} = ${column} + VALUES(${column})`).join(', ')}`
  }
  const sets = ROLLUP_SUMS.map((column) => `${column} = pinai_rollups.${column} + excluded.${column}`)
  return `ON CONFLICT (minute_start, model, provider) DO UPDATE SET ${sets.join(', ')}`
}

/** Statements that serialise migrations between processes sharing one database (none for sql.js). */
export function migrationLock(dialect: DialectName): { acquire?: string; release?: string } {
  if (dialect === 'postgres') return { acquire: 'SELECT pg_advisory_xact_lock(7301995)' }
  if (dialect === 'mysql') {
    return {
      acquire: "SELECT GET_LOCK(CONCAT('pinai_migrate_', DATABASE()), 60) AS locked",
      release: "SELECT RELEASE_LOCK(CONCAT('pinai_migrate_', DATABASE())) AS released",
    }
  }
  return {}
}
