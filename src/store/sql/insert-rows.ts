import type { SqlClient, SqlValue } from './sql-client.ts'

// Keeps every statement well under the smallest bound-parameter limit (SQLite's 32 766).
const MAX_PARAMS = 4_000

/** `count` comma-separated `?` placeholders. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ')
}

/**
 * Inserts `rows` with multi-row INSERT statements, as many rows per statement as stay under the
 * parameter limit; `suffix` follows each (an upsert clause). Returns the rows the database reports changed.
 */
export async function insertRows(
  client: SqlClient,
  table: string,
  columns: readonly string[],
  rows: readonly SqlValue[][],
  suffix = '',
): Promise<number> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length))
  const tuple = `(${placeholders(columns.length)})`
  let changed = 0
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement)
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')} ${suffix}`
    changed += await client.execute(sql, chunk.flat())
  }
  return changed
}
