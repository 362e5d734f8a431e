import type { Database } from 'sql.js'

/** Of the database's size, the share that a size-cap prune brings it back to, so that it does not prune on every insert. */
const TARGET_SHARE = 0.9

function pragma(database: Database, name: string): number {
  return Number(database.exec(`PRAGMA ${name}`)[0]?.values[0]?.[0] ?? 0)
}

/** Bytes of the database file, free pages included: what the in-memory file system holds. */
export function fileBytes(database: Database): number {
  return pragma(database, 'page_count') * pragma(database, 'page_size')
}

/** Bytes of pages in use (the file's size without its free pages, which new rows reuse). */
export function usedBytes(database: Database): number {
  return (pragma(database, 'page_count') - pragma(database, 'freelist_count')) * pragma(database, 'page_size')
}

/**
 * When the database uses more than `maxBytes`, the cut-off (`before`, a request start time) that removes
 * enough of the oldest request rows to bring it back to 90 % of it; undefined while it fits. Only request
 * rows count as removable: rollups are kept for the whole retention. The share to remove is estimated
 * from the share of pages over the target, so a database that is mostly rollups removes a bit more than
 * needed, and one whose rows vary in size may take a second prune on a later insert.
 */
export function sizeCapCutoff(database: Database, maxBytes: number): number | undefined {
  const used = usedBytes(database)
  if (used <= maxBytes) return undefined
  const rows = Number(database.exec('SELECT COUNT(*) FROM pinai_request_rows')[0]?.values[0]?.[0] ?? 0)
  if (rows === 0) return undefined
  const share = Math.min(1, (used - maxBytes * TARGET_SHARE) / used)
  const offset = Math.min(rows - 1, Math.ceil(rows * share) - 1)
  const statement = database.prepare('SELECT started_at FROM pinai_request_rows ORDER BY started_at LIMIT 1 OFFSET ?')
  try {
    statement.bind([Math.max(0, offset)])
    if (!statement.step()) return undefined
    return Number(statement.get()[0]) + 1
  } finally {
    statement.free()
  }
}
