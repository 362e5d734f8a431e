import type { SqlClient, SqlValue } from './sql-client.ts'

/** How large one multi-row INSERT may grow. */
export interface InsertLimits {
  /** Most bound parameters per statement. */
  maxParams: number
  /** Most characters of text values per statement (a bound on the packet the driver sends). */
  maxTextChars: number
}

/** Well under the smallest bound-parameter limit (SQLite's 32 766). */
export const PORTABLE_LIMITS: InsertLimits = { maxParams: 4_000, maxTextChars: Number.POSITIVE_INFINITY }

/** `count` comma-separated `?` placeholders. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ')
}

function textChars(row: readonly SqlValue[]): number {
  let chars = 0
  for (const value of row) if (typeof value === 'string') chars += value.length
  return chars
}

/** Splits `rows` into runs that each fit one statement under `limits` (every run has at least one row). */
function chunksOf(rows: readonly SqlValue[][], columns: number, limits: InsertLimits): SqlValue[][][] {
  const perStatement = Math.max(1, Math.floor(limits.maxParams / columns))
  const chunks: SqlValue[][][] = []
  let chunk: SqlValue[][] = []
  let chars = 0
  for (const row of rows) {
    const rowChars = Number.isFinite(limits.maxTextChars) ? textChars(row) : 0
    if (chunk.length > 0 && (chunk.length >= perStatement || chars + rowChars > limits.maxTextChars)) {
      chunks.push(chunk)
      chunk = []
      chars = 0
    }
    chunk.push(row)
    chars += rowChars
  }
  if (chunk.length > 0) chunks.push(chunk)
  return chunks
}

/**
 * Inserts `rows` with multi-row INSERT statements, as many rows per statement as `limits` allow;
 * `suffix` follows each (an upsert clause). Returns the rows the database reports changed.
 */
export async function insertRows(
  client: SqlClient,
  table: string,
  columns: readonly string[],
  rows: readonly SqlValue[][],
  suffix = '',
  limits: InsertLimits = PORTABLE_LIMITS,
): Promise<number> {
  const tuple = `(${placeholders(columns.length)})`
  let changed = 0
  for (const chunk of chunksOf(rows, columns.length, limits)) {
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')} ${suffix}`
    changed += await client.execute(sql, chunk.flat())
  }
  return changed
}
