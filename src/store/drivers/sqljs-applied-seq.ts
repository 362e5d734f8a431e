import type { Database } from 'sql.js'

// The driver's own bookkeeping, not part of the shared schema: which journal entries a snapshot holds.
const TABLE =
  'CREATE TABLE IF NOT EXISTS pinai_sqljs_journal (id INTEGER PRIMARY KEY CHECK (id = 1), applied_seq INTEGER NOT NULL)'

/** The number of the last journal entry the database (as loaded from its snapshot) holds; 0 when none. */
export function readAppliedSeq(database: Database): number {
  database.exec(TABLE)
  return Number(database.exec('SELECT applied_seq FROM pinai_sqljs_journal WHERE id = 1')[0]?.values[0]?.[0] ?? 0)
}

/** Records, in the database itself, that it holds every journal entry up to `seq`. */
export function writeAppliedSeq(database: Database, seq: number): void {
  database.run('INSERT OR REPLACE INTO pinai_sqljs_journal (id, applied_seq) VALUES (1, ?)', [seq])
}
