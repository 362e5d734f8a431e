import type { Database } from 'sql.js'
import type { SqlClient, SqlRow, SqlValue } from '../sql/sql-client.ts'

const SCHEMA_CHANGE = /^\s*(create|drop|alter|vacuum)\b/i

/**
 * A {@link SqlClient} over an sql.js database (synchronous underneath). `onChange` is told whenever a
 * statement changed something, so the owner persists only when there is something new.
 */
export function createSqlJsClient(database: Database, onChange: () => void): SqlClient {
  let inTransaction = false

  const client: SqlClient = {
    dialect: 'sqlite',

    async query(sql, params = []) {
      const statement = database.prepare(sql)
      try {
        statement.bind([...params] as SqlValue[])
        const rows: SqlRow[] = []
        while (statement.step()) rows.push(statement.getAsObject())
        return rows
      } finally {
        statement.free()
      }
    },

    async execute(sql, params = []) {
      database.run(sql, [...params] as SqlValue[])
      const changed = SCHEMA_CHANGE.test(sql) ? 0 : database.getRowsModified()
      if (changed > 0 || SCHEMA_CHANGE.test(sql)) onChange()
      return changed
    },

    async transaction(work) {
      if (inTransaction) throw new Error('nested transactions are not supported')
      inTransaction = true
      database.exec('BEGIN')
      try {
        const result = await work(client)
        database.exec('COMMIT')
        return result
      } catch (error) {
        database.exec('ROLLBACK')
        throw error
      } finally {
        inTransaction = false
      }
    },

    async close() {
      database.close()
    },
  }
  return client
}
