import type { Store } from '../store.ts'
import { numberPlaceholders } from '../sql/dialect.ts'
import { migrate } from '../sql/migrate.ts'
import type { SqlClient, SqlRow, SqlValue } from '../sql/sql-client.ts'
import { createSqlStore } from '../sql/sql-store.ts'

/** Options of the PostgreSQL driver. */
export interface PostgresStoreOptions {
  /** Schema to create (if missing) and use; the URL's `?schema=` sets it too. Lower-case letters, digits, `_`. */
  schema?: string
  /** Pool size; default 5. */
  maxConnections?: number
}

// The part of postgres.js's Sql and TransactionSql this driver uses.
interface Runner {
  unsafe(
    query: string,
    parameters?: SqlValue[],
    options?: { prepare?: boolean },
  ): PromiseLike<SqlRow[] & { count: number }>
}

function clientOver(
  runner: Runner,
  begin: (<T>(work: (client: SqlClient) => Promise<T>) => Promise<T>) | undefined,
  end: () => Promise<void>,
): SqlClient {
  return {
    dialect: 'postgres',
    async query(sql, params = [], options = {}) {
      return [...(await runner.unsafe(numberPlaceholders(sql), [...params], { prepare: options.prepared === true }))]
    },
    async execute(sql, params = []) {
      return (await runner.unsafe(numberPlaceholders(sql), [...params])).count
    },
    transaction(work) {
      if (!begin) throw new Error('nested transactions are not supported')
      return begin(work)
    },
    close: end,
  }
}

/** Opens a PostgreSQL store (the `postgres` package, imported only now) and applies pending migrations. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const { default: postgres } = await import('postgres')
  const parsed = new URL(url)
  const schema = options.schema ?? (parsed.searchParams.get('schema') || undefined)
  parsed.searchParams.delete('schema')
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`postgres schema "${schema}": use lower-case letters, digits and _`)
  }
  const sql = postgres(parsed.toString(), {
    max: options.maxConnections ?? 5,
    onnotice: () => {},
    connect_timeout: 10,
    idle_timeout: 60,
    ...(schema ? { connection: { search_path: schema } } : {}),
  })
  const end = (): Promise<void> => sql.end({ timeout: 5 })
  const begin = <T>(work: (client: SqlClient) => Promise<T>): Promise<T> =>
    sql.begin((transaction) => work(clientOver(transaction as unknown as Runner, undefined, end))) as Promise<T>
  const client = clientOver(sql, begin, end)
  try {
    await migrate(client, { setup: schema ? [`CREATE SCHEMA IF NOT EXISTS ${schema}`] : [] })
  } catch (error) {
    await end().catch(() => {})
    throw new Error(`PostgreSQL store: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  return createSqlStore(client, 'postgres')
}
