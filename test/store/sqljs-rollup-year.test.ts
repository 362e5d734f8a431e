import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { createSqlJsClient } from '../../src/store/drivers/sqljs-client.ts'
import { MINUTE_MS } from '../../src/store/rollup.ts'
import { rollupUpsertClause } from '../../src/store/sql/dialect.ts'
import { ROLLUP_COLUMNS } from '../../src/store/sql/map-rows.ts'
import { migrate } from '../../src/store/sql/migrate.ts'

const YEAR_MINUTES = 365 * 24 * 60

describe('a year of per-minute rollups in the sql.js store', () => {
  it('takes about 34 MiB for one model and provider busy every minute of the year (66 bytes a minute)', async () => {
    const SQL = await initSqlJs()
    const database = new SQL.Database()
    await migrate(createSqlJsClient(database, () => {}))
    const columns = ROLLUP_COLUMNS.join(', ')
    const statement = database.prepare(
      `INSERT INTO pinai_rollups (${columns}) VALUES (${ROLLUP_COLUMNS.map(() => '?').join(', ')}) ${rollupUpsertClause('sqlite')}`,
    )
    const start = Date.UTC(2025, 0, 1)
    database.exec('BEGIN')
    for (let minute = 0; minute < YEAR_MINUTES; minute++) {
      statement.run([
        start + minute * MINUTE_MS,
        'claude-sonnet-4-20250514',
        'relay-a',
        12,
        11,
        9_000,
        8,
        48_000,
        6_000,
      ])
    }
    database.exec('COMMIT')
    statement.free()
    const bytes = database.export().byteLength
    database.close()
    // The figure docs/store.md states; it grows with busy minutes × (model, provider) pairs.
    expect(bytes / YEAR_MINUTES).toBeGreaterThan(55)
    expect(bytes / YEAR_MINUTES).toBeLessThan(75)
  }, 60_000)
})
