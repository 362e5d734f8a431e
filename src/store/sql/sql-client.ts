/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | null

/** A row as the database returns it; drivers differ in how they type numbers, so mapping converts. */
export type SqlRow = Record<string, unknown>

/** How one statement is run. */
export interface QueryOptions {
  /**
   * Keep the statement prepared on its connection and reuse it, for a fixed statement text run again and
   * again: the database parses and plans it once, and the driver skips the round trip that asks for its
   * parameter types. Drivers without prepared statements ignore it.
   */
  prepared?: boolean
}

/** The SQL dialects pinai speaks. */
export type DialectName = 'sqlite' | 'postgres' | 'mysql'

/**
 * The little a driver must provide for the shared SQL store: queries with `?` placeholders (the client
 * rewrites them for its database), statement execution with a changed-row count, and transactions.
 */
export interface SqlClient {
  readonly dialect: DialectName
  query(sql: string, params?: readonly SqlValue[], options?: QueryOptions): Promise<SqlRow[]>
  /** Runs a statement and returns how many rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>
  /** Runs `work` on one connection inside BEGIN … COMMIT, rolling back when it throws. */
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>
  close(): Promise<void>
}
