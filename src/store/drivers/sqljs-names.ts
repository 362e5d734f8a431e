import type { Database, Statement } from 'sql.js'
import type { SqlValue } from '../sql/sql-client.ts'

/** Names remembered in this thread before the memo starts afresh: a bound however many names clients send. */
const MAX_REMEMBERED = 4_096

/** The numbers of names in `pinai_names` (schema version 3), which request and attempt rows carry. */
export interface SqlJsNames {
  /** The number of `name`, added when new; null and undefined stay as they are (a NOT NULL column then refuses them). */
  idOf(name: SqlValue | undefined): SqlValue
  /** Forgets what it remembers: after a rollback (the names it added are gone) or a prune of names. */
  forget(): void
}

/** Looks names up in `database`, remembering the answers; must be used after the migrations ran. */
export function createSqlJsNames(database: Database): SqlJsNames {
  const remembered = new Map<string, number>()
  let statements: { add: Statement; find: Statement } | undefined
  const prepared = () =>
    (statements ??= {
      add: database.prepare('INSERT INTO pinai_names (name) VALUES (?) ON CONFLICT (name) DO NOTHING'),
      find: database.prepare('SELECT id FROM pinai_names WHERE name = ?'),
    })

  return {
    idOf(name) {
      if (typeof name !== 'string') return name ?? null
      const known = remembered.get(name)
      if (known !== undefined) return known
      const { add, find } = prepared()
      add.run([name])
      find.bind([name])
      const id = find.step() ? Number(find.get()[0]) : undefined
      find.reset()
      if (id === undefined) throw new Error(`pinai_names has no row for a name just added`)
      if (remembered.size >= MAX_REMEMBERED) remembered.clear()
      remembered.set(name, id)
      return id
    },
    forget() {
      remembered.clear()
    },
  }
}
