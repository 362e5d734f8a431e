import { migrationsFor } from '../../src/store/sql/migrations.ts'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import initSqlJs from 'sql.js'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/open-store.ts'
import {
  POSTGRES_URL,
  mysqlAvailable,
  postgresAvailable,
  scratchMysql,
  scratchPostgres,
  skipReason,
} from './databases.ts'

const skipPostgres = skipReason(await postgresAvailable(), 'the PostgreSQL migration tests')
const skipMysql = skipReason(await mysqlAvailable(), 'the MySQL/MariaDB migration tests')

describe('migrations', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it.skipIf(Boolean(skipPostgres))(
    'PostgreSQL: instances starting together apply each migration once; a newer schema is refused',
    async () => {
      const scratch = scratchPostgres()
      cleanups.push(() => scratch.drop())
      const stores = await Promise.all([openStore(scratch.url), openStore(scratch.url), openStore(scratch.url)])
      for (const store of stores) cleanups.push(() => store.close())
      const { default: postgres } = await import('postgres')
      const sql = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} })
      cleanups.push(() => sql.end())
      const schema = new URL(scratch.url).searchParams.get('schema')
      const rows = await sql.unsafe(`SELECT version FROM ${schema}.pinai_migrations`)
      expect(rows.map((row) => Number(row.version)).sort((a, b) => a - b)).toEqual(versionsOf('postgres'))
      await sql.unsafe(`INSERT INTO ${schema}.pinai_migrations (version, name, applied_at) VALUES (99, 'future', 0)`)
      await expect(openStore(scratch.url)).rejects.toThrow(
        /schema is at version 99, newer than this pinai knows \(\d+\)/,
      )
    },
  )

  it.skipIf(Boolean(skipMysql))(
    'MySQL: instances starting together apply each migration once; a newer schema is refused',
    async () => {
      const scratch = await scratchMysql()
      cleanups.push(() => scratch.drop())
      const stores = await Promise.all([openStore(scratch.url), openStore(scratch.url), openStore(scratch.url)])
      for (const store of stores) cleanups.push(() => store.close())
      const mysql = await import('mysql2/promise')
      const connection = await mysql.createConnection({ uri: scratch.url })
      cleanups.push(() => connection.end())
      const [rows] = await connection.query('SELECT version FROM pinai_migrations')
      expect((rows as { version: number }[]).map((row) => Number(row.version)).sort((a, b) => a - b)).toEqual(
        versionsOf('mysql'),
      )
      await connection.query("INSERT INTO pinai_migrations (version, name, applied_at) VALUES (99, 'future', 0)")
      await expect(openStore(scratch.url)).rejects.toThrow(
        /schema is at version 99, newer than this pinai knows \(\d+\)/,
      )
    },
  )

  it('sql.js: a file migrated by a newer pinai is refused', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'pinai-migrate-'))
    cleanups.push(() => rm(directory, { recursive: true, force: true }))
    const path = join(directory, 'pinai.db')
    await (await openStore(`sqlite:${path}`)).close()
    const SQL = await initSqlJs()
    const database = new SQL.Database(await readFile(path))
    expect(database.exec('SELECT version FROM pinai_migrations')[0]?.values).toEqual(
      versionsOf('sqlite').map((version) => [version]),
    )
    database.run("INSERT INTO pinai_migrations (version, name, applied_at) VALUES (99, 'future', 0)")
    await writeFile(path, database.export())
    database.close()
    await expect(openStore(`sqlite:${path}`)).rejects.toThrow(/schema is at version 99/)
  })
})

/** Every migration version a dialect knows, in order. */
function versionsOf(dialect: 'postgres' | 'mysql' | 'sqlite'): number[] {
  return migrationsFor(dialect)
    .map((migration) => migration.version)
    .sort((a, b) => a - b)
}
