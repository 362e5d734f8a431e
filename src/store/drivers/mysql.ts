import type { Store } from '../store.ts'
import { migrate } from '../sql/migrate.ts'
import type { SqlClient, SqlRow, SqlValue } from '../sql/sql-client.ts'
import { createSqlStore } from '../sql/sql-store.ts'

/** Options of the MySQL / MariaDB driver. */
export interface MysqlStoreOptions {
  /** Pool size; default 5. */
  maxConnections?: number
}

// The part of a mysql2 promise pool or connection this driver uses.
interface Runner {
  query(sql: string, values?: SqlValue[]): Promise<[unknown, unknown]>
}

function clientOver(
  runner: Runner,
  begin: (<T>(work: (client: SqlClient) => Promise<T>) => Promise<T>) | undefined,
  end: () => Promise<void>,
): SqlClient {
  return {
    dialect: 'mysql',
    async query(sql, params = []) {
      const [rows] = await runner.query(sql, [...params])
      return rows as SqlRow[]
    },
    async execute(sql, params = []) {
      const [result] = await runner.query(sql, [...params])
      return (result as { affectedRows?: number }).affectedRows ?? 0
    },
    transaction(work) {
      if (!begin) throw new Error('nested transactions are not supported')
      return begin(work)
    },
    close: end,
  }
}

/** Opens a MySQL or MariaDB store (`mysql2`, imported only now) and applies pending migrations. */
export async function openMysqlStore(url: string, options: MysqlStoreOptions = {}): Promise<Store> {
  const mysql = await import('mysql2/promise')
  const pool = mysql.createPool({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: options.maxConnections ?? 5,
    supportBigNumbers: true,
    decimalNumbers: true,
    charset: 'utf8mb4',
    connectTimeout: 10_000,
    // Without it, a row an upsert leaves unchanged counts as not changed: the batch writer reads the
    // number of new requests from that count.
    flags: ['-FOUND_ROWS'],
  })
  const end = (): Promise<void> => pool.end()
  const begin = async <T>(work: (client: SqlClient) => Promise<T>): Promise<T> => {
    const connection = await pool.getConnection()
    try {
      await connection.beginTransaction()
      const result = await work(clientOver(connection, undefined, end))
      await connection.commit()
      return result
    } catch (error) {
      await connection.rollback().catch(() => {})
      throw error
    } finally {
      connection.release()
    }
  }
  const client = clientOver(pool, begin, end)
  try {
    await migrate(client)
  } catch (error) {
    await end().catch(() => {})
    throw new Error(`MySQL store: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  return createSqlStore(client, 'mysql')
}
