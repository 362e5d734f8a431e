import { migrationLock } from './dialect.ts'
import { migrationsFor, type Migration } from './migrations.ts'
import type { SqlClient } from './sql-client.ts'

const VERSIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS pinai_migrations (version INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)'

/** What {@link migrate} runs. */
export interface MigrateOptions {
  /** Statements run first, under the lock (e.g. creating the PostgreSQL schema). */
  setup?: readonly string[]
  /** Defaults to the dialect's own list. */
  migrations?: readonly Migration[]
}

/**
 * Brings the schema up to date: applies, in order, each migration not yet recorded in
 * `pinai_migrations`, under a database lock so that instances starting together do not race.
 * Idempotent; refuses a database that a newer pinai has migrated further. Returns the versions applied.
 */
export async function migrate(client: SqlClient, options: MigrateOptions = {}): Promise<number[]> {
  const migrations = options.migrations ?? migrationsFor(client.dialect)
  const lock = migrationLock(client.dialect)
  return client.transaction(async (transaction) => {
    if (lock.acquire) await transaction.query(lock.acquire)
    try {
      for (const statement of options.setup ?? []) await transaction.execute(statement)
      await transaction.execute(VERSIONS_TABLE)
      const rows = await transaction.query('SELECT version FROM pinai_migrations')
      const applied = new Set(rows.map((row) => Number(row.version)))
      const known = Math.max(0, ...migrations.map((migration) => migration.version))
      const newest = Math.max(0, ...applied)
      if (newest > known) {
        throw new Error(
          `the database schema is at version ${newest}, newer than this pinai knows (${known}); upgrade pinai`,
        )
      }
      const done: number[] = []
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(migration.version)) continue
        for (const statement of migration.statements) await transaction.execute(statement)
        await transaction.execute('INSERT INTO pinai_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          migration.version,
          migration.name,
          Date.now(),
        ])
        done.push(migration.version)
      }
      return done
    } finally {
      if (lock.release) await transaction.query(lock.release)
    }
  })
}
